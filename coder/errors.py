"""Errors a user can cause. The faces print them as one line, never as a traceback."""

from __future__ import annotations

from pathlib import Path


class CoderError(Exception):
    """A problem the user can fix (bad input, unknown name, ...)."""


class NameTaken(CoderError):
    """A name already given to another of its kind (a document, ...): each face says
    how to choose another its own way."""


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


class OutputError(CoderError):
    """A file (or folder) that cannot be written where the user asked.

    ``reason`` names the problem and ``values`` fill in its details, so a face can word
    it its own way (the workbench names its checkbox where the command line says
    ``--force``); the message is the command line's English sentence.
    """

    MESSAGES = {
        "exists": "{path}: already exists (use --force to overwrite)",
        "folder_exists": "{path}: already exists and is not empty (use --force to replace it)",
        "is_folder": "{path}: is a folder; give a file name",
        "is_file": "{path}: is a file; give a folder for the transcripts",
        "no_folder": "{path}: folder {folder} does not exist",
        "suffix": "{path}: {what} written as {allowed}",
    }

    def __init__(self, path: str | Path, reason: str, **values: str) -> None:
        self.path = Path(path)
        self.reason = reason
        self.values = values
        super().__init__(self.MESSAGES[reason].format(path=self.path, **values))
