"""Shared pieces of QDA-XML (REFI-QDA 1.0): namespaces, GUIDs, code descriptions."""

from __future__ import annotations

import re
import uuid

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
INTERNAL = "internal://"

# Characters XML 1.0 cannot carry at all (control characters other than tab, LF, CR).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# A code's inclusion/exclusion/example are written into its REFI Description after
# the definition, each as a paragraph starting with a label, so other tools show
# them readably and our import can split them again. Dutch labels are read as well.
DESCRIPTION_LABELS = {
    "inclusion": "Inclusion",
    "exclusion": "Exclusion",
    "example": "Example",
}
_LABEL_ALIASES = {
    "inclusion": "inclusion",
    "include": "inclusion",
    "inclusie": "inclusion",
    "exclusion": "exclusion",
    "exclude": "exclusion",
    "exclusie": "exclusion",
    "example": "example",
    "voorbeeld": "example",
}
_FIELD_START = re.compile(
    r"^(?P<label>" + "|".join(_LABEL_ALIASES) + r")\s*:\s*", re.IGNORECASE | re.MULTILINE
)


def xml_text(value: str) -> str:
    """``value`` without the characters XML cannot hold."""
    return _NOT_XML.sub("", value)


def local_name(tag: object) -> str:
    """The element name without its namespace (foreign files differ in namespaces)."""
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rsplit("}", 1)[-1]


def normalise_guid(value: str | None) -> str | None:
    """GUIDs compare case-insensitively and may come in braces."""
    if not value:
        return None
    return value.strip().strip("{}").lower() or None


def project_namespace(created: str, path_hint: str = "") -> uuid.UUID:
    """The namespace all of a project's GUIDs derive from: stable for the project's life."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"codeertafel:project:{created or path_hint}")


def guid(namespace: uuid.UUID, kind: str, key: object) -> str:
    return str(uuid.uuid5(namespace, f"{kind}:{key}"))


def code_description(definition: str, inclusion: str, exclusion: str, example: str) -> str:
    parts = [definition.strip()] if definition.strip() else []
    for key, value in (("inclusion", inclusion), ("exclusion", exclusion), ("example", example)):
        if value.strip():
            parts.append(f"{DESCRIPTION_LABELS[key]}: {value.strip()}")
    return "\n\n".join(parts)


def split_description(description: str) -> dict[str, str]:
    """A REFI code Description back into definition, inclusion, exclusion and example."""
    text = description.strip()
    fields = {"definition": "", "inclusion": "", "exclusion": "", "example": ""}
    matches = list(_FIELD_START.finditer(text))
    # Only labels that start a paragraph count, so prose containing "Example:" mid-text stays put.
    matches = [m for m in matches if m.start() == 0 or text[: m.start()].endswith("\n\n")]
    if not matches:
        fields["definition"] = text
        return fields
    fields["definition"] = text[: matches[0].start()].strip()
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        key = _LABEL_ALIASES[match["label"].lower()]
        end = following.start() if following is not None else len(text)
        value = text[match.end() : end].strip()
        fields[key] = f"{fields[key]}\n\n{value}".strip() if fields[key] else value
    return fields
