"""`coder import --help` names what the core imports (the one tuple in coder.ingest).

The help text spells the suffixes out, so that `coder --help` does not import the
readers; this keeps the two from drifting apart."""

from __future__ import annotations

from coder.ingest import REFI_SUFFIXES, SUPPORTED_SUFFIXES


def test_import_help_names_every_importable_suffix(coder) -> None:  # type: ignore[no-untyped-def]
    result = coder("import", "--help")
    assert result.code == 0
    text = " ".join(result.out.split())
    for suffix in (*SUPPORTED_SUFFIXES, *REFI_SUFFIXES):
        assert suffix in text, suffix
