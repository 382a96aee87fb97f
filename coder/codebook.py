"""Codebook files (YAML) to and from a project's code tree.

Shape of a file::

    name: AWTJ Utrecht – thema's, sporen en knelpunten
    language: nl
    description: ...
    codes:
      - name: Knelpunten
        colour: "#E15759"
        definition: ...
        children:
          - name: Wachttijden
            definition: ...
            inclusion: ...
            exclusion: ...
            example: ...        # or a list of quotes, one per item
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coder.errors import CoderError, InputFileError, LimitExceeded
from coder.files import write_atomically
from coder.ingest.limits import MAX_CODEBOOK_BYTES, MAX_YAML_DEPTH, read_bounded
from coder.store import CodeSpec, Project
from coder.store.codes import check_code_name, check_colour
from coder.store.records import example_field, example_lines

_FIELDS = ("colour", "definition", "inclusion", "exclusion", "example")


@dataclass
class Codebook:
    name: str = ""
    language: str = "nl"
    description: str = ""
    codes: list[CodeSpec] = field(default_factory=list)


def read_codebook(path: str | Path) -> Codebook:
    """Read and validate a codebook file; any problem is an InputFileError naming the file."""
    import yaml

    path = Path(path)
    raw = read_bounded(path, MAX_CODEBOOK_BYTES)
    try:
        data = _load_yaml(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputFileError(path, "not a UTF-8 text file") from None
    except _Refused as refused:
        if refused.limit:
            raise LimitExceeded(path, str(refused)) from None
        raise InputFileError(path, f"{refused}; refused") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise InputFileError(path, f"not valid YAML{where}") from None
    if not isinstance(data, dict) or not isinstance(data.get("codes"), list) or not data["codes"]:
        raise InputFileError(path, "a codebook needs a non-empty 'codes' list")
    try:
        codes = [_spec(item, f"codes[{i}]") for i, item in enumerate(data["codes"])]
        _check_unique(codes, "top level")
    except CoderError as error:
        raise InputFileError(path, str(error)) from None
    return Codebook(
        name=str(data.get("name") or path.stem),
        language=str(data.get("language") or "nl"),
        description=str(data.get("description") or ""),
        codes=codes,
    )


class _Refused(Exception):
    """Raised while composing the YAML; ``limit`` tells a limit from a forbidden feature."""

    def __init__(self, problem: str, limit: bool = False) -> None:
        super().__init__(problem)
        self.limit = limit


def _load_yaml(text: str) -> Any:
    """``yaml.safe_load`` without aliases and with a nesting limit.

    A codebook never needs an alias (``*name``): refusing them refuses "billion laughs"
    (a kilobyte of aliases that expands to gigabytes). The composer recurses once per
    level, so nesting is limited before Python's stack is.
    """
    import yaml

    class Loader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise _Refused(f"uses a YAML alias (line {event.start_mark.line + 1})")
            self.depth += 1
            if self.depth > MAX_YAML_DEPTH:
                raise _Refused(f"nested more than {MAX_YAML_DEPTH} levels deep", limit=True)
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    loader = Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _spec(item: Any, where: str) -> CodeSpec:
    if isinstance(item, str):
        item = {"name": item}
    if not isinstance(item, dict) or "name" not in item:
        raise CoderError(f"{where}: every code needs a 'name'")
    name = check_code_name(str(item["name"]))
    children_data = item.get("children") or []
    if not isinstance(children_data, list):
        raise CoderError(f"{where} ({name}): 'children' must be a list")
    children = [_spec(child, f"{where} > {name}") for child in children_data]
    _check_unique(children, f"'{name}'")
    values = {
        key: _text(item[key], key, f"{where} ({name})")
        for key in _FIELDS
        if item.get(key) is not None
    }
    if "colour" not in values and item.get("color") is not None:
        values["colour"] = str(item["color"])
    check_colour(values.get("colour"))
    return CodeSpec(name=name, children=children, **values)


def _text(value: Any, key: str, where: str) -> str:
    """A field's text. ``example`` may also be a list of quotes, kept one per line (a
    line break inside a quote becomes a space); every other field is one text."""
    if key == "example" and isinstance(value, list):
        if any(isinstance(quote, (list, dict)) for quote in value):
            raise CoderError(f"{where}: each of the 'example' quotes must be text")
        return example_field(quote for quote in value if quote is not None)
    if isinstance(value, (list, dict)):
        raise CoderError(f"{where}: '{key}' must be text")
    return str(value).strip()


def _check_unique(specs: list[CodeSpec], where: str) -> None:
    seen: set[str] = set()
    for spec in specs:
        if spec.name.casefold() in seen:
            raise CoderError(f"code '{spec.name}' appears twice under {where}")
        seen.add(spec.name.casefold())


def apply_codebook(project: Project, codebook: Codebook) -> tuple[int, int]:
    """Merge a codebook into a project by code path, as one undoable operation.

    Codes that are new are added; codes that exist get the fields the file gives.
    Returns (added, updated).
    """
    added = updated = 0
    existing = {path.casefold(): code_id for code_id, path in project.code_paths().items()}
    # The store's own methods, nested in one write: one undoable operation, all or nothing.
    with project.write(f"import codebook '{codebook.name}'"):

        def merge(spec: CodeSpec, parent_id: int | None, parent_path: str) -> None:
            nonlocal added, updated
            path = f"{parent_path}/{spec.name}" if parent_path else spec.name
            code_id = existing.get(path.casefold())
            if code_id is None:
                project.add_codes([spec], parent_id)
                added += _count(spec)
                return
            values = {key: getattr(spec, key) for key in _FIELDS if getattr(spec, key)}
            if values:
                project.update_code(code_id, **values)
                updated += 1
            for child in spec.children:
                merge(child, code_id, path)

        for spec in codebook.codes:
            merge(spec, None, "")
    return added, updated


def _count(spec: CodeSpec) -> int:
    return 1 + sum(_count(child) for child in spec.children)


def project_codebook(project: Project, name: str | None = None) -> Codebook:
    """The project's code tree as a Codebook."""

    def spec(node: Any) -> CodeSpec:
        code = node.code
        return CodeSpec(
            name=code.name,
            colour=code.colour,
            definition=code.definition,
            inclusion=code.inclusion,
            exclusion=code.exclusion,
            example=code.example,
            children=[spec(child) for child in node.children],
        )

    return Codebook(
        name=name or project.meta("codebook_name") or project.path.stem,
        language=project.meta("codebook_language") or "nl",
        description=project.meta("codebook_description") or "",
        codes=[spec(node) for node in project.code_tree()],
    )


def codebook_to_dict(codebook: Codebook) -> dict[str, Any]:
    def code(spec: CodeSpec) -> dict[str, Any]:
        out: dict[str, Any] = {"name": spec.name}
        for key in _FIELDS:
            value = getattr(spec, key)
            quotes = example_lines(value) if key == "example" else []
            if len(quotes) > 1:
                out[key] = quotes
            elif value:
                out[key] = value
        if spec.children:
            out["children"] = [code(child) for child in spec.children]
        return out

    data: dict[str, Any] = {"name": codebook.name, "language": codebook.language}
    if codebook.description:
        data["description"] = codebook.description
    data["codes"] = [code(spec) for spec in codebook.codes]
    return data


def write_codebook(codebook: Codebook, path: str | Path, *, force: bool = False) -> Path:
    """Write a codebook as YAML, atomically (temp file, then rename)."""
    import yaml

    text = yaml.safe_dump(
        codebook_to_dict(codebook), allow_unicode=True, sort_keys=False, width=100
    )
    return write_atomically(path, lambda handle: handle.write(text), force=force)
