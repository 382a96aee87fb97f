"""A stored model is hostile until proven otherwise: the gadgets that ran commands or
deleted files through the old prefix check, damaged and oversized files, and settings
our estimator never makes are all refused with one line, before anything is built."""

from __future__ import annotations

import io
import json
import os
import pickle
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from coder.store import Project
from coder.suggest import persist
from coder.suggest.estimator import CodeSuggester
from coder.suggest.model import MODEL_NAME, load_model
from tests.cli.conftest import run_coder
from tests.suggest.frames import random_units as _frame
from tests.suggest.frames import with_meaning as _with_meaning
from tests.suggest.gadgets import marking_program, rewrite, with_key_type

VARIANTS: list[dict[str, Any]] = [
    {},
    {"meaning": True},
    {"char_ngrams": None},
    {"word_ngrams": None},
    {"context_weight": 1.0},
    {"previous_weight": 3.0, "lemma_ngrams": (1, 2)},
    {"role_weight": 0.5, "role_prior": False},
    {"meaning": True, "embedding_weight": 0.0, "definition_weight": 0.0},
    {"meaning": True, "cold_start": 0.0},
]


@pytest.fixture(scope="module")
def blob() -> bytes:
    frame, labels = _frame()
    return persist.dumps(CodeSuggester().fit(frame, labels))


def _schema_nodes(data: bytes) -> set[tuple[str, str]]:
    schema = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("schema.json"))
    found, stack = set(), [schema]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if "__loader__" in value:
                found.add((value["__loader__"], f"{value['__module__']}.{value['__class__']}"))
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return found


@pytest.mark.parametrize("settings", VARIANTS, ids=lambda s: ",".join(s) or "default")
def test_every_variant_of_our_model_is_trusted_and_loads(settings: dict[str, Any]) -> None:
    frame, labels = _frame()
    if settings.pop("meaning", False):
        frame = _with_meaning(frame)
    estimator = CodeSuggester(**settings).fit(frame, labels)
    data = persist.dumps(estimator)
    assert _schema_nodes(data) <= persist.TRUSTED_NODES
    loaded = persist.loads(data, "p.ctdb")
    assert np.allclose(loaded.predict_proba(frame), estimator.predict_proba(frame))


def _first_array(data: bytes) -> str:
    return next(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.endswith(".npy"))


def _project_with(folder: Path, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ontvangen.ctdb"
    project = Project.create(path)
    project.save_model(MODEL_NAME, {"code_ids": [1, 2, 3]}, data)
    project.close()
    return path


def _refused(path: Path, match: str) -> None:
    project = Project.open(path)
    try:
        with pytest.raises(persist.UntrustedModelError, match=match) as caught:
            load_model(project)
        assert "\n" not in str(caught.value) and "coder train" in str(caught.value)
    finally:
        project.close()


def test_a_model_that_runs_a_command_is_refused(tmp_path: Path, blob: bytes) -> None:
    script, marker = marking_program(tmp_path)
    data = with_key_type(blob, "sklearn.utils._testing", "check_output", str(script))
    _refused(_project_with(tmp_path, data), "untrusted types: sklearn.utils._testing.check_output")
    assert not marker.exists()


def test_a_model_that_deletes_a_folder_or_file_is_refused(tmp_path: Path, blob: bytes) -> None:
    folder, file = tmp_path / "studie", tmp_path / "transcript.txt"
    folder.mkdir()
    file.write_text("bewaren")
    for module, name, target in (
        ("scipy._lib._tmpdirs", "rmtree", folder),
        ("sklearn.datasets._lfw", "remove", file),
    ):
        data = with_key_type(blob, module, name, str(target))
        _refused(_project_with(tmp_path / name, data), f"{module}.{name}")
    assert folder.is_dir() and file.read_text() == "bewaren"


def test_the_old_prefix_check_would_have_run_the_command(tmp_path: Path, blob: bytes) -> None:
    """The gadget is real: trusting by prefix (the old loader) calls it."""
    import skops.io

    script, marker = marking_program(tmp_path)
    data = with_key_type(blob, "sklearn.utils._testing", "check_output", str(script))
    untrusted = skops.io.get_untrusted_types(data=data)
    assert all(t.startswith(("sklearn.", "numpy.", "scipy.", "coder.suggest.")) for t in untrusted)
    skops.io.loads(data, trusted=untrusted)
    assert marker.exists()


@pytest.mark.parametrize(
    "data",
    [
        pickle.dumps({"x": 1}),
        os.urandom(2048),
        b"",
        b"PK\x03\x04" + os.urandom(200),
    ],
    ids=["pickle", "random", "empty", "broken-zip"],
)
def test_a_blob_that_is_not_a_model_is_one_line(tmp_path: Path, data: bytes) -> None:
    _refused(_project_with(tmp_path, data), "not a skops model file")


def test_a_skops_file_of_something_else_is_refused(tmp_path: Path) -> None:
    from fractions import Fraction

    import skops.io

    for number, (payload, match) in enumerate(
        (
            ({"x": np.float64(1.0), "f": print}, "untrusted types"),
            ({"f": Fraction(1, 3)}, "untrusted types"),
            ([1, 2, 3], "not a suggestion model"),
        )
    ):
        _refused(_project_with(tmp_path / str(number), skops.io.dumps(payload)), match)


def test_a_pickle_inside_an_array_is_refused(tmp_path: Path, blob: bytes) -> None:
    array_member = _first_array(blob)
    buffer = io.BytesIO()
    np.save(buffer, np.array([print, 1], dtype=object), allow_pickle=True)
    data = rewrite(blob, members={array_member: buffer.getvalue()})
    _refused(_project_with(tmp_path, data), "array of object")


def test_an_array_header_that_claims_more_than_it_holds_is_refused(blob: bytes) -> None:
    array_member = _first_array(blob)
    buffer = io.BytesIO()
    np.save(buffer, np.zeros(4))
    lying = buffer.getvalue().replace(b"(4,)", b"(400000000000,)")
    with pytest.raises(persist.UntrustedModelError, match="damaged"):
        persist.loads(rewrite(blob, members={array_member: lying}), "p.ctdb")


def test_a_model_that_unpacks_too_far_is_refused_before_reading(blob: bytes) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        target.writestr("schema.json", b'{"__loader__": "JsonNode"}')
        with target.open("zeros.npy", "w", force_zip64=True) as handle:
            chunk = bytes(2**20)
            for _ in range(persist.MAX_UNPACKED_BYTES // 2**20 + 1):
                handle.write(chunk)
    data = out.getvalue()
    assert len(data) < 4 * 2**20  # a small file …
    with pytest.raises(persist.UntrustedModelError, match="unpacks to more than 512 MB"):
        persist.loads(data, "p.ctdb")  # … refused from its directory, never unpacked


def test_a_model_of_too_many_parts_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for k in range(persist.MAX_MEMBERS + 1):
            target.writestr(f"{k}.npy", b"")
    with pytest.raises(persist.UntrustedModelError, match="more than 20,000 parts"):
        persist.loads(out.getvalue(), "p.ctdb")


def test_a_deeply_nested_model_is_refused(blob: bytes) -> None:
    node: dict[str, Any] = {
        "__class__": "list",
        "__module__": "builtins",
        "__loader__": "ListNode",
        "content": [],
    }
    deep = node
    for _ in range(persist.MAX_DEPTH):
        child = {
            "__class__": "list",
            "__module__": "builtins",
            "__loader__": "ListNode",
            "content": [],
        }
        deep["content"].append(child)
        deep = child
    with pytest.raises(persist.UntrustedModelError, match="nests more than 64 levels"):
        persist.loads(rewrite(blob, node), "p.ctdb")
    # so deep that the JSON parser itself gives up
    nested = b'{"__loader__": "ListNode", "content": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(persist.UntrustedModelError, match="nests more than 64 levels"):
        persist.loads(rewrite(blob, members={"schema.json": nested}), "p.ctdb")


@pytest.mark.parametrize(
    "tamper",
    [
        # a regular expression that backtracks for minutes on a long turn
        lambda e: setattr(e.features_.transformers_[0][1], "token_pattern", r"(\w+\s?)+$"),
        # n-grams a thousand words long
        lambda e: setattr(e.features_.transformers_[0][1], "ngram_range", (1, 1000)),
        # a vectorizer that reads files named by the turns
        lambda e: setattr(e.features_.transformers_[1][1], "input", "filename"),
        # a thousand parallel workers
        lambda e: setattr(e.features_, "n_jobs", 1000),
        lambda e: setattr(e, "lemma_ngrams", (1, 500)),
        lambda e: setattr(e.estimators_[0], "n_jobs", 64),
        lambda e: setattr(e, "priors_", np.zeros(1)),
        # a pull towards the document's mean beyond it
        lambda e: setattr(e, "document_weight", 5.0),
        # pulls that leave a turn less than nothing of its own score
        lambda e: e.set_params(document_weight=0.6, neighbour_weight=0.2, parts_weight=0.4),
        lambda e: setattr(e, "parts_weight", "0.4"),
    ],
    ids=[
        "regex",
        "ngrams",
        "files",
        "jobs",
        "own-ngrams",
        "classifier",
        "priors",
        "document",
        "pulls",
        "parts",
    ],
)
def test_settings_our_estimator_never_makes_are_refused(tamper) -> None:  # type: ignore[no-untyped-def]
    frame, labels = _frame()
    estimator = CodeSuggester().fit(frame, labels)
    tamper(estimator)
    with pytest.raises(persist.UntrustedModelError, match="damaged"):
        persist.loads(persist.dumps(estimator), "p.ctdb")


def test_vocabularies_are_stored_as_one_text_each_and_read_back() -> None:
    frame, labels = _frame(200, seed=1)
    # a vocabulary cut to its most frequent n-grams even keeps NumPy integers as indices
    estimator = CodeSuggester(char_features=60).fit(frame, labels)
    before = [dict(v.vocabulary_) for v in persist._vectorizers(estimator)]
    data = persist.dumps(estimator)
    # the estimator in memory is left as it was
    assert [v.vocabulary_ for v in persist._vectorizers(estimator)] == before
    assert len(zipfile.ZipFile(io.BytesIO(data)).namelist()) < 20  # was 75: one per entry
    loaded = persist.loads(data, "p.ctdb")
    assert [v.vocabulary_ for v in persist._vectorizers(loaded)] == before
    assert np.allclose(loaded.predict_proba(frame), estimator.predict_proba(frame))


def test_a_model_stored_with_vocabulary_dictionaries_still_loads() -> None:
    import skops.io

    frame, labels = _frame()
    estimator = CodeSuggester().fit(frame, labels)
    loaded = persist.loads(skops.io.dumps(estimator), "p.ctdb")  # as stored before
    assert np.allclose(loaded.predict_proba(frame), estimator.predict_proba(frame))


@pytest.mark.parametrize(
    "stored",
    [
        "{not json",
        "[1, 2, 3]",
        '{"wachttijd": "0"}',
        '{"wachttijd": true}',
        '{"wachttijd": 0, "school": 0}',
        '{"wachttijd": 100000}',
        "[" * 100_000 + "]" * 100_000,
        '{"' + "x" * persist.MAX_VOCABULARY_CHARACTERS + '": 0}',
    ],
    ids=["not-json", "list", "text-index", "bool-index", "twice", "out-of-range", "deep", "huge"],
)
def test_a_damaged_or_hostile_vocabulary_is_refused(stored: str) -> None:
    import skops.io

    frame, labels = _frame()
    estimator = CodeSuggester().fit(frame, labels)
    persist._vectorizers(estimator)[0].vocabulary_ = stored
    with pytest.raises(persist.UntrustedModelError, match="damaged"):
        persist.loads(skops.io.dumps(estimator), "p.ctdb")


def test_the_cli_says_one_line_and_runs_nothing(tmp_path: Path, blob: bytes) -> None:
    script, marker = marking_program(tmp_path)
    path = _project_with(
        tmp_path, with_key_type(blob, "sklearn.utils._testing", "check_output", str(script))
    )
    transcript = tmp_path / "gesprek.txt"
    transcript.write_text("Moeder: het duurde heel lang.\nJongere: ja, veel te lang.\n")
    assert run_coder("import", path, transcript).code == 0
    result = run_coder("suggest", path, "gesprek")
    assert result.code != 0, result.out
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "untrusted types" in lines[0], result.err
    assert not marker.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda e: setattr(e.features_.transformers_[2][1], "scale", "evil"),
        lambda e: setattr(e.features_.transformers_[2][1], "mean_", np.zeros((4, 4))),
        lambda e: setattr(e, "roles_", ["ouder", 3]),
        lambda e: setattr(e, "role_factors_", np.ones(7)),
        lambda e: setattr(e, "embedding_weight", float("nan")),
        lambda e: setattr(e, "cold_start", -1.0),
        lambda e: setattr(e, "zero_shot_", np.ones((2, 9))),
        lambda e: setattr(e, "zero_shot_curve_", np.array([np.inf, 0.0])),
        lambda e: setattr(e, "zero_shot_", e.zero_shot_ * [[1.0], [0.0]]),
        lambda e: setattr(e, "positives_", -e.positives_),
    ],
    ids=[
        "scale",
        "vector-shape",
        "role-names",
        "role-factors",
        "weight",
        "cold-start",
        "zero-shot-shape",
        "zero-shot-curve",
        "zero-shot-spread",
        "positives",
    ],
)
def test_tampered_meaning_parts_are_refused(tamper) -> None:  # type: ignore[no-untyped-def]
    frame, labels = _frame()
    estimator = CodeSuggester().fit(_with_meaning(frame), labels)
    assert estimator.features_.transformers_[2][0] == "embedding"
    tamper(estimator)
    with pytest.raises(persist.UntrustedModelError, match="damaged"):
        persist.loads(persist.dumps(estimator), "p.ctdb")


def test_the_codebook_examples_are_not_stored_with_the_model() -> None:
    from coder.suggest.estimator import CodebookExamples

    frame, labels = _frame()
    frame = _with_meaning(frame)
    book = CodebookExamples(frame.iloc[:6].reset_index(drop=True), np.eye(3, dtype=int)[[0, 1] * 3])
    estimator = CodeSuggester(codebook=book, codebook_weight=2.0).fit(frame, labels)
    data = persist.dumps(estimator)
    assert estimator.codebook is book  # the estimator in memory keeps them
    assert _schema_nodes(data) <= persist.TRUSTED_NODES
    loaded = persist.loads(data, "p.ctdb")
    assert loaded.codebook is None and loaded.codebook_weight == 2.0
    assert np.allclose(loaded.predict_proba(frame), estimator.predict_proba(frame))


def test_a_model_file_that_carries_codebook_data_is_refused() -> None:
    import skops.io

    frame, labels = _frame()
    estimator = CodeSuggester().fit(frame, labels)
    estimator.codebook = [1.0, 2.0]  # built only from trusted types, yet not what we store
    with pytest.raises(persist.UntrustedModelError, match="damaged"):
        persist.loads(skops.io.dumps(estimator), "p.ctdb")


def test_a_model_stored_before_the_parts_pull_loads_and_predicts_as_it_did() -> None:
    frame, labels = _frame()
    estimator = CodeSuggester(document_weight=0.2, neighbour_weight=0.1).fit(frame, labels)
    before = estimator.predict_proba(frame)
    del estimator.parts_weight  # as models were stored before the parameter existed
    loaded = persist.loads(persist.dumps(estimator), "p.ctdb")
    assert "parts_weight" not in vars(loaded) and loaded.get_params()["parts_weight"] == 0.0
    assert np.allclose(loaded.predict_proba(frame), before)
