from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_coder(*args: str | Path, cwd: Path | None = None) -> Result:
    """Run the real ``coder`` command in a subprocess, as a researcher would."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8", "COLUMNS": "120"}
    if "CODEERTAFEL_PIPELINE" in os.environ:  # a pipeline chosen for the test run
        env["CODEERTAFEL_PIPELINE"] = os.environ["CODEERTAFEL_PIPELINE"]
    done = subprocess.run(
        [sys.executable, "-m", "coder", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
    )
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def coder():
    return run_coder


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    path = tmp_path / "mini.ctdb"
    result = run_coder("init", path, "--codebook", DATA / "mini-codebook.yaml")
    assert result.code == 0, result.err
    return path
