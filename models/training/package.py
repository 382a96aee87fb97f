"""Evaluate a trained pipeline on the UD 2.16 test sets and save it, with the
scores in meta.json, to the package directory (e.g. models/nl_codeertafel_sm).

usage: python package.py MODEL_DIR CORPUS_DIR OUT_DIR [--lemmatizer edit_tree|rule|lookup]
                         [--ud-dir UD_DIR (for the throughput text)] [--name nl_codeertafel_xs]
"""
import argparse
import gzip
import json
import shutil
import sys
import time
from pathlib import Path

import spacy
from spacy.training import Corpus

# The lexicon back-off component lives in the product (coder/nlp/components.py); it needs
# only spaCy, so the training environment imports it from the repository.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from coder.nlp.components import AUX_FACTORY, FACTORY

KEYS = ["token_acc", "pos_acc", "morph_acc", "tag_acc", "lemma_acc", "dep_uas", "dep_las",
        "sents_p", "sents_r", "sents_f"]


DESCRIPTIONS = {
    "nl_codeertafel_sm": (
        "Small Dutch pipeline for Codeertafel: tok2vec, morphologizer (UPOS + "
        "morphology), tagger (CGN/Lassy XPOS), dependency parser (sentence "
        "boundaries, noun chunks) and lemmatizer."),
    "nl_codeertafel_xs": (
        "Extra-small Dutch tagging pipeline for Codeertafel's suggestion features: "
        "a narrow tok2vec (width 64, depth 4), morphologizer (UPOS + morphology), "
        "lemmatizer and sentence segmenter; no parser, several times faster than "
        "nl_codeertafel_sm."),
}
TRAINING_NOTE = (
    " Trained on UD_Dutch-Alpino and "
    "UD_Dutch-LassySmall data (older training sentences + most of the 2.16 dev "
    "sets); scores are on the 2.16 test sets with gold tokenization, documents "
    "of 10 sentences. Compound lemmas are written without underscores "
    "(gemeenteraad, not gemeente_raad).")


def evaluate(nlp, path):
    examples = list(Corpus(str(path))(nlp))
    scores = nlp.evaluate(examples)
    out = {k: round(float(scores[k]), 4) for k in KEYS if scores.get(k) is not None}
    out["n_tokens"] = sum(len(eg.reference) for eg in examples)
    return out


def add_lexicon_backoff(nlp, lookups_dir, train_path):
    """Lemma and POS from spacy-lookups-data's Dutch tables for word forms the training
    corpus does not have (see coder/nlp/components.py for what was measured)."""
    def table(name):
        with gzip.open(Path(lookups_dir) / f"nl_{name}.json.gz", "rt", encoding="utf8") as f:
            return json.load(f)

    known = {t.text.lower() for eg in Corpus(str(train_path))(nlp) for t in eg.reference}
    lemmas = {form: lemma for form, lemma in table("lemma_lookup").items()
              if form.lower() not in known}
    classes = {}
    for cls, words in table("lemma_index").items():
        if cls.upper() in ("NOUN", "VERB", "ADJ"):
            for word in words:
                classes.setdefault(word.lower(), set()).add(cls.upper())
    pos = {word: next(iter(c)) for word, c in classes.items() if len(c) == 1}
    pipe = nlp.add_pipe(FACTORY, last=True)
    pipe.known, pipe.lemmas, pipe.pos = known, lemmas, pos
    print("lexicon back-off:", len(known), "known forms,", len(lemmas), "lemmas,", len(pos), "classes")


def swap_lemmatizer(nlp, mode):
    """Replace the trainable lemmatizer by spaCy's rule/lookup lemmatizer.
    The lookup tables are serialized inside the pipeline, so
    spacy-lookups-data is only needed here, not at load time."""
    nlp.remove_pipe("trainable_lemmatizer")
    lem = nlp.add_pipe("lemmatizer", config={"mode": mode, "overwrite": True})
    lem.initialize()
    return nlp


def throughput(nlp, ud_dir, n_words=20000):
    texts, words = [], 0
    for name in ["nl_alpino-ud-dev.conllu", "nl_lassysmall-ud-dev.conllu"]:
        buf = []
        lines = (Path(ud_dir) / name).read_text(encoding="utf8").splitlines()
        for line in lines:
            if line.startswith("# text = "):
                buf.append(line[9:].strip())
                if len(buf) == 10:
                    texts.append(" ".join(buf))
                    buf = []
    sel = []
    for t in texts:
        sel.append(t)
        words += len(t.split())
        if words >= n_words:
            break
    list(nlp.pipe(sel[:20]))  # warm-up
    t0 = time.perf_counter()
    n = sum(len(d) for d in nlp.pipe(sel, batch_size=64))
    dt = time.perf_counter() - t0
    return {"tokens": n, "seconds": round(dt, 2), "tokens_per_second": round(n / dt)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model_dir")
    p.add_argument("corpus_dir", type=Path)
    p.add_argument("out_dir", type=Path)
    p.add_argument("--lemmatizer", default="edit_tree", choices=["edit_tree", "rule", "lookup"])
    p.add_argument("--ud-dir", default=None)
    p.add_argument("--version", default="0.1.0")
    p.add_argument("--name", default="nl_codeertafel_sm", choices=sorted(DESCRIPTIONS))
    p.add_argument("--lookups", default=None,
                   help="spacy-lookups-data's data folder (nl_lemma_lookup, nl_lemma_index) "
                        "for the lexicon back-off on words absent from the training corpus")
    a = p.parse_args()

    nlp = spacy.load(a.model_dir)
    if a.lemmatizer != "edit_tree":
        swap_lemmatizer(nlp, a.lemmatizer)
    if a.lookups:
        add_lexicon_backoff(nlp, a.lookups, a.corpus_dir / "train.spacy")
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(AUX_FACTORY, last=True)  # AUX exactly for aux/aux:pass/cop relations
    test = a.corpus_dir / "test"
    per = {
        "UD_Dutch-Alpino-2.16-test": evaluate(nlp, test / "alpino.spacy"),
        "UD_Dutch-LassySmall-2.16-test": evaluate(nlp, test / "lassysmall.spacy"),
        "combined (token-weighted)": evaluate(nlp, test),
    }
    print(json.dumps(per, indent=2))
    meta = nlp.meta
    meta.update({
        "name": a.name,
        "lang": "nl",
        "version": a.version,
        "spacy_version": ">=3.8.0,<3.9.0",
        "description": DESCRIPTIONS[a.name] + TRAINING_NOTE,
        "author": "Codeertafel",
        "license": "CC BY-SA 4.0",
        "sources": [
            {"name": "UD_Dutch-Alpino", "url": "https://github.com/UniversalDependencies/UD_Dutch-Alpino",
             "license": "CC BY-SA 4.0",
             "author": "Gosse Bouma, Gertjan van Noord, Daniel Zeman, Zdenek Zabokrtsky (Alpino Treebank, University of Groningen)"},
            {"name": "UD_Dutch-LassySmall", "url": "https://github.com/UniversalDependencies/UD_Dutch-LassySmall",
             "license": "CC BY-SA 4.0",
             "author": "Gosse Bouma, Gertjan van Noord (Lassy Small Treebank, Wikipedia section)"},
        ],
        "performance": {k: v for k, v in per["combined (token-weighted)"].items() if k != "n_tokens"},
        "performance_per_testset": per,
        "lemmatizer": a.lemmatizer,
        "lexicon_backoff": (
            "spacy-lookups-data nl_lemma_lookup and nl_lemma_index (MIT), for word forms "
            "absent from the training data" if a.lookups else None),
    })
    if a.ud_dir:
        meta["speed_one_core"] = throughput(nlp, a.ud_dir)
        print("throughput", meta["speed_one_core"])
    nlp.meta = meta
    if a.out_dir.exists():
        shutil.rmtree(a.out_dir)
    nlp.to_disk(a.out_dir)
    # spaCy stores name as lang_name
    m = json.loads((a.out_dir / "meta.json").read_text())
    print("saved", a.out_dir, m["name"], m["version"])


if __name__ == "__main__":
    main()
