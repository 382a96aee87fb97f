"""Suggestion model on a 5,000-turn project: speed, and quality against a plain baseline.

    .venv/bin/python benchmarks/suggest_speed.py [--documents 50] [--turns 100] [--new 40]

The corpus is the generated labelled corpus (benchmarks/labelled_corpus.py), not the
demo: 80 % of ``--documents`` are coded and learned from, the rest and ``--new`` more
are auto-tagged. Reported:
- quality by cross-validation grouped by document, for Codeertafel's model and for a
  plain TF-IDF + logistic regression baseline on the same folds: micro/macro F1 (at
  thresholds tuned on the other folds, and at 0.5) and top-3 recall (is a true code
  among the three suggestions shown?);
- time to analyse (NLP), to train (`coder train`: grouped CV + final fit; target: seconds)
  and to auto-tag the uncoded documents (target ≥ 500 turns/s including NLP), and the
  F1 of auto-tagging against the known labels; peak memory.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from labelled_project import build_labelled_project, size_arguments
from sklearn.base import BaseEstimator, ClassifierMixin
from suggest_metrics import f1_at, top3_recall


class PlainBaseline(ClassifierMixin, BaseEstimator):
    """TF-IDF of the raw turn text (word 1-2-grams) and one logistic regression per code,
    with scikit-learn's defaults: what a researcher would try first. Fitted on known
    labels only, like the model, so the comparison is about features and settings."""

    def fit(self, X, Y):  # type: ignore[no-untyped-def]
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        labels = np.asarray(Y)
        self.vectorizer_ = TfidfVectorizer(ngram_range=(1, 2)).fit(X["text"])
        matrix = self.vectorizer_.transform(X["text"])
        self.models_ = []
        for k in range(labels.shape[1]):
            known = labels[:, k] >= 0
            self.models_.append(
                LogisticRegression(max_iter=1000).fit(matrix[known], labels[known, k])
            )
        return self

    def predict_proba(self, X):  # type: ignore[no-untyped-def]
        import numpy as np

        matrix = self.vectorizer_.transform(X["text"])
        return np.column_stack([m.predict_proba(matrix)[:, 1] for m in self.models_])


def main() -> None:
    args = size_arguments(__doc__)

    from coder.nlp.analysis import analyse_project
    from coder.suggest.autotag import autotag
    from coder.suggest.estimator import CodeSuggester
    from coder.suggest.evaluation import out_of_fold, score
    from coder.suggest.model import train_model, training_data

    start = time.perf_counter()
    project, truth = build_labelled_project(
        Path(tempfile.mkdtemp()) / "bench.ctdb",
        documents=args.documents + args.new,
        turns_per_document=args.turns,
        coded_documents=int(args.documents * 0.8),
    )
    print(
        f"built {len(truth)} turns in {args.documents + args.new} documents "
        f"({int(args.documents * 0.8)} coded): {time.perf_counter() - start:.1f} s"
    )

    from coder.nlp.pipeline import load_feature_pipeline, pipeline_info

    coded = {c.document_id for c in project.codings(source="human")}
    features = load_feature_pipeline()
    print(
        f"feature pipeline: {pipeline_info(features).identity} ({', '.join(features.pipe_names)})"
    )
    start = time.perf_counter()
    turns = 0
    for analysed in analyse_project(project, sorted(coded), nlp=features):
        turns += len(analysed.segments)
    elapsed = time.perf_counter() - start
    print(f"NLP analysis of the coded documents: {elapsed:.1f} s ({turns / elapsed:.0f} turns/s)")

    data = training_data(project)
    frame, groups = data.frame(), data.groups
    print(
        f"{'grouped 5-fold CV':<34} {'micro F1':>8} {'macro F1':>8} {'F1 @0.5':>8} {'top-3 rec':>9} {'ECE':>6}"
    )
    for name, estimator in (
        ("baseline: TF-IDF text + LR", PlainBaseline()),
        ("Codeertafel model", CodeSuggester()),
    ):
        proba, fold_of = out_of_fold(estimator, frame, data.labels, groups, 5)
        report = score(proba, data.labels, fold_of, data.code_ids)
        print(
            f"{name:<34} {report.micro.f1:>8.3f} {report.macro_f1:>8.3f} {f1_at(proba, data.labels, 0.5):>8.3f} "
            f"{top3_recall(proba, data.labels):>9.3f} {report.calibration_error:>6.3f}"
        )

    start = time.perf_counter()
    model, report = train_model(project)
    elapsed = time.perf_counter() - start
    print(
        f"train (5-fold grouped CV + final fit), {model.meta['units']} units: {elapsed:.1f} s   target: seconds"
    )
    print(
        f"  CV micro F1 {report.micro.f1:.3f}, macro F1 {report.macro_f1:.3f}, ECE {report.calibration_error:.3f}"
    )

    uncoded = [d.id for d in project.documents() if d.id not in coded]
    turns = sum(len(project.segments(i)) for i in uncoded)
    processes = os.cpu_count() or 1
    start = time.perf_counter()
    result = autotag(project, processes=processes)
    elapsed = time.perf_counter() - start
    print(
        f"autotag {result.documents} new documents, {turns} turns ({result.units} units), "
        f"NLP in {processes} processes: {elapsed:.1f} s = {turns / elapsed:.0f} turns/s   target ≥ 500"
    )
    start = time.perf_counter()
    again = autotag(project, dry_run=True)
    elapsed = time.perf_counter() - start
    print(
        f"  again (NLP cached, dry run, 1 process): {again.units} units, {turns / elapsed:.0f} turns/s"
    )

    paths = project.code_paths()
    tp = fp = fn = 0
    tagged = {}
    for coding in project.codings(source="model"):
        for segment in project.segments(coding.document_id):
            if segment.start == coding.start and segment.end == coding.end:
                tagged.setdefault((coding.document_id, segment.index), set()).add(
                    paths[coding.code_id].split("/")[-1]
                )
    uncoded_docs = {c for c, _ in truth} - {c.document_id for c in project.codings(source="human")}
    for key, labels in truth.items():
        if key[0] not in uncoded_docs:
            continue
        predicted = tagged.get(key, set())
        tp += len(predicted & labels)
        fp += len(predicted - labels)
        fn += len(labels - predicted)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"  autotag against the truth (whole turns): precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f}"
    )
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
