"""What the store's mixins may use of :class:`~coder.store.project.Project`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coder.store.oplog import Transaction


class StoreBase:
    coder: str

    def write(self, description: str | None = None) -> AbstractContextManager[Transaction]:
        raise NotImplementedError

    def _query(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple]:
        raise NotImplementedError

    def _query_one(self, sql: str, parameters: Sequence[object] = ()) -> tuple | None:
        raise NotImplementedError

    def coder_id(self, name: str | None = None) -> int:
        raise NotImplementedError

    def code_counts(
        self, *, include_suggestions: bool = False, coder: str | None = None
    ) -> dict[int, int]:
        raise NotImplementedError  # provided by CodingsMixin


def placeholders(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


def where(conditions: dict[str, object | None]) -> tuple[str, list[object]]:
    """`` WHERE a = ? AND b = ?`` for the conditions whose value is given (not None)."""
    given = {column: value for column, value in conditions.items() if value is not None}
    clause = " WHERE " + " AND ".join(f"{column} = ?" for column in given) if given else ""
    return clause, list(given.values())


def chunks(values: list[int], size: int = 500) -> Iterator[list[int]]:
    """SQLite limits the number of host parameters; query long id lists in slices."""
    for i in range(0, len(values), size):
        yield values[i : i + size]


def now() -> str:
    """Timestamps are stored as ISO 8601 in UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")
