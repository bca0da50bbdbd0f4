"""What the read models of every store share: decoding log rows, schema fingerprints, the SQL of filters, and how
text of any length is kept in an indexed PostgreSQL column."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Generic, TypeVar

import attrs

from adapters.persistence.sealing import Codec
from application.worklists import RowFilter, WorklistShape

S = TypeVar("S")

LOG_TABLE_POSTGRES = "gongkai_events"
"""The log's table on PostgreSQL (its channel for NOTIFY has the same name); SQLite's is always `stored_events`."""
NO_DUE = date(9999, 12, 31)
"""Where a row with no due date sorts: last (a column that is never null sorts the same on both stores and keeps the
order's index usable)."""


def fingerprint(schema: str) -> str:
    """What identifies a read model's schema: a digest of its DDL."""
    return hashlib.sha256(schema.encode()).hexdigest()[:16]


def lock_key(name: str) -> int:
    """A read model's advisory lock number (a signed 64-bit integer), the same in every process."""
    return int.from_bytes(hashlib.sha256(f"gongkai read model {name}".encode()).digest()[:8], "big", signed=True)


KEY_LENGTH = 200
"""Characters of a long text column that a PostgreSQL index holds, kept in a column of their own (`<column>_key`):
an index entry holds at most 2,704 bytes and the log may hold text of any length (200 characters are 800 bytes at
most, so two keys and a status fit in one entry)."""


def key_column(column: str) -> str:
    """The DDL of a text column's key, its first KEY_LENGTH characters, which PostgreSQL keeps up to date."""
    return f"{column}_key text GENERATED ALWAYS AS (left({column}, {KEY_LENGTH})) STORED"


def keyed(column: str, value: str | None) -> dict[str, str | None]:
    """`where` filters on a text column of PostgreSQL through its key, the value taken as `postgres_text`. A value
    shorter than a key is its own key, and no other value has that key, so the key alone finds it from the index
    (the column itself is not in the index: comparing it would read every row the key finds); a longer value is
    compared whole as well."""
    if value is None:
        return {}
    text = postgres_text(value)
    if len(text) < KEY_LENGTH:
        return {f"{column}_key": text}
    return {f"{column}_key": text[:KEY_LENGTH], column: text}


def postgres_text(value: str) -> str:
    """Text as a PostgreSQL text column can hold it, the same for a row and for a filter: NUL, which it cannot hold
    (the log can: events stored before the door refused it), as `\\0`, and a backslash doubled, so that no two
    values become one. Any other text is unchanged."""
    return value.replace("\\", "\\\\").replace("\x00", "\\0")


def where(numbered: bool, filters: dict[str, Any], params: list[Any] | None = None) -> tuple[str, list[Any]]:
    """`AND`-ed conditions for the filters that are set: `$n` placeholders for asyncpg, `?` for sqlite3.

    A key may carry its operator (`"published_on >="`), or be a condition with one `{}` for its value; a list or
    tuple value becomes `IN (…)`, and an empty one is no filter.
    """
    params = [] if params is None else params
    clauses: list[str] = []

    def bind(value: Any) -> str:
        params.append(value)
        return f"${len(params)}" if numbered else "?"

    for column, value in filters.items():
        if value is None or (isinstance(value, list | tuple) and not value):
            continue
        if "{}" in column:
            clauses.append(column.format(bind(value)))
        elif " " in column:
            clauses.append(f"{column} {bind(value)}")
        elif isinstance(value, list | tuple):
            clauses.append(f"{column} IN ({', '.join(bind(v) for v in value)})")
        else:
            clauses.append(f"{column} = {bind(value)}")
    return " AND ".join(clauses), params


def row_filters(where_: RowFilter, text: Callable[[str], str], day: Callable[[date], Any]) -> dict[str, Any]:
    """A worklist filter's conditions other than organ and department, as `where` filters: `text` gives a text value
    in its column's form, `day` a date in its column's."""

    def as_day(value: date | None) -> Any:
        return None if value is None else day(value)

    return {
        "status": list(where_.statuses),
        "owner <>": None if where_.not_owner is None else text(where_.not_owner),
        "live_due >=": as_day(where_.live_due_from),
        "live_due <=": as_day(where_.live_due_to),
        "(live_due IS NULL OR live_due >= {})": as_day(where_.live_due_not_before),
    }


@attrs.frozen
class WorklistTable(Generic[S]):
    """Where a worklist's rows live on each store, and how its states are kept in them."""

    shape: WorklistShape[S]
    sqlite_table: str
    postgres_table: str
    rules: str
    """The digest of the rule numbers its due dates are derived under (`Settings.digest`)."""

    @property
    def name(self) -> str:
        """The read model's name."""
        return self.shape.name

    @property
    def made_of(self) -> str:
        """A line of the schema naming what its rows were made by: rows made by another fold version or under other
        rule numbers are never read as this one's (the schema's fingerprint differs, so they are made again)."""
        return (
            f"-- {self.name}: states of fold version {self.shape.stream.fold_version}, derived under rules {self.rules}"
        )

    def dump(self, state: S, codec: Codec) -> str:
        """A state as JSON text, its personal data sealed."""
        return codec.dump_state(state)

    def load(self, texts: Sequence[str | bytes], codec: Codec) -> list[S]:
        """States from JSON texts, their personal data opened."""
        states: list[S] = codec.load_states(texts, self.shape.stream.state_type)
        return states
