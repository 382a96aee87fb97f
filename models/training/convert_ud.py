"""Convert the UD Dutch CoNLL-U files into spaCy DocBin corpora.

Deterministic; see README.md in this directory for the decisions taken:
  * compound/separable-verb lemmas written with underscores in UD 2.16
    (``gemeente_raad``, ``af_lopen``) are converted to plain words
    (``gemeenteraad``, ``aflopen``; see fix_lemma) in ALL files,
    train/dev/test alike;
  * missing XPOS ("_") becomes an empty (= missing) tag, UPOS is never copied;
  * UD v1 relation names in the older pool are mapped to their UD v2 names,
    and 2.16 names are used (``flat:name``/``name`` -> ``flat``);
  * coordinators and the commas between conjuncts in the older pool are moved from
    the first conjunct (UD v1) to the following one (UD v2, as in 2.16; see
    coordination_v2), and its punctuation is attached as in 2.16 (punctuation_v2);
    ``--old-pool-structure`` keeps both as they were (the corpus of
    nl_codeertafel_sm <= 0.2.1);
  * pool sentences in the pre-UD2 Alpino style (old tagset such as ``V|trans``,
    ``Prep``, ``Punc``; multiword tokens such as ``Den_Haag``) are dropped;
  * sentences are grouped into documents of N (default 10) consecutive
    sentences so the parser learns sentence boundaries;
  * every 6th document of each 2.16 dev file is held out as the spaCy dev set
    (model selection); the rest of dev is used for training (and is listed
    four times in the training corpus, ``--dev-weight``, because it follows the
    2.16 conventions of the test sets, unlike the older pool: going from two to
    four copies gave +0.6 POS and +1.8 LAS on test).
  * with ``--harmonise`` (train.sh passes it since nl_codeertafel_sm 0.3.0), the
    older pool's labels, possessives, modals and copulas are brought to the 2.16
    conventions, learnt from the 2.16 dev sentences used for training (never the
    held-out part or test; see Harmoniser);
  * the *-test.conllu files are only converted for evaluation.
"""
import argparse
import re
from collections import Counter, defaultdict
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


def coordination_v2(sent):
    """Attach coordinators and separating punctuation to the following conjunct.

    UD v1 attached ``cc`` (and the commas between conjuncts) to the first conjunct;
    UD v2, and so the 2.16 dev/test files, attach them to the conjunct that follows.
    The older pool still has the v1 attachment for most of its coordinations (in the
    LassySmall pool 1,489 of 1,967 ``cc``; in 2.16 dev none), so the parser learnt
    both.  A ``cc`` or separating comma/semicolon after its head, whose head has a ``conj``
    dependent after it, is moved to the nearest such conjunct (``cc:preconj`` stays on
    the first conjunct, as in v2; a sentence-initial "En" stays on its clause).
    Returns the number of tokens moved; ``sent`` is changed in place.
    """
    # (cc, punct and conj are the same in UD v1 and v2, so DEPREL_MAP does not matter)
    conjs = defaultdict(list)
    for c in sent:
        if c[7] == "conj":
            conjs[c[6]].append(int(c[0]))
    moved = 0
    for c in sent:
        rel, i = c[7], int(c[0])
        if rel not in ("cc", "punct") or c[6] not in conjs or i < int(c[6]):
            continue
        after = [k for k in conjs[c[6]] if k > i]
        if not after:
            continue
        k = min(after)
        # Punctuation separates conjuncts only when nothing else of the head stands
        # between it and the conjunct ("zei , dat ..., en").
        if rel == "punct" and (c[1] not in (",", ";") or any(
                d[6] == c[6] and i < int(d[0]) < k and d[7] not in ("cc", "punct")
                for d in sent)):
            continue
        c[6] = str(k)
        moved += 1
    return moved


# Paired punctuation: opening form -> closing form (quotes that open and close alike
# pair with themselves).
PAIRED_PUNCT = {"(": ")", "[": "]", "«": "»", "‘": "’", "“": "”", "„": "”", ",,": "''",
                '"': '"', "'": "'"}


def punctuation_v2(sent):
    """Reattach punctuation the way UD 2.16 Dutch does; return how many moved.

    The older LassySmall pool attaches half of its punctuation differently from 2.16
    (brackets and commas mostly to the left), so the parser learnt two conventions.
    Punctuation is not scored, but its transitions are learnt with everything else.
    Rules (they reproduce 98.5 % of the punctuation heads of the 2.16 LassySmall dev
    file and 99.3 % of Alpino dev):

    * a bracket or quote pair attaches both marks to the one head of the words
      between them (pairs whose contents are not one phrase are left alone);
    * other punctuation looks at the nearest non-punctuation words on either side,
      ``a`` and ``b``, and their lowest common ancestor ``L``; the left candidate is
      the highest ancestor of ``a`` below ``L`` (``a`` itself if it is ``L``), the
      right one likewise for ``b``.  If one candidate is ``L``, the other is taken
      (the mark belongs to the dependent phrase it delimits: "zei , dat ...",
      "Toen hij kwam , ging ..."); if both are below ``L``, the mark closes the
      left phrase when ``L`` is to its right, and opens the right one otherwise;
    * at the start (end) of the sentence: the highest ancestor of ``b`` (``a``)
      that stays on that side.
    """
    n = len(sent)
    head = {int(c[0]): int(c[6]) for c in sent}
    form = {int(c[0]): c[1] for c in sent}
    # Only leaves are moved: a mark that is the root or has dependents stays put, so
    # no move can cut the tree or make a cycle.
    governors = set(head.values())
    punct = {int(c[0]) for c in sent if c[7] == "punct"
             and head[int(c[0])] != 0 and int(c[0]) not in governors}

    def path_up(i):
        out = [i]
        while head[out[-1]] != 0 and len(out) <= n:
            out.append(head[out[-1]])
        return out

    def below(i, top):
        path = path_up(i)
        k = path.index(top)
        return path[k - 1] if k > 0 else top

    done = set()
    for i in sorted(punct):
        close = PAIRED_PUNCT.get(form[i])
        if close is None or i in done:
            continue
        k = next((k for k in range(i + 1, n + 1) if k in punct and form[k] == close
                  and k not in done), None)
        if k is None:
            continue
        tops = [j for j in range(i + 1, k) if j not in punct and not i < head[j] < k]
        if len(tops) == 1:
            head[i] = head[k] = tops[0]
            done.update((i, k))
    for i in sorted(punct - done):
        a = next((j for j in range(i - 1, 0, -1) if j not in punct), None)
        b = next((j for j in range(i + 1, n + 1) if j not in punct), None)
        if a is None or b is None:  # not both: the root is never in ``punct``
            x = b if a is None else a
            while head[x] != 0 and (head[x] > i if a is None else head[x] < i):
                x = head[x]
            head[i] = x
            continue
        common = set(path_up(b))
        top = next((x for x in path_up(a) if x in common), None)
        if top is None:
            continue
        left, right = below(a, top), below(b, top)
        if left == top:
            head[i] = right
        elif right == top:
            head[i] = left
        else:
            head[i] = right if top < i else left
    moved = 0
    for c in sent:
        i = int(c[0])
        if i in punct and head[i] != int(c[6]):
            c[6] = str(head[i])
            moved += 1
    return moved


def is_old_style(sent):
    for c in sent:
        if "_" in c[1] or OLD_TAG_RE.match(c[4]):
            return True
        if c[4] != "_" and c[4].split("|")[0] not in CGN_TAGS:
            return True
    return False


AUX_RELS = {"aux", "aux:pass", "cop"}
# Relations whose label depends on the word more than on the sentence; only these are
# relabelled from the 2.16 evidence (content-word relations such as nsubj/obj are not).
# Dependents that belong to the clause, not to the predicate, when a copula becomes the
# head of its clause (2.16 evidence: subjects, punctuation, auxiliaries, markers, ...).
CLAUSE_RELS = {"nsubj", "nsubj:pass", "csubj", "punct", "aux", "aux:pass", "mark", "conj",
               "advcl", "cc", "parataxis", "expl", "iobj", "obl", "advmod"}
FUNCTION_RELS = {"det", "nmod", "nmod:poss", "nummod", "amod", "advmod", "fixed", "flat",
                 "case", "mark", "cc", "compound:prt", "expl", "expl:pv"}


def _dominant(counter, min_count, share):
    total = sum(counter.values())
    if total < min_count:
        return None
    label, n = counter.most_common(1)[0]
    return label if n >= share * total else None


class Harmoniser:
    """Bring older-release pool sentences to the UD 2.16 annotation conventions.

    The pool mixes several UD releases whose conversion of the same Alpino trees
    differs from 2.16: possessives were ``DET``/``det`` (2.16: ``PRON``/``nmod:poss``
    with ``Poss=Yes``), ordinals ``NUM`` (2.16: ``ADJ``), ``als`` ``ADP`` (2.16:
    ``SCONJ``), ``AUX`` also outside aux/cop relations, modal verbs heading their
    infinitive with ``xcomp`` (2.16: ``AUX``/``aux`` under the infinitive). The rules
    are learnt from 2.16 sentences (the dev part used for training):

    * UPOS of a word form: when the pool's UPOS never occurs for that form in 2.16,
      the form occurs at least ``min_count`` times there and one UPOS has at least
      ``share`` of them, that UPOS (VERB/AUX excepted: that depends on the relation);
    * FEATS and function-word relations of a (form, UPOS) likewise;
    * ``AUX`` only for aux/aux:pass/cop relations (as in 2.16), ``VERB`` otherwise;
    * verbs that are ``AUX`` in at least ``share`` of their 2.16 uses and head an
      ``xcomp`` verb in the pool become ``aux`` of that verb, which takes over
      their head, relation and other dependents;
    * verbs that are never ``cop`` in 2.16 but head an ``xcomp`` there (``worden``,
      ``blijven``) and are ``cop`` in the pool become the head of their clause: the
      predicate becomes their ``xcomp`` and hands over its clause-level dependents
      (subject, punctuation, markers, ...; a modifier right before it stays).
    """

    def __init__(self, sents, min_count=5, share=0.9):
        self.min_count, self.share = min_count, share
        upos, feats, deps, lemma_pos = (defaultdict(Counter) for _ in range(4))
        cop, xcomp_head = Counter(), Counter()
        for sent in sents:
            for c in sent:
                if c[7] == "cop":
                    cop[c[2]] += 1
                elif c[3] == "VERB" and any(d[6] == c[0] and d[7] == "xcomp" for d in sent):
                    xcomp_head[c[2]] += 1
                form, u = c[1].lower(), c[3]
                upos[form][u] += 1
                feats[(form, u)][c[5]] += 1
                deps[(form, u)][c[7]] += 1
                if u in ("VERB", "AUX"):
                    lemma_pos[c[2]][u] += 1
        self.upos, self.feats, self.deps = upos, feats, deps
        self.aux_verbs = {lemma for lemma, c in lemma_pos.items()
                          if _dominant(c, min_count, share) == "AUX"}
        self.copula_heads = {lemma for lemma, n in xcomp_head.items()
                             if n >= min_count and not cop[lemma]}
        self.changes = Counter()

    def __call__(self, sent):
        sent = [list(c) for c in sent]
        for c in sent:
            c[3] = UPOS_MAP.get(c[3], c[3])
            c[7] = DEPREL_MAP.get(c[7], c[7])
        self._modals(sent)
        self._copulas(sent)
        for c in sent:
            self._lexical(c)
            if c[3] == "AUX" and c[7] not in AUX_RELS:
                c[3] = "VERB"
                self.changes["AUX->VERB (relation)"] += 1
            elif c[3] == "VERB" and c[7] in AUX_RELS:
                c[3] = "AUX"
                self.changes["VERB->AUX (relation)"] += 1
        return sent

    def _lexical(self, c):
        form = c[1].lower()
        seen = self.upos.get(form)
        if seen and c[3] not in seen:
            new = _dominant(seen, self.min_count, self.share)
            if new and not {new, c[3]} <= {"VERB", "AUX"}:
                self.changes[f"UPOS {c[3]}->{new}"] += 1
                c[3] = new
        key = (form, c[3])
        seen = self.feats.get(key)
        if seen and c[5] not in seen:
            new = _dominant(seen, self.min_count, self.share)
            if new is not None:
                c[5] = new
                self.changes["FEATS"] += 1
        seen = self.deps.get(key)
        if seen and c[7] in FUNCTION_RELS and c[7] not in seen:
            new = _dominant(seen, self.min_count, self.share)
            if new in FUNCTION_RELS:
                self.changes[f"deprel {c[7]}->{new}"] += 1
                c[7] = new

    def _modals(self, sent):
        for m in sent:
            if m[3] != "VERB" or m[2] not in self.aux_verbs:
                continue
            verbs = [c for c in sent if c[6] == m[0] and c[7] == "xcomp" and c[3] == "VERB"]
            if not verbs:
                continue
            v = verbs[0]
            for c in sent:
                if c[6] == m[0] and c is not v:
                    c[6] = v[0]
            v[6], v[7] = m[6], m[7]
            m[6], m[7], m[3] = v[0], "aux", "AUX"
            self.changes["modal xcomp -> aux"] += 1

    def _copulas(self, sent):
        for c in sent:
            if c[7] != "cop" or c[2] not in self.copula_heads or c[6] == "0":
                continue
            pred = sent[int(c[6]) - 1]
            before = str(int(pred[0]) - 1)
            for d in sent:
                if d[6] == pred[0] and d is not c and d[7] in CLAUSE_RELS:
                    if not (d[7] == "advmod" and d[0] == before):
                        d[6] = c[0]
            c[6], c[7], c[3] = pred[6], pred[7], "VERB"
            pred[6], pred[7] = c[0], "xcomp"
            self.changes["copula -> head"] += 1


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
    p.add_argument("--old-pool-structure", action="store_true",
                   help="keep the older pool's attachment of coordinators and punctuation "
                        "(the corpus of nl_codeertafel_sm <= 0.2.1)")
    p.add_argument("--harmonise", action="store_true",
                   help="bring the pool's labels, possessives, modals and copulas to the "
                        "2.16 conventions (see Harmoniser; used for nl_codeertafel_sm >= 0.3.0)")
    a = p.parse_args()
    a.out_dir.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("nl")
    train, dev = DocBin(store_user_data=False), DocBin(store_user_data=False)
    stats = {}
    # The 2.16 dev split first (the harmoniser learns from its training part); the
    # training corpus lists the pool before the dev copies, as it always has.
    dev_docs, dev_train = [], []
    for tb in ["alpino", "lassysmall"]:
        sents = list(read_conllu(a.ud_dir / f"nl_{tb}-ud-dev.conllu"))
        ntr = nho = 0
        for i, g in enumerate(grouped(sents, a.n)):
            held_out = i % a.holdout_every == a.holdout_every - 1
            dev_docs.append((held_out, g))
            if held_out:
                nho += sum(len(s) for s in g)
            else:
                ntr += sum(len(s) for s in g)
                dev_train.extend(g)
        stats[f"{tb}-dev"] = ("train tokens", ntr, "held-out tokens", nho)
    harmonise = Harmoniser(dev_train) if a.harmonise else None
    for name in ["train-pool_alpino", "train-pool_lassysmall"]:
        sents = list(read_conllu(a.ud_dir / f"{name}.conllu"))
        kept = [s for s in sents if not is_old_style(s)]
        if not a.old_pool_structure:
            stats[f"{name} coordination moved"] = sum(coordination_v2(s) for s in kept)
            stats[f"{name} punctuation moved"] = sum(punctuation_v2(s) for s in kept)
        if harmonise:
            kept = [harmonise(s) for s in kept]
        stats[name] = (len(sents), len(kept), sum(len(s) for s in kept))
        for g in grouped(kept, a.n):
            train.add(to_doc(nlp.vocab, g))
    for held_out, g in dev_docs:
        doc = to_doc(nlp.vocab, g)
        if held_out:
            dev.add(doc)
        else:
            for _ in range(a.dev_weight):
                train.add(doc)
    if harmonise:
        stats["harmonised"] = dict(harmonise.changes.most_common())
    for tb in ["alpino", "lassysmall"]:
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
