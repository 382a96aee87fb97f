"""Where the data that ships with Codeertafel lives.

In a source checkout (and an editable install) ``corpora/`` and ``models/`` sit
next to the package; a wheel carries them inside it as ``coder/_data/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"Codeertafel's '{name}' folder is missing from this installation")


def corpora_dir() -> Path:
    return data_dir("corpora")


def models_dir() -> Path:
    return data_dir("models")


def default_codebook() -> Path:
    return corpora_dir() / "codebooks" / "awtj-utrecht.yaml"


def demo_dir() -> Path:
    return corpora_dir() / "demo"
