"""Pseudonymising a project: consistent pseudonyms, positions moved with the text, the
key apart, nothing of the original left in the copy, the original untouched."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from coder.deid.copies import pseudonymise_project, pseudonymised_copy, write_pseudonymised_copy
from coder.deid.detect import Finding
from coder.deid.pseudonymise import Key, decide, replace, review
from coder.errors import CoderError, InputFileError
from coder.store import NewCoding, NewSegment, Project
from tests.cli.conftest import run_coder

TURNS = {
    "Gesprek een": [
        ("Gespreksleider", "Hoe ging het toen met Samira?"),
        ("Moeder", "Samira zat thuis, en toen belde ik Veilig Thuis in Lombok."),
        ("Samira", "Ik wilde gewoon weer naar school."),
    ],
    "Gesprek Samira": [
        ("Mentor", "Ik zag samira's moeder pas in januari 2023, ze was toen veertien."),
        ("Samira", "Ja, mijn mentor meneer Bakker belde me op 06-12345678."),
    ],
}


def _document(project: Project, name: str, turns: list[tuple[str, str]]) -> int:
    text, segments = "", []
    for speaker, words in turns:
        if text:
            text += "\n\n"
        text += f"{speaker}: "
        segments.append(NewSegment(speaker, len(text), len(text) + len(words)))
        text += words
    document = project.add_document(
        name=name,
        original_filename=f"{name}.txt",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        format="txt",
        text=text,
        segments=segments,
        attributes={"regio": "Zuilen"},
    )
    return document.id


@pytest.fixture
def study(tmp_path: Path) -> Path:
    from coder.codebook import apply_codebook, read_codebook
    from coder.resources import default_codebook

    path = tmp_path / "studie.ctdb"
    book = read_codebook(default_codebook())
    with Project.create(path, populate=lambda p: apply_codebook(p, book)) as project:
        ids = {name: _document(project, name, turns) for name, turns in TURNS.items()}
        code = project.find_code("Knelpunten/Wachttijden").id
        text = project.text(ids["Gesprek een"])
        start = text.index("toen belde ik")
        project.add_codings([NewCoding(ids["Gesprek een"], start, text.index(" in Lombok"), code)])
        turn = project.segments(ids["Gesprek Samira"])[0]
        project.add_codings([NewCoding(ids["Gesprek Samira"], turn.start, turn.end, code)])
        project.add_memo("document", ids["Gesprek een"], "Samira belde later nog terug.")
    return path


def _file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_copy_has_no_name_left_and_codings_keep_their_words(
    study: Path, tmp_path: Path
) -> None:
    from coder.nlp.search import search

    with Project.open(study) as project:  # analyses and the search index hold words too
        assert search(project, "Samira")
    before = _file_sha(study)
    output, key_file = tmp_path / "anoniem.ctdb", tmp_path / "sleutel.csv"
    with Project.open(study) as project:
        key = Key()
        summary = pseudonymise_project(project, output, key)
        key.write(key_file)
    assert _file_sha(study) == before  # the original is never changed
    assert summary.documents == 2 and summary.per_kind["PER"] >= 5
    raw = output.read_bytes()
    for name in (b"Samira", b"samira", b"Bakker", b"Lombok", b"06-12345678", b"veertien"):
        assert name not in raw, name  # not in a text, a label, a name, a memo, a free page
    with Project.open(output) as copy:
        names = sorted(d.name for d in copy.documents())
        assert names == ["Gesprek [PERSOON-1]", "Gesprek een"]
        first = copy.document("Gesprek een")
        text = copy.text(first.id)
        assert "[PERSOON-1] zat thuis, en toen belde ik [ORGANISATIE-1] in [PLAATS-1]." in text
        speakers = [s.speaker for s in copy.segments(first.id)]
        assert speakers == ["Gespreksleider", "Moeder", "[PERSOON-1]"]
        [coding] = copy.codings(document_id=first.id)
        assert text[coding.start : coding.end] == "toen belde ik [ORGANISATIE-1]"
        for segment in copy.segments(first.id):
            assert text[segment.start - 2 : segment.start] == ": "  # turns moved with the text
        second = copy.document("Gesprek [PERSOON-1]")
        text = copy.text(second.id)
        assert "Ik zag [PERSOON-1]'s moeder pas in [DATUM], ze was toen [LEEFTIJD]." in text
        assert "meneer [PERSOON-2] belde me op [CONTACT]" in text
        [coding] = copy.codings(document_id=second.id)
        assert text[coding.start : coding.end].startswith("Ik zag [PERSOON-1]'s")
        assert [m.text for m in copy.memos()] == ["[PERSOON-1] belde later nog terug."]
        assert copy.document("Gesprek een").attributes == {"regio": "Zuilen"}
        assert copy.history() == []  # the undo log held the original text
    rows = key_file.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "original,kind,pseudonym" and "Samira,PER,[PERSOON-1]" in rows


def test_the_same_key_gives_the_same_copy(study: Path, tmp_path: Path) -> None:
    key_file = tmp_path / "sleutel.csv"
    texts = []
    for run in range(2):
        output = tmp_path / f"kopie{run}.ctdb"
        with Project.open(study) as project:  # the second run reuses the key written
            write_pseudonymised_copy(project, output, key_file)
        with Project.open(output) as copy:
            texts.append([copy.text(d.id) for d in copy.documents()])
    assert texts[0] == texts[1]


def test_a_failed_export_leaves_the_key_as_it_was(study: Path, tmp_path: Path) -> None:
    """The key of a pseudonymised export is written only when the export succeeded."""
    key_file = tmp_path / "sleutel.csv"
    with Project.open(study) as project:
        with pytest.raises(RuntimeError), pseudonymised_copy(project, key_file) as copy:
            assert "Samira" not in copy.text(copy.documents()[0].id)
            raise RuntimeError("the export failed")
        assert not key_file.exists()
        with pseudonymised_copy(project, key_file):
            pass
    assert "Samira,PER,[PERSOON-1]" in key_file.read_text(encoding="utf-8-sig")


def test_review_decisions_are_kept_in_the_project(study: Path, tmp_path: Path) -> None:
    with Project.open(study) as project:
        decide(project, keep=["Veilig Thuis"], add=["thuis=LOC"])
        found = review(project)
        kinds = {(text, kind) for counts in found.counts.values() for kind, text in counts}
        assert ("Veilig Thuis", "ORG") not in kinds
        assert ("Samira", "PER") in kinds and ("Lombok", "LOC") in kinds
        assert {d.text for d in project.deid_decisions()} == {"Veilig Thuis", "thuis"}
        with pytest.raises(CoderError, match="the kind is one of"):
            decide(project, add=["Bram=PERSOON"])


def test_review_reports_progress_over_the_texts_it_reads(study: Path) -> None:
    reports: list[tuple[int, int]] = []
    with Project.open(study) as project:
        review(project, progress=lambda done, total, item: reports.append((done, total)))
    texts = sum(len(turns) for turns in TURNS.values()) + 1  # the turns and the memo
    assert reports[0] == (0, texts) and reports[-1] == (texts, texts)
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)


def test_positions_move_with_the_text() -> None:
    text = "Toen belde Samira de wijkagent."
    replaced = replace(text, [Finding(11, 17, "Samira", "PER")], Key())
    assert replaced.text == "Toen belde [PERSOON-1] de wijkagent."
    assert replaced.position(5) == 5  # before
    assert replaced.position(11) == 11 and replaced.position(17) == 22  # the span's edges
    assert replaced.position(13) == 11 and replaced.position(13, end=True) == 22  # inside
    assert replaced.position(len(text)) == len(replaced.text)  # after


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\xff\xfe\x00garbage", "not a UTF-8 text file"),
        (b"naam;soort\nSamira;PER\n", "not a Codeertafel key file"),
        (b"original,kind,pseudonym\nSamira,PERSON,[X]\n", "line 2 is not original,kind,pseudonym"),
        (
            b"original,kind,pseudonym\nSamira,PER,[A]\nsamira,PER,[B]\n",
            "'samira' has two pseudonyms",
        ),
    ],
)
def test_a_foreign_key_file_is_one_line(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "sleutel.csv"
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=problem):
        Key.read(path)


def test_the_command_line(study: Path, tmp_path: Path) -> None:
    listed = run_coder("pseudonymise", study, "--list", "--json")
    assert listed.code == 0, listed.err
    data = json.loads(listed.out)
    found = {(f["text"], f["kind"]) for d in data["documents"] for f in d["findings"]}
    assert ("Samira", "PER") in found and ("Bakker", "PER") in found

    no_key = run_coder("pseudonymise", study, "-o", tmp_path / "a.ctdb")
    assert no_key.code == 1 and "--output needs --key" in no_key.err

    bad = tmp_path / "kapot.csv"
    bad.write_text("x,y\n")
    refused = run_coder("pseudonymise", study, "-o", tmp_path / "a.ctdb", "--key", bad)
    assert refused.code == 1 and refused.err.count("\n") == 1 and str(bad) in refused.err
    assert not (tmp_path / "a.ctdb").exists()  # nothing half-written

    key = tmp_path / "sleutel.csv"
    done = run_coder(
        "pseudonymise", study, "--keep", "Lombok", "-o", tmp_path / "a.ctdb", "--key", key
    )
    assert done.code == 0, done.err
    with Project.open(tmp_path / "a.ctdb") as copy:
        text = " ".join(copy.text(d.id) for d in copy.documents())
    assert "Lombok" in text and "Samira" not in text
    again = run_coder("pseudonymise", study, "-o", tmp_path / "a.ctdb", "--key", key)
    assert again.code == 1 and "already exists" in again.err


def test_exports_carry_no_name_when_pseudonymised(study: Path, tmp_path: Path) -> None:
    """Tables, quotes, REFI-QDA and plain transcripts, with one key for all of them."""
    import zipfile

    key = tmp_path / "sleutel.csv"
    outputs = {
        "xlsx": tmp_path / "codeersegmenten.xlsx",
        "csv": tmp_path / "codeersegmenten.csv",
        "quotes": tmp_path / "citaten.md",
        "qdpx": tmp_path / "studie.qdpx",
        "transcripts": tmp_path / "transcripten",
    }
    for format, output in outputs.items():
        done = run_coder(
            "export", study, "--format", format, "-o", output, "--pseudonymise", "--key", key
        )
        assert done.code == 0, (format, done.err)
    contents = [outputs["csv"].read_bytes(), outputs["quotes"].read_bytes()]
    for archive in (outputs["xlsx"], outputs["qdpx"]):
        with zipfile.ZipFile(archive) as opened:
            contents += [opened.read(member) for member in opened.namelist()]
    transcripts = sorted(outputs["transcripts"].iterdir())
    assert [p.name for p in transcripts] == ["Gesprek [PERSOON-1].txt", "Gesprek een.txt"]
    contents += [p.read_bytes() for p in transcripts]
    for content in contents:
        for name in (b"Samira", b"samira", b"Bakker", b"Lombok", b"06-12345678"):
            assert name not in content
    assert b"[PERSOON-1]" in outputs["quotes"].read_bytes()
    assert "[PERSOON-1]: Ik wilde gewoon weer naar school." in transcripts[1].read_text()
    # the key names each pseudonym once, whatever the export
    rows = key.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == len(set(rows)) and "Samira,PER,[PERSOON-1]" in rows

    plain = run_coder("export", study, "--format", "transcripts", "-o", tmp_path / "echt")
    assert plain.code == 0 and "Samira" in (tmp_path / "echt" / "Gesprek Samira.txt").read_text()
    again = run_coder("export", study, "--format", "transcripts", "-o", tmp_path / "echt")
    assert again.code == 1 and "not empty" in again.err
    no_key = run_coder(
        "export", study, "--format", "csv", "-o", tmp_path / "x.csv", "--pseudonymise"
    )
    assert no_key.code == 1 and "--pseudonymise needs --key" in no_key.err
