"""Hostile files built in memory for the tests: zip bombs, lying zip headers, deep nesting.

Nothing large is ever written to the repository; a member of zeros compresses about
a thousand times, so a 100 MB member is built in a fraction of a second.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from coder.errors import InputFileError

MB = 1024 * 1024


def assert_refused(
    read: Callable[[Path], object], path: Path, kind: type[InputFileError] = InputFileError
) -> str:
    """``read(path)`` refuses the file within a second, in one line naming it; the problem."""
    started = time.perf_counter()
    with pytest.raises(kind) as caught:
        read(path)
    assert time.perf_counter() - started < 1.0
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message, message
    return caught.value.problem


_PIECE = bytes(MB)

PROJECT_QDE = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="bom" origin="test">'
    "<CodeBook><Codes>"
    '<Code guid="c0000000-0000-0000-0000-000000000001" name="Wachten" isCodable="true"/>'
    "</Codes></CodeBook>"
    "<Sources>{sources}</Sources></Project>"
)


def text_source(name: str, guid: str = "50000000-0000-0000-0000-000000000001") -> str:
    return f'<TextSource guid="{guid}" name="{name}" plainTextPath="internal://{name}.txt"/>'


def zip_bytes(members: dict[str, bytes | int], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip in memory; a member given as an int is that many zero bytes (a bomb)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method, compresslevel=1) as archive:
        for name, content in members.items():
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            with archive.open(name, "w", force_zip64=content > 2**31) as handle:
                left = content
                while left > 0:
                    handle.write(_PIECE[: min(left, MB)])
                    left -= MB
    return buffer.getvalue()


def set_declared_size(data: bytes, name: str, size: int) -> bytes:
    """The zip with ``name``'s uncompressed size rewritten in both of its headers: a lie."""
    encoded = name.encode()
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local = archive.getinfo(name).header_offset
    struct.pack_into("<I", out, local + 22, size)
    central = 0
    while True:
        central = out.find(b"PK\x01\x02", central + 1)
        if central < 0:
            raise ValueError(f"{name} not in the central directory")
        length = struct.unpack_from("<H", out, central + 28)[0]
        if bytes(out[central + 46 : central + 46 + length]) == encoded:
            struct.pack_into("<I", out, central + 24, size)
            return bytes(out)


def qdpx(sources: dict[str, bytes | int], *, qde: str | None = None) -> bytes:
    """A .qdpx whose project.qde names each source; contents as in :func:`zip_bytes`."""
    xml = qde or PROJECT_QDE.format(
        sources="".join(
            text_source(name, f"50000000-0000-0000-0000-{i:012d}")
            for i, name in enumerate(sources, start=1)
        )
    )
    members: dict[str, bytes | int] = {"project.qde": xml.encode()}
    members.update({f"sources/{name}.txt": content for name, content in sources.items()})
    return zip_bytes(members)


def nested_codes(depth: int) -> str:
    """A project.qde whose code tree is ``depth`` codes deep."""
    opening = "".join(
        f'<Code guid="c{i:07d}-0000-0000-0000-000000000000" name="c{i}" isCodable="true">'
        for i in range(depth)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="diep"><CodeBook><Codes>'
        + opening
        + "</Code>" * depth
        + "</Codes></CodeBook></Project>"
    )


BILLION_LAUGHS_XML = (
    '<?xml version="1.0"?>\n<!DOCTYPE Project [\n <!ENTITY a "lollollollollollollollollol">\n'
    + "".join(f' <!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(9))
    + ']>\n<Project xmlns="urn:QDA-XML:project:1.0" name="&j;"/>\n'
)

BILLION_LAUGHS_YAML = (
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(9)
    )
    + "name: lol\ncodes: [Wachten]\n"
)


def deep_yaml(depth: int) -> str:
    """A codebook whose single code sits inside ``depth`` nested lists (flow style)."""
    return "name: diep\ncodes: " + "[" * depth + "Wachten" + "]" * depth + "\n"
