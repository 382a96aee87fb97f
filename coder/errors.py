"""Errors a user can cause. The faces print them as one line, never as a traceback."""

from __future__ import annotations

from pathlib import Path


class CoderError(Exception):
    """A problem the user can fix (bad input, unknown name, ...)."""


class InputFileError(CoderError):
    """A file that cannot be read as what it claims to be.

    The message always names the file, so a batch of imports tells which one failed.
    """

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class LimitExceeded(InputFileError):
    """A file that would make us unpack, parse or hold more than a limit allows.

    Files from other people are hostile until proven otherwise; the limits live in
    :mod:`coder.ingest.limits`. The message names the file and the limit.
    """

    def __init__(self, path: str | Path, what: str) -> None:
        super().__init__(path, f"{what} (limit); refused")
