"""Zip containers (.qdpx, .docx) opened with limits: a zip bomb is refused, not unpacked.

The directory is checked when the container is opened (member count, declared total,
compression ratio), and every member is unpacked in bounded pieces, counting what was
unpacked against the same limits: a member whose header lies about its size is stopped
at the limit. (``ZipFile.read`` would decompress a whole member in one call.)
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from coder.errors import InputFileError, LimitExceeded
from coder.ingest.limits import (
    MAX_UNPACKED_BYTES,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    RATIO_CHECKED_FROM,
    ZIP_CHUNK_BYTES,
    size_text,
)

# Stored and deflated: what every writer of .docx and .qdpx uses.
_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
# What a damaged or exotic member raises while it is unpacked.
_MEMBER_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    RuntimeError,  # encrypted
    NotImplementedError,  # an unsupported compression method
    ValueError,
)


class BoundedZip:
    """A zip file whose members can only be read within the limits.

    ``source`` is the path or the bytes of the container; ``path`` names it in errors;
    ``max_declared`` is the most its directory may declare in total.
    """

    def __init__(
        self, path: Path, source: Path | bytes, *, max_declared: int, not_zip: str
    ) -> None:
        self.path = path
        self.unpacked = 0
        try:
            self.archive = zipfile.ZipFile(
                io.BytesIO(source) if isinstance(source, bytes) else source
            )
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise InputFileError(path, not_zip) from None
        try:
            self._check_directory(max_declared)
        except BaseException:
            self.archive.close()
            raise

    def _check_directory(self, max_declared: int) -> None:
        infos = self.archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise LimitExceeded(self.path, f"holds more than {MAX_ZIP_MEMBERS:,} files")
        if sum(info.file_size for info in infos) > max_declared:
            raise LimitExceeded(self.path, f"unpacks to more than {size_text(max_declared)}")
        for info in infos:
            if info.compress_type not in _METHODS:
                # bzip2 and LZMA cannot be unpacked in bounded pieces; no tool writes them.
                raise InputFileError(
                    self.path, f"{_shown(info.filename)} uses an unsupported compression method"
                )
            if info.file_size > RATIO_CHECKED_FROM and info.file_size > MAX_ZIP_RATIO * max(
                info.compress_size, 1
            ):
                raise LimitExceeded(
                    self.path,
                    f"{_shown(info.filename)} is compressed more than {MAX_ZIP_RATIO}:1",
                )

    def names(self) -> list[str]:
        return [info.filename for info in self.archive.infolist() if not info.is_dir()]

    def read(self, name: str, limit: int) -> bytes:
        """A member's bytes, unpacked in pieces; more than ``limit`` (or than the
        container's :data:`MAX_UNPACKED_BYTES` in total) is a :class:`LimitExceeded`."""
        shown = _shown(name)
        info = self.archive.getinfo(name)
        if info.file_size > limit:
            raise LimitExceeded(self.path, f"{shown} unpacks to more than {size_text(limit)}")
        pieces: list[bytes] = []
        size = 0
        try:
            with self.archive.open(info) as handle:
                while piece := handle.read(ZIP_CHUNK_BYTES):
                    size += len(piece)
                    self.unpacked += len(piece)
                    if size > limit:
                        raise LimitExceeded(
                            self.path, f"{shown} unpacks to more than {size_text(limit)}"
                        )
                    if self.unpacked > MAX_UNPACKED_BYTES:
                        raise LimitExceeded(
                            self.path, f"unpacks to more than {size_text(MAX_UNPACKED_BYTES)}"
                        )
                    pieces.append(piece)
        except _MEMBER_ERRORS as error:
            raise InputFileError(
                self.path, f"{shown} inside is damaged ({_reason(error)})"
            ) from None
        return b"".join(pieces)

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> BoundedZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def is_zip(data_or_path: Path | bytes) -> bool:
    """Whether the bytes (or file) look like a zip; never raises."""
    try:
        if isinstance(data_or_path, bytes):
            return zipfile.is_zipfile(io.BytesIO(data_or_path))
        return zipfile.is_zipfile(data_or_path)
    except OSError:
        return False


def _shown(name: str) -> str:
    """A member name as it may appear in a one-line message."""
    name = name.replace("\n", " ").replace("\r", " ")
    return name if len(name) <= 80 else name[:79] + "…"


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 80 else text[:79] + "…"
