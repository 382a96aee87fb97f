"""Training, evaluation, persistence, suggestions and auto-tagging on the demo project."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.model_selection import GroupKFold

from coder.errors import CoderError
from coder.store import Project
from coder.suggest.autotag import autotag, untagged_documents
from coder.suggest.model import MODEL_NAME, load_model, train_model, training_data
from coder.suggest.suggestions import DEFINITION, MODEL, Suggester
from coder.suggest.units import UNKNOWN, speaker_role


def test_roles_from_speaker_labels() -> None:
    assert speaker_role("I") == "interviewer"
    assert speaker_role("Moeder") == "ouder"
    assert speaker_role("Jongere (16)") == "jongere"
    assert speaker_role("Buurtteammedewerker") == "professional"
    assert speaker_role("Ingrid") == "persoon"
    assert speaker_role(None) == "geen"


def test_training_data_labels_partly_coded_documents(demo: Project) -> None:
    data = training_data(demo)
    assert data.units and data.code_ids
    assert set(np.unique(data.labels)) <= {UNKNOWN, 0, 1}
    assert (data.labels == 1).sum() >= 100  # the demo has 118 codings
    coded = {c.document_id for c in demo.codings(source="human")}
    assert {u.document_id for u in data.units} <= coded
    # grouped folds never split a document
    for train, test in GroupKFold(n_splits=4).split(data.frame(), data.labels, data.groups):
        assert not set(data.groups[train]) & set(data.groups[test])


def test_train_evaluates_and_keeps_the_model(demo: Project) -> None:
    model, report = train_model(demo)
    assert report is not None and report.documents == 5 and report.folds == 5
    assert set(report.per_code) == set(model.code_ids)
    assert 0.0 <= report.micro.f1 <= 1.0 and 0.0 <= report.calibration_error <= 1.0
    assert report.micro.f1 > 0.05  # it learned something from 118 codings
    stored = demo.load_model(MODEL_NAME)
    assert stored is not None and stored.meta["units"] == model.meta["units"]
    assert stored.meta["evaluation"]["micro"]["f1"] == pytest.approx(report.micro.f1)
    loaded = load_model(demo)
    assert loaded is not None and loaded.code_ids == model.code_ids
    units = Suggester(demo, model=loaded).units(demo.documents()[0].id)[:5]
    assert np.allclose(loaded.predict(units), model.predict(units))


def test_nothing_to_learn_from(tmp_path) -> None:
    project = Project.create(tmp_path / "leeg.ctdb")
    with pytest.raises(CoderError, match="nothing to learn from"):
        train_model(project)
    project.close()


def test_cold_start_suggestions_without_any_coding(demo: Project) -> None:
    demo.remove_codings([c.id for c in demo.codings()])
    suggester = Suggester(demo)
    assert suggester.model is None
    document = next(d for d in demo.documents() if d.name == "Interview jongere Overvecht")
    results = suggester.suggest_document(document.id)
    suggested = [s for item in results for s in item.suggestions if s.above_threshold]
    assert suggested and {s.kind for s in suggested} == {DEFINITION}
    paths = demo.code_paths()
    # group codes are containers, never suggested
    assert all("/" in paths[s.code_id] for s in suggested)


def test_suggestions_and_uncertainty_order(demo: Project) -> None:
    train_model(demo)
    suggester = Suggester(demo)
    document = next(d for d in demo.documents() if d.name == "Interview jongere Overvecht")
    results = suggester.suggest_document(document.id, top=3)
    assert len(results) >= 34
    assert all(len(item.suggestions) <= 3 for item in results)
    assert any(s.kind == MODEL for item in results for s in item.suggestions)
    ranked = suggester.most_uncertain(limit=10)
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True) and len(ranked) == 10
    coded = {(c.document_id, c.start) for c in demo.codings(source="human")}
    assert all((u.document_id, u.start) not in coded for u, _ in ranked)


def test_autotag_stores_model_codings_and_dry_run_stores_nothing(demo: Project) -> None:
    train_model(demo)
    targets = untagged_documents(demo)
    assert len(targets) == 2
    before = len(demo.codings())
    dry = autotag(demo, min_confidence=0.05, dry_run=True)
    assert dry.codings > 0 and len(demo.codings()) == before
    result = autotag(demo, min_confidence=0.05)
    assert result.codings == dry.codings
    made = demo.suggestions()
    assert len(made) == result.codings
    assert all(c.coder == "model" and 0.05 <= c.confidence <= 1 for c in made)
    assert {c.document_id for c in made} <= set(targets)
    again = autotag(demo, targets, min_confidence=0.05)
    assert again.codings == 0  # nothing is tagged twice
    demo.undo()
    assert len(demo.suggestions()) < len(made)


def test_rejection_hides_the_suggestion_and_becomes_a_negative(demo: Project) -> None:
    train_model(demo)
    autotag(demo, min_confidence=0.05)
    coding = demo.suggestions()[0]
    demo.reject_suggestion(coding.document_id, coding.start, coding.end, coding.code_id)
    assert coding.id not in {c.id for c in demo.suggestions()}
    assert demo.coding(coding.id).status == "rejected"  # kept: never suggested again
    data = training_data(demo)
    column = data.code_ids.index(coding.code_id)
    rows = [
        i
        for i, u in enumerate(data.units)
        if u.start == coding.start and u.document_id == coding.document_id
    ]
    assert rows and all(data.labels[i, column] == 0 for i in rows)
    demo.undo()
    assert coding.id in {c.id for c in demo.suggestions()}


def test_retraining_is_due_after_enough_new_codings(demo: Project) -> None:
    from coder.suggest.model import should_retrain

    assert should_retrain(demo, None)
    model, _ = train_model(demo)
    assert not should_retrain(demo, model)
    document = demo.documents()[0]
    segments = demo.segments(document.id)
    code = demo.find_code("Wachttijden")
    for segment in segments[:5]:
        demo.add_coding(document.id, segment.start, segment.end, code.id)
    assert should_retrain(demo, model, every=5)
    assert not should_retrain(demo, model, every=6)


def test_a_code_deleted_after_training_is_no_longer_suggested(demo: Project) -> None:
    model, _ = train_model(demo)
    wachten = demo.find_code("Wachttijden")
    assert wachten.id in model.learned_codes()
    demo.delete_code(wachten.id)
    loaded = load_model(demo)
    assert loaded is not None and wachten.id in loaded.removed
    assert wachten.id not in loaded.learned_codes()
    result = autotag(demo, min_confidence=0.05)
    assert wachten.id not in result.per_code
    suggester = Suggester(demo)
    document = demo.documents()[0]
    assert all(
        s.code_id != wachten.id
        for item in suggester.suggest_document(document.id)
        for s in item.suggestions
    )


def test_autotag_skips_documents_without_words(demo: Project) -> None:
    from coder.store import NewSegment

    train_model(demo)
    text = "Ja.\n\nEh.\n\nNou ja."
    empty = demo.add_document(
        name="leeg",
        original_filename="leeg.txt",
        sha256="leeg",
        format="txt",
        text=text,
        segments=[NewSegment("A", 0, 3), NewSegment("B", 5, 8), NewSegment("A", 10, 16)],
    )
    result = autotag(demo, [empty.id], min_confidence=0.05)
    assert result.skipped == [("leeg", "no uncoded turns with words to tag")]
    assert demo.codings(document_id=empty.id) == []


def test_suggestions_leave_out_what_is_coded_or_rejected_already(demo: Project) -> None:
    """One rule for the command line and the workbench (coder.suggest.open_suggestions):
    a code the unit carries, or that a researcher rejected there, is not suggested."""
    from coder.nlp.pipeline import load_feature_pipeline
    from coder.store import NewCoding
    from coder.suggest.suggestions import Suggester

    train_model(demo)
    suggester = Suggester(demo, nlp=load_feature_pipeline())
    document = next(d for d in demo.documents() if d.name == "Dialoogtafel Zuilen")
    before = suggester.suggest_document(document.id, top=3)
    item = next(i for i in before if i.suggestions)
    first, *_ = item.suggestions
    unit = item.unit
    demo.reject_suggestion(document.id, unit.start, unit.end, first.code_id)
    after = {(i.unit.start, i.unit.end): i for i in suggester.suggest_document(document.id, 3)}
    assert first.code_id not in {s.code_id for s in after[(unit.start, unit.end)].suggestions}
    demo.undo()
    demo.add_codings([NewCoding(document.id, unit.start, unit.end, first.code_id)])
    coded = {(i.unit.start, i.unit.end): i for i in suggester.suggest_document(document.id, 3)}
    assert first.code_id not in {s.code_id for s in coded[(unit.start, unit.end)].suggestions}
