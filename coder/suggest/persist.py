"""Storing and loading the suggestion model without trusting the file it comes from.

Projects are e-mailed and shared, so the model inside a project is hostile until proven
otherwise. skops rebuilds objects by importing the types a file names and calling them
with values from the file; a type name is therefore a capability. Trusting whole
libraries by prefix is not safe: scikit-learn, NumPy and SciPy hold functions that run
commands or delete files. So a stored model is checked, before skops imports or builds
anything, against an exact list of (loader, type) pairs that the project's own model
uses, within limits on its size and nesting; after loading, the estimator's settings
must be the ones :class:`CodeSuggester` itself builds, and it must predict a probability.
Anything else is refused with one line that says to retrain.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from typing import Any

import numpy as np

from coder.errors import CoderError
from coder.suggest.context import CONTEXT_PARAMETERS, within_one
from coder.suggest.estimator import CodeSuggester, GatedPrevious, VectorColumn

# Every node the project's own model is made of: skops's loader and the type it builds.
# Nothing outside this list is imported or built. tests/suggest/test_persist.py trains
# every variant of the estimator and checks that they need no other pair; extend this
# list only together with the estimator.
TRUSTED_NODES: frozenset[tuple[str, str]] = frozenset(
    {
        ("DictNode", "builtins.dict"),
        ("JsonNode", "builtins.str"),
        ("ListNode", "builtins.list"),
        ("TupleNode", "builtins.tuple"),
        ("SliceNode", "builtins.slice"),
        ("TypeNode", "builtins.str"),
        ("TypeNode", "builtins.int"),
        ("TypeNode", "numpy.float64"),
        ("NdArrayNode", "numpy.ndarray"),
        ("NdArrayNode", "numpy.int64"),
        ("NdArrayNode", "numpy.float64"),
        ("ObjectNode", "coder.suggest.estimator.CodeSuggester"),
        ("ObjectNode", "coder.suggest.estimator.GatedPrevious"),
        ("ObjectNode", "coder.suggest.estimator.VectorColumn"),
        ("ObjectNode", "coder.suggest.textfeatures.WordCharTfidf"),
        ("ObjectNode", "sklearn.compose._column_transformer.ColumnTransformer"),
        ("ObjectNode", "sklearn.feature_extraction.text.TfidfTransformer"),
        ("ObjectNode", "sklearn.feature_extraction.text.TfidfVectorizer"),
        ("ObjectNode", "sklearn.linear_model._logistic.LogisticRegression"),
        ("ObjectNode", "sklearn.preprocessing._encoders.OneHotEncoder"),
    }
)
# A model of a large study (30 codes, 200,000 n-grams) unpacks to well under 100 MB and
# nests about 20 levels deep.
MAX_UNPACKED_BYTES = 512 * 2**20
MAX_MEMBERS = 20_000
MAX_DEPTH = 64
MAX_NODES = 5_000_000
MAX_VOCABULARY_CHARACTERS = 16 * 2**20  # a vocabulary of some 1,000,000 terms
# Arrays are read with allow_pickle=False; these dtypes are all a model stores.
_ARRAY_KINDS = set("biuf")  # bool, signed, unsigned, float

RETRAIN = "retrain with coder train"


class UntrustedModelError(CoderError):
    """A stored model that is not one this project made: never loaded."""


def dumps(estimator: CodeSuggester) -> bytes:
    """The fitted estimator as a skops file; each vocabulary as one JSON text.

    skops writes a dictionary as a node per entry: a model with 25,000 n-grams took 2 s
    to check and read back, the larger part of auto-tagging a cached corpus, and 60,000
    (the character n-grams' limit) made more file members than :data:`MAX_MEMBERS`.
    The codebook's examples it was fitted with are not stored: predicting does not read
    them, and a stored model holds nothing but the model.
    """
    import copy

    import skops.io

    estimator = copy.copy(estimator)
    estimator.codebook = None
    vocabularies = [(vectorizer, vectorizer.vocabulary_) for vectorizer in _vectorizers(estimator)]
    try:
        for vectorizer, vocabulary in vocabularies:
            vectorizer.vocabulary_ = json.dumps(
                {str(term): int(index) for term, index in vocabulary.items()}, ensure_ascii=False
            )
        return skops.io.dumps(estimator)
    finally:
        for vectorizer, vocabulary in vocabularies:
            vectorizer.vocabulary_ = vocabulary


def _vectorizers(estimator: Any) -> list[Any]:
    """The fitted vectorizers of the estimator's features (with a ``vocabulary_``)."""
    found = []
    for _, transformer, _ in getattr(getattr(estimator, "features_", None), "transformers_", []):
        for vectorizer in (transformer, getattr(transformer, "vectorizer_", None)):
            if vectorizer is not None and hasattr(vectorizer, "vocabulary_"):
                found.append(vectorizer)
    return found


def _read_vocabularies(estimator: CodeSuggester, source: str) -> None:
    """Each stored vocabulary back as the dictionary its vectorizer uses (models stored
    before keep a dictionary), checked: terms to the column numbers 0..n-1 of its idf."""
    for vectorizer in _vectorizers(estimator):
        stored = vectorizer.vocabulary_
        try:
            if isinstance(stored, str):
                if len(stored) > MAX_VOCABULARY_CHARACTERS:
                    raise ValueError("vocabulary too large")
                stored = json.loads(stored)
            if not isinstance(stored, dict) or not all(
                isinstance(term, str) and _is_index(index) for term, index in stored.items()
            ):
                raise ValueError("vocabulary")
            vocabulary = {term: int(index) for term, index in stored.items()}
            columns = len(getattr(vectorizer, "idf_", ()))
            if sorted(vocabulary.values()) != list(range(columns)):
                raise ValueError("vocabulary columns")
        except Exception as error:  # whatever a damaged or hostile text makes json raise
            raise _damaged(source, error) from None
        vectorizer.vocabulary_ = vocabulary


def _is_index(value: Any) -> bool:
    """An integer (NumPy's too: models stored before kept them), not a truth value."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def loads(data: bytes, source: str) -> CodeSuggester:
    """The estimator in ``data``, or :class:`UntrustedModelError` naming ``source``.

    The checks run in order of cost and nothing from the file is imported or built
    before the type check has passed.
    """
    archive = _open_archive(data, source)
    with archive:
        schema = _read_schema(archive, source)
        types = _audit_schema(schema, source)
        _check_arrays(archive, source)
    import skops.io

    try:
        estimator = skops.io.loads(data, trusted=sorted(types))
    except Exception as error:  # a damaged file can fail anywhere inside skops
        raise _damaged(source, error) from None
    if not isinstance(estimator, CodeSuggester):
        raise UntrustedModelError(
            f"{source}: the stored model is not a suggestion model; {RETRAIN}"
        )
    _read_vocabularies(estimator, source)
    check_fitted_state(estimator, source)
    return estimator


def _damaged(source: str, error: BaseException) -> UntrustedModelError:
    return UntrustedModelError(
        f"{source}: the stored model is damaged ({type(error).__name__}); {RETRAIN}"
    )


def _open_archive(data: bytes, source: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise UntrustedModelError(
            f"{source}: the stored model is not a skops model file ({type(error).__name__}); {RETRAIN}"
        ) from None
    if len(members) > MAX_MEMBERS:
        archive.close()
        raise UntrustedModelError(
            f"{source}: the stored model has more than {MAX_MEMBERS:,} parts; {RETRAIN}"
        )
    # zipfile never unpacks more than a member's declared size, so the directory bounds it.
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        archive.close()
        raise UntrustedModelError(
            f"{source}: the stored model unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB; {RETRAIN}"
        )
    return archive


def _read_schema(archive: zipfile.ZipFile, source: str) -> Any:
    try:
        raw = archive.read("schema.json")
        return json.loads(raw)
    except RecursionError:
        raise UntrustedModelError(
            f"{source}: the stored model nests more than {MAX_DEPTH} levels deep; {RETRAIN}"
        ) from None
    except (KeyError, ValueError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise _damaged(source, error) from None


def _audit_schema(schema: Any, source: str) -> set[str]:
    """Every type the schema names, after checking each node against TRUSTED_NODES.

    Walks every dict of the schema, also those skops would skip (a node whose id it has
    seen already), so nothing can hide behind a cached reference.
    """
    if not isinstance(schema, dict) or schema.get("__loader__") is None:
        raise UntrustedModelError(f"{source}: the stored model has no object tree; {RETRAIN}")
    untrusted: set[str] = set()
    types: set[str] = set()
    stack: list[tuple[Any, int]] = [(schema, 1)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise UntrustedModelError(
                f"{source}: the stored model nests more than {MAX_DEPTH} levels deep; {RETRAIN}"
            )
        nodes += 1
        if nodes > MAX_NODES:
            raise UntrustedModelError(
                f"{source}: the stored model has more than {MAX_NODES:,} parts; {RETRAIN}"
            )
        if isinstance(value, dict):
            if "__loader__" in value or "__module__" in value or "__class__" in value:
                loader = value.get("__loader__")
                name = f"{value.get('__module__')}.{value.get('__class__')}"
                if (loader, name) in TRUSTED_NODES:
                    types.add(name)
                elif loader != "CachedNode" or not _is_plain_reference(value):
                    untrusted.add(name if loader in _KNOWN_LOADERS else f"{loader}:{name}")
            stack.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)
    if untrusted:
        listed = ", ".join(sorted(untrusted)[:5]) + (" …" if len(untrusted) > 5 else "")
        raise UntrustedModelError(
            f"{source}: the stored model contains untrusted types: {listed}; {RETRAIN}"
        )
    return types


_KNOWN_LOADERS = {loader for loader, _ in TRUSTED_NODES}
_TRUSTED_TYPES = {name for _, name in TRUSTED_NODES}


def _is_plain_reference(node: dict[str, Any]) -> bool:
    """A CachedNode only points at an object seen before, which is checked where it stands."""
    return set(node) <= {"__loader__", "__module__", "__class__", "__id__"} and (
        f"{node.get('__module__')}.{node.get('__class__')}" in _TRUSTED_TYPES
    )


def _check_arrays(archive: zipfile.ZipFile, source: str) -> None:
    """Each stored array holds numbers and is no larger than its member: no object arrays,
    no header that claims more than the file holds."""
    from numpy.lib import format as npy

    for member in archive.infolist():
        if not member.filename.endswith(".npy"):
            continue
        try:
            with archive.open(member) as handle:
                version = npy.read_magic(handle)
                if version == (1, 0):
                    shape, _, dtype = npy.read_array_header_1_0(handle)
                else:
                    shape, _, dtype = npy.read_array_header_2_0(handle)
        except Exception as error:  # numpy raises ValueError, zipfile BadZipFile, …
            raise _damaged(source, error) from None
        if dtype.kind not in _ARRAY_KINDS or dtype.hasobject:
            raise UntrustedModelError(
                f"{source}: the stored model holds an array of {dtype}; {RETRAIN}"
            )
        if math.prod(shape) * dtype.itemsize > member.file_size:
            raise _damaged(source, ValueError("array larger than its data"))


def check_fitted_state(estimator: CodeSuggester, source: str) -> None:
    """Refuse settings that CodeSuggester never makes (a regular expression that
    backtracks, n-grams a thousand long, a thousand parallel jobs, a vectorizer that
    reads files), then predict once: a model that cannot is damaged."""
    try:
        _check_parameters(estimator)
        features, weights = estimator._feature_parts()
        expected = {name: transformer for name, transformer, _ in features}
        columns = {name: column for name, _, column in features}
        fitted = estimator.features_
        _same_settings(fitted, _column_transformer(features, weights), "features")
        if not set(fitted.transformer_weights or {}) <= set(weights):
            raise ValueError("feature weights")
        for name, transformer, column in fitted.transformers_:
            if name == "remainder":
                if transformer != "drop":
                    raise ValueError("remainder")
                continue
            if name not in expected or column != columns[name]:
                raise ValueError(f"feature {name!r}")
            _same_settings(transformer, expected[name], name)
            if isinstance(transformer, GatedPrevious):
                _same_settings(transformer.vectorizer_, GatedPrevious.make_vectorizer(), name)
        codes = len(estimator.classes_)
        if len(estimator.estimators_) != codes or np.shape(estimator.priors_) != (codes,):
            raise ValueError("one model per code")
        for model in estimator.estimators_:
            if model is not None:
                _same_settings(model, estimator.make_classifier(), "classifier")
        # models stored before the role prior have none
        roles, factors = getattr(estimator, "roles_", []), getattr(estimator, "role_factors_", [])
        if len(roles) != len(factors) or not all(isinstance(role, str) for role in roles):
            raise ValueError("role factors")
        _check_zero_shot(estimator, codes)
        probe = _probe_frame(fitted)
        proba = estimator.predict_proba(probe)
    except UntrustedModelError:
        raise
    except Exception as error:
        raise _damaged(source, error) from None
    if proba.shape != (len(probe), codes) or not np.all((proba >= 0) & (proba <= 1)):
        raise _damaged(source, ValueError("probabilities out of range"))


def _check_zero_shot(estimator: CodeSuggester, codes: int) -> None:
    """The cold start's numbers (models stored before it have none)."""
    zero_shot = getattr(estimator, "zero_shot_", None)
    curve = getattr(estimator, "zero_shot_curve_", None)
    if zero_shot is None and curve is None:
        return
    if not (
        isinstance(zero_shot, np.ndarray)
        and isinstance(curve, np.ndarray)
        and zero_shot.shape == (2, codes)
        and curve.shape == (2,)
        and np.all(np.isfinite(zero_shot))
        and np.all(np.isfinite(curve))
        and np.all(zero_shot[1] > 0)
    ):
        raise ValueError("zero-shot model")
    positives = getattr(estimator, "positives_", None)
    if (
        not isinstance(positives, np.ndarray)
        or positives.shape != (codes,)
        or np.any(positives < 0)
    ):
        raise ValueError("positives per code")


def _check_parameters(estimator: CodeSuggester) -> None:
    def ngrams(value: Any, longest: int) -> bool:
        return (
            isinstance(value, tuple)
            and len(value) == 2
            and all(isinstance(n, int) for n in value)
            and 1 <= value[0] <= value[1] <= longest
        )

    def number(value: Any) -> bool:
        return isinstance(value, (int, float)) and math.isfinite(value) and value >= 0

    params = estimator.get_params()
    checks = {
        "C": number(params["C"]) and params["C"] > 0,
        "lemma_ngrams": params["lemma_ngrams"] is None or ngrams(params["lemma_ngrams"], 4),
        "word_ngrams": params["word_ngrams"] is None or ngrams(params["word_ngrams"], 4),
        "char_ngrams": params["char_ngrams"] is None or ngrams(params["char_ngrams"], 8),
        "char_features": isinstance(params["char_features"], int)
        and 0 < params["char_features"] <= 1_000_000,
        "min_known": isinstance(params["min_known"], int) and params["min_known"] >= 0,
        "codebook": params["codebook"] is None,  # never stored (see dumps)
    }
    for name in (
        "context_weight",
        "role_weight",
        "previous_weight",
        "previous_gate",
        "embedding_weight",
        "previous_embedding_weight",
        "definition_weight",
        "cold_start",
        "codebook_weight",
    ):
        checks[name] = number(params[name])
    context = [params[name] for name in CONTEXT_PARAMETERS]  # None: not chosen
    checks["context"] = (
        all(w is None or number(w) for w in context)
        and within_one(context)
        and isinstance(params["neighbours"], int)
        and 1 <= params["neighbours"] <= 50
    )
    checks["role_prior"] = isinstance(params["role_prior"], bool)
    wrong = [name for name, ok in checks.items() if not ok]
    if wrong:
        raise ValueError(f"settings {', '.join(wrong)}")


def _column_transformer(features: list[tuple[str, Any, Any]], weights: dict[str, float]) -> Any:
    from sklearn.compose import ColumnTransformer

    return ColumnTransformer(features, transformer_weights=weights, sparse_threshold=1.0)


def _same_settings(actual: Any, expected: Any, name: str) -> None:
    """``actual`` is the same kind of object as ``expected``, with the same settings
    (nested estimators and transformer lists compared by their own settings)."""
    if type(actual) is not type(expected):
        raise ValueError(f"{name}: {type(actual).__name__}")
    mine, theirs = actual.get_params(deep=False), expected.get_params(deep=False)
    for key in ("transformers", "transformer_weights"):
        # fitted models keep only the parts that had words; compared above, part by part
        mine.pop(key, None), theirs.pop(key, None)
    if mine != theirs:
        differing = sorted(k for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k))
        raise ValueError(f"{name}: {', '.join(differing)}")


def _probe_frame(features: Any) -> Any:
    """Two units to predict once, with vectors of the sizes the fitted model knows."""
    import pandas as pd

    text = "de wachttijd bij de jeugdzorg was lang"
    frame = pd.DataFrame(
        {
            "text": [text, ""],
            "lemmas": ["wachttijd jeugdzorg lang", ""],
            "context": ["", ""],
            "previous": ["school", ""],
            "role": ["ouder", ""],
        }
    )
    for _, transformer, column in features.transformers_:
        if isinstance(transformer, VectorColumn):
            if transformer.mean_.ndim != 1 or transformer.scale_.shape != transformer.mean_.shape:
                raise ValueError("vector sizes")
            size = len(transformer.mean_)
            frame[column] = [np.linspace(-1.0, 1.0, size), np.zeros(size)]
    return frame
