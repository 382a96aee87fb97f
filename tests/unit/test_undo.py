"""Undo and redo of every coding, codebook and memo change, also after a restart."""

from __future__ import annotations

from coder.store import Project


def snapshot(project: Project) -> tuple:
    return (
        [(c.id, c.parent_id, c.name, c.definition, c.colour) for c in project.codes()],
        [(c.id, c.start, c.end, c.code_id, c.memo, c.source) for c in project.codings()],
        [(m.id, m.target_kind, m.target_id, m.text) for m in project.memos()],
    )


def test_every_kind_of_change_undoes_and_redoes(project: Project, document) -> None:
    knelpunten = project.find_code("Knelpunten")
    wachten = project.find_code("Wachttijden")
    communicatie = project.find_code("Communicatie tussen hulpverleners")
    coding = project.add_coding(document.id, 8, 43, wachten.id)
    project.add_memo("coding", coding.id, "Maanden!")
    project.add_coding(document.id, 54, 90, communicatie.id)

    actions = [
        lambda: project.add_code(
            "Doorverwijzen", knelpunten.id, definition="Van loket naar loket."
        ),
        lambda: project.add_coding(document.id, 0, 6, communicatie.id),
        lambda: project.remove_coding(coding.id),
        lambda: project.set_coding_memo(coding.id, "nieuw memo"),
        lambda: project.rename_code(wachten.id, "Wachtlijsten"),
        lambda: project.update_code(wachten.id, definition="Nieuwe definitie", colour="#112233"),
        lambda: project.move_code(wachten.id, None),
        lambda: project.merge_codes(wachten.id, communicatie.id),
        lambda: project.delete_code(knelpunten.id),
        lambda: project.add_memo("code", communicatie.id, "Een memo"),
    ]
    for action in actions:
        before = snapshot(project)
        action()
        after = snapshot(project)
        assert after != before
        assert project.undo() is not None
        assert snapshot(project) == before
        assert project.redo() is not None
        assert snapshot(project) == after
        project.undo()  # leave the project as it was for the next action
        assert snapshot(project) == before


def test_delete_code_with_codings_and_memos_comes_back_whole(project: Project, document) -> None:
    knelpunten = project.find_code("Knelpunten")
    wachten = project.find_code("Wachttijden")
    coding = project.add_coding(document.id, 8, 43, wachten.id)
    project.add_memo("coding", coding.id, "Belangrijk citaat")
    project.add_memo("code", wachten.id, "Code-memo")
    before = snapshot(project)
    assert project.delete_code(knelpunten.id) == 1
    assert all(c.name not in {"Knelpunten", "Wachttijden"} for c in project.codes())
    assert project.memos() == []
    project.undo()
    assert snapshot(project) == before


def test_merge_moves_codings_and_subcodes(project: Project, document) -> None:
    wachten = project.find_code("Wachttijden")
    communicatie = project.find_code("Communicatie tussen hulpverleners")
    project.add_coding(document.id, 8, 43, wachten.id)
    project.add_coding(document.id, 8, 43, communicatie.id)  # same span: a duplicate after merging
    project.add_coding(document.id, 54, 90, wachten.id)
    moved = project.merge_codes(wachten.id, communicatie.id)
    assert moved == 1
    assert [(c.start, c.code_id) for c in project.codings()] == [
        (8, communicatie.id),
        (54, communicatie.id),
    ]


def test_undo_survives_a_restart_and_new_action_drops_redo(project: Project, document) -> None:
    wachten = project.find_code("Wachttijden")
    project.add_coding(document.id, 8, 43, wachten.id)
    project.add_coding(document.id, 54, 90, wachten.id)
    path = project.path
    project.close()

    reopened = Project.open(path)
    assert reopened.undo().description == "apply code"
    assert len(reopened.codings()) == 1
    reopened.close()

    again = Project.open(path)
    assert again.redo() is not None
    assert len(again.codings()) == 2
    again.undo()
    again.add_memo("document", document.id, "nieuwe actie")
    assert again.redo() is None  # the redo branch ended with the new action
    assert len(again.codings()) == 1
    again.close()


def test_nothing_to_undo_on_a_fresh_project(project: Project) -> None:
    assert project.undo() is None
    assert project.redo() is None
    assert project.history() == []  # creating the codebook is not an action to undo


def test_bulk_codings_are_one_operation(project: Project, document) -> None:
    from coder.store import NewCoding

    wachten = project.find_code("Wachttijden")
    project.add_codings(
        [NewCoding(document.id, s.start, s.end, wachten.id) for s in project.segments(document.id)],
        description="apply code to 3 turns",
    )
    assert len(project.codings()) == 3
    assert project.undo().description == "apply code to 3 turns"
    assert project.codings() == []
