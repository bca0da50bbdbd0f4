"""The chain of digests beside the log on PostgreSQL (`gongkai_chain` beside `gongkai_events`): its table, the
triggers that keep both tables append-only and the one that links each new event, and the reader of an audit.

The database computes the chain rows (`CHAIN_WRITER` below): a row trigger on the events table reads the chain's head
and inserts the new event's row, with the digest of application/audit_chain.py's `chain_digest` computed by
`sha256()`. A save locks the events table (eventsourcing's EXCLUSIVE lock, which serialises writers so that
positions commit in order), so each trigger sees the head the save before it left. The chain costs a save no
statement and no Python: it was two statements in the save's pipeline and their digests, a fifth of a command's
time on two cores.

The trigger links only the inserts of connections that say they are the log's writer (the `gongkai.chain_writer`
setting, given when gongkai's pool connects): a row put in by hand from another session is left without a chain row,
and `gongkai audit verify` names it. (Anyone who can write to the table could compute a digest as well: what guards
the log beyond that is a published digest and the least-privilege grants in the README.)
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import eventsourcing.postgres as pg
import psycopg
from eventsourcing.persistence import ProgrammingError
from psycopg.rows import DictRow, tuple_row
from psycopg.sql import SQL, Composed, Identifier, Literal

from adapters.persistence.chain import NoLog
from adapters.persistence.database import DatabaseURL
from application.audit_chain import GENESIS, Link, LoggedRow, link_events

EVENTS_TABLE = "gongkai_events"
"""The log's table (named after the application)."""
SCHEMA_LOCK = 728340
"""The advisory lock under which one process at a time makes the log's tables and triggers (the read models' is
728341)."""
CHAIN_WRITER = "gongkai.chain_writer"
"""The setting (on for gongkai's own connections, `CHAIN_WRITER_OPTIONS`) under which the trigger links an insert."""
CHAIN_WRITER_OPTIONS = f"-c {CHAIN_WRITER}=on"
"""The connection options that make a connection the log's writer."""
PAGE = 10_000
"""Events chained at a time when an old store's chain is extended."""

log = logging.getLogger(__name__)


def chain_table_name(events_table: str) -> str:
    """The chain's table beside an events table: `gongkai_events` → `gongkai_chain`."""
    return events_table.removesuffix("_events") + "_chain"


def _append_only(schema: str, table: str, function: str) -> Composed:
    """A statement-level trigger refusing UPDATE, DELETE and TRUNCATE, made unless the table has it already."""
    trigger = f"{table}_append_only"
    return SQL(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = {qualified}::regclass "
        "AND tgname = {trigger_name}) THEN CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE OR TRUNCATE ON "
        "{schema}.{table} FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{function}(); END IF; END $$"
    ).format(
        qualified=Literal(f'"{schema}"."{table}"'),
        trigger_name=Literal(trigger),
        trigger=Identifier(trigger),
        schema=Identifier(schema),
        table=Identifier(table),
        function=Identifier(function),
    )


def _linking(schema: str, events_table: str, chain_table: str) -> list[Composed]:
    """The function and row trigger that chain each event its writer inserts: `chain_digest`'s encoding in SQL
    (`int8send` is 8 bytes big-endian, `uuid_send` the UUID's 16 bytes in RFC 4122 order)."""
    function, trigger = events_table.removesuffix("_events") + "_link", f"{events_table}_link"
    return [
        SQL(
            "CREATE OR REPLACE FUNCTION {schema}.{function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "DECLARE head record; topic bytea := convert_to(NEW.topic, 'UTF8'); BEGIN "
            "SELECT position, digest INTO head FROM {schema}.{chain} ORDER BY position DESC LIMIT 1; "
            "INSERT INTO {schema}.{chain} (position, previous_position, digest) VALUES (NEW.notification_id, "
            "coalesce(head.position, 0), sha256(coalesce(head.digest, {genesis}) || int8send(NEW.notification_id) "
            "|| int8send(16) || uuid_send(NEW.originator_id) || int8send(NEW.originator_version::bigint) "
            "|| int8send(octet_length(topic)::bigint) || topic || int8send(octet_length(NEW.state)::bigint) "
            "|| NEW.state)); "
            "RETURN NULL; END $$"
        ).format(
            schema=Identifier(schema),
            function=Identifier(function),
            chain=Identifier(chain_table),
            genesis=Literal(GENESIS),
        ),
        SQL(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = {qualified}::regclass "
            "AND tgname = {trigger_name}) THEN CREATE TRIGGER {trigger} AFTER INSERT ON {schema}.{table} "
            "FOR EACH ROW WHEN (current_setting({setting}, true) = 'on') EXECUTE FUNCTION {schema}.{function}(); "
            "END IF; END $$"
        ).format(
            qualified=Literal(f'"{schema}"."{events_table}"'),
            trigger_name=Literal(trigger),
            trigger=Identifier(trigger),
            schema=Identifier(schema),
            table=Identifier(events_table),
            setting=Literal(CHAIN_WRITER),
            function=Identifier(function),
        ),
    ]


def _ddl(schema: str, events_table: str, chain_table: str) -> list[Composed]:
    function = events_table.removesuffix("_events") + "_append_only"
    return [
        SQL(
            "CREATE TABLE IF NOT EXISTS {schema}.{chain} (position bigint PRIMARY KEY, "
            "previous_position bigint NOT NULL, digest bytea NOT NULL)"
        ).format(schema=Identifier(schema), chain=Identifier(chain_table)),
        SQL(
            "CREATE OR REPLACE FUNCTION {schema}.{function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'gongkai: % on %.% refused: the log and its chain are append-only', "
            "TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME USING HINT = 'their rows are tamper evidence; nothing may change "
            "or remove them'; END $$"
        ).format(schema=Identifier(schema), function=Identifier(function)),
        _append_only(schema, events_table, function),
        _append_only(schema, chain_table, function),
        *_linking(schema, events_table, chain_table),
    ]


class ChainWriting(pg.PostgresApplicationRecorder):
    """Makes the chain's table and the trigger that links each event the log's writer inserts, and extends the chain
    over events written without it. The datastore's connections must be made with `CHAIN_WRITER_OPTIONS`
    (postgres_outages.Factory makes them so)."""

    def __init__(self, datastore: pg.PostgresDatastore, *, events_table_name: str = "stored_events") -> None:
        if datastore.enable_db_functions:
            # The library's insert function writes events alone: they would be left out of the chain.
            raise ProgrammingError("the chain of digests needs POSTGRES_ENABLE_DB_FUNCTIONS off")
        super().__init__(datastore, events_table_name=events_table_name)
        schema, self.chain_table_name = Identifier(datastore.schema), chain_table_name(events_table_name)
        chain, events = Identifier(self.chain_table_name), Identifier(events_table_name)
        self.sql_create_statements.extend(_ddl(datastore.schema, events_table_name, self.chain_table_name))
        self._head = SQL(
            "SELECT position, previous_position, digest FROM {schema}.{chain} ORDER BY position DESC LIMIT 1"
        ).format(schema=schema, chain=chain)
        self._link = SQL(
            "INSERT INTO {schema}.{chain} (position, previous_position, digest) "
            "SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::bytea[])"
        ).format(schema=schema, chain=chain)
        self._heads = SQL(
            "SELECT (SELECT max(notification_id) FROM {schema}.{events}) AS last_event, "
            "(SELECT max(position) FROM {schema}.{chain}) AS last_link"
        ).format(schema=schema, events=events, chain=chain)
        self._unchained = SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state FROM {schema}.{events} "
            "WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
        ).format(schema=schema, events=events)

    def _create_table(self, curs: psycopg.Cursor[DictRow]) -> None:
        # Processes starting at once would race to make the function and triggers ("tuple concurrently updated").
        curs.execute(SQL("SELECT pg_advisory_xact_lock({0})").format(Literal(SCHEMA_LOCK)))
        super()._create_table(curs)

    def create_table(self) -> None:
        """Make the tables, then chain any events written without a chain (a store from before it)."""
        super().create_table()
        self._extend_chain()

    def _extend_chain(self) -> None:
        with self.datastore.transaction(commit=True) as curs:
            heads = curs.execute(self._heads).fetchone()
            if heads is None or (heads["last_event"] or 0) <= (heads["last_link"] or 0):
                return
            self._lock_table(curs)
            rows = curs.connection.cursor(row_factory=tuple_row)
            rows.execute(self._head)
            found = rows.fetchone()
            head, first = (Link(*found) if found else None), None
            while True:
                rows.execute(self._unchained, (head.position if head else 0, PAGE))
                page = [LoggedRow(row[0], row[1], row[2], row[3], bytes(row[4])) for row in rows.fetchall()]
                if not page:
                    break
                links = link_events(head, page)
                curs.execute(self._link, _columns(links))
                head, first = links[-1], first or links[0].position
        log.warning(
            "the log's chain was behind: events %s to %s were chained on opening the store, not when written "
            "(a store from before the chain, or events written without it)",
            first,
            head.position if head else None,
        )


def _columns(links: Sequence[Link]) -> tuple[list[int], list[int], list[bytes]]:
    return [k.position for k in links], [k.previous_position for k in links], [k.digest for k in links]


class PostgresAuditedLog:
    """The log and its chain read in one REPEATABLE READ transaction: every page sees the same moment."""

    def __init__(self, conn: psycopg.Connection[Any], events_table: str = EVENTS_TABLE) -> None:
        self._conn = conn
        events, chain = Identifier(events_table), Identifier(chain_table_name(events_table))
        found = conn.execute(
            "SELECT to_regclass(%s) IS NOT NULL, to_regclass(%s) IS NOT NULL",
            (events_table, chain_table_name(events_table)),
        ).fetchone()
        if not found or not found[0]:
            raise NoLog(f"database {conn.info.dbname} holds no gongkai log (no table {events_table})")
        self._chained = bool(found[1])
        self._events = SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state FROM {events} "
            "WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
        ).format(events=events)
        self._links = SQL(
            "SELECT position, previous_position, digest FROM {chain} WHERE position > %s ORDER BY position LIMIT %s"
        ).format(chain=chain)
        self._last_link = SQL(
            "SELECT position, previous_position, digest FROM {chain} ORDER BY position DESC LIMIT 1"
        ).format(chain=chain)
        self._last_position = SQL("SELECT coalesce(max(notification_id), 0) FROM {events}").format(events=events)

    def events_after(self, after: int, limit: int) -> Sequence[LoggedRow]:
        """Event rows after a position (a keyset page on the position's index)."""
        # Binary: states come as bytes, not as hex text to decode.
        with self._conn.cursor(binary=True) as curs:
            rows = curs.execute(self._events, (after, limit)).fetchall()
            return [LoggedRow(row[0], row[1], row[2], row[3], row[4]) for row in rows]

    def links_after(self, after: int, limit: int) -> Sequence[Link]:
        """Chain rows after a position."""
        if not self._chained:
            return []
        with self._conn.cursor(binary=True) as curs:
            return [Link(*row) for row in curs.execute(self._links, (after, limit)).fetchall()]

    def last_link(self) -> Link | None:
        """The newest chain row."""
        if not self._chained:
            return None
        found = self._conn.execute(self._last_link).fetchone()
        return Link(*found) if found else None

    def last_position(self) -> int:
        """The newest event's position."""
        found = self._conn.execute(self._last_position).fetchone()
        return int(found[0]) if found else 0


@contextmanager
def postgres_audited_log(url: DatabaseURL) -> Iterator[PostgresAuditedLog]:
    """The log of a PostgreSQL store as it stands now, read-only; needs SELECT on the events and chain tables."""
    with psycopg.connect(url.dsn(), connect_timeout=10, row_factory=tuple_row) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        try:
            yield PostgresAuditedLog(conn)
        finally:
            conn.rollback()
