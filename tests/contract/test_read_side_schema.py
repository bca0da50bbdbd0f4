"""A read model remembers a fingerprint of its schema: one made by another schema is dropped and made again, empty
and at position 0, to be caught up from the log; every other read model stays as it is.

Tried on small read models of our own (`t_demo`) on SQLite and PostgreSQL, and once end to end: the publications
read model of a release before is rebuilt from the log, and search still finds what is published.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any

import asyncpg
import attrs

from adapters.bootstrap import build
from adapters.persistence.database import DatabaseURL
from adapters.read_models import request_worklist, worklist_rows
from adapters.read_models.common import WorklistTable, fingerprint
from adapters.read_models.postgres import PostgresReadSide
from adapters.read_models.sqlite import SQLiteReadSide
from application.settings import Settings
from domain.disclosure_request.rules import RequestRules
from tests.contract.test_publication_store import TODAY, Bureau
from tests.support import FixedClock

DEMO = "CREATE TABLE IF NOT EXISTS t_demo (id INTEGER PRIMARY KEY, note TEXT NOT NULL);"
DEMO_WIDER = "CREATE TABLE IF NOT EXISTS t_demo (id INTEGER PRIMARY KEY, note TEXT NOT NULL, extra TEXT);"
OTHER = "CREATE TABLE IF NOT EXISTS t_other (id INTEGER PRIMARY KEY, note TEXT NOT NULL);"

PG_DEMO = "CREATE TABLE IF NOT EXISTS gongkai_t_demo (id integer PRIMARY KEY, note text NOT NULL);"
PG_DEMO_WIDER = "CREATE TABLE IF NOT EXISTS gongkai_t_demo (id integer PRIMARY KEY, note text NOT NULL, extra text);"
PG_OTHER = "CREATE TABLE IF NOT EXISTS gongkai_t_other (id integer PRIMARY KEY, note text NOT NULL);"


# ---------------------------------------------------------------- SQLite


def sqlite_path(url: str) -> str:
    """The file of a `sqlite:///` URL."""
    return DatabaseURL.parse(url).path


def sqlite_demo(path: str, schema: str = DEMO) -> SQLiteReadSide:
    """The demo read model, opened with a schema."""
    return SQLiteReadSide(path, "demo", schema, ("t_demo",))


def sqlite_other(path: str) -> SQLiteReadSide:
    """Another read model on the same file."""
    return SQLiteReadSide(path, "other", OTHER, ("t_other",))


@contextmanager
def sqlite(path: str) -> Iterator[sqlite3.Connection]:
    """A connection in autocommit mode, closed afterwards."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        yield conn


def sqlite_move(store: SQLiteReadSide, expected: int, position: int) -> None:
    """Move a read model's position in a transaction, as its `save` does."""
    with sqlite(store.path) as conn:
        conn.execute("BEGIN IMMEDIATE")
        assert store.move_position(conn, expected, position)
        conn.execute("COMMIT")


def sqlite_notes(path: str, table: str = "t_demo") -> list[str]:
    """The rows of a read model's table."""
    with sqlite(path) as conn:
        return [note for (note,) in conn.execute(f"SELECT note FROM {table} ORDER BY id")]


def sqlite_columns(path: str, table: str = "t_demo") -> list[str]:
    """The columns of a table."""
    with sqlite(path) as conn:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def sqlite_fingerprint(path: str, name: str = "demo") -> str | None:
    """The fingerprint stored for a read model."""
    with sqlite(path) as conn:
        found = conn.execute("SELECT fingerprint FROM projection_schemas WHERE name = ?", (name,)).fetchone()
        return None if found is None else str(found[0])


def sqlite_add(path: str, note: str, table: str = "t_demo") -> None:
    """Keep a row in a read model's table."""
    with sqlite(path) as conn:
        conn.execute(f"INSERT INTO {table} (note) VALUES (?)", (note,))


async def test_sqlite_first_open_makes_the_tables_at_position_0_and_stores_the_fingerprint(sqlite_url: str) -> None:
    path = sqlite_path(sqlite_url)
    store = sqlite_demo(path)

    assert sqlite_columns(path) == ["id", "note"]
    assert sqlite_notes(path) == []
    assert await store.position() == 0
    assert sqlite_fingerprint(path) == fingerprint(DEMO)


async def test_sqlite_reopening_with_the_same_schema_keeps_the_rows_and_the_position(sqlite_url: str) -> None:
    path = sqlite_path(sqlite_url)
    store = sqlite_demo(path)
    sqlite_add(path, "就业见习基地名单")
    sqlite_move(store, 0, 7)

    again = sqlite_demo(path)

    assert sqlite_notes(path) == ["就业见习基地名单"]
    assert await again.position() == 7
    assert sqlite_fingerprint(path) == fingerprint(DEMO)


async def test_sqlite_reopening_with_a_changed_schema_makes_the_read_model_again_at_position_0(
    sqlite_url: str,
) -> None:
    path = sqlite_path(sqlite_url)
    store = sqlite_demo(path)
    sqlite_add(path, "就业见习基地名单")
    sqlite_move(store, 0, 7)

    wider = sqlite_demo(path, DEMO_WIDER)

    assert sqlite_notes(path) == []
    assert sqlite_columns(path) == ["id", "note", "extra"]
    assert await wider.position() == 0
    assert sqlite_fingerprint(path) == fingerprint(DEMO_WIDER)
    sqlite_add(path, "社会保险登记办理指南")
    sqlite_move(wider, 0, 3)
    sqlite_demo(path, DEMO_WIDER)
    assert (sqlite_notes(path), await wider.position()) == (["社会保险登记办理指南"], 3)


async def test_sqlite_a_read_model_made_before_fingerprints_is_made_again_at_position_0(sqlite_url: str) -> None:
    path = sqlite_path(sqlite_url)
    with sqlite(path) as conn:  # as a release before fingerprints left it: no projection_schemas at all
        conn.executescript(
            "CREATE TABLE projection_positions (name TEXT PRIMARY KEY, position INTEGER NOT NULL);"
            "INSERT INTO projection_positions (name, position) VALUES ('demo', 9);"
            f"{DEMO} INSERT INTO t_demo (note) VALUES ('就业见习基地名单');"
        )

    store = sqlite_demo(path)

    assert sqlite_notes(path) == []
    assert await store.position() == 0
    assert sqlite_fingerprint(path) == fingerprint(DEMO)


async def test_sqlite_one_read_model_made_again_leaves_the_others_as_they_are(sqlite_url: str) -> None:
    path = sqlite_path(sqlite_url)
    demo, other = sqlite_demo(path), sqlite_other(path)
    sqlite_add(path, "就业见习基地名单")
    sqlite_add(path, "社会保险登记办理指南", "t_other")
    sqlite_move(demo, 0, 7)
    sqlite_move(other, 0, 5)

    wider = sqlite_demo(path, DEMO_WIDER)
    reopened = sqlite_other(path)

    assert await wider.position() == 0
    assert await reopened.position() == await other.position() == 5
    assert sqlite_notes(path, "t_other") == ["社会保险登记办理指南"]
    assert sqlite_fingerprint(path, "other") == fingerprint(OTHER)


# ---------------------------------------------------------------- PostgreSQL


def postgres_demo(url: str, schema: str = PG_DEMO) -> PostgresReadSide:
    """The demo read model, opened with a schema (its tables are made on first use)."""
    return PostgresReadSide(DatabaseURL.parse(url), "demo", schema, ("gongkai_t_demo",))


def postgres_other(url: str) -> PostgresReadSide:
    """Another read model in the same database."""
    return PostgresReadSide(DatabaseURL.parse(url), "other", PG_OTHER, ("gongkai_t_other",))


async def postgres_move(store: PostgresReadSide, expected: int, position: int) -> None:
    """Move a read model's position in a transaction, as its `save` does."""
    pool = await store.pool()
    async with pool.acquire() as conn, conn.transaction():
        assert await store.move_position(conn, expected, position)


async def postgres_add(store: PostgresReadSide, note: str, table: str = "gongkai_t_demo") -> None:
    """Keep a row in a read model's table."""
    pool = await store.pool()
    await pool.execute(f"INSERT INTO {table} (id, note) VALUES ((SELECT count(*) + 1 FROM {table}), $1)", note)


async def postgres_notes(store: PostgresReadSide, table: str = "gongkai_t_demo") -> list[str]:
    """The rows of a read model's table."""
    pool = await store.pool()
    return [row[0] for row in await pool.fetch(f"SELECT note FROM {table} ORDER BY id")]


async def postgres_columns(store: PostgresReadSide, table: str = "gongkai_t_demo") -> list[str]:
    """The columns of a table."""
    pool = await store.pool()
    rows = await pool.fetch(
        "SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position", table
    )
    return [row[0] for row in rows]


async def postgres_fingerprint(store: PostgresReadSide, name: str = "demo") -> str | None:
    """The fingerprint stored for a read model."""
    pool = await store.pool()
    found = await pool.fetchval("SELECT fingerprint FROM gongkai_projection_schemas WHERE name = $1", name)
    return None if found is None else str(found)


async def test_postgres_first_open_makes_the_tables_at_position_0_and_stores_the_fingerprint(
    fresh_postgres_url: str,
) -> None:
    store = postgres_demo(fresh_postgres_url)
    try:
        assert await store.position() == 0
        assert await postgres_columns(store) == ["id", "note"]
        assert await postgres_notes(store) == []
        assert await postgres_fingerprint(store) == fingerprint(PG_DEMO)
    finally:
        await store.close()


async def test_postgres_reopening_with_the_same_schema_keeps_the_rows_and_the_position(
    fresh_postgres_url: str,
) -> None:
    store = postgres_demo(fresh_postgres_url)
    await postgres_add(store, "就业见习基地名单")
    await postgres_move(store, 0, 7)
    await store.close()

    again = postgres_demo(fresh_postgres_url)
    try:
        assert await postgres_notes(again) == ["就业见习基地名单"]
        assert await again.position() == 7
        assert await postgres_fingerprint(again) == fingerprint(PG_DEMO)
    finally:
        await again.close()


async def test_postgres_reopening_with_a_changed_schema_makes_the_read_model_again_at_position_0(
    fresh_postgres_url: str,
) -> None:
    store = postgres_demo(fresh_postgres_url)
    await postgres_add(store, "就业见习基地名单")
    await postgres_move(store, 0, 7)
    await store.close()

    wider = postgres_demo(fresh_postgres_url, PG_DEMO_WIDER)
    try:
        assert await postgres_notes(wider) == []
        assert await postgres_columns(wider) == ["id", "note", "extra"]
        assert await wider.position() == 0
        assert await postgres_fingerprint(wider) == fingerprint(PG_DEMO_WIDER)
        await postgres_add(wider, "社会保险登记办理指南")
        await postgres_move(wider, 0, 3)
    finally:
        await wider.close()

    again = postgres_demo(fresh_postgres_url, PG_DEMO_WIDER)
    try:
        assert (await postgres_notes(again), await again.position()) == (["社会保险登记办理指南"], 3)
    finally:
        await again.close()


async def test_postgres_a_read_model_made_before_fingerprints_is_made_again_at_position_0(
    fresh_postgres_url: str,
) -> None:
    conn = await asyncpg.connect(DatabaseURL.parse(fresh_postgres_url).dsn())
    try:  # as a release before fingerprints left it: no gongkai_projection_schemas at all
        await conn.execute(
            "CREATE TABLE gongkai_projection_positions (name text PRIMARY KEY, position bigint NOT NULL);"
            "INSERT INTO gongkai_projection_positions (name, position) VALUES ('demo', 9);"
            f"{PG_DEMO} INSERT INTO gongkai_t_demo (id, note) VALUES (1, '就业见习基地名单');"
        )
    finally:
        await conn.close()

    store = postgres_demo(fresh_postgres_url)
    try:
        assert await postgres_notes(store) == []
        assert await store.position() == 0
        assert await postgres_fingerprint(store) == fingerprint(PG_DEMO)
    finally:
        await store.close()


async def test_postgres_one_read_model_made_again_leaves_the_others_as_they_are(fresh_postgres_url: str) -> None:
    demo, other = postgres_demo(fresh_postgres_url), postgres_other(fresh_postgres_url)
    await postgres_add(demo, "就业见习基地名单")
    await postgres_add(other, "社会保险登记办理指南", "gongkai_t_other")
    await postgres_move(demo, 0, 7)
    await postgres_move(other, 0, 5)
    await demo.close()
    await other.close()

    wider, reopened = postgres_demo(fresh_postgres_url, PG_DEMO_WIDER), postgres_other(fresh_postgres_url)
    try:
        assert await wider.position() == 0
        assert await reopened.position() == 5
        assert await postgres_notes(reopened, "gongkai_t_other") == ["社会保险登记办理指南"]
        assert await postgres_fingerprint(reopened, "other") == fingerprint(PG_OTHER)
    finally:
        await wider.close()
        await reopened.close()


# ---------------------------------------------------------------- end to end


async def test_publications_made_by_an_earlier_release_are_rebuilt_from_the_log_and_still_found(
    sqlite_url: str,
) -> None:
    clock = FixedClock()
    clock.set_business_day(TODAY)
    app = build(sqlite_url, clock=clock)
    try:
        bureau = Bureau.open(app)
        guide = bureau.put_out("社会保险登记办理指南", "用人单位应自成立之日起三十日内申请办理社会保险登记。")
        assert await bureau.ids("社会保险登记") == [guide]
        caught_up = await app.publication_store.position()
        assert caught_up > 0
    finally:
        await app.close_read_side()
        app.close()

    path = sqlite_path(sqlite_url)
    with sqlite(path) as conn:
        changed = conn.execute("UPDATE projection_schemas SET fingerprint = 'old' WHERE name = 'publications'")
        assert changed.rowcount == 1

    again = build(sqlite_url, clock=clock)
    try:
        assert await again.publication_store.position() == 0
        assert sqlite_fingerprint(path, "publications") != "old"
        reopened = attrs.evolve(bureau, app=again)
        assert await reopened.ids("社会保险登记") == [guide]
        assert await reopened.ids(column_id="work") == [guide]
        assert await again.publication_store.position() == caught_up
    finally:
        await again.close_read_side()
        again.close()


async def _made_again(database_url: str, before: WorklistTable[Any], now: WorklistTable[Any]) -> bool:
    """Whether rows the `before` table left are dropped when the `now` table opens the store."""
    url = DatabaseURL.parse(database_url)
    store = build(database_url).store
    try:
        rows = worklist_rows(before, url, store)
        await rows.save([], await rows.position(), 5)  # as far as the release before had caught up
        await rows.close()
        rows = worklist_rows(now, url, store)
        made_again = await rows.position() == 0
        await rows.close()
        return made_again
    finally:
        store.close()


async def test_rows_of_another_fold_version_are_dropped_and_folded_again(database_url: str) -> None:
    """A release that changes a state's shape bumps its stream's fold version: the worklist's rows of the release
    before are never read as states of this one, they are dropped and the read model caught up from the log."""
    table = request_worklist(Settings())
    stream = table.shape.stream
    older = attrs.evolve(table, shape=attrs.evolve(table.shape, stream=attrs.evolve(stream, fold_version=1)))
    assert stream.fold_version > 1
    assert await _made_again(database_url, older, table)
    assert not await _made_again(database_url, table, table)


async def test_rows_derived_under_other_rule_numbers_are_derived_again(database_url: str) -> None:
    """Due dates in the rows were derived under the organs' rule numbers; a settings file that changes them makes the
    worklist again, so no due date of the numbers before is served."""
    longer = Settings(default_request_rules=RequestRules(reply_working_days=30))
    assert await _made_again(database_url, request_worklist(Settings()), request_worklist(longer))
