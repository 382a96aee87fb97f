"""The Dutch spaCy pipelines: the official one when installed, else the ones we ship.

``nl_core_news_sm`` (or md/lg) is not on the package index, so on most machines the
pipelines trained by this project (from UD Dutch Alpino and LassySmall) are in use:

* the full pipeline (``load_pipeline``, ``models/nl_codeertafel_sm``): sentences,
  lemmas, POS, dependencies and noun chunks, for search and clustering;
* the feature pipeline (``load_feature_pipeline``, ``models/nl_codeertafel_xs``): a
  small tagger (POS, lemmas, sentence boundaries, no parser) several times faster, for
  the suggestion model, whose features are content lemmas of turns and sentences.
  With an official pipeline installed it is that pipeline without its parser and NER.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coder.errors import CoderError
from coder.resources import models_dir

if TYPE_CHECKING:
    from spacy.language import Language

OFFICIAL_PIPELINES = ("nl_core_news_lg", "nl_core_news_md", "nl_core_news_sm")
SHIPPED_PIPELINE = "nl_codeertafel_sm"
SHIPPED_FEATURE_PIPELINE = "nl_codeertafel_xs"
# Point these at a pipeline directory to use it instead (e.g. a retrained one).
PIPELINE_ENV = "CODEERTAFEL_PIPELINE"
FEATURE_PIPELINE_ENV = "CODEERTAFEL_FEATURE_PIPELINE"
# Not needed for features, and most of the time of a full pipeline.
_HEAVY_COMPONENTS = ("parser", "ner")

_lock = threading.Lock()
_loaded: dict[tuple[str, bool], Language] = {}
_origin: dict[int, tuple[str, str, bool]] = {}  # id(nlp) → (target, source, trimmed)


@dataclass(frozen=True)
class PipelineInfo:
    name: str
    version: str
    source: str  # "official", "shipped" or "custom"
    path: str
    components: list[str] = field(default_factory=list)
    scores: dict[str, Any] = field(default_factory=dict)

    @property
    def identity(self) -> str:
        """What a cached analysis is keyed by: a new pipeline version invalidates it."""
        return f"{self.name}-{self.version}"


def shipped_pipeline_path() -> Path:
    return models_dir() / SHIPPED_PIPELINE


def _official_installed() -> str | None:
    import spacy.util

    for name in OFFICIAL_PIPELINES:
        if spacy.util.is_package(name):
            return name
    return None


def _choose() -> tuple[str, str]:
    """(spacy.load argument, source) of the pipeline to use."""
    custom = os.environ.get(PIPELINE_ENV)
    if custom:
        if not Path(custom, "meta.json").is_file():
            raise CoderError(f"{custom}: ${PIPELINE_ENV} does not point at a spaCy pipeline folder")
        return custom, "custom"
    official = _official_installed()
    if official:
        return official, "official"
    shipped = shipped_pipeline_path()
    if not (shipped / "meta.json").is_file():
        raise CoderError(
            f"no Dutch pipeline: install nl_core_news_sm or restore {shipped} (see models/training/README.md)"
        )
    return str(shipped), "shipped"


def _choose_features() -> tuple[str, str, bool]:
    """(spacy.load argument, source, trim the heavy components) of the feature pipeline."""
    custom = os.environ.get(FEATURE_PIPELINE_ENV)
    if custom:
        if not Path(custom, "meta.json").is_file():
            raise CoderError(
                f"{custom}: ${FEATURE_PIPELINE_ENV} does not point at a spaCy pipeline folder"
            )
        return custom, "custom", False
    target, source = _choose()
    if source == "shipped":
        small = models_dir() / SHIPPED_FEATURE_PIPELINE
        if (small / "meta.json").is_file():
            return str(small), "shipped", False
    return target, source, True


def load_pipeline() -> Language:
    """The full Dutch pipeline, loaded once per process (thread-safe to share for reading)."""
    target, source = _choose()
    return _load(target, source, trimmed=False)


def load_feature_pipeline() -> Language:
    """The pipeline the suggestion model reads its features from (no parser, fast)."""
    return _load(*_choose_features())


def _load(target: str, source: str, trimmed: bool) -> Language:
    import spacy

    import coder.nlp.components  # noqa: F401  (registers our components' factories)

    with _lock:
        key = (target, trimmed)
        if key not in _loaded:
            nlp = spacy.load(target)
            if trimmed:
                _trim(nlp)
            _loaded[key] = nlp
            _origin[id(nlp)] = (target, source, trimmed)
        return _loaded[key]


def _trim(nlp: Language) -> None:
    """Leave out the parser and NER; sentence boundaries then come from a senter."""
    for name in _HEAVY_COMPONENTS:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    if "senter" in nlp.component_names and "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")


def pipeline_info(nlp: Language | None = None) -> PipelineInfo:
    """Which pipeline is active, its version, components and accuracy (from its meta)."""
    nlp = nlp or load_pipeline()
    target, source, trimmed = _origin.get(id(nlp), (*_choose(), False))
    meta = dict(nlp.meta)
    path = target
    if source == "official" and not Path(target).is_dir():
        import importlib

        path = str(Path(importlib.import_module(target).__file__ or "").parent)
    lang, name = str(meta.get("lang", "nl")), str(meta.get("name", "pipeline"))
    version = str(meta.get("version", "0"))
    if trimmed:  # another pipeline than the full one: its analyses are cached apart
        version += "/" + "+".join(nlp.pipe_names)
    return PipelineInfo(
        name=name if name.startswith(f"{lang}_") else f"{lang}_{name}",
        version=version,
        source=source,
        path=path,
        components=list(nlp.pipe_names),
        scores=_scores(meta),
    )


def _scores(meta: dict[str, Any]) -> dict[str, Any]:
    """Accuracy figures as the pipeline's meta states them."""
    test = meta.get("test_scores")
    if isinstance(test, dict) and test:
        return json.loads(json.dumps(test))
    performance = meta.get("performance") or {}
    keys = ("pos_acc", "tag_acc", "morph_acc", "lemma_acc", "dep_uas", "dep_las", "sents_f")
    return {key: performance[key] for key in keys if key in performance}
