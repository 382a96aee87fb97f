"""Fuzzing YAML codebooks: read and merged into a project completely, or refused with
one clear InputFileError and the project unchanged."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import event, given
from hypothesis import strategies as st

from coder.codebook import apply_codebook, read_codebook
from coder.errors import CoderError, InputFileError
from coder.resources import default_codebook
from coder.store import Project
from tests.exchange.conftest import snapshot
from tests.fuzz.fuzzing import HOSTILE_VALUES, assert_clear_error, fresh_copy, fuzz, hostile_bytes

CLI_DATA = Path(__file__).parents[1] / "cli" / "data"
SEEDS = [default_codebook().read_bytes(), (CLI_DATA / "mini-codebook.yaml").read_bytes()]

_SCALARS = (
    st.sampled_from(HOSTILE_VALUES)
    | st.text(max_size=20)
    | st.integers()
    | st.floats()
    | st.booleans()
    | st.none()
)
_KEYS = st.sampled_from(
    ["name", "children", "colour", "color", "definition", "inclusion", "exclusion", "example", "x"]
)
# Any shape a codebook could take, mostly near the real one.
_NODES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=5),
    max_leaves=25,
)
# Mostly plausible names, colours and texts, so most books get as far as the store.
_NAMES = st.text(min_size=1, max_size=30) | st.text(min_size=1, max_size=30) | _SCALARS
_FIELDS = {
    "colour": st.sampled_from(["#E15759", "#abc", "#4e79a7", "rood"]) | _SCALARS,
    **{key: st.text(max_size=40) | _SCALARS for key in ("definition", "inclusion", "example")},
}
# Codes with hostile names and fields, nested, between nodes of any other shape.
_CODES = st.recursive(
    st.fixed_dictionaries({"name": _NAMES}, optional=_FIELDS),
    lambda inner: st.fixed_dictionaries(
        {"name": _NAMES}, optional={**_FIELDS, "children": st.lists(inner, max_size=3) | _NODES}
    ),
    max_leaves=12,
)
_BOOKS = st.fixed_dictionaries(
    {"codes": st.lists(st.one_of(_CODES, _CODES, _CODES, _NODES), max_size=5)},
    optional={"name": _SCALARS, "language": _SCALARS, "description": _SCALARS},
)


def check_codebook(template: Path, data: bytes) -> None:
    folder = template.parent
    path = folder / "fuzz.yaml"
    path.write_bytes(data)
    try:
        book = read_codebook(path)
    except InputFileError as error:
        assert_clear_error(error, path)
        return
    with Project.open(fresh_copy(template)) as project:
        before = snapshot(project)
        try:
            apply_codebook(project, book)
        except CoderError as error:
            assert "\n" not in str(error)
            assert snapshot(project) == before
            event("refused by the store")
            return
        event("merged")


@fuzz(200)
@given(data=hostile_bytes(SEEDS))
def test_fuzz_codebook_bytes(template, data):
    check_codebook(template, data)


@fuzz(150)
@given(book=_BOOKS)
def test_fuzz_codebook_shapes(template, book):
    check_codebook(template, yaml.safe_dump(book, allow_unicode=True).encode())
