"""Accuracy of the active Dutch pipeline on the UD Dutch 2.16 test sets.

    .venv/bin/python benchmarks/nlp_accuracy.py [--ud-dir ../shared/ud] [--features]

Prints POS, morphology, lemma, UAS, LAS and sentence F per test set and for both
together, next to the figures published for nl_core_news_sm 3.8.0 (same treebanks,
trained on the full data) and the targets of the shipped pipeline. The CoNLL-U files
are read with the training recipe's converter, so lemmas are compared the same way
as in training (UD's compound underscores removed).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "models" / "training"))

PUBLISHED_SM = {
    "pos_acc": 95.8,
    "lemma_acc": 95.0,
    "dep_uas": 85.7,
    "dep_las": 80.5,
    "sents_f": 86.5,
}
TARGETS = {"pos_acc": 94.0, "lemma_acc": 94.0, "dep_uas": 80.0, "dep_las": 72.0, "sents_f": 85.0}
METRICS = [
    ("pos_acc", "POS"),
    ("morph_acc", "morph"),
    ("lemma_acc", "lemma"),
    ("dep_uas", "UAS"),
    ("dep_las", "LAS"),
    ("sents_f", "sent F"),
]
TEST_SETS = {"Alpino": "nl_alpino-ud-test.conllu", "LassySmall": "nl_lassysmall-ud-test.conllu"}


def examples_from(path: Path, nlp, per_doc: int = 10) -> list:
    from convert_ud import read_conllu, to_doc
    from spacy.training import Example

    sentences = list(read_conllu(path))
    examples = []
    for i in range(0, len(sentences), per_doc):
        gold = to_doc(nlp.vocab, sentences[i : i + per_doc])
        examples.append(Example(nlp.make_doc(gold.text), gold))
    return examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ud-dir", type=Path, default=ROOT.parent / "shared" / "ud")
    parser.add_argument(
        "--features", action="store_true", help="the suggestion model's feature pipeline"
    )
    args = parser.parse_args()

    from coder.nlp import load_feature_pipeline, load_pipeline, pipeline_info

    nlp = load_feature_pipeline() if args.features else load_pipeline()
    info = pipeline_info(nlp)
    print(f"pipeline {info.name} {info.version} ({info.source})")
    rows: dict[str, dict[str, float]] = {}
    everything = []
    for name, file in TEST_SETS.items():
        path = args.ud_dir / file
        if not path.is_file():
            sys.exit(f"{path}: not found (give --ud-dir)")
        examples = examples_from(path, nlp)
        everything.extend(examples)
        rows[name] = nlp.evaluate(examples)
    rows["both"] = nlp.evaluate(everything)

    header = f"{'':<28}" + "".join(f"{label:>8}" for _, label in METRICS)
    print(header)
    for name, scores in rows.items():
        cells = "".join(
            f"{scores[key] * 100:>8.1f}" if scores.get(key) is not None else f"{'-':>8}"
            for key, _ in METRICS
        )
        print(f"{'this pipeline, ' + name:<28}{cells}")
    for label, figures in (("nl_core_news_sm 3.8.0", PUBLISHED_SM), ("target", TARGETS)):
        cells = "".join(
            f"{figures[key]:>8.1f}" if key in figures else f"{'-':>8}" for key, _ in METRICS
        )
        print(f"{label:<28}{cells}")


if __name__ == "__main__":
    main()
