"""``coder codebook``: show the code tree and change it (every change can be undone)."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.core import TyperGroup

from coder.cli.common import ProjectArg, echo, fail, open_project
from coder.store.records import example_field
from coder.text_safety import terminal_json


class _ShowByDefault(TyperGroup):
    """``coder codebook PROJECT`` means ``coder codebook show PROJECT``."""

    def parse_args(self, ctx, args):  # type: ignore[no-untyped-def]
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["show", *args]
        return super().parse_args(ctx, args)


codebook_app = typer.Typer(
    cls=_ShowByDefault,
    help="Show the codebook with counts (coder codebook PROJECT), or change it.",
    no_args_is_help=True,
)

CodeArg = typer.Argument(
    ..., help="A code: its path (Knelpunten/Wachttijden) or a unique name.", show_default=False
)


@codebook_app.command()
def show(
    project: Path = ProjectArg,
    as_json: bool = typer.Option(False, "--json", help="Print the tree as JSON."),
    definitions: bool = typer.Option(
        False, "--definitions", "-d", help="Show each code's definition."
    ),
) -> None:
    """The code tree with the number of codings (own, and with subcodes in brackets)."""
    with open_project(project) as opened:
        tree = opened.code_tree()
    if as_json:

        def node(n):  # type: ignore[no-untyped-def]
            return {
                "name": n.code.name,
                "path": n.path,
                "colour": n.code.colour,
                "definition": n.code.definition,
                "count": n.count,
                "total": n.total,
                "children": [node(c) for c in n.children],
            }

        echo(terminal_json([node(n) for n in tree]))
        return
    if not tree:
        echo("The codebook is empty (add codes with 'coder codebook add').")
    stack = list(reversed(tree))
    while stack:
        n = stack.pop()
        counts = f"{n.count}" if n.count == n.total else f"{n.count} ({n.total})"
        echo(f"{'  ' * n.depth}{n.code.name}  [{counts}]")
        if definitions and n.code.definition:
            echo(f"{'  ' * (n.depth + 2)}{n.code.definition}")
        stack.extend(reversed(n.children))


ExampleOption = typer.Option(
    None, "--example", help="A typical quote; repeat the option for several (one per line)."
)


def example_text(quotes: list[str] | None) -> str | None:
    """The ``example`` field of the quotes given (each on one line), or None if none."""
    return example_field(quotes) if quotes else None


@codebook_app.command()
def add(
    project: Path = ProjectArg,
    name: str = typer.Argument(
        ..., help="Name, or a path like 'Knelpunten/Nieuwe code'.", show_default=False
    ),
    parent: str | None = typer.Option(None, "--parent", help="Parent code (path or unique name)."),
    colour: str | None = typer.Option(None, "--colour", "--color", help="#RRGGBB"),
    definition: str | None = typer.Option(None, "--definition"),
    inclusion: str | None = typer.Option(None, "--inclusion"),
    exclusion: str | None = typer.Option(None, "--exclusion"),
    example: list[str] | None = ExampleOption,
) -> None:
    """Add a code."""
    if "/" in name:
        if parent is not None:
            fail("give the parent either in the path or with --parent, not both")
        parent, name = name.rsplit("/", 1)
    with open_project(project) as opened:
        parent_id = opened.find_code(parent).id if parent else None
        code = opened.add_code(
            name,
            parent_id,
            colour=colour,
            definition=definition,
            inclusion=inclusion,
            exclusion=exclusion,
            example=example_text(example),
        )
        echo(f"Added {opened.code_path(code.id)}.")


@codebook_app.command()
def edit(
    project: Path = ProjectArg,
    code: str = CodeArg,
    colour: str | None = typer.Option(None, "--colour", "--color", help="#RRGGBB"),
    definition: str | None = typer.Option(None, "--definition"),
    inclusion: str | None = typer.Option(None, "--inclusion"),
    exclusion: str | None = typer.Option(None, "--exclusion"),
    example: list[str] | None = ExampleOption,
) -> None:
    """Change a code's colour, definition, inclusion/exclusion notes or example quotes
    (``--example`` replaces them all)."""
    fields = {
        key: value
        for key, value in dict(
            colour=colour,
            definition=definition,
            inclusion=inclusion,
            exclusion=exclusion,
            example=example_text(example),
        ).items()
        if value is not None
    }
    if not fields:
        fail("nothing to change (give --definition, --colour, ...)")
    with open_project(project) as opened:
        found = opened.find_code(code)
        opened.update_code(found.id, **fields)
        echo(f"Changed {opened.code_path(found.id)}.")


@codebook_app.command()
def rename(
    project: Path = ProjectArg,
    code: str = CodeArg,
    new_name: str = typer.Argument(..., show_default=False),
) -> None:
    """Rename a code (its codings stay)."""
    with open_project(project) as opened:
        found = opened.find_code(code)
        opened.rename_code(found.id, new_name)
        echo(f"Renamed to {opened.code_path(found.id)}.")


@codebook_app.command()
def move(
    project: Path = ProjectArg,
    code: str = CodeArg,
    to: str | None = typer.Option(None, "--to", help="New parent (path or unique name)."),
    top: bool = typer.Option(False, "--top", help="Move to the top level."),
) -> None:
    """Move a code, with its subcodes, under another parent."""
    if (to is None) == (not top):
        fail("give either --to PARENT or --top")
    with open_project(project) as opened:
        found = opened.find_code(code)
        opened.move_code(found.id, None if top else opened.find_code(to).id)  # type: ignore[arg-type]
        echo(f"Moved to {opened.code_path(found.id)}.")


@codebook_app.command()
def merge(project: Path = ProjectArg, source: str = CodeArg, target: str = CodeArg) -> None:
    """Merge SOURCE into TARGET: codings, subcodes and memos move along, SOURCE goes."""
    with open_project(project) as opened:
        source_code, target_code = opened.find_code(source), opened.find_code(target)
        source_path = opened.code_path(source_code.id)
        moved = opened.merge_codes(source_code.id, target_code.id)
        echo(
            f"Merged {source_path} into {opened.code_path(target_code.id)} ({moved} codings moved)."
        )


@codebook_app.command()
def delete(
    project: Path = ProjectArg,
    code: str = CodeArg,
    yes: bool = typer.Option(
        False, "--yes", "-y", help="Also when the code or its subcodes have codings."
    ),
) -> None:
    """Delete a code with its subcodes and their codings (undo brings them back)."""
    with open_project(project) as opened:
        found = opened.find_code(code)
        path = opened.code_path(found.id)
        in_use = sum(
            1
            for c in opened.codings(code_ids=[found.id, *opened.descendants(found.id)], status=None)
        )
        if in_use and not yes:
            fail(f"{path} has {in_use} codings (with its subcodes); add --yes to delete them too")
        removed = opened.delete_code(found.id)
        echo(f"Deleted {path} ({removed} codings removed; 'coder undo' brings it back).")


@codebook_app.command("export")
def export_(
    project: Path = ProjectArg,
    output: Path = typer.Option(..., "--output", "-o", help="YAML file to write."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write the codebook (tree, colours, definitions, examples) as YAML."""
    from coder.codebook import project_codebook, write_codebook

    with open_project(project) as opened:
        write_codebook(project_codebook(opened), output, force=force)
    echo(f"Wrote {output}.")


@codebook_app.command("import")
def import_(
    project: Path = ProjectArg, file: Path = typer.Argument(..., show_default=False)
) -> None:
    """Merge a codebook YAML into the project: new codes are added, existing ones updated."""
    from coder.codebook import apply_codebook, read_codebook

    book = read_codebook(file)
    with open_project(project) as opened:
        added, updated = apply_codebook(opened, book)
    echo(f"Imported {file}: {added} codes added, {updated} updated.")
