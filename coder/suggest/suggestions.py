"""Suggestions for the turns of a document, and the "code these next" order.

Codes the model has learned are suggested with its probability; codes without
enough examples yet are suggested from their definition (cold start), marked so.
What a suggestion is, and which are still open, lives in the light
:mod:`coder.suggest.open_rule` (the workbench imports it without scikit-learn).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from coder.nlp.analysis import analyse_document, analyse_project
from coder.progress import Cancelled, Progress
from coder.store import Project
from coder.store.codings import WITH_SUGGESTIONS
from coder.suggest.active import DIVERSITY, doubt, pick_batch
from coder.suggest.definitions import MIN_SIMILARITY, DefinitionMatcher
from coder.suggest.explain import Explainer
from coder.suggest.model import SuggestionModel, load_model
from coder.suggest.open_rule import (
    DEFINITION,
    MODEL,
    Suggestion,
    UnitSuggestions,
    open_suggestions,
)
from coder.suggest.units import Unit, document_units, human_coded

__all__ = [
    "DEFINITION",
    "MODEL",
    "Suggester",
    "Suggestion",
    "UnitSuggestions",
    "open_suggestions",
]

if TYPE_CHECKING:
    from spacy.language import Language


class Suggester:
    """Everything needed to suggest codes in a project, loaded once."""

    def __init__(
        self, project: Project, nlp: Language | None = None, model: SuggestionModel | None = None
    ) -> None:
        from coder.nlp.pipeline import load_feature_pipeline

        self.project = project
        self.nlp = nlp or load_feature_pipeline()
        self.model = model if model is not None else load_model(project)
        learned = self.model.learned_codes() if self.model else set()
        self.matcher = DefinitionMatcher(project.codes(), self.nlp, skip=learned)
        self._explainer: Explainer | None = None

    def units(
        self,
        document_id: int,
        *,
        cancelled: Cancelled | None = None,
        progress: Progress | None = None,
    ) -> list[Unit]:
        """The document's units, with what the model reads (embeddings from the cache, the
        rest encoded: ``progress`` hears how far)."""
        units = document_units(analyse_document(self.project, document_id, self.nlp))
        if self.model is not None:
            self.model.prepare(self.project, units, progress=progress, cancelled=cancelled)
        return units

    def stream_units(
        self,
        document_ids: list[int],
        *,
        processes: int = 1,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> Iterator[tuple[int, list[Unit]]]:
        """(document id, units) for many documents, analysed as a stream (see analyse_project)."""
        for analysed in analyse_project(
            self.project,
            document_ids,
            nlp=self.nlp,
            processes=processes,
            progress=progress,
            cancelled=cancelled,
        ):
            units = document_units(analysed)
            if self.model is not None:
                self.model.prepare(self.project, units, cancelled=cancelled)
            yield analysed.document_id, units

    def suggest_units(
        self, units: list[Unit], top: int = 3, *, explain: bool = False
    ) -> list[UnitSuggestions]:
        """The best ``top`` suggestions per unit, strongest first; with ``explain``, the
        model's carry their reasons."""
        per_unit: list[list[Suggestion]] = [[] for _ in units]
        context: np.ndarray | None = None  # per unit and code: what its transcript gave
        if self.model is not None:
            learned = self.model.learned_codes()
            proba, context = self.model.predict_parts(units)
            for k, code_id in enumerate(self.model.code_ids):
                if code_id not in learned:
                    continue
                threshold = self.model.threshold(code_id)
                for i in range(len(units)):
                    per_unit[i].append(
                        Suggestion(code_id, float(proba[i, k]), MODEL, proba[i, k] >= threshold)
                    )
        similarity = self.matcher.similarities(units)
        for k, code in enumerate(self.matcher.codes):
            for i in range(len(units)):
                value = float(similarity[i, k])
                if value > 0:
                    per_unit[i].append(
                        Suggestion(code.id, value, DEFINITION, value >= MIN_SIMILARITY)
                    )
        result = []
        for i, (unit, found) in enumerate(zip(units, per_unit, strict=True)):
            best = sorted(found, key=lambda x: (x.above_threshold, x.score), reverse=True)[:top]
            if explain:
                moved = None if context is None else context[i]
                best = [self._explained(unit, s, moved) for s in best]
            result.append(UnitSuggestions(unit, best))
        return result

    def _explained(
        self, unit: Unit, suggestion: Suggestion, context: np.ndarray | None
    ) -> Suggestion:
        """``suggestion`` with its reasons; ``context``: the unit's row of
        SuggestionModel.predict_parts's shifts (one per code of the model)."""
        if suggestion.kind != MODEL or self.model is None or context is None:
            return suggestion
        if self._explainer is None:
            self._explainer = Explainer(self.project, self.model)
        moved = float(context[self.model.code_ids.index(suggestion.code_id)])
        why = self._explainer.explain(unit, suggestion.code_id, moved)
        return replace(suggestion, why=why)

    def suggest_document(
        self, document_id: int, top: int = 3, *, explain: bool = False
    ) -> list[UnitSuggestions]:
        """The open suggestions of each unit of the document (see open_suggestions)."""
        return open_suggestions(
            self.suggest_units(self.units(document_id), top, explain=explain),
            self.project.codings(document_id=document_id, status=WITH_SUGGESTIONS),
            self.project.rejections(document_id=document_id),
        )

    def most_uncertain(
        self,
        document_ids: list[int] | None = None,
        limit: int = 20,
        *,
        diversity: float = DIVERSITY,
    ) -> list[tuple[Unit, float]]:
        """Uncoded units to code next, first first ("code these next"), with their priority.

        Uncertainty of a unit: how close its probability for some code is to that code's
        threshold (1 = exactly on it). With ``diversity`` > 0 the batch is also spread
        over what the turns are about (their embeddings), away from the units already
        coded (:func:`coder.suggest.active.pick_batch`); the default, measured on the
        development corpus, is uncertainty alone. A model without an encoder ranks by
        uncertainty alone.
        """
        if self.model is None:
            return []
        learned = [k for k, c in enumerate(self.model.code_ids) if c in self.model.learned_codes()]
        if not learned:
            return []
        thresholds = np.array([self.model.threshold(self.model.code_ids[k]) for k in learned])
        units: list[tuple[Unit, bool]] = []  # (unit, coded by a person)
        ids = document_ids if document_ids is not None else [d.id for d in self.project.documents()]
        for document_id in ids:
            codings = self.project.codings(document_id=document_id)
            units += [(u, human_coded(u, codings)) for u in self.units(document_id)]
        candidates = [unit for unit, done in units if not done]
        coded = [unit for unit, done in units if done]
        if not candidates:
            return []
        # whole documents, as the panel predicts them: the model reads a turn in its transcript
        proba = self.model.predict([unit for unit, _ in units])
        proba = proba[[i for i, (_, done) in enumerate(units) if not done]]
        uncertainty = doubt(proba[:, learned], thresholds)
        vectors = _embeddings(candidates) if diversity > 0 else None
        known = _embeddings(coded) if vectors is not None else None
        order, priorities = pick_batch(
            uncertainty, vectors, limit, known=known, diversity=diversity
        )
        return [(candidates[i], float(p)) for i, p in zip(order, priorities, strict=True)]


def _embeddings(units: list[Unit]) -> np.ndarray | None:
    """The units' sentence embeddings as rows, or None when there are none (or some unit
    has none)."""
    if not units or any(u.embedding is None for u in units):
        return None
    return np.array([u.embedding for u in units], dtype=float).reshape(len(units), -1)
