"""Lemma-aware search and the per-document analysis cache, on a real project file."""

from __future__ import annotations

import zlib

import pytest

from coder.errors import CoderError
from coder.nlp import analysis
from coder.nlp.search import search
from coder.store import NewSegment, Project

TURNS = [
    ("Moeder", "Eh, we hebben zoveel hulpverleners gezien dat ik het niet meer weet."),
    ("Jongere", "Niemand wist van elkaar wat ze deden, ook de jeugdzorg niet."),
    ("Buurtteam", "Een vaste hulpverlener had hier veel verschil gemaakt."),
    ("Moeder", "We moesten steeds opnieuw ons verhaal vertellen."),
]


@pytest.fixture
def searchable(tmp_path) -> Project:
    project = Project.create(tmp_path / "zoek.ctdb")
    text, segments = "", []
    for speaker, words in TURNS:
        if text:
            text += "\n\n"
        text += f"{speaker}: "
        segments.append(NewSegment(speaker, len(text), len(text) + len(words)))
        text += words
    project.add_document(
        name="gesprek",
        original_filename="g.txt",
        sha256="x",
        format="txt",
        text=text,
        segments=segments,
    )
    yield project
    project.close()


def test_lemma_search_finds_inflected_forms(searchable, nlp) -> None:
    hits = search(searchable, "hulpverlener", nlp=nlp)
    assert [h.match for h in hits] == ["hulpverleners", "hulpverlener"]
    assert [h.speaker for h in hits] == ["Moeder", "Buurtteam"]
    text = searchable.text(hits[0].document_id)
    assert all(text[h.start : h.end] == h.match for h in hits)
    verbs = search(searchable, "vertelde", nlp=nlp)
    assert [h.match for h in verbs] == ["vertellen"]


def test_phrase_and_compound_search(searchable, nlp) -> None:
    assert [h.match for h in search(searchable, "verhaal vertellen", nlp=nlp)] == [
        "verhaal vertellen"
    ]
    assert [h.match for h in search(searchable, "zorg", nlp=nlp)] == ["jeugdzorg"]
    assert search(searchable, "zorg", nlp=nlp, compounds=False) == []


def test_text_and_regex_modes(searchable) -> None:
    assert [h.match for h in search(searchable, "WIST", mode="text")] == ["wist"]
    assert len(search(searchable, r"\bver\w+", mode="regex")) == 3  # verschil, verhaal, vertellen
    with pytest.raises(CoderError, match="not a valid regular expression"):
        search(searchable, "(", mode="regex")
    hit = search(searchable, "jeugdzorg", mode="text", context=10)[0]
    assert hit.left.endswith("ook de ") and hit.right == " niet."


def test_document_is_analysed_once(searchable, nlp, monkeypatch) -> None:
    document = searchable.documents()[0]
    calls = []
    original = nlp.pipe

    def counting_pipe(texts, *args, **kwargs):
        calls.append(1)
        return original(texts, *args, **kwargs)

    monkeypatch.setattr(nlp, "pipe", counting_pipe)
    first = analysis.analyse_document(searchable, document.id, nlp)
    second = analysis.analyse_document(searchable, document.id, nlp)
    assert len(calls) == 1
    assert [d.text for d in first.docs] == [d.text for d in second.docs]
    assert [t.lemma_ for t in second.docs[0]] == [t.lemma_ for t in first.docs[0]]
    assert list(second.docs[1].noun_chunks)  # the parse survives the cache

    # Another pipeline version invalidates the cached analysis.
    monkeypatch.setitem(nlp.meta, "version", "999.0.0")
    analysis.analyse_document(searchable, document.id, nlp)
    assert len(calls) == 2


def _replace_cached_analysis(project: Project, data: bytes) -> None:
    """Put ``data`` where the analysis of the project's document is kept, as a received
    project could."""
    import sqlite3

    project.close()
    with sqlite3.connect(project.path) as db:
        db.execute("UPDATE analyses SET data = ?", (data,))
    db.close()


@pytest.mark.parametrize(
    "hostile",
    [
        lambda nlp: zlib.compress(bytes(128 * 2**20), 9),  # 130 KB that unpack to 128 MB
        lambda nlp: b"not a DocBin at all",
        lambda nlp: zlib.compress(b"\x81\xa5attrs\xc0"),  # msgpack that spaCy cannot read
        lambda nlp: _analysis_of(nlp, [f"andere tekst {k}" for k in range(len(TURNS))]),
    ],
    ids=["zlib-bomb", "garbage", "damaged", "other-text"],
)
def test_a_hostile_cached_analysis_is_redone_not_trusted(searchable, nlp, hostile) -> None:
    import tracemalloc

    document = searchable.documents()[0]
    analysis.analyse_document(searchable, document.id, nlp)
    hostile = hostile(nlp)
    _replace_cached_analysis(searchable, hostile)
    project = Project.open(searchable.path)
    tracemalloc.start()
    analysed = analysis.analyse_document(project, document.id, nlp)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 64 * 2**20  # the bomb was never unpacked
    assert [d.text for d in analysed.docs] == [words for _, words in TURNS]
    assert project.cached_analysis(document.id, *_cache_key(project, document.id, nlp)) != hostile
    project.close()


def _analysis_of(nlp, texts: list[str]) -> bytes:
    from spacy.tokens import DocBin

    return DocBin(docs=[nlp.make_doc(text) for text in texts]).to_bytes()


def _cache_key(project: Project, document_id: int, nlp) -> tuple[str, str]:
    key = analysis._CacheKey(project, document_id, nlp)
    return key.identity, key.fingerprint


def test_timestamps_and_speaker_labels_never_reach_the_parser(tmp_path, nlp) -> None:
    from coder.ingest.importing import import_file
    from coder.nlp.analysis import analyse_document
    from coder.resources import demo_dir

    project = Project.create(tmp_path / "t.ctdb")
    document = import_file(project, demo_dir() / "dialoogtafel-kanaleneiland.txt")
    analysed = analyse_document(project, document.id, nlp)
    speakers = {s.speaker for s in analysed.segments}
    for segment, doc in analysed.turns():
        assert segment.time_start is not None
        assert not any(":" in t.text and t.text[:2].isdigit() for t in doc)  # no [00:01:23]
        assert not (doc[0].text in speakers and len(doc) > 1 and doc[1].text == ":")
    project.close()


def test_worker_processes_give_the_same_analysis(searchable, nlp) -> None:
    searchable.add_document(
        name="tweede",
        original_filename="tweede.txt",
        sha256="tweede",
        format="txt",
        text="Vader: We stonden maanden op de wachtlijst.",
        segments=[NewSegment("Vader", 7, 43)],
    )
    ids = [d.id for d in searchable.documents()]
    in_processes = {
        a.document_id: [[t.lemma_ for t in doc] for doc in a.docs]
        for a in analysis.analyse_project(searchable, ids, nlp=nlp, processes=2)
    }
    assert sorted(in_processes) == sorted(ids)
    for document_id in ids:  # cached by the streaming run, identical to a plain run
        plain = analysis.analyse_document(searchable, document_id, nlp)
        assert [[t.lemma_ for t in doc] for doc in plain.docs] == in_processes[document_id]
    assert (
        in_processes[ids[1]][0][:2] == ["we", "staan"] and "wachtlijst" in in_processes[ids[1]][0]
    )


def test_full_and_feature_analyses_are_cached_side_by_side(searchable, nlp) -> None:
    from coder.nlp.pipeline import load_feature_pipeline, pipeline_info

    features = load_feature_pipeline()
    assert "parser" not in features.pipe_names
    assert pipeline_info(features).identity != pipeline_info(nlp).identity
    document = searchable.documents()[0]
    full = analysis.analyse_document(searchable, document.id, nlp)
    small = analysis.analyse_document(searchable, document.id, features)
    assert list(full.docs[1].noun_chunks)
    assert [t.text for t in small.docs[0]] == [t.text for t in full.docs[0]]
    assert "hulpverlener" in analysis.content_lemmas(small.docs[0])
    rows = searchable._conn.execute("SELECT COUNT(*) FROM analyses").fetchone()[0]
    assert rows == 2


def test_query_language(searchable, nlp) -> None:
    """Wildcards, quoted phrases, AND / OR / NOT, speakers and codes."""

    def matches(query: str, **filters) -> list[str]:
        return [h.match for h in search(searchable, query, nlp=nlp, **filters)]

    assert matches("hulp*") == ["hulpverleners", "hulpverlener"]
    assert matches('"ons verhaal"') == ["ons verhaal"]
    assert matches("hulpverlener OR jeugdzorg") == ["hulpverleners", "jeugdzorg", "hulpverlener"]
    assert matches("hulpverlener AND gemaakt") == ["hulpverlener", "gemaakt"]
    assert matches("hulpverlener NOT vast") == ["hulpverleners"]
    assert matches("hulpverlener", speakers=["Buurtteam"]) == ["hulpverlener"]
    for bad in ("NOT school", "school OR", "AND"):
        with pytest.raises(CoderError, match=r"needs words on both sides|give words"):
            search(searchable, bad, nlp=nlp)


def test_the_index_follows_the_documents(searchable, nlp) -> None:
    from coder.store import NewCoding

    assert search(searchable, "wachtlijst", nlp=nlp) == []
    searchable.add_document(
        name="tweede",
        original_filename="tweede.txt",
        sha256="tweede",
        format="txt",
        text="Vader: We stonden maanden op de wachtlijst.",
        segments=[NewSegment("Vader", 7, 43)],
    )
    [hit] = search(searchable, "wachtlijsten", nlp=nlp)
    assert hit.document == "tweede" and hit.match == "wachtlijst"
    code = searchable.add_code("Wachten")
    searchable.add_codings([NewCoding(hit.document_id, 7, 43, code.id)])
    assert [h.match for h in search(searchable, "wacht*", nlp=nlp, code_ids=[code.id])] == [
        "wachtlijst"
    ]
    assert search(searchable, "hulpverlener", nlp=nlp, code_ids=[code.id]) == []
    searchable.delete_document(hit.document_id)
    rows = searchable._query("SELECT count(*) FROM search_turns")[0][0]
    assert rows == len(TURNS)  # the deleted document's turns left the index
    assert search(searchable, "wachtlijst", nlp=nlp) == []


def test_a_damaged_index_is_rebuilt(searchable, nlp) -> None:
    """A received project's index rows are not trusted: rows out of step are rebuilt."""
    assert [h.match for h in search(searchable, "verhaal", nlp=nlp)] == ["verhaal"]
    with searchable.write() as tx:
        tx.execute("UPDATE search_turns SET offsets = 'x,y 1' ")
    assert [h.match for h in search(searchable, "verhaal", nlp=nlp)] == ["verhaal"]
