"""Hostile model files for the tests: skops files with a hidden call, rewritten members."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from pathlib import Path
from typing import Any


def rewrite(data: bytes, schema: Any = None, members: dict[str, bytes] | None = None) -> bytes:
    """The skops file ``data`` with another schema and/or other members."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "schema.json" and schema is not None:
                content = json.dumps(schema).encode()
            target.writestr(name, (members or {}).get(name, content))
    return out.getvalue()


def with_key_type(data: bytes, module: str, name: str, key: str) -> bytes:
    """Hide a call in the model: skops calls a dict's key types with the key, so a
    "type" that is really a function gets called with a string from the file."""
    schema = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("schema.json"))
    attributes = schema["content"]  # the estimator's __dict__, a DictNode
    attributes["key_types"]["content"].append(
        {"__class__": name, "__module__": module, "__loader__": "TypeNode"}
    )
    attributes["content"][key] = {
        "__class__": "str",
        "__module__": "builtins",
        "__loader__": "JsonNode",
        "content": '"x"',
        "is_json": True,
    }
    return rewrite(data, schema)


def marking_program(folder: Path) -> tuple[Path, Path]:
    """A program that leaves a mark when it runs."""
    marker, script = folder / "ran", folder / "payload.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, marker
