"""Codeertafel → .qdpx → Codeertafel: the same documents, codings and memos."""

from __future__ import annotations

from pathlib import Path

from coder.exchange.refi import export_qdpx, import_refi
from coder.store import Project


def _codings(project: Project) -> set[tuple]:
    names = {d.id: d.name for d in project.documents()}
    paths = project.code_paths()
    return {
        (names[c.document_id], c.start, c.end, paths[c.code_id], c.coder, c.source, c.memo)
        for c in project.codings()
    }


def _memos(project: Project) -> set[tuple]:
    """Memos with their targets named the way that survives a round trip."""
    names = {d.id: d.name for d in project.documents()}
    paths = project.code_paths()
    codings = {c.id: c for c in project.codings()}
    segments = {
        s.id: (names[s.document_id], s.index)
        for d in project.documents()
        for s in project.segments(d.id)
    }
    found = set()
    for memo in project.memos():
        if memo.target_kind == "project":
            target: object = None
        elif memo.target_kind == "document":
            target = names[memo.target_id]
        elif memo.target_kind == "code":
            target = paths[memo.target_id]
        elif memo.target_kind == "coding":
            c = codings[memo.target_id]
            target = (names[c.document_id], c.start, c.end, paths[c.code_id], c.coder)
        else:
            target = segments[memo.target_id]
        found.add((memo.target_kind, target, memo.text, memo.coder))
    return found


def _add_memos_of_every_kind(demo: Project) -> None:
    first = demo.documents()[0]
    demo.add_memo("segment", demo.segments(first.id)[3].id, "Keerpunt in het gesprek.")
    demo.add_memo("coding", demo.codings()[0].id, "Twijfel tussen Regie en Besluitvorming.")
    demo.add_memo("code", demo.find_code("Knelpunten").id, "Hoofdgroep.")


def test_round_trip_into_a_fresh_project(demo: Project, fresh: Project, tmp_path: Path) -> None:
    _add_memos_of_every_kind(demo)
    path = export_qdpx(demo, tmp_path / "demo.qdpx")
    report = import_refi(fresh, path)

    assert sorted(report.documents_added) == sorted(d.name for d in demo.documents())
    assert report.codings_added == len(demo.codings())
    assert report.skipped == {}
    for document in demo.documents():
        copy = fresh.document(document.name)
        assert fresh.text(copy.id) == demo.text(document.id)
        assert copy.attributes == document.attributes
        # The texts are in our own layout, so the turns come back exactly.
        assert [(s.speaker, s.start, s.end) for s in fresh.segments(copy.id)] == [
            (s.speaker, s.start, s.end) for s in demo.segments(document.id)
        ]
    assert _codings(fresh) == _codings(demo)
    assert _memos(fresh) == _memos(demo)
    original = {c.path: c.code for c in _flatten(demo.code_tree())}
    for node in _flatten(fresh.code_tree()):
        code, before = node.code, original[node.path]
        assert (code.colour, code.definition, code.inclusion, code.exclusion, code.example) == (
            before.colour,
            before.definition,
            before.inclusion,
            before.exclusion,
            before.example,
        )
    assert len(fresh.codes()) == len(demo.codes())


def _flatten(nodes):  # type: ignore[no-untyped-def]
    for node in nodes:
        yield node
        yield from _flatten(node.children)


def test_model_codings_stay_model_codings(demo: Project, fresh: Project, tmp_path: Path) -> None:
    document = demo.documents()[0]
    turn = demo.segments(document.id)[5]
    code = demo.find_code("Wachttijden")
    demo.add_coding(
        document.id, turn.start, turn.end, code.id, source="model", coder="model", confidence=0.8
    )
    import_refi(fresh, export_qdpx(demo, tmp_path / "demo.qdpx", include_suggestions=True))
    [model] = fresh.suggestions()  # a suggestion still, of the user named after the model
    assert (model.coder, model.start, model.end) == ("model", turn.start, turn.end)
    assert model.confidence is None  # REFI-QDA has no place for it


def test_suggestions_leave_the_qdpx_only_when_asked(
    demo: Project, fresh: Project, tmp_path: Path
) -> None:
    document = demo.documents()[0]
    turn = demo.segments(document.id)[5]
    code = demo.find_code("Wachttijden")
    demo.add_coding(
        document.id, turn.start, turn.end, code.id, source="model", coder="model", confidence=0.8
    )
    import_refi(fresh, export_qdpx(demo, tmp_path / "reviewed.qdpx"))
    assert fresh.suggestions() == []
    assert len(fresh.codings()) == len(demo.codings())


def test_importing_twice_adds_nothing_the_second_time(
    demo: Project, fresh: Project, tmp_path: Path
) -> None:
    path = export_qdpx(demo, tmp_path / "demo.qdpx")
    import_refi(fresh, path)
    before = (_codings(fresh), _memos(fresh), len(fresh.documents()))
    again = import_refi(fresh, path)
    assert again.documents_added == [] and len(again.documents_reused) == len(demo.documents())
    assert again.codings_added == 0 and again.codings_present == len(demo.codings())
    assert again.memos_added == 0
    assert (_codings(fresh), _memos(fresh), len(fresh.documents())) == before


def test_colleague_coding_lands_on_the_same_documents(demo: Project, tmp_path: Path) -> None:
    """A colleague codes our export in another tool; we import it as a second coder."""
    path = export_qdpx(demo, tmp_path / "demo.qdpx")
    documents = len(demo.documents())
    report = import_refi(demo, path, as_coder="collega")
    assert report.documents_added == [] and len(report.documents_reused) == documents
    assert report.coders == ["collega"]
    assert len(demo.documents()) == documents
    mine = {(c.document_id, c.start, c.end, c.code_id) for c in demo.codings(coder="onderzoeker")}
    theirs = {(c.document_id, c.start, c.end, c.code_id) for c in demo.codings(coder="collega")}
    assert mine == theirs


def test_an_import_is_one_undoable_operation(demo: Project, fresh: Project, tmp_path: Path) -> None:
    path = export_qdpx(demo, tmp_path / "demo.qdpx")
    import_refi(fresh, path)
    assert [op.description for op in fresh.history()] == ["import demo.qdpx"]
    fresh.undo()
    assert fresh.codings() == [] and fresh.codes() == [] and fresh.memos() == []
    fresh.redo()
    assert len(fresh.codings()) == len(demo.codings())
