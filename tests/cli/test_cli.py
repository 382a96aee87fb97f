"""The real ``coder`` command: output, files, exit codes, one-line errors."""

from __future__ import annotations

import json
import time
from pathlib import Path

from coder.store import Project
from tests.cli.conftest import run_coder


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.code != 0
    assert "Traceback" not in result.err
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) >= 1 and lines[0].startswith("Error: "), result.err
    for fragment in fragments:
        assert fragment in result.err


def test_help_is_fast_and_lists_commands() -> None:
    start = time.perf_counter()
    result = run_coder("--help")
    elapsed = time.perf_counter() - start
    assert result.code == 0
    for command in ("init", "import", "codebook", "stats", "demo", "undo"):
        assert command in result.out
    assert elapsed < 5  # generous here; the real figure is in benchmarks/


def test_init_with_default_codebook(tmp_path: Path) -> None:
    path = tmp_path / "studie.ctdb"
    result = run_coder("init", path)
    assert result.code == 0, result.err
    with Project.open(path) as project:
        names = {c.name for c in project.codes()}
    assert "Knelpunten" in names and "Communicatie tussen hulpverleners" in names


def test_init_refuses_existing_and_bad_codebook(tmp_path: Path, mini_project: Path) -> None:
    assert_one_line_error(run_coder("init", mini_project), str(mini_project), "already exists")
    bad = tmp_path / "kapot.yaml"
    bad.write_text("codes: [ {name: Knelpunten\n", encoding="utf-8")
    target = tmp_path / "nieuw.ctdb"
    assert_one_line_error(run_coder("init", target, "--codebook", bad), str(bad), "YAML")
    assert not target.exists()


def test_import_and_stats_json(mini_project: Path, data: Path) -> None:
    result = run_coder("import", mini_project, data / "gesprek.txt", "--attr", "region=Hoograven")
    assert result.code == 0, result.err
    assert "gesprek" in result.out and "4 turns" in result.out
    stats = json.loads(run_coder("stats", mini_project, "--json").out)
    doc = stats["documents"]["gesprek"]
    assert doc["turns"] == 4
    assert doc["speakers"] == ["Moeder", "Jongere"]
    assert doc["attributes"] == {"region": "Hoograven"}
    assert stats["codes"]["Knelpunten/Wachttijden"]["count"] == 0


def test_reimport_is_refused(mini_project: Path, data: Path) -> None:
    assert run_coder("import", mini_project, data / "gesprek.txt").code == 0
    result = run_coder("import", mini_project, data / "gesprek.txt")
    assert_one_line_error(result, "gesprek.txt", "already imported")


def test_import_with_a_name_goes_through_the_one_import(
    tmp_path: Path, mini_project: Path, data: Path
) -> None:
    result = run_coder(
        "import", mini_project, data / "gesprek.txt", "--name", "Dialoogtafel 1", "--attr", "r=Z"
    )
    assert result.code == 0, result.err
    assert "as 'Dialoogtafel 1' (4 turns)" in result.out
    with Project.open(mini_project) as project:
        [document] = project.documents()
        assert (document.name, document.attributes) == ("Dialoogtafel 1", {"r": "Z"})
    copy = tmp_path / "kopie.txt"
    copy.write_text(data.joinpath("gesprek.txt").read_text(encoding="utf-8") + "\nNog een zin.\n")
    taken = run_coder("import", mini_project, copy, "--name", "Dialoogtafel 1")
    assert_one_line_error(taken, "kopie.txt", "already exists", "--name")
    two = run_coder("import", mini_project, copy, data / "gesprek.txt", "--name", "x")
    assert_one_line_error(two, "--name works with one file at a time")
    with Project.open(mini_project) as project:
        assert [d.name for d in project.documents()] == ["Dialoogtafel 1"]


def test_bad_inputs_leave_nothing_behind(tmp_path: Path, mini_project: Path) -> None:
    empty = tmp_path / "leeg.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "plaatje.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    unknown = tmp_path / "notities.pdf"
    unknown.write_bytes(b"%PDF-1.4")
    broken_vtt = tmp_path / "kapot.vtt"
    broken_vtt.write_text("dit is geen webvtt\n", encoding="utf-8")
    broken_docx = tmp_path / "kapot.docx"
    broken_docx.write_bytes(b"PK\x03\x04 niet echt een zip")
    for path in (tmp_path / "bestaat-niet.txt", empty, binary, unknown, broken_vtt, broken_docx):
        result = run_coder("import", mini_project, path)
        assert_one_line_error(result, path.name)
    with Project.open(mini_project) as project:
        assert project.documents() == []


def test_mixed_batch_imports_the_good_files(tmp_path: Path, mini_project: Path, data: Path) -> None:
    empty = tmp_path / "leeg.txt"
    empty.write_text("  \n", encoding="utf-8")
    result = run_coder("import", mini_project, data / "gesprek.txt", empty)
    assert result.code == 1
    assert "leeg.txt" in result.err and "1 of 2 files imported" in result.err
    with Project.open(mini_project) as project:
        assert [d.name for d in project.documents()] == ["gesprek"]


def test_user_mistakes_are_one_line(tmp_path: Path, mini_project: Path) -> None:
    assert_one_line_error(run_coder("stats", tmp_path / "nergens.ctdb"), "project not found")
    assert_one_line_error(
        run_coder("import", mini_project, "x.txt", "--attr", "geen-paar"), "key=value"
    )
    assert_one_line_error(
        run_coder("codebook", "add", mini_project, "Bestaat/niet"), "no code 'Bestaat'"
    )
    assert not (tmp_path / "nergens.ctdb").exists()


def test_typos_are_one_line_through_the_installed_command(tmp_path: Path) -> None:
    """The console script a fresh install puts on PATH, on the typer it pins."""
    import subprocess
    import sys

    command = Path(sys.executable).parent / "coder"
    cases = [
        (["exprot"], "No such command 'exprot'. Did you mean 'export'?"),
        (["export", "p.ctdb", "--fromat", "csv"], "No such option: --fromat"),
        (["export", "p.ctdb", "--format", "csv"], "Missing option '--output'"),
        (["export", "p.ctdb", "--format", "quotes", "-o", "q.md", "--limit", "drie"], "'--limit'"),
        (["suggest"], "Missing argument 'PROJECT'"),
    ]
    for args, fragment in cases:
        done = subprocess.run([command, *args], capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stdout == ""
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), (args, done.stderr)
        # (case apart: the console script may run another checkout's metavars)
        assert fragment.lower() in lines[0].lower() and "--help" in lines[0]


def test_codebook_commands_and_undo(tmp_path: Path, mini_project: Path) -> None:
    shown = run_coder("codebook", mini_project)
    assert shown.code == 0 and "Wachttijden  [0]" in shown.out
    assert (
        run_coder(
            "codebook",
            "add",
            mini_project,
            "Knelpunten/Doorverwijzen",
            "--definition",
            "Van loket naar loket",
        ).code
        == 0
    )
    assert run_coder("codebook", "rename", mini_project, "Doorverwijzen", "Doorschuiven").code == 0
    assert (
        run_coder(
            "codebook", "move", mini_project, "Doorschuiven", "--to", "Werkzame factoren"
        ).code
        == 0
    )
    assert (
        run_coder(
            "codebook",
            "merge",
            mini_project,
            "Werkzame factoren/Doorschuiven",
            "Vaste contactpersoon",
        ).code
        == 0
    )
    assert run_coder("codebook", "delete", mini_project, "Wachttijden").code == 0
    tree = json.loads(run_coder("codebook", "show", mini_project, "--json").out)
    paths = {child["path"] for node in tree for child in node["children"]}
    assert paths == {
        "Knelpunten/Communicatie tussen hulpverleners",
        "Werkzame factoren/Vaste contactpersoon",
    }
    assert run_coder("undo", mini_project).out.startswith("Undone: delete code")
    assert "Wachttijden" in run_coder("codebook", mini_project).out
    history = run_coder("history", mini_project).out
    assert "merge code" in history and "(undone)" in history

    exported = tmp_path / "codeboek.yaml"
    assert run_coder("codebook", "export", mini_project, "-o", exported).code == 0
    assert_one_line_error(run_coder("codebook", "export", mini_project, "-o", exported), "--force")
    other = tmp_path / "ander.ctdb"
    assert run_coder("init", other, "--codebook", exported).code == 0
    assert (
        run_coder("codebook", other, "--json").out
        == run_coder("codebook", mini_project, "--json").out
    )


def test_a_code_keeps_several_example_quotes_through_the_cli_and_yaml(
    tmp_path: Path, mini_project: Path
) -> None:
    added = run_coder(
        "codebook",
        "add",
        mini_project,
        "Knelpunten/Doorverwijzen",
        "--example",
        "Daar zijn wij niet voor,\nzeiden ze.",
        "--example",
        "Ik heb mijn verhaal tien keer verteld.",
    )
    assert added.code == 0, added.out
    with Project.open(mini_project) as project:
        code = project.find_code("Doorverwijzen")
    assert code.examples() == [
        "Daar zijn wij niet voor, zeiden ze.",
        "Ik heb mijn verhaal tien keer verteld.",
    ]
    exported = tmp_path / "codeboek.yaml"
    assert run_coder("codebook", "export", mini_project, "-o", exported).code == 0
    assert "    - Ik heb mijn verhaal tien keer verteld." in exported.read_text(encoding="utf-8")
    other = tmp_path / "ander.ctdb"
    assert run_coder("init", other, "--codebook", exported).code == 0
    with Project.open(other) as project:
        assert project.find_code("Doorverwijzen").example == code.example
    # --example replaces them all
    edited = run_coder("codebook", "edit", mini_project, "Doorverwijzen", "--example", "Eén.")
    assert edited.code == 0
    with Project.open(mini_project) as project:
        assert project.find_code("Doorverwijzen").examples() == ["Eén."]


def test_delete_with_codings_needs_yes(mini_project: Path, data: Path) -> None:
    run_coder("import", mini_project, data / "gesprek.txt")
    with Project.open(mini_project) as project:
        document = project.document("gesprek")
        segment = project.segments(document.id)[0]
        project.add_coding(
            document.id, segment.start, segment.end, project.find_code("Wachttijden").id
        )
    assert_one_line_error(
        run_coder("codebook", "delete", mini_project, "Knelpunten"), "1 codings", "--yes"
    )
    assert run_coder("codebook", "delete", mini_project, "Knelpunten", "--yes").code == 0


def test_import_refi_project_as_another_coder(
    tmp_path: Path, mini_project: Path, data: Path
) -> None:
    assert run_coder("import", mini_project, data / "gesprek.txt").code == 0
    with Project.open(mini_project) as project:
        document = project.document("gesprek")
        segment = project.segments(document.id)[0]
        project.add_coding(
            document.id, segment.start, segment.end, project.find_code("Wachttijden").id
        )
    exported = tmp_path / "gesprek.qdpx"
    assert run_coder("export", mini_project, "--format", "qdpx", "-o", exported).code == 0
    result = run_coder("import", mini_project, exported, "--as-coder", "collega")
    assert result.code == 0, result.err
    assert "already in the project" in result.out
    with Project.open(mini_project) as project:
        assert len(project.documents()) == 1  # the colleague's coding lands on the same document
        assert sorted(c.coder for c in project.codings()) == ["collega", "onderzoeker"]
    broken = tmp_path / "kapot.qdpx"
    broken.write_bytes(b"not a zip")
    assert_one_line_error(run_coder("import", mini_project, broken), "kapot.qdpx")


def test_the_suggestion_floor_is_checked_and_kept(mini_project: Path, data: Path) -> None:
    assert run_coder("import", mini_project, data / "gesprek.txt").code == 0
    assert_one_line_error(
        run_coder("suggest", mini_project, "gesprek", "--floor", "veel"),
        "--floor: 'veel' is not a number between 0 and 1",
    )
    assert_one_line_error(
        run_coder("suggest", mini_project, "gesprek", "--keep"), "--keep goes with --floor"
    )
    with Project.open(mini_project) as project:
        assert project.meta("suggestion_floor") is None  # nothing kept from a refused run
    kept = run_coder("suggest", mini_project, "gesprek", "--floor", "30%", "--keep")
    assert kept.code == 0, kept.err
    with Project.open(mini_project) as project:
        assert project.meta("suggestion_floor") == "0.3"
