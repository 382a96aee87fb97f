"""Batch auto-tagging: the model codes every uncoded turn of new transcripts.

Only codes the model tags reliably are stored: those whose out-of-fold tags in the
grouped cross-validation at training were right at least ``min_precision`` of the
time (0.70 by default), each at the lowest threshold that kept that precision. The
other learned codes are listed as not reliable yet; they are still suggested in the
workbench, where a researcher decides.

Documents are handled a few at a time (analyse, predict about ``PREDICT_UNITS`` units
at once, store each document), so a corpus of a thousand transcripts never sits in
memory at once. With ``processes`` > 1 worker processes analyse the turns of the next
documents while these are predicted and stored.
The codings are stored with ``source = model``, the model's confidence, its reason
(the words that weighed most and the two most similar quotes already coded with the
code: coder.suggest.explain) and the coder ``model``, one undoable operation per
document, until a researcher accepts or rejects them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from coder.errors import CoderError
from coder.nlp.analysis import unanalysed
from coder.progress import Cancelled, Progress
from coder.store import NewCoding, Project
from coder.store.codings import MODEL_CODER
from coder.suggest.explain import Explainer
from coder.suggest.model import SuggestionModel
from coder.suggest.reasons import encode_reason
from coder.suggest.schedule import DEFAULT_MIN_PRECISION
from coder.suggest.suggestions import Suggester
from coder.suggest.units import Unit, human_coded

# Units predicted in one call. Each call pays scikit-learn's fixed costs (input checks,
# stacking the feature blocks, one call per code): predicting ten 100-turn documents at
# once was about 1.5× faster than one at a time (benchmarks/suggest_speed.py, cached).
PREDICT_UNITS = 1000


@dataclass
class AutotagResult:
    documents: int = 0
    units: int = 0
    tagged_units: int = 0
    codings: int = 0
    per_code: Counter[int] = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (document, why)
    unreliable: list[int] = field(default_factory=list)  # learned codes not precise enough yet


@dataclass(frozen=True)
class TagColumn:
    """A code the model tags: its column in the model's output and the threshold."""

    column: int
    code_id: int
    threshold: float


@dataclass(frozen=True)
class ModelCoding:
    start: int
    end: int
    code_id: int
    confidence: float
    reason: str | None = None  # why, as coder.suggest.reasons stores it


@dataclass
class TaggedUnits:
    codings: list[ModelCoding]
    units: int  # how many units got at least one code
    per_code: Counter[int]


def learned_columns(model: SuggestionModel) -> list[tuple[int, int]]:
    """(column, code id) of the codes the model may tag: those it learned from examples."""
    learned = model.learned_codes()
    columns = [(k, code_id) for k, code_id in enumerate(model.code_ids) if code_id in learned]
    if not columns:
        raise CoderError(
            "the model has no code with enough examples yet: code more turns and retrain"
        )
    return columns


def tagging_columns(
    model: SuggestionModel,
    min_precision: float = DEFAULT_MIN_PRECISION,
    min_confidence: float | None = None,
) -> tuple[list[TagColumn], list[int]]:
    """The codes auto-tagging may store, with their thresholds, and the learned codes
    left out because the grouped cross-validation did not reach ``min_precision`` for
    them. A code's threshold is the lowest at which it reached that precision
    (``min_precision`` 0: its F1 threshold); ``min_confidence`` replaces it."""
    check_min_precision(min_precision)
    columns: list[TagColumn] = []
    unreliable: list[int] = []
    for k, code_id in learned_columns(model):
        threshold = model.autotag_threshold(code_id, min_precision)
        if threshold is None:
            unreliable.append(code_id)
            continue
        columns.append(
            TagColumn(k, code_id, threshold if min_confidence is None else min_confidence)
        )
    if not columns:
        raise CoderError(
            f"no code reaches a precision of {min_precision:.2f} in the model's cross-validation "
            "yet: code more turns and retrain, or accept a lower --min-precision"
        )
    return columns, unreliable


def tag_units(
    model: SuggestionModel,
    units: list[Unit],
    columns: list[TagColumn],
    explainer: Explainer | None = None,
    predicted: tuple[np.ndarray, np.ndarray] | None = None,
) -> TaggedUnits:
    """The codings the model gives ``units``: each code of ``columns`` at or above its
    threshold; a sentence group never repeats a code its whole turn has. The one rule
    for tagging here and on a Dask worker. With ``explainer``, each coding carries its
    reason (only the codings made are explained, all at once). ``predicted``: the
    model's output for ``units`` (SuggestionModel.predict_parts) when it was predicted
    already."""
    proba, context = model.predict_parts(units) if predicted is None else predicted
    codings: list[ModelCoding] = []
    explained: list[tuple[Unit, int]] = []
    shifts: list[float] = []
    per_code: Counter[int] = Counter()
    tagged_units = 0
    whole_turn_codes: dict[int, set[int]] = {}
    for i, unit in enumerate(units):
        is_whole_turn = unit.segment_index not in whole_turn_codes
        tagged = False
        for column in columns:
            code_id = column.code_id
            p = float(proba[i, column.column])
            if p < column.threshold:
                continue
            if not is_whole_turn and code_id in whole_turn_codes[unit.segment_index]:
                continue  # the whole turn already has this code
            if is_whole_turn:
                whole_turn_codes.setdefault(unit.segment_index, set()).add(code_id)
            tagged = True
            per_code[code_id] += 1
            codings.append(ModelCoding(unit.start, unit.end, code_id, round(p, 4)))
            explained.append((unit, code_id))
            shifts.append(float(context[i, column.column]))
        whole_turn_codes.setdefault(unit.segment_index, set())
        tagged_units += tagged
    if explainer is not None and codings:
        reasons = [encode_reason(why) for why in explainer.explain_many(explained, shifts)]
        codings = [replace(c, reason=r) for c, r in zip(codings, reasons, strict=True)]
    return TaggedUnits(codings, tagged_units, per_code)


def new_model_codings(
    document_id: int, codings: list[ModelCoding], existing: set[tuple[int, int, int]]
) -> list[NewCoding]:
    """The model's codings to store: those not there already (start, end, code)."""
    return [
        NewCoding(
            document_id,
            c.start,
            c.end,
            c.code_id,
            source="model",
            confidence=c.confidence,
            coder=MODEL_CODER,
            reason=c.reason,
        )
        for c in codings
        if (c.start, c.end, c.code_id) not in existing
    ]


def check_min_confidence(min_confidence: float | None) -> None:
    if min_confidence is not None and not 0.0 < min_confidence <= 1.0:
        raise CoderError(f"--min-confidence must be between 0 and 1, not {min_confidence}")


def check_min_precision(min_precision: float) -> None:
    if not 0.0 <= min_precision <= 1.0:
        raise CoderError(f"--min-precision must be between 0 and 1, not {min_precision}")


def untagged_documents(project: Project) -> list[int]:
    """Documents without any human coding: the default targets."""
    coded = {c.document_id for c in project.codings()}
    return [d.id for d in project.documents() if d.id not in coded]


def autotag(
    project: Project,
    document_ids: list[int] | None = None,
    *,
    min_confidence: float | None = None,
    min_precision: float = DEFAULT_MIN_PRECISION,
    dry_run: bool = False,
    suggester: Suggester | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    processes: int = 1,
) -> AutotagResult:
    check_min_confidence(min_confidence)
    suggester = suggester or Suggester(project)
    model = suggester.model
    if model is None:
        raise CoderError("no trained model in this project yet: run 'coder train' first")
    columns, unreliable = tagging_columns(model, min_precision, min_confidence)
    # each document once: its units are predicted together
    targets = (
        untagged_documents(project) if document_ids is None else list(dict.fromkeys(document_ids))
    )
    if processes > 1 and next(unanalysed(project, targets, suggester.nlp), None) is None:
        processes = 1  # nothing to parse: starting worker processes would only cost time
    result = AutotagResult(unreliable=unreliable)
    explainer = None if dry_run else Explainer(project, model)

    def store(
        document_id: int, units: list[Unit], predicted: tuple[np.ndarray, np.ndarray]
    ) -> None:
        tagged = tag_units(model, units, columns, explainer, predicted)
        result.tagged_units += tagged.units
        result.per_code.update(tagged.per_code)
        existing = {
            (c.start, c.end, c.code_id)
            for c in project.codings(document_id=document_id, source="model", status=None)
        }
        new = new_model_codings(document_id, tagged.codings, existing)
        result.documents += 1
        result.units += len(units)
        if new and not dry_run:
            # The store skips a coding stored meanwhile (by another run): count what it kept.
            name = project.document(document_id).name
            result.codings += len(project.add_codings(new, description=f"auto-tag {name}"))
        else:
            result.codings += len(new)

    # documents whose units are predicted together, each with which of them to tag
    waiting: list[tuple[int, list[Unit], np.ndarray]] = []
    for document_id, all_units in suggester.stream_units(
        targets, processes=processes, progress=progress, cancelled=cancelled
    ):
        human = project.codings(document_id=document_id)
        uncoded = np.array([not human_coded(u, human) for u in all_units], dtype=bool)
        if not any(u.lemmas for u, keep in zip(all_units, uncoded, strict=True) if keep):
            name = project.document(document_id).name
            result.skipped.append((name, "no uncoded turns with words to tag"))
            continue
        waiting.append((document_id, all_units, uncoded))
        if sum(len(units) for _, units, _ in waiting) >= PREDICT_UNITS:
            _predict_waiting(model, waiting, store)
    _predict_waiting(model, waiting, store)
    return result


def uncoded_part(
    units: list[Unit], uncoded: np.ndarray, predicted: tuple[np.ndarray, np.ndarray]
) -> tuple[list[Unit], tuple[np.ndarray, np.ndarray]]:
    """The units to tag (``uncoded``) and their rows of ``predicted``
    (SuggestionModel.predict_parts of all ``units``): a document is read whole, coded
    turns included, so that its transcript's context and a long turn's parts are the
    same as in the workbench, and only its uncoded units are tagged."""
    proba, context = predicted
    return [u for u, keep in zip(units, uncoded, strict=True) if keep], (
        proba[uncoded],
        context[uncoded],
    )


def _predict_waiting(
    model: SuggestionModel,
    waiting: list[tuple[int, list[Unit], np.ndarray]],
    store: Callable[[int, list[Unit], tuple[np.ndarray, np.ndarray]], None],
) -> None:
    """Predict the waiting documents' units in one call, then store each document's
    uncoded ones."""
    if not waiting:
        return
    proba, context = model.predict_parts([unit for _, units, _ in waiting for unit in units])
    start = 0
    for document_id, units, uncoded in waiting:
        end = start + len(units)
        store(document_id, *uncoded_part(units, uncoded, (proba[start:end], context[start:end])))
        start = end
    waiting.clear()
