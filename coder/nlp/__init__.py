"""Dutch NLP: the pipeline, per-document analysis kept in the project, and search.

Importing this package is cheap; spaCy is imported when a pipeline is loaded.
"""

from coder.nlp.pipeline import PipelineInfo, load_feature_pipeline, load_pipeline, pipeline_info

__all__ = ["PipelineInfo", "load_feature_pipeline", "load_pipeline", "pipeline_info"]
