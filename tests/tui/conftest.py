"""Fixtures for the workbench tests: a small, fixed project in tmp_path."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
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


@pytest.fixture(autouse=True)
def dutch_by_default() -> Iterator[None]:
    """Each test starts in the default language and leaves it so (an app that runs in
    English switches the process-wide language)."""
    from coder.tui.i18n import DEFAULT_LANGUAGE, set_language

    set_language(DEFAULT_LANGUAGE)
    yield
    set_language(DEFAULT_LANGUAGE)


@pytest.fixture(autouse=True)
def suggestions_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests wait for workers, not for timers: start suggestions without the paint delay."""
    from coder.tui.screens.coding_suggest import SuggestionsMixin

    monkeypatch.setattr(SuggestionsMixin, "suggest_delay", 0)


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
