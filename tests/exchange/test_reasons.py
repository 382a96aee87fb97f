"""Every reason a REFI-QDA import reports is in coder.exchange.reasons, so a face that
speaks Dutch can name it in Dutch (the TUI's catalogues are checked in tests/tui)."""

from __future__ import annotations

import re
from pathlib import Path

from coder.exchange.reasons import REASONS, reason_parts
from coder.exchange.refi_read import _IGNORED_PARTS

EXCHANGE = Path(__file__).parents[2] / "coder" / "exchange"
# the texts the exchange code counts or says: skipped[...], adjusted[...], missing = ...,
# messages.append(...); and the parts of a project it ignores
WRITTEN = re.compile(
    r"(?:skipped|adjusted)\[\s*(f?\"[^\"]*\")|missing = (?:None, )?(\"[^\"]*\")"
    r"|missing or (\"[^\"]*\")|_skip_source_codings\(source, (\"[^\"]*\")"
    r"|messages\.append\(\s*((?:f?\"[^\"]*\"\s*)+)\)"
)
LITERAL = re.compile(r"f?\"([^\"]*)\"")


def written_reasons() -> list[str]:
    """The reasons as the source writes them, f-string fields as {placeholders}."""
    found = []
    for path in EXCHANGE.glob("*.py"):
        if path.name == "reasons.py":
            continue
        for match in WRITTEN.finditer(path.read_text(encoding="utf-8")):
            source = next(group for group in match.groups() if group)
            found.append("".join(LITERAL.findall(source)))
    return found + list(_IGNORED_PARTS.values())


def sample(template: str) -> str:
    return re.sub(r"\{[^}]*\}", "Iets {met} [haken]", template)


def test_every_reason_written_is_listed() -> None:
    written = written_reasons()
    keys = set()
    for reason in written:
        parts = reason_parts(sample(reason))
        assert parts is not None, reason
        keys.add(parts[0])
    assert keys == set(REASONS)  # and none listed that nothing writes


def test_reasons_are_read_back_into_key_and_values() -> None:
    for key, template in REASONS.items():
        values = {name: f"x{n} (y)" for n, name in enumerate(re.findall(r"\{(\w+)\}", template))}
        assert reason_parts(template.format(**values)) == (key, values)
    assert reason_parts("unknown element <Gadget>") == ("unknown_element", {"element": "Gadget"})
    assert reason_parts("something no import says") is None
