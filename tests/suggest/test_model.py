"""Training, evaluation, persistence, suggestions and auto-tagging on the demo project."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.model_selection import GroupKFold

from coder.errors import CoderError
from coder.store import Project
from coder.suggest.autotag import autotag, untagged_documents
from coder.suggest.model import MODEL_NAME, load_model, train_model, training_data, units_frame
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


def test_suggestions_and_uncertainty_order(trained: Project) -> None:
    suggester = Suggester(trained)
    document = next(d for d in trained.documents() if d.name == "Interview jongere Overvecht")
    results = suggester.suggest_document(document.id, top=3)
    assert len(results) >= 34
    assert all(len(item.suggestions) <= 3 for item in results)
    assert any(s.kind == MODEL for item in results for s in item.suggestions)
    ranked = suggester.most_uncertain(limit=10)
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True) and len(ranked) == 10
    coded = {(c.document_id, c.start) for c in trained.codings(source="human")}
    assert all((u.document_id, u.start) not in coded for u, _ in ranked)


def test_autotag_stores_model_codings_and_dry_run_stores_nothing(trained: Project) -> None:
    targets = untagged_documents(trained)
    assert len(targets) == 2
    before = len(trained.codings())
    dry = autotag(trained, min_confidence=0.05, min_precision=0, dry_run=True)
    assert dry.codings > 0 and len(trained.codings()) == before
    result = autotag(trained, min_confidence=0.05, min_precision=0)
    assert result.codings == dry.codings
    made = trained.suggestions()
    assert len(made) == result.codings
    assert all(c.coder == "model" and 0.05 <= c.confidence <= 1 for c in made)
    assert {c.document_id for c in made} <= set(targets)
    again = autotag(trained, targets, min_confidence=0.05, min_precision=0)
    assert again.codings == 0  # nothing is tagged twice
    trained.undo()
    assert len(trained.suggestions()) < len(made)


def test_documents_predicted_together_get_the_codings_they_get_alone(
    trained: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coder.suggest.autotag as tagging

    calls: list[int] = []
    real = tagging.SuggestionModel.predict_parts

    def counted(self, units):  # type: ignore[no-untyped-def]
        calls.append(len(units))
        return real(self, units)

    monkeypatch.setattr(tagging.SuggestionModel, "predict_parts", counted)
    targets = untagged_documents(trained)
    codings = {}
    for batch in (1, 10**6):  # one document per call, all in one call
        monkeypatch.setattr(tagging, "PREDICT_UNITS", batch)
        calls.clear()
        autotag(trained, targets, min_confidence=0.05, min_precision=0)
        codings[batch] = sorted(
            (c.document_id, c.start, c.end, c.code_id, c.confidence, c.reason)
            for c in trained.suggestions()
        )
        assert len(calls) == (len(targets) if batch == 1 else 1)
        trained.undo()
        trained.undo()
        assert trained.suggestions() == []
    assert codings[1] and codings[1] == codings[10**6]


def test_autotag_reads_a_partly_coded_document_whole(trained: Project) -> None:
    from coder.suggest.units import human_coded

    # a researcher coded one turn of a new transcript; the rest is tagged as the workbench
    # reads it: with that turn among its neighbours and in its transcript
    target = untagged_documents(trained)[0]
    segment = trained.segments(target)[2]
    trained.add_coding(target, segment.start, segment.end, trained.find_code("Wachttijden").id)
    autotag(trained, [target], min_confidence=0.05, min_precision=0)
    made = trained.suggestions()
    assert made and not any(c.start < segment.end and segment.start < c.end for c in made)
    suggester = Suggester(trained)
    model = suggester.model
    assert model is not None
    units = suggester.units(target)
    human = trained.codings(document_id=target, source="human")
    uncoded = [u for u in units if not human_coded(u, human)]
    whole, alone = model.predict(units), model.predict(uncoded)
    row = {(u.start, u.end): i for i, u in enumerate(units)}
    row_alone = {(u.start, u.end): i for i, u in enumerate(uncoded)}
    column = {code_id: k for k, code_id in enumerate(model.code_ids)}
    stored = [(row[c.start, c.end], row_alone[c.start, c.end], column[c.code_id]) for c in made]
    assert all(
        c.confidence == pytest.approx(whole[i, k], abs=1e-4)
        for c, (i, _, k) in zip(made, stored, strict=True)
    )
    # read without the coded turn, some of these scores would differ
    assert any(abs(whole[i, k] - alone[j, k]) > 1e-3 for i, j, k in stored)


def test_rejection_hides_the_suggestion_and_becomes_a_negative(trained: Project) -> None:
    autotag(trained, min_confidence=0.05, min_precision=0)
    coding = trained.suggestions()[0]
    trained.reject_suggestion(coding.document_id, coding.start, coding.end, coding.code_id)
    assert coding.id not in {c.id for c in trained.suggestions()}
    assert trained.coding(coding.id).status == "rejected"  # kept: never suggested again
    data = training_data(trained)
    column = data.code_ids.index(coding.code_id)
    rows = [
        i
        for i, u in enumerate(data.units)
        if u.start == coding.start and u.document_id == coding.document_id
    ]
    assert rows and all(data.labels[i, column] == 0 for i in rows)
    trained.undo()
    assert coding.id in {c.id for c in trained.suggestions()}


def test_retraining_is_due_after_enough_new_codings(trained: Project) -> None:
    from coder.suggest.model import should_retrain

    assert should_retrain(trained, None)
    model = load_model(trained)
    assert not should_retrain(trained, model)
    document = trained.documents()[0]
    segments = trained.segments(document.id)
    code = trained.find_code("Wachttijden")
    for segment in segments[:5]:
        trained.add_coding(document.id, segment.start, segment.end, code.id)
    assert should_retrain(trained, model, every=5)
    assert not should_retrain(trained, model, every=6)


def test_a_code_deleted_after_training_is_no_longer_suggested(trained: Project) -> None:
    model = load_model(trained)
    assert model is not None
    wachten = trained.find_code("Wachttijden")
    assert wachten.id in model.learned_codes()
    trained.delete_code(wachten.id)
    loaded = load_model(trained)
    assert loaded is not None and wachten.id in loaded.removed
    assert wachten.id not in loaded.learned_codes()
    result = autotag(trained, min_confidence=0.05, min_precision=0)
    assert wachten.id not in result.per_code
    suggester = Suggester(trained)
    document = trained.documents()[0]
    assert all(
        s.code_id != wachten.id
        for item in suggester.suggest_document(document.id)
        for s in item.suggestions
    )


def test_autotag_skips_documents_without_words(trained: Project) -> None:
    from coder.store import NewSegment

    text = "Ja.\n\nEh.\n\nNou ja."
    empty = trained.add_document(
        name="leeg",
        original_filename="leeg.txt",
        sha256="leeg",
        format="txt",
        text=text,
        segments=[NewSegment("A", 0, 3), NewSegment("B", 5, 8), NewSegment("A", 10, 16)],
    )
    result = autotag(trained, [empty.id], min_confidence=0.05, min_precision=0)
    assert result.skipped == [("leeg", "no uncoded turns with words to tag")]
    assert trained.codings(document_id=empty.id) == []


def test_suggestions_leave_out_what_is_coded_or_rejected_already(trained: Project) -> None:
    """One rule for the command line and the workbench (coder.suggest.open_suggestions):
    a code the unit carries, or that a researcher rejected there, is not suggested."""
    from coder.nlp.pipeline import load_feature_pipeline
    from coder.store import NewCoding
    from coder.suggest.suggestions import Suggester

    suggester = Suggester(trained, nlp=load_feature_pipeline())
    document = next(d for d in trained.documents() if d.name == "Dialoogtafel Zuilen")
    before = suggester.suggest_document(document.id, top=3)
    item = next(i for i in before if i.suggestions)
    first, *_ = item.suggestions
    unit = item.unit
    trained.reject_suggestion(document.id, unit.start, unit.end, first.code_id)
    after = {(i.unit.start, i.unit.end): i for i in suggester.suggest_document(document.id, 3)}
    assert first.code_id not in {s.code_id for s in after[(unit.start, unit.end)].suggestions}
    trained.undo()
    trained.add_codings([NewCoding(document.id, unit.start, unit.end, first.code_id)])
    coded = {(i.unit.start, i.unit.end): i for i in suggester.suggest_document(document.id, 3)}
    assert first.code_id not in {s.code_id for s in coded[(unit.start, unit.end)].suggestions}


def test_suggestions_explain_themselves(trained: Project) -> None:
    suggester = Suggester(trained)
    document = next(d for d in trained.documents() if d.name == "Interview jongere Overvecht")
    results = suggester.suggest_document(document.id, top=3, explain=True)
    explained = [(item.unit, s) for item in results for s in item.suggestions if s.kind == MODEL]
    assert explained and all(s.why is not None for _, s in explained)
    assert any(s.why.words for _, s in explained) and any(s.why.examples for _, s in explained)
    for unit, s in explained:
        # the words are the turn's own; the examples are quotes coded with the code
        assert all(w.split()[0] in unit.text.lower() for w in s.why.words)
        quotes = {
            " ".join(trained.text(c.document_id)[c.start : c.end].split())
            for c in trained.codings(code_ids=[s.code_id], source="human")
        }
        assert all(" ".join(e.text.split()) in quotes for e in s.why.examples)
        # each quote says who spoke it: the speaker of the turn it starts in
        speakers = {
            " ".join(trained.text(c.document_id)[c.start : c.end].split())[:1000]: next(
                t.speaker for t in reversed(trained.segments(c.document_id)) if t.start <= c.start
            )
            for c in trained.codings(code_ids=[s.code_id], source="human")
        }
        assert all(e.speaker == speakers[" ".join(e.text.split())] for e in s.why.examples)
        similarities = [e.similarity for e in s.why.examples]
        assert similarities == sorted(similarities, reverse=True)
    # and what the transcript around the turn gave: the score minus the turn's own
    # (read alone, a long one with its sentence groups)
    model = suggester.model
    assert model is not None
    frame = units_frame([item.unit for item in results], model.descriptions)
    own = model.estimator.in_own_turn(model.estimator.predict_proba_alone(frame), frame)
    for i, item in enumerate(results):
        for s in item.suggestions:
            if s.kind == MODEL:
                k = model.code_ids.index(s.code_id)
                assert s.score - s.why.context == pytest.approx(own[i, k])
    assert any(s.why.context_points for _, s in explained)
    # without asking, no reasons are computed
    plain = suggester.suggest_document(document.id, top=3)
    assert all(s.why is None for item in plain for s in item.suggestions)
