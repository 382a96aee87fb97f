"""Shared pieces of QDA-XML (REFI-QDA 1.0): namespaces, GUIDs, code descriptions."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from xml.etree import ElementTree as ET

from coder.errors import InputFileError, LimitExceeded
from coder.ingest.limits import MAX_XML_DEPTH, MAX_XML_ELEMENTS

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


# XML is fed to the parser in pieces, so a refused file stops being parsed at once.
_FEED_BYTES = 1 << 16


class _Refused(Exception):
    """Raised inside the parser; turned into an InputFileError by :func:`parse_xml`."""

    def __init__(self, problem: str, limit: bool = False) -> None:
        super().__init__(problem)
        self.limit = limit


class _GuardedBuilder(ET.TreeBuilder):
    """A tree builder that refuses DTDs, nesting deeper than :data:`MAX_XML_DEPTH` and more
    than :data:`MAX_XML_ELEMENTS` elements.

    QDA-XML has no use for a DTD; refusing it refuses every entity trick with it
    (billion laughs, external entities) whatever the parser would do with them.
    """

    def __init__(self) -> None:
        super().__init__()
        self._depth = 0
        self._elements = 0

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        self._depth += 1
        self._elements += 1
        if self._depth > MAX_XML_DEPTH:
            raise _Refused(f"nested more than {MAX_XML_DEPTH} levels deep", limit=True)
        if self._elements > MAX_XML_ELEMENTS:
            raise _Refused(f"made of more than {MAX_XML_ELEMENTS:,} elements", limit=True)
        return super().start(tag, attrs)

    def end(self, tag: str) -> ET.Element:
        self._depth -= 1
        return super().end(tag)

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise _Refused("has a DTD (<!DOCTYPE ...>), which QDA-XML never needs")


def parse_xml(path: Path, data: bytes, what: str) -> ET.Element:
    """Parse REFI-QDA XML from someone else; every problem is an :class:`InputFileError`.

    ``what`` names the XML in messages ("project.qde", "the file").
    """
    parser = ET.XMLParser(target=_GuardedBuilder())
    try:
        for start in range(0, len(data), _FEED_BYTES):
            parser.feed(data[start : start + _FEED_BYTES])
        return parser.close()
    except _Refused as refused:
        if refused.limit:
            raise LimitExceeded(path, f"{what} is {refused}") from None
        raise InputFileError(path, f"{what} {refused}; refused") from None
    except (LookupError, ValueError):
        # <?xml encoding="..."?> naming a codec Python lacks, or one expat cannot use
        raise InputFileError(path, f"{what} declares an encoding that cannot be read") from None
    except ET.ParseError as error:
        line = getattr(error, "position", (None,))[0]
        where = f" (line {line})" if line else ""
        raise InputFileError(path, f"{what} is not well-formed XML{where}") from None


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
