"""The Dutch spaCy pipeline: the official one when installed, else the one we ship.

``nl_core_news_sm`` (or md/lg) is not on the package index, so on most machines the
pipeline trained by this project (``models/nl_codeertafel_sm``, from UD Dutch Alpino
and LassySmall) is the one in use. Both give sentences, lemmas, POS and noun chunks.
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
# Point this at a pipeline directory to use it instead (e.g. a retrained one).
PIPELINE_ENV = "CODEERTAFEL_PIPELINE"

_lock = threading.Lock()
_loaded: dict[str, Language] = {}


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


def load_pipeline() -> Language:
    """The Dutch pipeline, loaded once per process (it is thread-safe to share for reading)."""
    import spacy

    target, _ = _choose()
    with _lock:
        if target not in _loaded:
            _loaded[target] = spacy.load(target)
        return _loaded[target]


def pipeline_info(nlp: Language | None = None) -> PipelineInfo:
    """Which pipeline is active, its version, components and accuracy (from its meta)."""
    target, source = _choose()
    nlp = nlp or load_pipeline()
    meta = dict(nlp.meta)
    path = target
    if source == "official":
        import importlib

        path = str(Path(importlib.import_module(target).__file__ or "").parent)
    lang, name = str(meta.get("lang", "nl")), str(meta.get("name", "pipeline"))
    return PipelineInfo(
        name=name if name.startswith(f"{lang}_") else f"{lang}_{name}",
        version=str(meta.get("version", "0")),
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
