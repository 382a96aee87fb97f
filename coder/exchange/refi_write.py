"""Writing REFI-QDA files: a project as .qdpx, a codebook as .qdc.

GUIDs are derived (uuid5) from the project's creation stamp and the rows' ids, and
timestamps come from the stored rows, so exporting an unchanged project twice gives
the same files, byte for byte.
"""

from __future__ import annotations

import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree import ElementTree as ET

from coder import __version__
from coder.errors import CoderError
from coder.exchange.qdaxml import (
    CODEBOOK_NS,
    INTERNAL,
    PROJECT_NS,
    code_description,
    guid,
    project_namespace,
    xml_text,
)
from coder.export.files import write_atomically
from coder.store import CodeNode, Project
from coder.store.codings import statuses

ORIGIN = f"Codeertafel {__version__}"
_FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # zip entries carry no wall-clock time: stable bytes
_EXCERPT = 80


@dataclass(frozen=True)
class ExportCounts:
    documents: int
    codes: int
    codings: int
    memos: int
    users: int


def _stamp(value: str | None) -> str | None:
    """Our ISO stamps ('...+00:00') as xsd:dateTime in UTC ('...Z')."""
    if not value:
        return None
    return value.replace("+00:00", "Z")


def _el(
    parent: ET.Element | None, tag: str, ns: str = PROJECT_NS, /, **attributes: str | None
) -> ET.Element:
    # Tags stay unqualified; the root element declares the default namespace itself
    # (ElementTree's default_namespace cannot be combined with plain attribute names).
    values = {k: v for k, v in attributes.items() if v is not None}
    if parent is None:
        return ET.Element(tag, {"xmlns": ns, **values})
    return ET.SubElement(parent, tag, values)


def _text_el(parent: ET.Element, name: str, text: str, ns: str = PROJECT_NS) -> ET.Element:
    element = _el(parent, name, ns)
    element.text = xml_text(text)
    return element


def write_codes(
    codes: ET.Element,
    tree: list[CodeNode],
    ns: uuid.UUID,
    namespace: str,
    memo_refs: Callable[[ET.Element, str, int, str], None] | None = None,
) -> int:
    """Write the code tree as nested <Code> elements under ``codes``; returns how many.

    Shared by the project file and the .qdc codebook, which differ only in namespace and
    in the memo references a project carries.
    """
    count = 0

    def add(parent: ET.Element, node: CodeNode) -> None:
        nonlocal count
        count += 1
        code = node.code
        element = _el(
            parent,
            "Code",
            namespace,
            guid=guid(ns, "code", code.id),
            name=xml_text(code.name),
            isCodable="true",
            color=code.colour,
        )
        description = code_description(
            code.definition, code.inclusion, code.exclusion, code.example
        )
        if description:
            _text_el(element, "Description", description, namespace)
        if memo_refs is not None:
            memo_refs(element, "code", code.id, node.path)
        for child in node.children:
            add(element, child)

    for node in tree:
        add(codes, node)
    return count


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1] + "…"


class _ProjectWriter:
    def __init__(
        self, project: Project, include_suggestions: bool = False, coder: str | None = None
    ) -> None:
        self.project = project
        # The model's pending suggestions, when asked for, are the codings of its own
        # user (named after the model), never of a researcher.
        self.statuses = statuses(include_suggestions)
        self.coder = coder
        self.ns = project_namespace(project.meta("created") or "", project.path.stem)
        self.notes: list[ET.Element] = []
        self.root = _el(
            None,
            "Project",
            name=xml_text(project.path.stem),
            origin=ORIGIN,
            creatingUserGUID=self.user(project.coder),
            creationDateTime=_stamp(project.meta("created")),
        )
        self.memos_by_target: dict[tuple[str, int | None], list] = {}
        for memo in project.memos():
            self.memos_by_target.setdefault((memo.target_kind, memo.target_id), []).append(memo)

    def user(self, name: str | None) -> str:
        return guid(self.ns, "coder", name or self.project.coder)

    # -- notes -------------------------------------------------------------------------

    def note(
        self,
        key: str,
        name: str,
        text: str,
        coder: str | None,
        created: str | None,
        modified: str | None = None,
    ) -> str:
        note_guid = guid(self.ns, "note", key)
        stamps = {"creationDateTime": _stamp(created), "modifiedDateTime": _stamp(modified)}
        note = ET.Element(
            "Note",
            {
                "guid": note_guid,
                "name": xml_text(name),
                "creatingUser": self.user(coder),
                **{k: v for k, v in stamps.items() if v},
            },
        )
        _text_el(note, "PlainTextContent", text)
        self.notes.append(note)
        return note_guid

    def memo_refs(self, parent: ET.Element, kind: str, target_id: int | None, label: str) -> None:
        for memo in self.memos_by_target.get((kind, target_id), []):
            note_guid = self.note(
                f"memo:{memo.id}",
                f"Memo: {label}",
                memo.text,
                memo.coder,
                memo.created,
                memo.modified,
            )
            _el(parent, "NoteRef", targetGUID=note_guid)

    # -- parts ---------------------------------------------------------------------------

    def users(self) -> int:
        names = list(self.project.coders())
        if not names:
            return 0
        users = _el(self.root, "Users")
        for name in names:
            _el(users, "User", guid=self.user(name), name=xml_text(name))
        return len(names)

    def codebook(self) -> int:
        tree = self.project.code_tree()
        if not tree:
            return 0
        codes = _el(_el(self.root, "CodeBook"), "Codes")
        return write_codes(codes, tree, self.ns, PROJECT_NS, self.memo_refs)

    def variables(self) -> dict[str, str]:
        keys = sorted({key for d in self.project.documents() for key in d.attributes})
        if not keys:
            return {}
        variables = _el(self.root, "Variables")
        by_key = {}
        for key in keys:
            by_key[key] = guid(self.ns, "variable", key)
            _el(variables, "Variable", guid=by_key[key], name=xml_text(key), typeOfVariable="Text")
        return by_key

    def cases(self, variables: dict[str, str]) -> None:
        # Each document with attributes is a case (how NVivo, ATLAS.ti and MAXQDA group
        # document variables); the values are on the source itself as well.
        documents = [d for d in self.project.documents() if d.attributes]
        if not documents:
            return
        cases = _el(self.root, "Cases")
        for document in documents:
            case = _el(
                cases, "Case", guid=guid(self.ns, "case", document.id), name=xml_text(document.name)
            )
            self.variable_values(case, document.attributes, variables)
            _el(case, "SourceRef", targetGUID=guid(self.ns, "source", document.id))

    def variable_values(
        self, parent: ET.Element, attributes: dict[str, str], variables: dict[str, str]
    ) -> None:
        for key, value in sorted(attributes.items()):
            element = _el(parent, "VariableValue")
            _el(element, "VariableRef", targetGUID=variables[key])
            _text_el(element, "TextValue", value)

    def sources(self, variables: dict[str, str], files: dict[str, bytes]) -> tuple[int, int]:
        documents = self.project.documents()
        if not documents:
            return 0, 0
        sources = _el(self.root, "Sources")
        paths = self.project.code_paths()
        coded = 0
        for document in sorted(documents, key=lambda d: d.id):
            source_guid = guid(self.ns, "source", document.id)
            text = self.project.text(document.id)
            files[f"sources/{source_guid}.txt"] = text.encode("utf-8")
            source = _el(
                sources,
                "TextSource",
                guid=source_guid,
                name=xml_text(document.name),
                plainTextPath=f"{INTERNAL}{source_guid}.txt",
                creationDateTime=_stamp(document.imported),
            )
            for coding in self.project.codings(
                document_id=document.id, coder=self.coder, status=self.statuses
            ):
                coded += 1
                selection = _el(
                    source,
                    "PlainTextSelection",
                    guid=guid(self.ns, "selection", coding.id),
                    name=xml_text(_excerpt(text[coding.start : coding.end])),
                    startPosition=str(coding.start),
                    endPosition=str(coding.end),
                    creatingUser=self.user(coding.coder),
                    creationDateTime=_stamp(coding.created),
                )
                element = _el(
                    selection,
                    "Coding",
                    guid=guid(self.ns, "coding", coding.id),
                    creatingUser=self.user(coding.coder),
                    creationDateTime=_stamp(coding.created),
                )
                _el(element, "CodeRef", targetGUID=guid(self.ns, "code", coding.code_id))
                if coding.memo.strip():
                    # The coding's own memo field: a note on the Coding element.
                    note_guid = self.note(
                        f"coding-memo:{coding.id}",
                        f"Memo: {paths[coding.code_id]}",
                        coding.memo,
                        coding.coder,
                        coding.created,
                    )
                    _el(element, "NoteRef", targetGUID=note_guid)
                # Memos written about the coding: notes on the selection.
                self.memo_refs(selection, "coding", coding.id, paths[coding.code_id])
            # A memo on a turn: an uncoded selection over the turn carrying the note.
            for segment in self.project.segments(document.id):
                for memo in self.memos_by_target.get(("segment", segment.id), []):
                    selection = _el(
                        source,
                        "PlainTextSelection",
                        guid=guid(self.ns, "segment-memo", memo.id),
                        name=xml_text(_excerpt(text[segment.start : segment.end])),
                        startPosition=str(segment.start),
                        endPosition=str(segment.end),
                        creatingUser=self.user(memo.coder),
                        creationDateTime=_stamp(memo.created),
                    )
                    note_guid = self.note(
                        f"memo:{memo.id}",
                        f"Memo: turn {segment.index + 1}",
                        memo.text,
                        memo.coder,
                        memo.created,
                        memo.modified,
                    )
                    _el(selection, "NoteRef", targetGUID=note_guid)
            self.memo_refs(source, "document", document.id, document.name)
            if document.attributes:
                self.variable_values(source, document.attributes, variables)
        return len(documents), coded

    def build(self) -> tuple[bytes, dict[str, bytes], ExportCounts]:
        files: dict[str, bytes] = {}
        users = self.users()
        codes = self.codebook()
        variables = self.variables()
        self.cases(variables)
        documents, codings = self.sources(variables, files)
        project_refs = ET.Element("Holder")
        self.memo_refs(project_refs, "project", None, "project")
        if self.notes:
            notes = _el(self.root, "Notes")
            notes.extend(self.notes)
        self.root.extend(list(project_refs))  # Project/NoteRef comes last in the schema
        counts = ExportCounts(documents, codes, codings, len(self.notes), users)
        return _serialise(self.root, PROJECT_NS), files, counts


def _serialise(root: ET.Element, ns: str) -> bytes:
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def _zip_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def build_qdpx(
    project: Project, *, include_suggestions: bool = False, coder: str | None = None
) -> tuple[bytes, dict[str, bytes], ExportCounts]:
    """The project.qde bytes, the files for sources/, and what they hold: the reviewed
    codings (of ``coder`` or of all), and the model's suggestions when asked for."""
    return _ProjectWriter(project, include_suggestions, coder).build()


def write_qdpx(
    project: Project,
    path: str | Path,
    *,
    force: bool = False,
    include_suggestions: bool = False,
    coder: str | None = None,
) -> tuple[Path, ExportCounts]:
    qde, files, counts = build_qdpx(project, include_suggestions=include_suggestions, coder=coder)

    def write(handle: IO) -> None:
        with zipfile.ZipFile(handle, "w") as archive:
            _zip_entry(archive, "project.qde", qde)
            for name, data in files.items():
                _zip_entry(archive, name, data)

    return write_atomically(path, write, force=force, binary=True), counts


def build_qdc(project: Project) -> tuple[bytes, int]:
    """The project's codebook as a QDA-XML CodeBook document, and its number of codes."""
    ns = project_namespace(project.meta("created") or "", project.path.stem)
    root = _el(None, "CodeBook", CODEBOOK_NS, origin=ORIGIN)
    codes = _el(root, "Codes", CODEBOOK_NS)
    count = write_codes(codes, project.code_tree(), ns, CODEBOOK_NS)
    return _serialise(root, CODEBOOK_NS), count


def write_qdc(project: Project, path: str | Path, *, force: bool = False) -> tuple[Path, int]:
    data, count = build_qdc(project)
    if count == 0:
        raise CoderError("the project has no codes; a .qdc codebook needs at least one")

    def write(handle: IO) -> None:
        handle.write(data)

    return write_atomically(path, write, force=force, binary=True), count
