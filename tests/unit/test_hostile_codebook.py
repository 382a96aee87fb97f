"""Hostile YAML codebooks: aliases, deep nesting and size are refused in one line."""

from __future__ import annotations

from pathlib import Path

from coder.codebook import read_codebook
from coder.errors import InputFileError, LimitExceeded
from coder.ingest.limits import MAX_CODEBOOK_BYTES, MAX_YAML_DEPTH
from tests.bombs import BILLION_LAUGHS_YAML, assert_refused, deep_yaml


def _refused(path: Path, kind: type[InputFileError] = InputFileError) -> str:
    return assert_refused(read_codebook, path, kind)


def test_billion_laughs_is_refused_at_the_first_alias(tmp_path):
    # 1.5 KB that ran for minutes and past 2 GB on the old code.
    path = tmp_path / "lol.yaml"
    path.write_text(BILLION_LAUGHS_YAML, encoding="utf-8")
    assert len(BILLION_LAUGHS_YAML) < 1500
    assert _refused(path) == "uses a YAML alias (line 2); refused"


def test_a_single_alias_is_refused_too(tmp_path):
    path = tmp_path / "alias.yaml"
    path.write_text(
        "codes:\n  - name: A\n    definition: &d gedeeld\n  - name: B\n    definition: *d\n",
        encoding="utf-8",
    )
    assert _refused(path) == "uses a YAML alias (line 5); refused"


def test_an_anchor_without_alias_is_harmless(tmp_path):
    path = tmp_path / "anker.yaml"
    path.write_text("codes:\n  - &a {name: Wachten}\n", encoding="utf-8")
    assert [c.name for c in read_codebook(path).codes] == ["Wachten"]


def test_3000_levels_deep_is_refused_not_a_recursion_error(tmp_path):
    path = tmp_path / "diep.yaml"
    path.write_text(deep_yaml(3000), encoding="utf-8")
    assert _refused(path, LimitExceeded) == "nested more than 64 levels deep (limit); refused"


def test_a_code_tree_within_the_depth_limit_still_reads(tmp_path):
    # Every node is a level: the top mapping, the codes list and the last code's name,
    # and per code level its mapping and its children list.
    levels = (MAX_YAML_DEPTH - 3) // 2
    text = "codes:\n" + "".join(
        "  " * (2 * i + 1) + f"- name: c{i}\n" + "  " * (2 * i + 2) + "children:\n"
        for i in range(levels)
    )
    path = tmp_path / "diep.yaml"
    path.write_text(text + "  " * (2 * levels + 1) + "- laatste\n", encoding="utf-8")
    book = read_codebook(path)
    depth, codes = 0, book.codes
    while codes:
        depth, codes = depth + 1, codes[0].children
    assert depth == levels + 1


def test_a_codebook_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "groot.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_CODEBOOK_BYTES + 1)
    assert _refused(path, LimitExceeded) == "larger than 4 MB (limit); refused"


def test_a_folder_named_like_a_codebook_is_called_a_folder(tmp_path):
    folder = tmp_path / "codeboek.yaml"
    folder.mkdir()
    assert _refused(folder) == "is a folder, not a file"


def test_a_list_where_a_text_belongs_is_refused_in_one_line(tmp_path):
    path = tmp_path / "codeboek.yaml"
    path.write_text("codes:\n  - name: Wachten\n    definition: [een, twee]\n", encoding="utf-8")
    assert "'definition' must be text" in _refused(path)
    path.write_text("codes:\n  - name: Wachten\n    example: [[een], twee]\n", encoding="utf-8")
    assert "'example' quotes must be text" in _refused(path)


def test_example_quotes_may_be_a_list_each_kept_on_one_line(tmp_path):
    path = tmp_path / "codeboek.yaml"
    path.write_text(
        "codes:\n  - name: Wachten\n    example:\n      - |\n        Negen maanden\n        gewacht.\n"
        "      - 42\n      - ''\n",
        encoding="utf-8",
    )
    (code,) = read_codebook(path).codes
    assert code.example == "Negen maanden gewacht.\n42"
