"""Finding identifying details on the realistic dev corpus: recall and precision per type.

Reads ../shared/dev-corpus/ (16 transcripts whose turns carry the identifying strings they
contain: PER, LOC, ORG, DATE, AGE, CONTACT; never trained on). Every occurrence of an
annotated string in its turn is one gold occurrence; it counts as found when findings
cover all of its characters (a half-replaced name still identifies), and as typed right
when the finding that covers it has its type. A finding is right when it overlaps a gold
occurrence. The detectors run over the whole corpus as one project, as `coder
pseudonymise` does (a name found in one transcript is found in all).

    .venv/bin/python benchmarks/deid_quality.py [--deduce] [--errors 30]

--deduce compares deduce 3 (a Dutch de-identification library for medical text; not a
dependency: pip install deduce), alone and together with ours.

Targets (issue #17): recall of person names ≥ 0.95, of all identifying details ≥ 0.90,
precision ≥ 0.85, throughput ≥ 20,000 words/s on one core after warm-up.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "dev-corpus"
KINDS = ("PER", "LOC", "ORG", "DATE", "AGE", "CONTACT")


def read_corpus() -> list[dict]:
    if not CORPUS.is_dir():
        sys.exit(f"{CORPUS}: the dev corpus is not there (it lies beside the repository)")
    transcripts = []
    for file in sorted(CORPUS.glob("*.jsonl")):
        transcripts.extend(json.loads(line) for line in file.read_text("utf-8").splitlines())
    return transcripts


def gold_occurrences(turn: dict) -> list[tuple[int, int, str]]:
    occurrences = set()
    for entity in turn.get("entities", []):
        pattern = re.compile(rf"(?<!\w){re.escape(entity['text'])}(?!\w)")
        for match in pattern.finditer(turn["text"]):
            occurrences.add((match.start(), match.end(), entity["label"]))
    return sorted(occurrences)


def evaluate(
    name: str, turns: list[dict], findings: list[list], seconds: float, errors: int
) -> None:
    found, typed, total = Counter(), Counter(), Counter()
    right = wrong = 0
    misses, false = [], []
    for turn, predicted in zip(turns, findings, strict=True):
        gold = gold_occurrences(turn)
        covered = [False] * len(turn["text"])
        for f in predicted:
            for i in range(f.start, f.end):
                covered[i] = True
        for start, end, label in gold:
            total[label] += 1
            if all(covered[i] for i in range(start, end)):
                found[label] += 1
                if any(
                    f.kind == label and f.start <= start and end <= f.end for f in predicted
                ) or any(f.kind == label and f.start < end and start < f.end for f in predicted):
                    typed[label] += 1
            else:
                misses.append(
                    (label, turn["text"][start:end], turn["text"][max(0, start - 40) : end + 40])
                )
        for f in predicted:
            if any(f.start < end and start < f.end for start, end, _ in gold):
                right += 1
            else:
                wrong += 1
                false.append((f.kind, f.text, turn["text"][max(0, f.start - 40) : f.end + 40]))
    words = sum(len(t["text"].split()) for t in turns)
    print(f"\n{name}: {words / seconds:,.0f} words/s")
    print(f"  {'type':<8} {'gold':>5} {'found':>6} {'recall':>7} {'typed':>6}")
    for kind in KINDS:
        if total[kind]:
            print(
                f"  {kind:<8} {total[kind]:>5} {found[kind]:>6} {found[kind] / total[kind]:>7.3f} "
                f"{typed[kind] / total[kind]:>6.3f}"
            )
    all_gold, all_found = sum(total.values()), sum(found.values())
    print(
        f"  {'all':<8} {all_gold:>5} {all_found:>6} {all_found / all_gold:>7.3f} {sum(typed.values()) / all_gold:>6.3f}"
    )
    print(f"  precision {right / max(1, right + wrong):.3f} ({right} of {right + wrong} findings)")
    print("  targets: PER recall ≥ 0.95, all ≥ 0.90, precision ≥ 0.85, ≥ 20,000 words/s")
    if errors:
        print("  missed:")
        for label, text, context in misses[:errors]:
            print(f"    {label:<7} {text!r:<28} …{' '.join(context.split())}…")
        print("  false:")
        for label, text, context in false[:errors]:
            print(f"    {label:<7} {text!r:<28} …{' '.join(context.split())}…")


DEDUCE_KINDS = {
    "persoon": "PER",
    "patient": "PER",
    "locatie": "LOC",
    "instelling": "ORG",
    "ziekenhuis": "ORG",
    "datum": "DATE",
    "leeftijd": "AGE",
    "telefoonnummer": "CONTACT",
    "emailadres": "CONTACT",
    "url": "CONTACT",
}


def run_deduce(texts: list[str]) -> tuple[list[list], float]:
    """deduce's findings per turn (its lookup cache under the user's cache folder)."""
    import contextlib
    import io
    import logging

    from coder.deid.detect import Finding

    with contextlib.redirect_stdout(io.StringIO()):
        from deduce import Deduce  # sets the root logger to DEBUG on stdout
    logging.getLogger().handlers.clear()
    logging.getLogger().setLevel(logging.WARNING)
    cache = Path.home() / ".cache" / "codeertafel" / "deduce"
    started = time.perf_counter()
    deduce = Deduce(cache_path=cache)
    print(f"deduce ready in {time.perf_counter() - started:.1f} s (cache {cache})")
    start = time.perf_counter()
    found = []
    for text in texts:
        annotations = deduce.deidentify(text).annotations
        found.append(
            [
                Finding(
                    a.start_char, a.end_char, a.text, DEDUCE_KINDS.get(a.tag.split("-")[0], "PER")
                )
                for a in annotations
            ]
        )
    return found, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--errors", type=int, default=0, help="print this many misses and false findings"
    )
    parser.add_argument(
        "--deduce", action="store_true", help="also deduce, alone and combined (pip install deduce)"
    )
    args = parser.parse_args()

    from coder.deid.detect import Detector
    from coder.nlp.pipeline import load_feature_pipeline

    transcripts = read_corpus()
    turns = [turn for t in transcripts for turn in t["turns"]]
    texts = [turn["text"] for turn in turns]
    speakers = [turn["speaker"] for turn in turns]
    print(
        f"{len(transcripts)} transcripts, {len(turns)} turns, {sum(len(t.split()) for t in texts):,} words"
    )

    detector = Detector(load_feature_pipeline())
    detector.find(texts[:50], speakers[:50])  # warm-up
    start = time.perf_counter()
    findings = detector.find(texts, speakers)
    evaluate(
        "Codeertafel detector (project-wide)",
        turns,
        findings,
        time.perf_counter() - start,
        args.errors,
    )
    if args.deduce:
        from coder.deid.detect import _resolve

        deduce_findings, seconds = run_deduce(texts)
        evaluate("deduce 3 (alone)", turns, deduce_findings, seconds, args.errors)
        combined = [_resolve(a + b) for a, b in zip(findings, deduce_findings, strict=True)]
        evaluate("Codeertafel + deduce (union)", turns, combined, seconds, 0)
    labels = sorted({s for s in speakers if s})
    names = sorted(s for s in labels if detector._is_name_label(s))
    print(f"  speaker labels taken as names: {len(names)} of {len(labels)}: {', '.join(names)}")


if __name__ == "__main__":
    main()
