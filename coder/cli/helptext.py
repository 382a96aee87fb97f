"""What ``coder --help`` teaches: commands in the order of a study, an example for each,
option types in words, and the export formats with a line each.

The commands themselves stay plain typer functions; this module dresses the click
command tree that typer builds from them, once per run, before it is called.
"""

from __future__ import annotations

from typing import Any

# The order of a study: each panel in the order a researcher meets its commands.
PANELS: list[tuple[str, list[str]]] = [
    ("Project", ["init", "demo", "tui", "stats", "undo", "redo", "history"]),
    ("Import", ["import", "document"]),
    ("Coding", ["codebook", "search", "review"]),
    ("Model", ["train", "evaluate", "suggest", "autotag", "nlp"]),
    ("Analysis", ["quotes", "memos", "cluster", "agreement"]),
    ("Export", ["export", "pseudonymise"]),
]
OTHER_PANEL = "More"

# One or more examples per command ("codebook add": a subcommand), shown under its help.
EXAMPLES: dict[str, list[str]] = {
    "init": [
        "coder init studie.ctdb",
        "coder init studie.ctdb --codebook mijn-codeboek.yaml",
    ],
    "demo": ["coder demo", "coder demo --rebuild --lang en"],
    "tui": ["coder tui studie.ctdb", "coder studie.ctdb --lang en"],
    "stats": ["coder stats studie.ctdb", "coder stats studie.ctdb --json"],
    "undo": ["coder undo studie.ctdb"],
    "redo": ["coder redo studie.ctdb"],
    "history": ["coder history studie.ctdb --limit 5"],
    "import": [
        "coder import studie.ctdb gesprek1.docx gesprek2.vtt --attr regio=Hoograven",
        "coder import studie.ctdb collega.qdpx --as-coder collega",
    ],
    "document": [
        'coder document rename studie.ctdb "Dialoogtafel 3" "Dialoogtafel Lunetten"',
        'coder document attr studie.ctdb "Dialoogtafel 3" regio=Lunetten',
    ],
    "document rename": [
        'coder document rename studie.ctdb "Dialoogtafel 3" "Dialoogtafel Lunetten"'
    ],
    "document delete": ['coder document delete studie.ctdb "Interview proef" --yes'],
    "document attr": ['coder document attr studie.ctdb "Dialoogtafel 3" regio=Lunetten datum='],
    "document edit-turn": [
        'coder document edit-turn studie.ctdb "Dialoogtafel 3" 12 "Wij wisten niet waar we heen moesten."'
    ],
    "quotes": [
        "coder quotes studie.ctdb --code Wachttijden",
        'coder quotes studie.ctdb --code Wachttijden --and-code "Vaste contactpersoon" -o citaten.xlsx',
    ],
    "memos": ["coder memos studie.ctdb --search wachtlijst"],
    "codebook": ["coder codebook studie.ctdb", "coder codebook add studie.ctdb Knelpunten/Nieuw"],
    "codebook show": ["coder codebook show studie.ctdb --definitions"],
    "codebook add": [
        'coder codebook add studie.ctdb "Knelpunten/Geen overdracht" --colour "#E15759"'
    ],
    "codebook edit": [
        'coder codebook edit studie.ctdb Wachttijden --definition "Lang wachten op hulp."'
    ],
    "codebook rename": ['coder codebook rename studie.ctdb Wachttijden "Wachten op hulp"'],
    "codebook move": ["coder codebook move studie.ctdb Wachttijden --to Knelpunten"],
    "codebook merge": ["coder codebook merge studie.ctdb Wachtlijst Wachttijden"],
    "codebook delete": ["coder codebook delete studie.ctdb Wachtlijst"],
    "codebook export": ["coder codebook export studie.ctdb -o codeboek.yaml"],
    "codebook import": ["coder codebook import studie.ctdb codeboek.yaml"],
    "review": [
        "coder review studie.ctdb --list",
        "coder review studie.ctdb --code Wachttijden --accept-above 0.8 --reject-below 0.3",
    ],
    "search": [
        "coder search studie.ctdb hulpverlener",
        "coder search studie.ctdb 'wacht* OR \"eigen regie\"' --speaker Moeder",
    ],
    "train": ["coder train studie.ctdb"],
    "evaluate": ["coder evaluate studie.ctdb"],
    "suggest": [
        'coder suggest studie.ctdb "Dialoogtafel Zuilen"',
        'coder suggest studie.ctdb "Dialoogtafel Zuilen" --next',
        'coder suggest studie.ctdb "Dialoogtafel Zuilen" --floor 0.25 --keep',
    ],
    "autotag": [
        "coder autotag studie.ctdb --dry-run",
        "coder autotag studie.ctdb nieuw/*.docx --min-confidence 0.6",
    ],
    "nlp": ["coder nlp info"],
    "nlp info": ["coder nlp info --json"],
    "nlp analyse": ["coder nlp analyse studie.ctdb"],
    "cluster": [
        "coder cluster studie.ctdb --code Knelpunten -o clusters.csv",
        'coder cluster studie.ctdb --code Knelpunten --promote 3 --name "Geen overdracht"',
    ],
    "agreement": ["coder agreement studie.ctdb --coders onderzoeker collega --disagreements"],
    "export": [
        "coder export studie.ctdb --format xlsx -o codeersegmenten.xlsx --attr regio=Zuilen",
        "coder export studie.ctdb --format quotes -o citaten.md --limit 3",
        "coder export studie.ctdb --format qdpx -o studie.qdpx",
    ],
    "pseudonymise": [
        "coder pseudonymise studie.ctdb --list",
        "coder pseudonymise studie.ctdb -o anoniem.ctdb --key sleutel.csv",
    ],
}

# Option and argument types in words a researcher reads (by the Python type of the
# parameter, or click's type name), instead of typer's ``<list[str]>`` and ``<bool>``.
TYPE_WORDS = {
    "str": "TEXT",
    "text": "TEXT",
    "int": "NUMBER",
    "integer": "NUMBER",
    "float": "NUMBER",
    "path": "FILE",
    "choice": "CHOICE",
}
REPEATABLE = " (repeatable)"


def type_words(param: Any) -> str:
    """``--code`` → ``TEXT (repeatable)``, ``--limit`` → ``NUMBER``, a flag → nothing."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    descriptor = getattr(param, "type_descriptor", None)
    many = getattr(param, "multiple", False) or getattr(param, "nargs", 1) == -1
    if descriptor is not None:
        annotation = descriptor.annotation
        if descriptor.is_list:
            many = True
            annotation = (getattr(annotation, "__args__", None) or (str,))[0]
        if getattr(descriptor, "is_tuple", False):  # --coders A B
            names = [getattr(a, "__name__", "str") for a in getattr(annotation, "__args__", ())]
            return " ".join(TYPE_WORDS.get(n.lower(), "TEXT") for n in names)
        if getattr(descriptor, "is_choice", False):
            name = "choice"
        else:
            name = getattr(annotation, "__name__", str(annotation))
    else:
        name = getattr(getattr(param, "type", None), "name", "") or ""
    if name.lower() == "bool":
        return "yes/no"
    return TYPE_WORDS.get(name.lower(), "TEXT") + (REPEATABLE if many else "")


def format_lines() -> str:
    """The export formats, a line each, from the core's registry."""
    from coder.export.formats import FORMATS

    width = max(len(name) for name in FORMATS)
    return "\n".join(f"  {name.ljust(width)}  {f.description}" for name, f in FORMATS.items())


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)  # help is rich markup: '[--next]' must stay as typed


def _dress_params(command: Any) -> None:
    for param in getattr(command, "params", []):
        words = type_words(param)
        if getattr(param, "param_type_name", "") == "option":
            if param.metavar is None:
                param.metavar = words  # typer shows an option's metavar as its type
        else:
            if param.metavar is None:  # the usage line: PROJECT, not {project}
                param.metavar = param.name.upper()
            # an argument's metavar is its name; its shown type is asked for apart
            param.display_type_rich = lambda ctx=None, words=words: words
    get_help_option = getattr(command, "get_help_option", None)
    if get_help_option is not None:

        def help_option(ctx: Any) -> Any:
            option = get_help_option(ctx)
            if option is not None and option.metavar is None:
                option.metavar = ""  # a flag: no type to show
            return option

        command.get_help_option = help_option


def _dress(command: Any, path: str) -> None:
    _dress_params(command)
    examples = EXAMPLES.get(path)
    if examples:
        lines = "\n".join(f"  {_escape(example)}" for example in examples)
        command.epilog = f"Examples:\n{lines}"
    for name, sub in getattr(command, "commands", {}).items():
        _dress(sub, f"{path} {name}")


def dress(group: Any) -> Any:
    """Order and group the commands of ``group`` (the click command of ``coder``), give
    each its examples and its options' types in words; the formats under ``export``."""
    _dress_params(group)
    commands = dict(group.commands)
    ordered: dict[str, Any] = {}
    for panel, names in PANELS:
        for name in names:
            if name in commands:
                commands[name].rich_help_panel = panel
                ordered[name] = commands.pop(name)
    for name, command in commands.items():  # a command not placed yet: last, but shown
        command.rich_help_panel = OTHER_PANEL
        ordered[name] = command
    group.commands.clear()
    group.commands.update(ordered)
    for name, command in ordered.items():
        _dress(command, name)
    if "export" in ordered:
        export = ordered["export"]
        export.help = f"{export.help}\n\nFormats (--format):\n{_escape(format_lines())}"
    return group
