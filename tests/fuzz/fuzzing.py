"""What the fuzz tests share: deterministic settings, byte mutations, and the promise.

The promise of every reader (issue #13): whatever the bytes, the result is a document
(or project) that keeps its invariants, or one clear :class:`CoderError` naming the
file, never another exception and never a partial result.
"""

from __future__ import annotations

import copy
import io
import shutil
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

from coder.errors import CoderError, InputFileError

# Deterministic for CI (derandomize), nothing written into the repository (database),
# no flaky timing failures on a shared machine (deadline).
_FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def fuzz(examples: int) -> settings:
    """The fuzz settings with ``examples`` examples: a few hundred per reader in all,
    so the whole suite stays well under a minute."""
    return settings(_FUZZ, max_examples=examples)


# Bytes that steer parsers into their corners when spliced into a valid file.
TOKENS: tuple[bytes, ...] = (
    b"\x00",
    b"\n",
    b"\r\n",
    b"\n\n",
    b":",
    b" " * 300,
    b"\t",
    b"-->",
    b"00:00:01.000 --> 00:00:02.000",
    b"9" * 450 + b":00:00,000",
    b"WEBVTT",
    b"<v ",
    b"<v Anna>",
    b"</v>",
    b"<",
    b">",
    b"[00:01:23]",
    b"Interviewer: ",
    b"&amp;",
    b"&#0;",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",
    b"\xe2\x80\x99",
    b"*a",
    b"&a ",
    b"- name: ",
    b"children:",
    b"[",
    b"{",
    b'<!DOCTYPE x [<!ENTITY e "e">]>',
    b'<Code name="x">',
    b"</Code>",
    b'startPosition="-5"',
    b'endPosition="99999999999999999999"',
    b'plainTextPath="internal://../x.txt"',
    b'guid=""',
)


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A seed with a few random edits: bytes flipped, tokens spliced in, ranges deleted,
    duplicated or cut off. Positions come from a seeded ``Random``: hypothesis draws
    small integers often, which would put most edits at the start of the file."""
    data = bytearray(draw(st.sampled_from(seeds)))
    rnd = draw(st.randoms(use_true_random=False))
    for _ in range(draw(st.integers(1, 6))):
        position = rnd.randint(0, len(data))
        kind = draw(st.sampled_from(["flip", "token", "delete", "duplicate", "truncate", "random"]))
        if kind == "flip" and data:
            data[min(position, len(data) - 1)] ^= rnd.randint(1, 255)
        elif kind == "token":
            data[position:position] = draw(st.sampled_from(TOKENS)) * rnd.choice((1, 1, 2, 50))
        elif kind == "delete":
            del data[position : position + rnd.randint(1, 64)]
        elif kind == "duplicate":
            data[position:position] = data[position : position + rnd.randint(1, 256)]
        elif kind == "truncate":
            del data[position:]
        else:
            data[position:position] = rnd.randbytes(rnd.randint(1, 32))
    return bytes(data)


def hostile_bytes(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    """Mostly mutated seeds (they get past the first checks), some pure random bytes."""
    return st.one_of(mutated(seeds), mutated(seeds), mutated(seeds), st.binary(max_size=512))


@st.composite
def mutated_member(draw: st.DrawFn, seeds: list[bytes], members: tuple[str, ...]) -> bytes:
    """A zip seed with one of ``members`` mutated and the zip rebuilt around it: the
    container stays valid, so the mutation reaches the parser inside."""
    seed = draw(st.sampled_from(seeds))
    with zipfile.ZipFile(io.BytesIO(seed)) as archive:
        contents = {info.filename: archive.read(info) for info in archive.infolist()}
    candidates = [name for name in contents if name in members or name.endswith(members)]
    name = draw(st.sampled_from(sorted(candidates)))
    contents[name] = draw(mutated([contents[name]]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in contents.items():
            archive.writestr(member, content)
    return buffer.getvalue()


def assert_clear_error(error: CoderError, path: Path) -> None:
    """One line, naming the file; counted in the statistics by its problem."""
    message = str(error)
    assert "\n" not in message and "\r" not in message, message
    assert message.startswith(f"{path}: "), message
    if isinstance(error, InputFileError):
        assert error.path == path
    event(f"refused: {message[len(str(path)) + 2 :][:40]}")


# Attribute values and texts that test what the readers make of well-formed XML.
HOSTILE_VALUES: tuple[str, ...] = (
    "",
    " ",
    "-1",
    "0",
    "1",
    "99999999999999999999",
    "9" * 5000,
    "1e3",
    "abc",
    "{C0000000-0000-0000-0000-000000000001}",
    "c0000000-0000-0000-0000-000000000001",
    "internal://../../etc/passwd",
    "internal://",
    "/",
    "a/b",
    "#abc",
    "#GGGGGG",
    "naamloos",
    "x" * 300,
    "Anna: hoi\n\nBob: dag",
    "\u202eomgekeerd",
    "[red]markup[/red]",
    "=SUM(A1)",
)


@st.composite
def mutated_xml(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A well-formed variant of an XML seed: attributes and texts replaced by hostile
    values, elements deleted, duplicated or moved. Reaches the import logic that byte
    mutations (which mostly break the XML) never get to."""
    from xml.etree import ElementTree as ET

    root = ET.fromstring(draw(st.sampled_from(seeds)))
    rnd = draw(st.randoms(use_true_random=False))
    for _ in range(draw(st.integers(1, 8))):
        elements = list(root.iter())
        parents = {child: parent for parent in elements for child in parent}
        element = rnd.choice(elements)
        kind = draw(st.sampled_from(["attribute", "text", "delete", "duplicate", "move"]))
        if kind == "attribute":
            names = [*element.attrib, "guid", "name", "startPosition", "endPosition"]
            element.set(rnd.choice(names), draw(st.sampled_from(HOSTILE_VALUES)))
        elif kind == "text":
            element.text = draw(st.sampled_from(HOSTILE_VALUES))
        elif element in parents:
            parent = parents[element]
            if kind == "delete":
                parent.remove(element)
            elif kind == "duplicate":  # a copy: a shared element could become a cycle
                parent.insert(rnd.randint(0, len(parent)), copy.deepcopy(element))
            else:
                parent.remove(element)
                rnd.choice(list(root.iter())).append(element)
    return ET.tostring(root, encoding="utf-8")


def fresh_copy(template: Path) -> Path:
    """A fresh copy of a template project beside it, for one example."""
    target = template.parent / "project.ctdb"
    for leftover in template.parent.glob("project.ctdb*"):
        leftover.unlink()
    shutil.copy(template, target)
    return target
