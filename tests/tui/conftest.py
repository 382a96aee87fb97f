"""Fixtures for the workbench tests: a small, fixed project in tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coder.store import CodeSpec, NewSegment, Project

CODEBOOK = [
    CodeSpec(
        "Knelpunten",
        colour="#E15759",
        definition="Wat in de hulp niet goed loopt.",
        children=[
            CodeSpec("Wachttijden", colour="#F28E2B", definition="Lang moeten wachten op hulp."),
            CodeSpec("Communicatie tussen hulpverleners", colour="#4E79A7"),
        ],
    ),
    CodeSpec(
        "Werkzame factoren",
        colour="#59A14F",
        children=[CodeSpec("Vaste contactpersoon", colour="#76B7B2")],
    ),
]

DIALOOGTAFEL = [
    ("Gespreksleider", "Welkom allemaal. Hoe begon het traject?", 0.0),
    ("Moeder", "We moesten maanden wachten op hulp, het duurde echt veel te lang.", 12.5),
    (
        "Jongere",
        "Niemand wist van elkaar wat ze deden, ik moest steeds opnieuw mijn verhaal vertellen.",
        31.0,
    ),
    ("Buurtteam", "Daarna kreeg ze één vaste contactpersoon en toen ging het beter.", 65.0),
    ("Moeder", "Ja, dat was fijn. Eindelijk iemand die bleef.", 90.0),
]

INTERVIEW = [
    ("I", "Wat vond je van de wachtlijst?", None),
    ("R", "Het wachten was het ergste, drie maanden niks.", None),
    ("I", "En daarna?", None),
]


def build_text(turns: list[tuple[str, str, float | None]]) -> tuple[str, list[NewSegment]]:
    parts, segments, offset = [], [], 0
    for speaker, words, time in turns:
        block = f"{speaker}: {words}"
        start = offset + len(speaker) + 2
        segments.append(NewSegment(speaker, start, start + len(words), time))
        parts.append(block)
        offset += len(block) + 2
    return "\n\n".join(parts), segments


def add_document(project: Project, name: str, turns, attributes: dict[str, str]) -> int:
    text, segments = build_text(turns)
    document = project.add_document(
        name=name,
        original_filename=f"{name}.txt",
        sha256=name,
        format="txt",
        text=text,
        segments=segments,
        attributes=attributes,
    )
    return document.id


def make_project(path: Path) -> Path:
    def populate(new: Project) -> None:
        # made while creating, so the imports are not in the undo history
        new.add_codes(CODEBOOK)
        add_document(
            new,
            "Dialoogtafel Hoograven",
            DIALOOGTAFEL,
            {"setting": "dialoogtafel", "region": "Hoograven", "date": "2025-03-12"},
        )
        add_document(
            new, "Interview Overvecht", INTERVIEW, {"setting": "interview", "region": "Overvecht"}
        )

    project = Project.create(path, populate=populate, coder="tester")
    project.close()
    return path


@pytest.fixture(scope="session")
def template_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("template") / "studie.ctdb")


@pytest.fixture
def project_path(template_project: Path, tmp_path: Path) -> Path:
    """A fresh copy of the test project (copying is much faster than building it)."""
    path = tmp_path / "studie.ctdb"
    shutil.copyfile(template_project, path)
    return path


@pytest.fixture
def store(project_path: Path):
    """A second connection to the project, to check what the app stored."""
    project = Project.open(project_path)
    yield project
    project.close()


# -- suggestions --------------------------------------------------------------------------------


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

    def units(self, document_id: int, *, cancelled=None):
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
        from coder.suggest.suggestions import DEFINITION, MODEL, Suggestion, UnitSuggestions

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


@pytest.fixture(autouse=True)
def suggestions_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests wait for workers, not for timers: start suggestions without the paint delay."""
    from coder.tui.screens.coding_suggest import SuggestionsMixin

    monkeypatch.setattr(SuggestionsMixin, "suggest_delay", 0)


@pytest.fixture(autouse=True)
def fixed_suggestions(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests use the fixed suggester, except those on the trained demo project (real NLP)."""
    if "trained_demo" in request.fixturenames:
        return
    monkeypatch.setattr("coder.tui.screens.coding_suggest.make_suggester", FixedSuggester)


@pytest.fixture(scope="session")
def trained_demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project, analysed and with a trained model, built once per session."""
    from coder.demo import build_demo
    from coder.nlp.analysis import analyse_project
    from coder.suggest.model import train_model

    path = tmp_path_factory.mktemp("trained") / "demo.ctdb"
    project = build_demo(path)
    for _ in analyse_project(project):
        pass
    train_model(project)
    project.close()
    return path


@pytest.fixture
def trained_demo(trained_demo_file: Path, tmp_path: Path) -> Path:
    """A copy of the trained demo project (the real pipeline and model suggest)."""
    path = tmp_path / "demo.ctdb"
    shutil.copyfile(trained_demo_file, path)
    return path


@pytest.fixture
def fixed_clusters(monkeypatch: pytest.MonkeyPatch) -> None:
    """Clustering with a fixed answer: the turns about waiting, and the others."""
    import numpy as np

    from coder.cluster.items import Item
    from coder.cluster.model import Cluster, ClusterResult

    def cluster_project(project: Project, **kwargs):
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
        return ClusterResult(
            items, clusters, assignments, 2, {}, np.zeros((len(items), 2)), typicality
        )

    monkeypatch.setattr("coder.cluster.run.cluster_project", cluster_project)
