"""When to retrain and how sure auto-tagging must be: light enough to read on the UI
thread and when the command line starts (no NumPy, no scikit-learn)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coder.store import Project

if TYPE_CHECKING:
    from coder.suggest.model import SuggestionModel

RETRAIN_EVERY = 20  # new human codings after which the faces retrain in the background
DEFAULT_MIN_PRECISION = 0.70  # auto-tag a code only if at least 7 of its 10 tags were right


def should_retrain(
    project: Project, model: SuggestionModel | None, every: int = RETRAIN_EVERY
) -> bool:
    """True when enough coding happened since the model was trained (or there is none yet)."""
    codings = len(project.codings())
    if model is None:
        return codings >= every
    return codings - int(model.meta.get("codings", 0)) >= every
