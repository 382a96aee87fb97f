"""The exchange core stays headless and light (see tests/unit/test_import_hygiene.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "coder.exchange.refi",
        "coder.exchange.agreement",
        "coder.export.agreement",
        "coder.cli.exchange",
    ],
)
def test_exchange_imports_no_ui_and_no_heavy_library(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "print(sorted(m for m in ('textual', 'pandas', 'sklearn', 'spacy', 'lxml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
