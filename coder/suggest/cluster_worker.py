"""The worker's side of the cluster runs (coder.suggest.distributed): what travels to a
Dask worker and back, and what a worker does with it. A worker never opens the project
file: it reads (or receives) a transcript, analyses and tags it with the model it was
sent once, and returns a compact result for the one writer on the client.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from coder.errors import CoderError, InputFileError
from coder.store import NewSegment
from coder.suggest.autotag import ModelCoding, TagColumn, tag_units, uncoded_part
from coder.suggest.explain import ExamplePool, Explainer

FILE, DOCUMENT = "file:", "document:"  # the keys of a job's items


# -- what travels to a worker and back ---------------------------------------------------


@dataclass(frozen=True)
class ModelPackage:
    """The model as each worker receives it once: the stored skops bytes and what the
    tagging rule needs besides."""

    data: bytes
    code_ids: list[int]
    thresholds: dict[int, float]
    columns: list[TagColumn]  # the codes to tag and their thresholds
    encoder: dict[str, str] | None = None  # the sentence encoder it was trained with
    descriptions: np.ndarray | None = None  # its codes' descriptions, embedded
    examples: dict[int, ExamplePool] | None = None  # the coded quotes that explain a coding

    @property
    def key(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Task:
    key: str  # the job item: "file:<path>" or "document:<id>"
    path: str | None = None  # a transcript on a folder the workers share …
    data: bytes | None = None  # … or its bytes, sent along
    text: str | None = None  # an existing document's text and turns
    segments: tuple[tuple[str | None, int, int], ...] = ()
    human: tuple[tuple[int, int], ...] = ()  # spans a researcher coded: not tagged
    error: str | None = None  # the client could not read the file to send it


@dataclass
class Outcome:
    key: str
    error: str | None = None
    # a transcript read on the worker
    filename: str | None = None
    sha256: str | None = None
    format: str | None = None
    encoding: str | None = None
    text: str | None = None
    turns: list[NewSegment] = field(default_factory=list)
    # the model's work and the analysis for the project's cache
    codings: list[ModelCoding] = field(default_factory=list)
    units: int = 0
    tagged_units: int = 0
    pipeline: str = ""
    analysis: bytes = b""


# -- on a worker -----------------------------------------------------------------------------

_models: dict[str, Any] = {}
_pipelines: dict[str, Any] = {}


def _worker_model(package: ModelPackage) -> Any:
    """The package's model, loaded (and checked) once per worker process."""
    from coder.suggest import persist
    from coder.suggest.model import SuggestionModel

    if package.key not in _models:
        estimator = persist.loads(package.data, "the model sent by the client")
        _models.clear()  # one model at a time
        _models[package.key] = SuggestionModel(
            estimator,
            package.code_ids,
            package.thresholds,
            {"encoder": package.encoder},
            descriptions=package.descriptions,
        )
    return _models[package.key]


def _worker_pipeline(kind: str) -> Any:
    from coder.nlp.pipeline import load_feature_pipeline, load_pipeline

    if kind not in _pipelines:
        _pipelines[kind] = load_feature_pipeline() if kind == "features" else load_pipeline()
    return _pipelines[kind]


def _read(task: Task) -> Outcome:
    """Read the task's transcript on the worker."""
    from coder.ingest import read_transcript
    from coder.ingest.importing import file_sha256

    if task.data is None:
        path = Path(task.path or "")
        parsed, sha256 = read_transcript(path), file_sha256(path)
    else:
        path = Path(task.path or "transcript.txt")
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / path.name
            copy.write_bytes(task.data)
            try:
                parsed = read_transcript(copy)
            except InputFileError as error:
                raise InputFileError(path, error.problem) from None
        sha256 = hashlib.sha256(task.data).hexdigest()
    turns = [NewSegment(t.speaker, t.start, t.end, t.time_start, t.time_end) for t in parsed.turns]
    return Outcome(
        task.key,
        filename=path.name,
        sha256=sha256,
        format=parsed.format,
        encoding=parsed.encoding,
        text=parsed.text,
        turns=turns,
    )


def _analyse(outcome: Outcome, kind: str) -> Any:
    """Analyse the outcome's turns; keep the analysis for the project's cache."""
    from coder.nlp.analysis import AnalysedDocument, docbin_bytes
    from coder.nlp.pipeline import pipeline_info
    from coder.store import Segment

    nlp = _worker_pipeline(kind)
    text = outcome.text or ""
    segments = [
        Segment(0, 0, index, turn.speaker, turn.start, turn.end)
        for index, turn in enumerate(outcome.turns)
    ]
    docs = list(nlp.pipe(text[s.start : s.end] for s in segments))
    outcome.pipeline = pipeline_info(nlp).identity
    outcome.analysis = docbin_bytes(docs)
    return AnalysedDocument(0, text, segments, docs)


def tag_task(task: Task, package: ModelPackage) -> Outcome:
    """Read (or take), analyse and tag one transcript. Runs on a Dask worker; never
    touches the project file. Trouble with the transcript is returned, not raised."""
    from coder.suggest.units import _overlaps, document_units

    if task.error is not None:
        return Outcome(task.key, error=task.error)
    try:
        if task.text is None:
            outcome = _read(task)
        else:
            outcome = Outcome(
                task.key,
                text=task.text,
                turns=[NewSegment(speaker, start, end) for speaker, start, end in task.segments],
            )
        analysed = _analyse(outcome, "features")
        model = _worker_model(package)
        every = document_units(analysed)
        uncoded = np.array(
            [not any(_overlaps(u, start, end) for start, end in task.human) for u in every],
            dtype=bool,
        )
        model.prepare(None, every)  # embeddings on the worker: it never opens the project
        explainer = None if package.examples is None else Explainer(None, model, package.examples)
        units, predicted = uncoded_part(every, uncoded, model.predict_parts(every))
        tagged = tag_units(model, units, package.columns, explainer, predicted)
    except CoderError as error:
        return Outcome(task.key, error=str(error))
    except Exception as error:  # the rest of the corpus goes on; the name says which
        return Outcome(task.key, error=f"{item_name(task.key)}: {type(error).__name__}: {error}")
    outcome.codings, outcome.units, outcome.tagged_units = tagged.codings, len(units), tagged.units
    return outcome


def analyse_task(task: Task) -> Outcome:
    """Analyse an existing document's turns with the full pipeline (coder nlp analyse)."""
    outcome = Outcome(
        task.key,
        text=task.text,
        turns=[NewSegment(speaker, start, end) for speaker, start, end in task.segments],
    )
    try:
        _analyse(outcome, "full")
    except Exception as error:
        return Outcome(task.key, error=f"{item_name(task.key)}: {type(error).__name__}: {error}")
    return outcome


def item_name(key: str) -> str:
    return key.removeprefix(FILE).removeprefix(DOCUMENT)
