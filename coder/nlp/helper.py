"""Analyse documents in a helper process, so an interactive program stays responsive.

Parsing is pure Python and C under the interpreter lock: analysing a long transcript in
a thread of the workbench makes typing and scrolling stutter until it is done. The
helper is a separate process (started once, on first need, and reused) that opens the
same project file, analyses a document and stores the result in the project's cache;
the caller then reads it from there. SQLite in WAL mode lets both write safely.
Small documents are analysed in the calling process: starting the helper costs more.
"""

from __future__ import annotations

import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from coder.processes import process_pool
from coder.progress import Cancelled, Progress

if TYPE_CHECKING:
    from spacy.language import Language

    from coder.store import Project

# Below this many turns a document is analysed in the calling process.
HELPER_MIN_TURNS = 150

_project = None  # in the helper process: the project it works for


def _start(project_path: str) -> None:
    global _project
    from coder.store import Project

    _project = Project.open(project_path)


def _analyse(document_id: int, purpose: str) -> None:
    """In the helper: analyse a document (if it is not cached yet)."""
    from coder.nlp.analysis import analyse_document
    from coder.nlp.pipeline import load_feature_pipeline, load_pipeline

    assert _project is not None
    nlp = load_feature_pipeline() if purpose == "features" else load_pipeline()
    analyse_document(_project, document_id, nlp)


class AnalysisHelper:
    """Analyses documents of one project in a helper process (see the module docstring)."""

    def __init__(self, project_path: str | Path) -> None:
        self.project_path = str(project_path)
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def analyse(self, document_id: int, purpose: str = "features") -> None:
        """Make sure the document's analysis is in the project cache (blocks until it is)."""
        self.executor().submit(_analyse, document_id, purpose).result()

    def executor(self) -> ProcessPoolExecutor:
        """The helper process's executor, started on first use."""
        with self._lock:
            if self._executor is None:
                self._executor = process_pool(1, _start, (self.project_path,))
            return self._executor

    def close(self) -> None:
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
                self._executor = None


def analyse_aside(
    helper: AnalysisHelper,
    project: Project,
    document_ids: list[int],
    nlp: Language,
    purpose: str,
    *,
    min_turns: int = HELPER_MIN_TURNS,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Have the helper analyse those documents that are not in the cache yet, when they
    have ``min_turns`` turns or more together (fewer are quicker to do in this process).

    ``nlp`` is the pipeline the caller will read the analyses with (its identity keys the
    cache); ``purpose`` ("features" or "full") makes the helper load the same one. If the
    helper cannot start or fails, this returns quietly: what it did not analyse, the
    caller's own analysis then does.
    """
    from coder.nlp.analysis import unanalysed

    if min_turns <= 0:
        return
    pending = dict(unanalysed(project, document_ids, nlp))
    if sum(pending.values()) < min_turns:
        return
    try:
        for number, document_id in enumerate(pending):
            if cancelled is not None and cancelled():
                return
            if progress is not None:
                progress(number, len(pending), project.document(document_id).name)
            helper.analyse(document_id, purpose)
    except Exception:  # the helper could not start, or died: analyse in this process
        return
