"""Writing files safely, the one way: build under a temporary name beside the target, then
rename it into place only when complete, so a failure never leaves half a file behind.

Used for every file Codeertafel writes whole: exports, codebooks, new project files and
pseudonymised copies (SQLite databases built at the temporary path); a folder of files
(the transcripts export) is built the same way with :func:`folder_replaced_atomically`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from coder.errors import CoderError, OutputError

# SQLite's companions of a database file in WAL mode
_COMPANIONS = ("-wal", "-shm")


def check_target(path: str | Path, *, force: bool, folder: bool = False) -> Path:
    """``path`` as a file to write (or with ``folder``, a folder): not a folder (not a
    file), not there yet unless ``force`` (an empty folder may be there), in a folder
    that exists."""
    path = Path(path)
    if path.exists():
        if path.is_dir() != folder:
            raise OutputError(path, "is_file" if folder else "is_folder")
        if not force and not (folder and not any(path.iterdir())):
            raise OutputError(path, "folder_exists" if folder else "exists")
    if not path.parent.is_dir():
        raise OutputError(path, "no_folder", folder=str(path.parent))
    return path


@contextlib.contextmanager
def replaced_atomically(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to build the file at; when the block ends without
    an error it is renamed to ``path`` (replacing what is there), otherwise removed. An
    SQLite database's ``-wal``/``-shm`` companions of the temporary go too."""
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
        for suffix in _COMPANIONS:
            Path(name + suffix).unlink(missing_ok=True)


@contextlib.contextmanager
def folder_replaced_atomically(folder: str | Path) -> Iterator[Path]:
    """A temporary folder beside ``folder`` to build it in; when the block ends without
    an error it takes the place of ``folder`` (an existing one is replaced whole),
    otherwise it is removed and ``folder`` stays as it was."""
    folder = Path(folder)
    building = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        yield building
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old.", dir=folder.parent))
            os.replace(folder, old / folder.name)
            os.replace(building, folder)
            shutil.rmtree(old)
        else:
            os.replace(building, folder)
    finally:
        if building.exists():
            shutil.rmtree(building)


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
    try:
        with replaced_atomically(path) as temporary:
            if binary:
                with temporary.open("wb") as handle:
                    write(handle)
            else:
                with temporary.open("w", encoding=encoding, newline=newline) as handle:
                    write(handle)
    except PermissionError:
        raise CoderError(f"{path}: permission denied") from None
    return path
