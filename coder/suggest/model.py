"""Training, keeping and using the suggestion model of a project.

The model is stored inside the project with its training date, data size, feature
settings and evaluation scores. It is serialised with skops and loaded only after
coder.suggest.persist has checked every type in it against the exact list our own
model uses — a project file received from someone else can never run code through
its model.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from coder.errors import CoderError
from coder.nlp.embeddings import Encoder
from coder.progress import Cancelled, Progress
from coder.store import Project
from coder.store.base import now
from coder.suggest import persist
from coder.suggest.codebook_examples import codebook_examples
from coder.suggest.context import (
    DOCUMENT_COLUMN,
    TURN_COLUMN,
    held_out_context,
    with_context,
)
from coder.suggest.definitions import code_description
from coder.suggest.estimator import CodeSuggester
from coder.suggest.evaluation import (
    DEFAULT_THRESHOLD,
    TRAINING_FOLDS,
    EvaluationReport,
    cross_validated_fit,
    folds_for,
    reliable_threshold,
    score,
    training_processes,
)
from coder.suggest.meaning import (
    AFTER_TURN_BEFORE,
    CONTEXTS,
    PREVIOUS_TURN,
    SUGGEST_ENCODER,
    attach_meaning,
    describe_codes,
    required_encoder,
    usable_encoder,
)
from coder.suggest.schedule import RETRAIN_EVERY, should_retrain  # noqa: F401  (re-exported)
from coder.suggest.units import UNKNOWN, Unit, label_units, project_units

MODEL_NAME = "suggester"
DESCRIPTION_DECIMALS = 5  # the code descriptions' embeddings, as stored in the model's meta
MIN_POSITIVES = 3  # below this a code is suggested from its definition (cold start)


@dataclass
class TrainingData:
    units: list[Unit]
    labels: np.ndarray  # units × codes: 1, 0, -1 unknown
    code_ids: list[int]
    descriptions: np.ndarray | None = None  # codes × dimension, with an encoder

    @property
    def groups(self) -> np.ndarray:
        return np.array([u.document_id for u in self.units])

    def frame(self):  # type: ignore[no-untyped-def]
        return units_frame(self.units, self.descriptions)


def units_frame(units: list[Unit], descriptions: np.ndarray | None = None):  # type: ignore[no-untyped-def]
    """The estimator's input: one row per unit. With ``descriptions`` (the model's code
    descriptions, embedded) and embedded units, also the columns of meaning."""
    import pandas as pd

    frame = pd.DataFrame(
        {
            "text": [u.text for u in units],
            "lemmas": [u.lemmas for u in units],
            "context": [u.context for u in units],
            "previous": [u.previous for u in units],
            "role": [u.role for u in units],
            DOCUMENT_COLUMN: [u.document_id for u in units],
            TURN_COLUMN: [u.segment_index for u in units],
        }
    )
    if descriptions is not None and units:
        if any(u.embedding is None or u.previous_embedding is None for u in units):
            raise ValueError("units without embeddings for a model that uses them")
        embeddings = np.vstack([u.embedding for u in units if u.embedding is not None])
        frame["embedding"] = list(embeddings)
        frame["previous_embedding"] = [u.previous_embedding for u in units]
        frame["definitions"] = list(embeddings @ descriptions.T)
    return frame


def training_data(
    project: Project,
    encoder: Encoder | None = None,
    progress: Progress | None = None,
    **analysis: Any,
) -> TrainingData:
    """Units of every document with human codings, labelled by those codings and
    rejections; with ``encoder``, embedded, and the codes' descriptions too."""
    codings = project.codings()
    rejections = project.rejections()
    document_ids = sorted({c.document_id for c in codings} | {r.document_id for r in rejections})
    code_ids = sorted({c.code_id for c in codings})
    units = project_units(project, document_ids, **analysis)
    labels = np.array(label_units(units, codings, rejections, code_ids), dtype=int).reshape(
        len(units), len(code_ids)
    )
    known = (labels != UNKNOWN).any(axis=1) if len(code_ids) else np.zeros(len(units), dtype=bool)
    data = TrainingData(
        [u for u, k in zip(units, known, strict=True) if k], labels[known], code_ids
    )
    if encoder is not None and data.units:
        attach_meaning(
            project, data.units, encoder, progress=progress, cancelled=analysis.get("cancelled")
        )
        # rounded as they are stored with the model, so the stored model predicts the same
        data.descriptions = np.round(
            describe_codes(project, [code_description(project.code(c)) for c in code_ids], encoder),
            DESCRIPTION_DECIMALS,
        ).astype(float)
    return data


@dataclass
class SuggestionModel:
    estimator: CodeSuggester
    code_ids: list[int]
    thresholds: dict[int, float]
    meta: dict[str, Any] = field(default_factory=dict)
    removed: set[int] = field(default_factory=set)  # codes deleted since training: never suggested
    descriptions: np.ndarray | None = None  # its codes' descriptions, embedded (see meaning)

    @property
    def encoder_name(self) -> str | None:
        """The sentence encoder the model was trained with, or None (words only)."""
        encoder = self.meta.get("encoder") or {}
        return encoder.get("name") if self.descriptions is not None else None

    def prepare(
        self,
        project: Project | None,
        units: list[Unit],
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> None:
        """Give ``units`` what this model reads besides their words: the embeddings of
        the encoder it was trained with (from ``project``'s cache when there is one)."""
        if self.encoder_name is None or not units:
            return
        identity = str(self.meta["encoder"].get("identity", ""))
        source = str(project.path) if project is not None else "the model"
        encoder = required_encoder(self.encoder_name, identity, source)
        # a model stored before the context was recorded read the previous turn
        context = self.meta["encoder"].get("context", PREVIOUS_TURN)
        if context not in CONTEXTS:
            raise CoderError(
                f"{source}: the model reads an unknown context ({str(context)[:40]!r}); "
                "retrain with coder train"
            )
        attach_meaning(
            project, units, encoder, context=context, progress=progress, cancelled=cancelled
        )

    def threshold(self, code_id: int) -> float:
        return self.thresholds.get(code_id, DEFAULT_THRESHOLD)

    def autotag_threshold(self, code_id: int, min_precision: float) -> float | None:
        """The lowest threshold at which this code was tagged with at least
        ``min_precision`` in the grouped cross-validation, or None: not reliable yet."""
        if min_precision <= 0:
            return self.threshold(code_id)
        evaluation = self.meta.get("evaluation") or {}
        curve = (evaluation.get("curves") or {}).get(str(code_id), [])
        try:
            # the stored points as numbers (JSON gives lists), as many as were stored
            points: list[Any] = [tuple(map(float, p)) for p in curve]
            point = reliable_threshold(points, min_precision)
        except (TypeError, ValueError):
            return None
        return None if point is None else point[0]

    def learned_codes(self) -> set[int]:
        """Codes with enough examples to be suggested by the classifier itself."""
        supports = self.meta.get("positives", {})
        trained = self.estimator.trained_codes()
        return {
            code_id
            for code_id, has_model in zip(self.code_ids, trained, strict=True)
            if has_model
            and supports.get(str(code_id), 0) >= MIN_POSITIVES
            and code_id not in self.removed
        }

    def predict(self, units: list[Unit]) -> np.ndarray:
        """(units × codes) probabilities; units :meth:`prepare`-d for this model. Units
        of one document given together are read in its context (CodeSuggester)."""
        return self.predict_parts(units)[0]

    def predict_parts(self, units: list[Unit]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`predict`'s probabilities, and how much of each the units' transcript
        gave (the probabilities minus those of each unit read on its own, a whole turn
        with its sentence groups)."""
        if not units:
            empty = np.zeros((0, len(self.code_ids)))
            return empty, empty
        frame = units_frame(units, self.descriptions)
        alone = self.estimator.predict_proba_alone(frame)
        proba = self.estimator.in_context(alone, frame)
        return proba, proba - self.estimator.in_own_turn(alone, frame)


def train_model(
    project: Project,
    *,
    estimator: CodeSuggester | None = None,
    folds: int = TRAINING_FOLDS,
    save: bool = True,
    processes: int | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[SuggestionModel, EvaluationReport | None]:
    """Train on the project's human coding, evaluate with grouped CV, keep the model.

    ``processes``: worker processes for the folds and the final fit (by default one per
    core for a large project, see coder.suggest.evaluation.training_processes).
    """
    estimator = estimator or CodeSuggester()
    encoder = usable_encoder() if reads_meaning(estimator) else None
    data = training_data(project, encoder, progress, cancelled=cancelled)
    if not data.code_ids or not data.units:
        raise CoderError("nothing to learn from yet: code some turns first")
    estimator = with_codebook(
        estimator, project, data, encoder, progress=progress, cancelled=cancelled
    )
    frame, groups = data.frame(), data.groups
    documents = len(np.unique(groups))
    report: EvaluationReport | None = None
    thresholds = {code_id: DEFAULT_THRESHOLD for code_id in data.code_ids}
    k = folds_for(groups, folds) if documents >= 2 else 1
    proba, fold_of, final = cross_validated_fit(
        estimator,
        frame,
        data.labels,
        groups,
        k,
        processes=training_processes(len(data.units)) if processes is None else processes,
        cancelled=cancelled,
        progress=progress,
    )
    if documents >= 2:
        # scored with the context each fold would have chosen without its own labels;
        # the thresholds and precision curves with the context that ships
        held_out = held_out_context(final, proba, frame, data.labels, fold_of)
        final, proba = with_context(final, proba, frame, data.labels)
        report = score(held_out, data.labels, fold_of, data.code_ids, shipped=proba)
        report.documents = documents
        thresholds = report.thresholds
    positives = {str(c): int((data.labels[:, k] == 1).sum()) for k, c in enumerate(data.code_ids)}
    meta = {
        "trained": now(),
        "documents": documents,
        "units": len(data.units),
        "codings": len(project.codings()),
        "codes": len(data.code_ids),
        "positives": positives,
        # the codebook's examples by number (the model does not keep them: persist.dumps)
        "features": {**final.get_params(), "codebook": len(final.codebook or ())},
        "pipeline": _feature_pipeline_identity(),
        "evaluation": None if report is None else report_to_dict(report),
        "encoder": None
        if data.descriptions is None or encoder is None
        else {"name": SUGGEST_ENCODER, "identity": encoder.identity, "context": AFTER_TURN_BEFORE},
    }
    model = SuggestionModel(final, data.code_ids, thresholds, meta, descriptions=data.descriptions)
    if save:
        save_model(project, model)
    return model, report


def with_codebook(
    estimator: CodeSuggester,
    project: Project,
    data: TrainingData,
    encoder: Encoder | None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> CodeSuggester:
    """``estimator`` with the examples of the codes it learns from their descriptions
    (coder.suggest.codebook_examples), unless it has its own or gives them no weight."""
    if estimator.codebook is not None or not estimator.codebook_weight > 0:
        return estimator
    from sklearn.base import clone

    from coder.nlp.pipeline import load_feature_pipeline

    examples = codebook_examples(
        [project.code(c) for c in data.code_ids],
        load_feature_pipeline(),
        encoder=encoder if data.descriptions is not None else None,
        descriptions=data.descriptions,
        project=project,
        progress=progress,
        cancelled=cancelled,
    )
    return clone(estimator).set_params(codebook=examples)


def reads_meaning(estimator: Any) -> bool:
    return any(
        getattr(estimator, name, 0) > 0
        for name in ("embedding_weight", "previous_embedding_weight", "definition_weight")
    )


def _feature_pipeline_identity() -> str:
    from coder.nlp.pipeline import load_feature_pipeline, pipeline_info

    return pipeline_info(load_feature_pipeline()).identity


def report_to_dict(report: EvaluationReport) -> dict[str, Any]:
    data = asdict(report)
    data["per_code"] = {str(k): v for k, v in data["per_code"].items()}
    data["thresholds"] = {str(k): v for k, v in data["thresholds"].items()}
    data["curves"] = {str(k): [list(point) for point in v] for k, v in data["curves"].items()}
    return data


def save_model(project: Project, model: SuggestionModel) -> None:
    meta = dict(model.meta)
    meta["code_ids"] = model.code_ids
    meta["thresholds"] = {str(k): v for k, v in model.thresholds.items()}
    if model.descriptions is not None:
        meta["descriptions"] = np.round(model.descriptions, DESCRIPTION_DECIMALS).tolist()
    project.save_model(MODEL_NAME, _jsonable(meta), persist.dumps(model.estimator))


def load_model(project: Project) -> SuggestionModel | None:
    """The project's trained model, or None.

    Refuses (with one line, :class:`persist.UntrustedModelError`) a model with a type our
    own model does not use, settings it never makes, or anything else that is not a
    model this project could have trained.
    """
    stored = project.load_model(MODEL_NAME)
    if stored is None:
        return None
    estimator = persist.loads(stored.data, str(project.path))
    meta = stored.meta
    try:
        code_ids = [int(c) for c in meta.get("code_ids", [])]
        thresholds = {int(k): float(v) for k, v in meta.get("thresholds", {}).items()}
        # the values the faces and the retraining schedule read
        meta["positives"] = {str(k): int(v) for k, v in meta.get("positives", {}).items()}
        meta["codings"] = int(meta.get("codings", 0))
        meta["trained"] = str(meta.get("trained", ""))
    except (AttributeError, TypeError, ValueError, OverflowError):
        raise persist.UntrustedModelError(
            f"{project.path}: the stored model's description is damaged; {persist.RETRAIN}"
        ) from None
    if len(code_ids) != len(estimator.classes_):
        raise persist.UntrustedModelError(
            f"{project.path}: the stored model does not match its codes; {persist.RETRAIN}"
        )
    existing = {code.id for code in project.codes()}
    # A code deleted (or merged away) since training is simply no longer suggested.
    removed = {code_id for code_id in code_ids if code_id not in existing}
    descriptions = _descriptions(meta, len(code_ids), str(project.path))
    return SuggestionModel(estimator, code_ids, thresholds, meta, removed, descriptions)


def _descriptions(meta: dict[str, Any], codes: int, source: str) -> np.ndarray | None:
    """The stored description embeddings: a codes × dimension matrix of finite numbers,
    or None for a model without an encoder."""
    stored = meta.get("descriptions")
    if stored is None or not meta.get("encoder"):
        return None
    try:
        matrix = np.asarray(stored, dtype=float)
    except (TypeError, ValueError, OverflowError):
        matrix = np.zeros(0)
    if matrix.ndim != 2 or matrix.shape[0] != codes or not np.all(np.isfinite(matrix)):
        raise persist.UntrustedModelError(
            f"{source}: the stored model's code descriptions are damaged; {persist.RETRAIN}"
        )
    return matrix


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    return value
