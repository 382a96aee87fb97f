"""Fixed collaborators for the workbench tests, given to ``make_app`` (no monkeypatching):
a suggester and a clusterer with fixed answers, so screens draw the same on every
machine and pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from coder.cluster.items import Item
from coder.cluster.model import Cluster, ClusterResult
from coder.store import Project
from coder.tui import app
from coder.tui.collaborators import make_suggester


class FixedSuggester:
    """A suggester with fixed answers, so screens with the suggestions panel draw the same
    on every machine and pipeline. It suggests Wachttijden (model) for turns about waiting
    and Vaste contactpersoon (from its definition) for every other turn of a parent."""

    model = None
    nlp = None
    weak = False  # also a weak (20 %) and a noise (4 %) model suggestion on every turn

    def __init__(self, project: Project, nlp=None, model=None) -> None:
        self.project = project
        self.model = model

    def units(self, document_id: int, *, cancelled=None, progress=None):
        from coder.suggest.units import Unit, speaker_role

        text = self.project.text(document_id)
        return [
            Unit(
                document_id,
                s.index,
                s.start,
                s.end,
                s.speaker,
                speaker_role(s.speaker),
                text[s.start : s.end],
                "",
                "",
            )
            for s in self.project.segments(document_id)
        ]

    def suggest_units(self, units, top: int = 3, *, explain: bool = False):
        from coder.suggest.explain import Example, Explanation
        from coder.suggest.open_rule import DEFINITION, MODEL, Suggestion, UnitSuggestions

        wacht = self.project.find_code("Wachttijden").id
        vast = self.project.find_code("Vaste contactpersoon").id
        why = Explanation(
            ("wachtlijst", "maanden"),
            (Example("Interview Overvecht", "We stonden een half jaar op de wachtlijst.", 0.8),),
        )
        result = []
        for unit in units:
            suggestions = []
            if "wacht" in unit.text.lower():
                suggestions.append(Suggestion(wacht, 0.83, MODEL, True, why if explain else None))
            suggestions.append(Suggestion(vast, 0.31, DEFINITION, False))
            if self.weak:
                informal = self.project.find_code("Informeel netwerk").id
                regie = self.project.find_code("Regie bij ouders en jongeren").id
                suggestions.append(Suggestion(informal, 0.20, MODEL, False))
                suggestions.append(Suggestion(regie, 0.04, MODEL, False))
            result.append(UnitSuggestions(unit, suggestions))
        return result

    def most_uncertain(self, document_ids=None, limit: int = 20):
        return []


def fixed_clusters(project: Project, **options: Any) -> ClusterResult:
    """Clustering with a fixed answer: the turns about waiting, and the others."""
    items = []
    for document in project.documents():
        text = project.text(document.id)
        for s in project.segments(document.id):
            words = text[s.start : s.end]
            items.append(
                Item(
                    document.id,
                    s.index,
                    s.start,
                    s.end,
                    s.speaker,
                    words,
                    words.lower().split(),
                    [],
                )
            )
    waiting = [i for i, item in enumerate(items) if "wacht" in item.text.lower()]
    others = [i for i in range(len(items)) if i not in waiting]
    clusters = [
        Cluster(
            0,
            "hulp · beter · vast",
            ["hulp", "beter", "vast"],
            others,
            others[:3],
            len({items[i].document_id for i in others}),
        ),
        Cluster(
            1,
            "wachten · maand · lang",
            ["wachten", "maand", "lang"],
            waiting,
            waiting[:3],
            len({items[i].document_id for i in waiting}),
        ),
    ]
    assignments = np.array([1 if i in waiting else 0 for i in range(len(items))])
    typicality = np.linspace(0.9, 0.5, len(items))
    return ClusterResult(items, clusters, assignments, 2, {}, np.zeros((len(items), 2)), typicality)


def make_app(project_path: str | Path, **options: Any) -> app.CodeertafelApp:
    """The workbench with the fixed suggester unless a test gives another (the tests on
    the trained demo project give the real one, ``make_suggester``)."""
    options.setdefault("suggester", FixedSuggester)
    return app.make_app(project_path, **options)


__all__ = ["FixedSuggester", "fixed_clusters", "make_app", "make_suggester"]
