"""The core never imports Textual (nor the heavy libraries at CLI start-up)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE_MODULES = [
    "coder.store",
    "coder.ingest",
    "coder.codebook",
    "coder.ingest.importing",
    "coder.demo",
    "coder.stats",
    "coder.nlp.search",
    "coder.suggest.model",
    "coder.cluster.run",
    "coder.export.tables",
    "coder.exchange.refi",
    "coder.exchange.agreement",
    "coder.export.agreement",
    "coder.export.formats",
    "coder.deid.copies",
    "coder.documents",
    "coder.retrieval",
    "coder.export.spreadsheet",
    "coder.text_safety",
    "coder.files",
    "coder.progress",
    "coder.suggest.open_rule",
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


def test_the_workbench_starts_without_the_model_libraries() -> None:
    """The app and its coding screen (which applies the open-suggestions rule) load
    scikit-learn, spaCy and pandas only when a worker first needs them."""
    code = (
        "import sys, coder.tui.app, coder.tui.screens.coding; "
        "print(sorted(m for m in ('spacy', 'sklearn', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_faces_are_peers_over_the_core() -> None:
    """No module outside coder/cli imports the command line, and the core imports neither
    face (the workbench asks the core for export formats, not the CLI)."""
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "coder"
    imports_cli = re.compile(r"^\s*(?:from|import)\s+coder\.cli\b", re.MULTILINE)
    imports_tui = re.compile(r"^\s*(?:from|import)\s+(?:coder\.tui|textual|typer)\b", re.MULTILINE)
    for path in sorted(package.rglob("*.py")):
        face = path.relative_to(package).parts[0]
        if face == "__main__.py":  # python -m coder: the command line's entry point
            continue
        text = path.read_text(encoding="utf-8")
        if face != "cli":
            assert not imports_cli.search(text), f"{path} imports coder.cli"
        if face not in ("cli", "tui"):
            assert not imports_tui.search(text), f"{path} imports a face"


def test_the_import_contracts_hold() -> None:
    """import-linter checks the contracts in pyproject.toml (the arrows of the
    architecture) over every import, also those inside functions."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "2 kept, 0 broken" in done.stdout
