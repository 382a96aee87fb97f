"""The core never imports Textual (nor the heavy libraries at CLI start-up)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE_MODULES = [
    "coder.store",
    "coder.ingest",
    "coder.codebook",
    "coder.importing",
    "coder.demo",
    "coder.stats",
    "coder.nlp.search",
    "coder.suggest.model",
    "coder.cluster.run",
    "coder.export.tables",
    "coder.exchange.refi",
    "coder.exchange.agreement",
    "coder.export.spreadsheet",
    "coder.text_safety",
    "coder.nlp.lifeline",
    "coder.cli",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_cli_start_up_imports_no_heavy_library() -> None:
    code = (
        "import sys, coder.cli; "
        "print(sorted(m for m in ('spacy', 'sklearn', 'pandas', 'textual', 'docx', 'yaml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
