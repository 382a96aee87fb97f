"""Active learning on realistic transcripts: does "code these next" beat coding in random order?

    PYTHONPATH=. .venv/bin/python benchmarks/active_learning.py [--seeds 1] [--diversity 1,0.5]

The development corpus (``../shared/dev-corpus/``, 16 transcripts, 665 turns) is imported
through the real importer with the product's embeddings (benchmarks/suggest_quality.py,
cached in the temporary folder). Folds grouped by transcript: 4 held-out transcripts are
the test, the turns of the other 12 the pool a researcher codes. From the same random
seed of coded turns, turns are added in batches chosen

- at random;
- by uncertainty alone (closest to a code's threshold: the product's rule, `coder suggest
  --next` and the workbench's "code this next");
- by uncertainty and diversity (coder.suggest.active.pick_batch, at each ``--diversity``:
  away from the turns coded and chosen, or within the batch only);

and after each batch CodeSuggester (default settings) is retrained with per-code
thresholds tuned by grouped 5-fold cross-validation inside the coded turns, and the
weights of each turn's transcript context chosen on the same predictions, as the
product does; those thresholds also give the uncertainty of the next batch. Candidates
are whole turns (a researcher codes a turn; its sentence groups come with it), each read
in its whole transcript, coded turns included, as "code these next" reads it. Printed:
micro F1 at the tuned thresholds and top-3 recall of the gold (turn, code) pairs on the
held-out transcripts, per number of coded pool turns, mean over folds (and seeds); the
last column is the whole pool (the same for every order).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dev_corpus import load_transcripts
from suggest_metrics import top3_code_recall
from suggest_quality import Corpus, _prf, build_corpus

CHECKPOINTS = (40, 80, 120, 160, 240, 320)  # coded pool turns; batches of 40, then 80
INNER_FOLDS = 5  # as coder train (coder.suggest.evaluation.TRAINING_FOLDS)
MIN_POSITIVES = 3  # as coder.suggest.model: fewer and the code is not "learned"


class Fitted:
    """CodeSuggester fitted on some turns, with thresholds from grouped CV inside them."""

    def __init__(self, corpus: Corpus, turns: np.ndarray, owner: np.ndarray) -> None:
        from sklearn.base import clone

        from coder.suggest.context import with_context
        from coder.suggest.estimator import CodeSuggester
        from coder.suggest.evaluation import folds_for, out_of_fold, tuned_thresholds

        rows = np.flatnonzero(np.isin(owner, turns))
        frame = corpus.frame.iloc[rows].reset_index(drop=True)
        labels, groups = corpus.labels[rows], corpus.groups[rows]
        estimator = CodeSuggester(codebook=corpus.codebook)  # as coder train fits it
        inner, _ = out_of_fold(estimator, frame, labels, groups, folds_for(groups, INNER_FOLDS))
        estimator, inner = with_context(estimator, inner, frame, labels)  # as coder train
        whole = corpus.is_turn[rows]
        self.thresholds = tuned_thresholds(inner[whole], labels[whole])
        self.model = clone(estimator).fit(frame, labels)
        positives = (labels[whole] == 1).sum(axis=0)
        self.learned = self.model.trained_codes() & (positives >= MIN_POSITIVES)

    def proba(self, corpus: Corpus, rows: np.ndarray) -> np.ndarray:
        """The probabilities of the whole turns ``rows``, each read as the product reads
        it ("code these next", the panel): every unit of its transcript predicted
        together, coded turns and sentence groups included."""
        every = np.flatnonzero(np.isin(corpus.groups, corpus.groups[rows]))
        proba = self.model.predict_proba(corpus.frame.iloc[every].reset_index(drop=True))
        return proba[np.searchsorted(every, rows)]


Order = Callable[[Fitted, np.ndarray, np.ndarray, int], np.ndarray]


def random_order(rng: np.random.Generator) -> Order:
    def choose(fitted: Fitted, candidates: np.ndarray, coded: np.ndarray, size: int) -> np.ndarray:
        return rng.choice(candidates, size=size, replace=False)

    return choose


def active_order(
    corpus: Corpus, turn_rows: np.ndarray, diversity: float, *, from_coded: bool = True
) -> Order:
    """The product's rule (coder.suggest.active) at ``diversity`` (0: uncertainty alone);
    ``from_coded``: away from the coded turns too, not only within the batch. Candidates
    and coded turns are indices into ``turn_rows`` (the whole turns' units)."""
    from coder.suggest.active import doubt, pick_batch

    embeddings = np.vstack(corpus.frame["embedding"].to_numpy())[turn_rows]

    def choose(fitted: Fitted, candidates: np.ndarray, coded: np.ndarray, size: int) -> np.ndarray:
        learned = fitted.learned
        proba = fitted.proba(corpus, turn_rows[candidates])
        picked, _ = pick_batch(
            doubt(proba[:, learned], fitted.thresholds[learned]),
            embeddings[candidates] if diversity > 0 else None,
            size,
            known=embeddings[coded] if from_coded else None,
            diversity=diversity,
        )
        return candidates[picked]

    return choose


def scores(fitted: Fitted, corpus: Corpus, test: np.ndarray) -> tuple[float, float]:
    """Micro F1 at the tuned thresholds and top-3 code recall on the ``test`` turns."""
    proba = fitted.proba(corpus, test)
    gold = corpus.labels[test] == 1
    return _prf(proba >= fitted.thresholds, gold)[2], top3_code_recall(proba, corpus.labels[test])


def run_order(
    corpus: Corpus,
    owner: np.ndarray,
    pool: np.ndarray,
    test: np.ndarray,
    seed_turns: np.ndarray,
    order: Order,
) -> list[tuple[float, float]]:
    """(micro F1, top-3 recall) at each checkpoint, coding in ``order`` from ``seed_turns``."""
    coded = np.array(seed_turns)
    found = []
    fitted: Fitted | None = None
    for target in CHECKPOINTS:
        if len(coded) < target:
            assert fitted is not None
            candidates = np.setdiff1d(pool, coded)
            coded = np.concatenate([coded, order(fitted, candidates, coded, target - len(coded))])
        fitted = Fitted(corpus, coded, owner)
        found.append(scores(fitted, corpus, test))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1, help="random seeds (seed turns, order)")
    parser.add_argument("--folds", type=int, default=4, help="how many of the 4 folds to run")
    parser.add_argument(
        "--diversity",
        default="1,b1,b0.5",
        help="diversity weights of the new rule, comma-separated; b1: within the batch only",
    )
    args = parser.parse_args()
    from sklearn.model_selection import GroupKFold

    start = time.perf_counter()
    corpus, _ = build_corpus(load_transcripts())
    owner = np.cumsum(corpus.is_turn) - 1  # the whole turn of each unit, as a row of turns
    turn_rows = np.flatnonzero(corpus.is_turn)
    turn_groups = corpus.groups[turn_rows]
    documents = np.unique(corpus.groups)
    print(
        f"{len(documents)} transcripts, {len(turn_rows)} turns; built in "
        f"{time.perf_counter() - start:.0f} s",
        flush=True,
    )
    variants = {
        variant_name(spec): spec.strip() for spec in args.diversity.split(",") if spec.strip()
    }
    names = ["random", "uncertainty alone (--next)", *variants]
    results: dict[str, list[list[tuple[float, float]]]] = {name: [] for name in names}
    whole_pool: list[tuple[float, float]] = []
    splits = list(GroupKFold(n_splits=4).split(documents, groups=documents))[: args.folds]
    for fold, (train, test_docs) in enumerate(splits):
        pool = np.flatnonzero(np.isin(turn_groups, documents[train]))  # indices into turns
        test = turn_rows[np.isin(turn_groups, documents[test_docs])]
        fold_start = time.perf_counter()
        for seed in range(args.seeds):
            rng = np.random.default_rng(1000 * seed + fold)
            seed_turns = rng.choice(pool, size=CHECKPOINTS[0], replace=False)
            orders: dict[str, Order] = {
                "random": random_order(rng),
                "uncertainty alone (--next)": active_order(corpus, turn_rows, 0.0),
            }
            for name, spec in variants.items():
                orders[name] = active_order(
                    corpus, turn_rows, float(spec.lstrip("b")), from_coded=not spec.startswith("b")
                )
            for name, order in orders.items():
                results[name].append(run_order(corpus, owner, pool, test, seed_turns, order))
                print(
                    f"fold {fold + 1} seed {seed + 1} {name}: "
                    + " ".join(f"{f:.3f}/{t:.3f}" for f, t in results[name][-1])
                    + f"  ({time.perf_counter() - fold_start:.0f} s)",
                    flush=True,
                )
        whole_pool.append(scores(Fitted(corpus, pool, owner), corpus, test))
    table(results, whole_pool, len(pool), args.seeds, len(splits))
    print(f"total {time.perf_counter() - start:.0f} s")


def variant_name(spec: str) -> str:
    """``1``: away from coded and chosen turns, at diversity 1; ``b1``: from chosen only."""
    weight = float(spec.strip().lstrip("b"))
    where = "batch" if spec.strip().startswith("b") else "coded+batch"
    return f"uncertainty + diversity {weight:g} ({where})"


def table(
    results: dict[str, list[list[tuple[float, float]]]],
    whole_pool: list[tuple[float, float]],
    pool_size: int,
    seeds: int,
    folds: int,
) -> None:
    print(
        f"\nheld-out micro F1 / top-3 recall by coded pool turns (mean of {folds} folds × "
        f"{seeds} seed{'s' if seeds > 1 else ''}; the pool is ~{pool_size} turns)\n"
        f"{'order':<44}" + " ".join(f"{n:>11}" for n in CHECKPOINTS) + f" {'all pool':>11}"
    )
    pool_mean = np.mean(whole_pool, axis=0)
    for name, runs in results.items():
        mean = np.mean(runs, axis=0)
        print(
            f"{name:<44}"
            + " ".join(f"{f:.3f}/{t:.3f}" for f, t in mean)
            + f" {pool_mean[0]:.3f}/{pool_mean[1]:.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
