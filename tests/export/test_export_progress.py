"""Exports take the one progress/cancel protocol of coder/progress.py, like every long
operation: they report, and a cancelled export writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.export.formats import FORMATS, ExportRequest, export
from coder.store import Project
from tests.conftest import TEXT, segments_of


def request(output: Path) -> ExportRequest:
    return ExportRequest(output, False, None, None, None, None)


def test_an_export_reports_its_start_and_end(project: Project, document, tmp_path: Path) -> None:
    heard: list[tuple[int, int, str]] = []
    output = tmp_path / "codings.csv"
    summary = export(project, "csv", request(output), progress=lambda *a: heard.append(a))
    assert output.exists() and str(output) in str(summary)
    assert heard == [(0, 1, "csv"), (1, 1, "")]


def test_a_cancelled_export_writes_nothing(project: Project, document, tmp_path: Path) -> None:
    with pytest.raises(InterruptedError):
        export(project, "csv", request(tmp_path / "codings.csv"), cancelled=lambda: True)
    assert not (tmp_path / "codings.csv").exists()


def test_transcripts_report_each_document_and_stop_between_them(
    project: Project, document, tmp_path: Path
) -> None:
    project.add_document(
        name="tweede",
        original_filename="tweede.txt",
        sha256="def",
        format="txt",
        text=TEXT,
        segments=segments_of(TEXT),
    )
    heard: list[tuple[int, int, str]] = []
    folder = tmp_path / "transcripten"
    export(project, "transcripts", request(folder), progress=lambda *a: heard.append(a))
    assert sorted(p.name for p in folder.iterdir()) == ["dialoogtafel.txt", "tweede.txt"]
    assert heard[1:3] == [(0, 2, "dialoogtafel"), (1, 2, "tweede")]

    asked = iter([False, False, True])  # before the export, before document 1, before 2
    other = tmp_path / "afgebroken"
    with pytest.raises(InterruptedError):
        export(project, "transcripts", request(other), cancelled=lambda: next(asked))
    assert not other.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_every_writer_takes_the_protocol() -> None:
    import inspect

    for name, format in FORMATS.items():
        parameters = list(inspect.signature(format.write).parameters)
        assert parameters[:4] == ["project", "request", "progress", "cancelled"], name


def test_a_pseudonymised_export_needs_its_key_and_keeps_it_only_when_written(
    project: Project, document, tmp_path: Path
) -> None:
    from coder.errors import CoderError

    output, key = tmp_path / "codings.csv", tmp_path / "sleutel.csv"
    keyless = ExportRequest(output, False, None, None, None, None, pseudonymise=True)
    with pytest.raises(CoderError, match="needs a key file"):
        export(project, "csv", keyless)
    asked = iter([False, True])  # before the export, then before the copy's first document
    keyed = ExportRequest(output, False, None, None, None, None, pseudonymise=True, key=key)
    with pytest.raises(InterruptedError):
        export(project, "csv", keyed, cancelled=lambda: next(asked))
    assert not output.exists() and not key.exists()
    heard: list[tuple[int, int, str]] = []
    written = export(project, "csv", keyed, progress=lambda *a: heard.append(a))
    assert output.exists() and key.exists() and str(output) in str(written)
    assert heard[-2:] == [(0, 1, "csv"), (1, 1, "")]  # after the copy's own steps
