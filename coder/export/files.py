"""Writing export files safely: a temp file beside the target, then a rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from coder.errors import CoderError, OutputError


def check_target(path: str | Path, *, force: bool) -> Path:
    path = Path(path)
    if path.is_dir():
        raise OutputError(path, "is_folder")
    if path.exists() and not force:
        raise OutputError(path, "exists")
    if not path.parent.is_dir():
        raise OutputError(path, "no_folder", folder=str(path.parent))
    return path


def write_atomically(
    path: str | Path,
    write: Callable[[IO], object],
    *,
    force: bool,
    binary: bool = False,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> Path:
    """Call ``write(handle)`` on a temp file and move it into place only when it succeeded."""
    path = check_target(path, force=force)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if binary:
            with os.fdopen(fd, "wb") as handle:
                write(handle)
        else:
            with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
                write(handle)
        os.replace(tmp, path)
    except PermissionError:
        raise CoderError(f"{path}: permission denied") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path
