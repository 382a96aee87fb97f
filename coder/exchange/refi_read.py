"""Reading REFI-QDA files (.qdpx, .qde, .qdc) from any tool into a plain model.

Nothing here touches a project: :func:`read_package` turns a file into
:class:`RefiProject` (users, code tree, text sources with their selections, notes),
recording what it had to leave out. Foreign files differ a lot (see
``tests/exchange``); unknown elements are ignored and counted, never fatal. Only a
file that is not REFI-QDA at all (not a zip, no project.qde, broken XML) or that goes
past a limit of :mod:`coder.ingest.limits` (a zip bomb, a DTD, nesting deeper than any
code tree) is an :class:`InputFileError`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

from coder.errors import InputFileError
from coder.exchange.qdaxml import (
    INTERNAL,
    local_name,
    normalise_guid,
    parse_xml,
    split_description,
)
from coder.ingest.limits import (
    MAX_QDPX_DECLARED_BYTES,
    MAX_TRANSCRIPT_BYTES,
    MAX_XML_BYTES,
    check_input_file,
    read_bounded,
)
from coder.ingest.zipped import BoundedZip, is_zip
from coder.store import CodeSpec
from coder.store.codes import check_colour

_MAX_NAME = 200


@dataclass
class RefiSelection:
    start: int
    end: int
    codings: list[tuple[str | None, str | None, list[str]]]  # (code guid, user guid, note guids)
    user: str | None
    notes: list[str]


@dataclass
class RefiSource:
    guid: str
    name: str
    text: str | None
    missing: str | None  # why the text is absent
    user: str | None
    selections: list[RefiSelection] = field(default_factory=list)
    whole_codings: list[tuple[str | None, str | None, list[str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # variable guid -> value


@dataclass
class RefiProject:
    origin: str
    name: str
    user: str | None  # the project's creating user
    users: dict[str, str] = field(default_factory=dict)  # guid -> name
    codes: list[CodeSpec] = field(default_factory=list)
    code_paths: dict[str, str] = field(default_factory=dict)  # guid -> path in ``codes``
    code_notes: dict[str, list[str]] = field(default_factory=dict)  # code guid -> note guids
    sources: list[RefiSource] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # guid -> text
    note_users: dict[str, str | None] = field(default_factory=dict)
    project_notes: list[str] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)  # guid -> name
    skipped: Counter[str] = field(default_factory=Counter)
    adjusted: Counter[str] = field(default_factory=Counter)


# -- opening -------------------------------------------------------------------------------


class _Package:
    """The files of a .qdpx (a zip, opened with limits), or the folder beside a bare .qde."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.archive: BoundedZip | None = None
        self.names: dict[str, str] = {}

    def open_zip(self) -> bytes:
        self.archive = BoundedZip(
            self.path,
            self.path,
            max_declared=MAX_QDPX_DECLARED_BYTES,
            not_zip="not a REFI-QDA project: a .qdpx must be a zip file",
        )
        members = self.archive.names()
        self.names = {name.lower(): name for name in members}
        candidates = [n for n in members if n.lower() == "project.qde"]
        if not candidates:
            candidates = [n for n in members if n.lower().endswith(".qde") and "/" not in n]
        if not candidates:
            raise InputFileError(self.path, "no project.qde inside (not a REFI-QDA project)")
        return self.archive.read(candidates[0], MAX_XML_BYTES)

    def find(self, reference: str) -> bytes | None:
        """A source file by its REFI path (None when absent); tolerant of the ways tools
        write them. A file that is there but too large or damaged is an error."""
        path = reference.strip()
        for prefix in (INTERNAL, "relative://"):
            if path.lower().startswith(prefix):
                path = path[len(prefix) :]
        path = path.lstrip("/").replace("\\", "/")
        if not path or ".." in PurePosixPath(path).parts:
            return None
        base = PurePosixPath(path).name
        if self.archive is not None:
            for candidate in (f"sources/{path}", path, f"sources/{base}", base):
                real = self.names.get(candidate.lower())
                if real is not None:
                    return self.archive.read(real, MAX_TRANSCRIPT_BYTES)
            return None
        # A bare .qde: its sources may sit in a sources/ folder beside it.
        folder = self.path.parent
        for beside in (folder / "sources" / base, folder / "Sources" / base):
            if beside.is_file():
                return read_bounded(beside, MAX_TRANSCRIPT_BYTES)
        return None

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()


def _decode(data: bytes, skipped: Counter[str]) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        skipped["source text not UTF-8 (read as Windows-1252; offsets may be off)"] += 1
        return data.decode("cp1252", errors="replace")


def _root(path: Path, package: _Package) -> ET.Element:
    """The root element of a .qdpx's project.qde or of a bare .qde/.qdc."""
    check_input_file(path)
    if is_zip(path):
        return parse_xml(path, package.open_zip(), "project.qde")
    if path.suffix.lower() == ".qdpx":
        raise InputFileError(path, "not a REFI-QDA project: a .qdpx must be a zip file")
    return parse_xml(path, read_bounded(path, MAX_XML_BYTES), "the file")


def read_package(path: str | Path) -> RefiProject:
    """Read a .qdpx or a bare .qde (sniffed by content, not only by suffix)."""
    path = Path(path)
    package = _Package(path)
    try:
        root = _root(path, package)
        if local_name(root.tag) != "Project":
            raise InputFileError(
                path, f"not a REFI-QDA project (root element is <{local_name(root.tag)}>)"
            )
        return _read_project(root, package)
    finally:
        package.close()


def read_codebook_file(path: str | Path) -> RefiProject:
    """Read a .qdc (root CodeBook); a .qde/.qdpx is accepted too, for its codebook."""
    path = Path(path)
    package = _Package(path)
    try:
        root = _root(path, package)
    finally:
        package.close()
    model = RefiProject(origin=root.get("origin", ""), name=path.stem, user=None)
    name = local_name(root.tag)
    if name == "Project":
        book = _child(root, "CodeBook")
        if book is None:
            raise InputFileError(path, "the project has no CodeBook")
    elif name == "CodeBook":
        book = root
    else:
        raise InputFileError(path, f"not a REFI-QDA codebook (root element is <{name}>)")
    _read_codebook(book, model)
    for element in book:
        if local_name(element.tag) not in ("Codes", ""):
            model.skipped[f"<{local_name(element.tag)}> in the codebook (not supported)"] += 1
    return model


# -- reading -------------------------------------------------------------------------------


def _child(element: ET.Element, name: str) -> ET.Element | None:
    for child in element:
        if local_name(child.tag) == name:
            return child
    return None


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if local_name(child.tag) == name]


def _text_of(element: ET.Element | None) -> str:
    return "" if element is None else "".join(element.itertext())


def _refs(element: ET.Element, name: str = "NoteRef") -> list[str]:
    return [g for g in (normalise_guid(r.get("targetGUID")) for r in _children(element, name)) if g]


_PROJECT_PARTS = {"Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "NoteRef"}
_IGNORED_PARTS = {
    "Sets": "sets of sources or codes (not supported)",
    "Links": "links between objects (not supported)",
    "Graphs": "graphs (not supported)",
    "Description": "the project description (not supported)",
}


def _read_project(root: ET.Element, package: _Package) -> RefiProject:
    model = RefiProject(
        origin=root.get("origin", ""),
        name=root.get("name", ""),
        user=normalise_guid(root.get("creatingUserGUID")),
    )
    for part in root:
        name = local_name(part.tag)
        if not name:
            continue
        if name in _IGNORED_PARTS:
            count = max(1, len(list(part))) if name in ("Sets", "Links", "Graphs") else 1
            model.skipped[_IGNORED_PARTS[name]] += count
        elif name not in _PROJECT_PARTS:
            model.skipped[f"unknown element <{name}>"] += 1
    users = _child(root, "Users")
    for user in _children(users, "User") if users is not None else []:
        key = normalise_guid(user.get("guid"))
        if key:
            model.users[key] = (user.get("name") or user.get("id") or f"user-{key[:8]}").strip()
    book = _child(root, "CodeBook")
    if book is not None:
        _read_codebook(book, model)
    variables = _child(root, "Variables")
    for variable in _children(variables, "Variable") if variables is not None else []:
        key = normalise_guid(variable.get("guid"))
        if key and variable.get("name", "").strip():
            model.variables[key] = variable.get("name", "").strip()
    notes = _child(root, "Notes")
    for note in _children(notes, "Note") if notes is not None else []:
        _read_note(note, model, package)
    sources = _child(root, "Sources")
    for element in list(sources) if sources is not None else []:
        kind = local_name(element.tag)
        if kind == "TextSource":
            _read_source(element, model, package)
        elif kind:
            model.skipped[f"{kind} (only text sources are supported)"] += 1
    cases = _child(root, "Cases")
    if cases is not None:
        _read_cases(cases, model)
    model.project_notes = _refs(root)
    return model


def _clean_name(raw: str | None, model: RefiProject) -> str:
    name = " ".join((raw or "").split())
    if "/" in name:
        model.adjusted["code names with '/' (replaced by '∕')"] += 1
        name = name.replace("/", "∕")
    if len(name) > _MAX_NAME:
        model.adjusted["code names longer than 200 characters (shortened)"] += 1
        name = name[: _MAX_NAME - 1] + "…"
    if not name:
        model.adjusted["codes without a name (named 'naamloos')"] += 1
        name = "naamloos"
    return name


def _read_codebook(book: ET.Element, model: RefiProject) -> None:
    codes = _child(book, "Codes")
    if codes is None:
        return
    # Siblings by folded name, per sibling list: a linear scan per code would make a
    # codebook of many thousands of siblings quadratic.
    by_name: dict[int, dict[str, CodeSpec]] = {}

    def read(element: ET.Element, siblings: list[CodeSpec], parent_path: str) -> None:
        name = _clean_name(element.get("name"), model)
        key = normalise_guid(element.get("guid"))
        fields = split_description(_text_of(_child(element, "Description")))
        colour = element.get("color")
        if colour:
            colour = colour.strip()
            if len(colour) == 4 and colour.startswith("#"):  # "#abc" is allowed by the schema
                colour = "#" + "".join(c * 2 for c in colour[1:])
            try:
                colour = check_colour(colour)
            except Exception:
                model.adjusted["code colours not of the form #RRGGBB (left out)"] += 1
                colour = None
        # Siblings with the same name (case-insensitive) are one code for us.
        named = by_name.setdefault(id(siblings), {})
        spec = named.get(name.casefold())
        if spec is None:
            spec = CodeSpec(
                name=name,
                colour=colour or None,
                definition=fields["definition"],
                inclusion=fields["inclusion"],
                exclusion=fields["exclusion"],
                example=fields["example"],
            )
            siblings.append(spec)
            named[name.casefold()] = spec
        else:
            model.adjusted["codes with the same name under one parent (merged)"] += 1
        path = f"{parent_path}/{spec.name}" if parent_path else spec.name
        if key:
            model.code_paths[key] = path
            notes = _refs(element)
            if notes:
                model.code_notes.setdefault(key, []).extend(notes)
        for child in _children(element, "Code"):
            read(child, spec.children, path)

    for element in _children(codes, "Code"):
        read(element, model.codes, "")


def _read_note(note: ET.Element, model: RefiProject, package: _Package) -> None:
    key = normalise_guid(note.get("guid"))
    if not key:
        model.skipped["notes without a guid"] += 1
        return
    text = _text_of(_child(note, "PlainTextContent"))
    if not text.strip() and note.get("plainTextPath") and package.archive is not None:
        data = package.find(note.get("plainTextPath", ""))
        text = _decode(data, model.skipped) if data is not None else ""
    if not text.strip():
        text = _text_of(_child(note, "Description"))
    if not text.strip():
        model.skipped["notes without text"] += 1
        return
    title = (note.get("name") or "").strip()
    if title and not title.startswith("Memo: ") and title not in text:
        text = f"{title}\n\n{text}"
    model.notes[key] = text
    model.note_users[key] = normalise_guid(note.get("creatingUser"))


def _codings(
    element: ET.Element, model: RefiProject
) -> list[tuple[str | None, str | None, list[str]]]:
    found = []
    for coding in _children(element, "Coding"):
        reference = _child(coding, "CodeRef")
        code = normalise_guid(reference.get("targetGUID")) if reference is not None else None
        found.append((code, normalise_guid(coding.get("creatingUser")), _refs(coding)))
    return found


def _read_source(element: ET.Element, model: RefiProject, package: _Package) -> None:
    key = normalise_guid(element.get("guid")) or f"source-{len(model.sources) + 1}"
    text: str | None = None
    missing: str | None = None
    inline = _child(element, "PlainTextContent")
    reference = element.get("plainTextPath")
    if inline is not None and _text_of(inline):
        text = _text_of(inline)
    elif reference:
        data = package.find(reference)
        if data is None:
            if package.archive is None:
                missing = "text sources whose text is not in a bare .qde (import the .qdpx instead)"
            else:
                missing = "text sources whose text file is missing from the .qdpx"
        else:
            text = _decode(data, model.skipped)
            if "\x00" in text:
                text, missing = None, "text sources that are binary data, not text"
    else:
        missing = "text sources without text (no PlainTextContent or plainTextPath)"
    name = (element.get("name") or "").strip()
    if not name and reference:
        name = PurePosixPath(reference.replace("\\", "/").split("://")[-1]).stem
    source = RefiSource(
        guid=key,
        name=name or f"bron {key[:8]}",
        text=text,
        missing=missing,
        user=normalise_guid(element.get("creatingUser")),
        notes=_refs(element),
    )
    for selection in _children(element, "PlainTextSelection"):
        try:
            start = int(selection.get("startPosition", ""))
            end = int(selection.get("endPosition", ""))
        except ValueError:
            model.skipped["coded selections without valid positions"] += 1
            continue
        source.selections.append(
            RefiSelection(
                start,
                end,
                _codings(selection, model),
                normalise_guid(selection.get("creatingUser")),
                _refs(selection),
            )
        )
    source.whole_codings = _codings(element, model)
    for value in _children(element, "VariableValue"):
        _read_value(value, source.values)
    model.sources.append(source)


def _read_value(element: ET.Element, into: dict[str, str]) -> None:
    reference = _child(element, "VariableRef")
    variable = normalise_guid(reference.get("targetGUID")) if reference is not None else None
    for child in element:
        if local_name(child.tag) != "VariableRef" and local_name(child.tag).endswith("Value"):
            value = _text_of(child).strip()
            if variable and value:
                into[variable] = value


def _read_cases(cases: ET.Element, model: RefiProject) -> None:
    by_guid = {source.guid: source for source in model.sources}
    for case in _children(cases, "Case"):
        values: dict[str, str] = {}
        for value in _children(case, "VariableValue"):
            _read_value(value, values)
        members = [by_guid[g] for g in _refs(case, "SourceRef") if g in by_guid]
        if not members or not values:
            if _children(case, "CodeRef") or _children(case, "SelectionRef") or not members:
                model.skipped["cases not tied to a whole text source (not supported)"] += 1
            continue
        for source in members:
            for variable, text in values.items():
                source.values.setdefault(variable, text)  # the source's own value wins
