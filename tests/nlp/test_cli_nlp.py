"""coder nlp info and coder search, as a researcher runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import run_coder


def test_nlp_info_names_pipeline_and_accuracy() -> None:
    result = run_coder("nlp", "info")
    assert result.code == 0, result.err
    assert "Pipeline:" in result.out and "Accuracy:" in result.out and "lemma" in result.out
    data = json.loads(run_coder("nlp", "info", "--json").out)
    assert data["source"] in {"shipped", "official", "custom"} and data["scores"]
    assert "Features:" in result.out and "parser" not in data["features"]["components"]


def test_search_prints_keyword_in_context(mini_project: Path, data: Path) -> None:
    assert run_coder("import", mini_project, data / "gesprek.txt").code == 0
    result = run_coder("search", mini_project, "contactpersonen")
    assert result.code == 0, result.err
    assert "[contactpersoon]" in result.out and "gesprek #3" in result.out
    assert "1 hits in 1 documents" in result.out
    analysed = run_coder("nlp", "analyse", mini_project)
    assert analysed.code == 0 and "Analysed 1 documents" in analysed.out
