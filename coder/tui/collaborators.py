"""What the workbench gets from the core and a test may replace: given to ``make_app``.

The defaults are the production ones. They import their modules when first called, so
starting the workbench does not load scikit-learn or spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from coder.cluster.model import ClusterResult
    from coder.nlp.helper import AnalysisHelper
    from coder.progress import Cancelled, Progress
    from coder.store import Project
    from coder.suggest.suggestions import Suggester


class SuggesterFactory(Protocol):
    """Makes the suggester of a project (with a pipeline and model already loaded, if given)."""

    def __call__(self, project: Project, nlp: Any = None, model: Any = None) -> Suggester: ...


class Clusterer(Protocol):
    """Clusters a project's coded quotes or uncoded turns (as coder.cluster.run.cluster_project)."""

    def __call__(
        self,
        project: Project,
        *,
        code_ids: list[int] | None = None,
        uncoded: bool = False,
        k: int | None = None,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> ClusterResult: ...


class HelperFactory(Protocol):
    """Makes the helper process that analyses a project's long documents."""

    def __call__(self, project_path: Path) -> AnalysisHelper: ...


def make_suggester(project: Project, nlp: Any = None, model: Any = None) -> Suggester:
    from coder.suggest.suggestions import Suggester

    return Suggester(project, nlp=nlp, model=model)


def cluster_project(project: Project, **options: Any) -> ClusterResult:
    from coder.cluster.run import cluster_project as cluster

    return cluster(project, **options)


def make_analysis_helper(project_path: Path) -> AnalysisHelper:
    from coder.nlp.helper import AnalysisHelper

    return AnalysisHelper(project_path)


@dataclass(frozen=True)
class Collaborators:
    suggester: SuggesterFactory = make_suggester
    clusterer: Clusterer = cluster_project
    analysis_helper: HelperFactory = make_analysis_helper
