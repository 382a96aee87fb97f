"""The bundled demo: every transcript imports, every manifest coding lands on its quote."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from coder.demo import build_demo
from coder.resources import demo_dir
from tests.cli.conftest import run_coder


def test_demo_builds_with_every_format_and_coding(tmp_path: Path) -> None:
    manifest = yaml.safe_load((demo_dir() / "demo.yaml").read_text(encoding="utf-8"))
    project = build_demo(tmp_path / "demo.ctdb")
    try:
        documents = project.documents()
        assert len(documents) == len(manifest["documents"]) >= 6
        assert {d.format for d in documents} == {"txt", "vtt", "srt", "docx"}
        expected = sum(len(entry.get("codings") or []) for entry in manifest["documents"])
        codings = project.codings()
        assert len(codings) == expected > 50
        # Every coding covers exactly its quote, inside one turn.
        quotes = [
            " ".join(c["quote"].split())
            for e in manifest["documents"]
            for c in e.get("codings") or []
        ]
        stored = sorted(
            " ".join(project.text(c.document_id)[c.start : c.end].split()) for c in codings
        )
        assert stored == sorted(quotes)
        # Some documents are left uncoded for auto-tagging.
        uncoded = [s for s in project.document_summaries() if s.codings == 0]
        assert uncoded
        assert project.memos("project")
        assert project.history() == []  # building the demo is not something to undo
    finally:
        project.close()


def test_demo_command_builds_once_and_summarises(tmp_path: Path) -> None:
    first = run_coder("demo", "--project", tmp_path / "demo.ctdb")
    assert first.code == 0, first.err
    assert "Dialoogtafel Hoograven" in first.out and "Knelpunten" in first.out
    stats = json.loads(run_coder("stats", tmp_path / "demo.ctdb", "--json").out)
    assert stats["documents"]["Dialoogtafel Hoograven"]["turns"] > 30
    again = run_coder("demo", "--project", tmp_path / "demo.ctdb")
    assert again.code == 0 and "Building" not in again.out
