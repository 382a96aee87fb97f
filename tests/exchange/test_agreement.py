"""Intercoder agreement, checked against values computed by hand."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coder.errors import CoderError
from coder.exchange.agreement import (
    Table,
    agreement,
    cohen_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from coder.store import NewCoding, NewSegment, Project

WORDS = [f"Zin nummer {i}." for i in range(10)]


def _document(project: Project, name: str) -> tuple[int, list]:
    text, segments, offset = "", [], 0
    for i, words in enumerate(WORDS):
        label = f"{'AB'[i % 2]}: "
        start = offset + len(label)
        segments.append(NewSegment("AB"[i % 2], start, start + len(words)))
        text += label + words + "\n\n"
        offset = len(text)
    text = text.rstrip("\n")
    document = project.add_document(
        name=name,
        original_filename=f"{name}.txt",
        sha256=name,
        format="txt",
        text=text,
        segments=segments,
    )
    return document.id, project.segments(document.id)


@pytest.fixture
def two_coders(tmp_path: Path) -> Project:
    """One document of 10 turns coded by ana and ben, and one only ana coded.

    Code K:  both on turns 0,1,2; only ana on 3; only ben on 4,5; neither on 6..9.
    Code L:  both on turn 0 only.
    """
    project = Project.create(tmp_path / "a.ctdb")
    k, l_, m = project.add_code("K"), project.add_code("L"), project.add_code("M")
    doc, turns = _document(project, "gesprek")
    other, other_turns = _document(project, "alleen ana")

    def on(
        turn_indexes: list[int], code_id: int, coder: str, document: int = doc, ts=turns
    ) -> list[NewCoding]:  # type: ignore[no-untyped-def]
        return [
            NewCoding(document, ts[i].start, ts[i].start + 3, code_id, coder=coder)
            for i in turn_indexes
        ]

    codings = [
        # ana's K on turns 0 and 1 is one coding spanning both turns: it overlaps both.
        NewCoding(doc, turns[0].start, turns[1].end, k.id, coder="ana"),
        *on([2, 3], k.id, "ana"),
        *on([0, 1, 2, 4, 5], k.id, "ben"),
        # Touching a turn's first character from the left is no overlap: ends where turn 6 starts.
        NewCoding(doc, turns[6].start - 2, turns[6].start, k.id, coder="ben"),
        *on([0], l_.id, "ana"),
        *on([0], l_.id, "ben"),
        *on([0], k.id, "ana", other, other_turns),
    ]
    project.add_codings(codings)
    project.m_id = m.id  # type: ignore[attr-defined]
    yield project
    project.close()


def test_formulas_on_a_hand_computed_table() -> None:
    # both=3, only A=1, only B=2, neither=4; N=10 turns.
    # percent: (3+4)/10 = 70%
    # kappa:   p_o = 0.7; A says yes 4/10, B 5/10; p_e = .4*.5 + .6*.5 = .5; (0.7-0.5)/(1-0.5) = 0.4
    # alpha:   n = 20 values; D = 3 disagreeing units; n_yes = 2*3+3 = 9, n_no = 2*4+3 = 11;
    #          1 - (n-1)*D/(n_yes*n_no) = 1 - 19*3/99 = 42/99 = 0.424242...
    table = Table(both=3, only_a=1, only_b=2, neither=4)
    assert percent_agreement(table) == pytest.approx(70.0)
    assert cohen_kappa(table) == pytest.approx(0.4)
    assert krippendorff_alpha(table) == pytest.approx(42 / 99)


def test_kappa_agrees_with_scikit_learn() -> None:
    from sklearn.metrics import cohen_kappa_score

    a = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
    b = [1, 1, 1, 0, 1, 1, 0, 0, 0, 0]
    assert cohen_kappa(Table(3, 1, 2, 4)) == pytest.approx(cohen_kappa_score(a, b))


def test_alpha_on_krippendorff_style_example() -> None:
    # 2 coders, 12 units, binary: a = 0 1 0 0 0 0 0 0 1 0 0 0 (2 yes), b = 1 1 1 0 0 1 0 0 0 0 0 0 (4 yes)
    # both yes: unit 2 -> 1; only a: unit 9 -> 1; only b: units 1, 3, 6 -> 3; neither: 7.
    # n = 24, D = 4, n_yes = 2*1 + 4 = 6, n_no = 2*7 + 4 = 18
    # alpha = 1 - 23*4/(6*18) = 1 - 92/108 = 16/108 = 0.148148...
    assert krippendorff_alpha(Table(1, 1, 3, 7)) == pytest.approx(16 / 108)


def test_perfect_agreement_and_no_variation() -> None:
    # Perfect with variation: both yes on 1 of 10. p_o = 1; p_e = .1*.1 + .9*.9 = .82;
    # kappa = (1-.82)/(1-.82) = 1; alpha: D = 0 -> 1.
    perfect = Table(both=1, only_a=0, only_b=0, neither=9)
    assert (percent_agreement(perfect), cohen_kappa(perfect), krippendorff_alpha(perfect)) == (
        100.0,
        1.0,
        1.0,
    )
    # No variation at all: p_e = 1, kappa is 0/0; every value is "no", alpha is 0/0.
    for constant in (Table(0, 0, 0, 10), Table(10, 0, 0, 0)):
        assert percent_agreement(constant) == 100.0
        assert cohen_kappa(constant) is None
        assert krippendorff_alpha(constant) is None
    assert percent_agreement(Table()) is None


def test_agreement_per_code_and_pooled(two_coders: Project) -> None:
    report = agreement(two_coders, "ana", "ben")
    assert report.documents == ["gesprek"]  # "alleen ana" was coded by ana only
    assert any("alleen ana" in note for note in report.notes)
    assert report.turns == 10
    by_code = {row.code: row for row in report.codes}
    assert list(by_code) == ["K", "L"]  # M was used by neither
    k = by_code["K"]
    assert (k.table, k.by_a, k.by_b) == (Table(3, 1, 2, 4), 4, 5)
    assert (k.percent, k.kappa, k.alpha) == (
        pytest.approx(70.0),
        pytest.approx(0.4),
        pytest.approx(42 / 99),
    )
    assert (by_code["L"].kappa, by_code["L"].alpha) == (pytest.approx(1.0), pytest.approx(1.0))
    # Pooled over K and L: both=4, only A=1, only B=2, neither=13; N=20.
    # p_o = 17/20 = .85; A yes 5/20 = .25, B yes 6/20 = .3; p_e = .25*.3 + .75*.7 = .6;
    # kappa = (.85-.6)/(1-.6) = .625. alpha: n=40, D=3, n_yes=2*4+3=11, n_no=2*13+3=29;
    # 1 - 39*3/(11*29) = 202/319.
    overall = report.overall
    assert overall.table == Table(4, 1, 2, 13)
    assert overall.percent == pytest.approx(85.0)
    assert overall.kappa == pytest.approx(0.625)
    assert overall.alpha == pytest.approx(202 / 319)


def test_disagreements_name_the_turn_and_the_coder(two_coders: Project) -> None:
    report = agreement(two_coders, "ana", "ben")
    found = [
        (d.document, d.turn, d.speaker, d.code, d.coder, d.excerpt) for d in report.disagreements
    ]
    assert found == [
        ("gesprek", 4, "B", "K", "ana", "Zin nummer 3."),
        ("gesprek", 5, "A", "K", "ben", "Zin nummer 4."),
        ("gesprek", 6, "B", "K", "ben", "Zin nummer 5."),
    ]


def test_undefined_kappa_is_none_and_said_so(two_coders: Project) -> None:
    report = agreement(two_coders, "ana", "ben", code_ids=[two_coders.m_id])  # type: ignore[attr-defined]
    [m] = report.codes
    assert (m.percent, m.kappa, m.alpha) == (100.0, None, None)
    assert any("undefined" in note and "M" in note for note in report.notes)


def test_explicit_documents_are_used_as_given(two_coders: Project) -> None:
    ids = [d.id for d in two_coders.documents()]
    report = agreement(two_coders, "ana", "ben", document_ids=ids)
    assert report.turns == 20
    k = next(row for row in report.codes if row.code == "K")
    assert k.table == Table(3, 2, 2, 13)


def test_unknown_or_equal_coders_are_user_errors(two_coders: Project) -> None:
    with pytest.raises(CoderError, match="no coder 'cees'"):
        agreement(two_coders, "ana", "cees")
    with pytest.raises(CoderError, match="two different"):
        agreement(two_coders, "ana", "ana")


# -- the command ------------------------------------------------------------------------------


def _cli():  # type: ignore[no-untyped-def]
    import coder.cli.exchange  # noqa: F401  (registers the command until coder.cli imports it)
    from coder.cli import app

    return app


def test_agreement_command_prints_the_table_and_writes_csv(
    two_coders: Project, tmp_path: Path
) -> None:
    out = tmp_path / "tabel.csv"
    result = CliRunner().invoke(
        _cli(),
        [
            "agreement",
            str(two_coders.path),
            "--coders",
            "ana",
            "ben",
            "--disagreements",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "by ana" in result.output and "overall" in result.output
    assert "0.40" in result.output and "0.42" in result.output
    assert "gesprek turn 4 B: [K] only ana: Zin nummer 3." in result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["code"] for r in rows] == ["K", "L", "overall"]
    assert float(rows[0]["kappa"]) == pytest.approx(0.4)


def test_agreement_command_with_one_code(two_coders: Project) -> None:
    result = CliRunner().invoke(
        _cli(), ["agreement", str(two_coders.path), "--coders", "ana", "ben", "--code", "L"]
    )
    assert result.exit_code == 0, result.output
    assert "\nK " not in result.output and "L " in result.output


def test_agreement_xlsx(two_coders: Project, tmp_path: Path) -> None:
    from coder.export.agreement import write_agreement_table

    report = agreement(two_coders, "ana", "ben")
    target = tmp_path / "tabel.xlsx"
    if importlib.util.find_spec("openpyxl") is None:
        with pytest.raises(CoderError, match="openpyxl"):
            write_agreement_table(report, target, force=False)
        assert not target.exists()
    else:
        import pandas as pd

        write_agreement_table(report, target, force=False)
        sheets = pd.read_excel(target, sheet_name=None)
        assert list(sheets) == ["agreement", "disagreements"]
        assert len(sheets["disagreements"]) == 3


def test_export_formats_are_registered(demo: Project, tmp_path: Path) -> None:
    app = _cli()
    path = demo.path
    demo.close()
    for fmt in ("qdpx", "qdc"):
        out = tmp_path / f"uit.{fmt}"
        result = CliRunner().invoke(app, ["export", str(path), "-f", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.is_file() and str(out) in result.output


def test_the_registry_writes_the_same_table_as_the_command(
    two_coders: Project, tmp_path: Path
) -> None:
    """``coder export -f agreement`` and ``coder agreement -o`` share the one writer."""
    from coder.export.formats import ExportRequest, export

    by_format = tmp_path / "formaat.csv"
    request = ExportRequest(by_format, False, None, None, None, None, coders=("ana", "ben"))
    written = export(two_coders, "agreement", request)
    assert str(written) == f"Wrote the agreement table of 2 codes to {by_format}."
    with pytest.raises(CoderError, match="two coders"):
        export(two_coders, "agreement", ExportRequest(tmp_path / "x.csv", False, *[None] * 4))
    path = two_coders.path
    two_coders.close()
    by_command = tmp_path / "commando.csv"
    result = CliRunner().invoke(
        _cli(), ["agreement", str(path), "--coders", "ana", "ben", "-o", str(by_command)]
    )
    assert result.exit_code == 0, result.output
    assert by_format.read_text(encoding="utf-8") == by_command.read_text(encoding="utf-8")
    by_export = tmp_path / "export.csv"
    result = CliRunner().invoke(
        _cli(),
        ["export", str(path), "-f", "agreement", "--coders", "ana", "ben", "-o", str(by_export)],
    )
    assert result.exit_code == 0, result.output
    assert by_export.read_text(encoding="utf-8") == by_command.read_text(encoding="utf-8")
    wrong = CliRunner().invoke(
        _cli(), ["export", str(path), "-f", "agreement", "--coders", "ana", "ben", "-o", "t.txt"]
    )
    assert wrong.exit_code != 0 and "t.txt: this export is written as .csv or .xlsx" in str(
        wrong.exception  # the command's one-line error (coder.cli.main) shows this
    )
