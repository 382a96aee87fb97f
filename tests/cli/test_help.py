"""Help that teaches: commands in the order of a study, an example each, types in words,
the export formats listed; every example is a command line the parser accepts."""

from __future__ import annotations

import re
import shlex

import pytest

from coder.cli import command
from coder.cli.helptext import EXAMPLES, PANELS
from coder.export.formats import FORMATS
from tests.cli.conftest import run_coder


def every_command(group=None, path: str = ""):  # type: ignore[no-untyped-def]
    """(path, click command) of every command and subcommand of ``coder``."""
    group = group or command()
    for name, sub in group.commands.items():
        full = f"{path} {name}".strip()
        yield full, sub
        if getattr(sub, "commands", None):
            yield from every_command(sub, full)


def help_of(path: str, capsys: pytest.CaptureFixture[str]) -> str:
    root = command()
    root.main([*path.split(), "--help"], prog_name="coder", standalone_mode=False)
    return capsys.readouterr().out


def test_export_help_lists_every_format_with_its_line() -> None:
    shown = run_coder("export", "--help")
    assert shown.code == 0
    text = " ".join(shown.out.split())
    for name, format in FORMATS.items():
        assert f"{name} {' '.join(format.description.split())}" in text, name


def test_commands_come_in_the_order_of_a_study() -> None:
    shown = run_coder("--help")
    assert shown.code == 0
    titles = [title for title, _ in PANELS]
    positions = [shown.out.index(f"─ {title} ─") for title in titles]
    assert positions == sorted(positions)
    assert titles == ["Project", "Import", "Coding", "Model", "Analysis", "Export"]
    order = [shown.out.index(f"│ {name} ") for name in ("init", "import", "train", "export")]
    assert order == sorted(order)
    assert "─ Commands ─" not in shown.out  # every command has its place
    assert "─ More ─" not in shown.out


def test_every_command_has_an_example_that_parses() -> None:
    root = command()
    paths = [path for path, _ in every_command()]
    assert len(paths) > 25
    for path, cmd in every_command():
        assert cmd.epilog and cmd.epilog.startswith("Examples:"), path
    for path, examples in EXAMPLES.items():
        assert path in paths, f"an example for '{path}', which is no command"
        for example in examples:
            words = shlex.split(example)
            assert words[0] == "coder"
            args = words[1:]
            if args[0].endswith(".ctdb"):  # coder PROJECT: the workbench
                args = ["tui", *args]
            # parse as click would, without running the command
            target, rest = root, args
            context = root.make_context("coder", list(rest), resilient_parsing=False)
            while getattr(target, "commands", None) and rest and rest[0] in target.commands:
                name, rest = rest[0], rest[1:]
                target = target.commands[name]
                context = target.make_context(name, list(rest), parent=context)
            if not getattr(target, "commands", None):  # a command, not a group
                assert context.params, example


def test_option_types_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    leftovers = re.compile(r"<(list\[|bool|str|int|float|path|Path)")
    for path, _ in every_command():
        text = help_of(path, capsys)
        assert not leftovers.search(text), (path, leftovers.search(text))
        assert "Examples:" in text, path
    export = help_of("export", capsys)
    assert re.search(r"--code\s+TEXT \(repeatable\)", export)
    assert re.search(r"--limit\s+NUMBER", export)
    assert re.search(r"PROJECT\s+FILE", export)
    assert not re.search(r"--force\s+yes/no", export)  # a flag shows no type


def test_model_scores_in_words() -> None:
    from coder.cli.suggest import scores_in_words

    assert scores_in_words(0.62, 0.71) == (
        "In words: of every 10 suggestions about 6 are right (precision); of every 10 turns "
        "that have a code, the model finds about 7 (recall)."
    )
