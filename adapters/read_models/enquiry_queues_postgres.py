"""The departments' queues of policy enquiries in PostgreSQL (see adapters/read_models/enquiry_queues.py).

Organs and departments go in as `postgres_text` and are filtered on through their keys (`keyed`): an index entry
holds at most 2,704 bytes, and the log may hold a name of any length."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from adapters.persistence.database import DatabaseURL
from adapters.persistence.sealing import PLAIN, Codec
from adapters.read_models.common import KEY_LENGTH, key_column, postgres_text
from adapters.read_models.enquiry_queues import (
    NAME,
    ORDER,
    conditions,
    dump,
    load,
    received_before,
    record_conditions,
)
from adapters.read_models.postgres import Leadership, PostgresReadSide
from application.enquiry_list import RecordFilter
from application.enquiry_queues import Cutoffs, DepartmentCount, QueuedStay, QueueRecord, StayFilter, StayRow

_SCHEMA = f"""
-- enquiry_queues, projection 4: the disclosure office's queue as part 0; records with status, publication, code
CREATE TABLE IF NOT EXISTS gongkai_enquiry_queue_records (
    enquiry_id uuid PRIMARY KEY, organ text NOT NULL, receipt_date date NOT NULL, status text NOT NULL,
    published boolean NOT NULL, record text NOT NULL, code_digest text NOT NULL, {key_column("organ")}
);
CREATE INDEX IF NOT EXISTS gongkai_enquiry_queue_records_by_code ON gongkai_enquiry_queue_records (code_digest);
CREATE INDEX IF NOT EXISTS gongkai_enquiry_queue_records_by_organ
    ON gongkai_enquiry_queue_records (organ_key, status, receipt_date, enquiry_id);
CREATE INDEX IF NOT EXISTS gongkai_enquiry_queue_records_oldest
    ON gongkai_enquiry_queue_records (receipt_date, enquiry_id);
CREATE TABLE IF NOT EXISTS gongkai_enquiry_queue_stays (
    enquiry_id uuid NOT NULL, seq integer NOT NULL, part integer NOT NULL, organ text NOT NULL,
    department text NOT NULL, receipt_date date NOT NULL, entered_on date NOT NULL, left_on date, replied_on date,
    {key_column("organ")}, {key_column("department")},
    PRIMARY KEY (enquiry_id, seq)
);
CREATE INDEX IF NOT EXISTS gongkai_enquiry_queue_stays_by_department
    ON gongkai_enquiry_queue_stays (organ_key, department_key, receipt_date, enquiry_id, seq);
CREATE INDEX IF NOT EXISTS gongkai_enquiry_queue_stays_waiting
    ON gongkai_enquiry_queue_stays (organ_key, department_key, receipt_date, enquiry_id, seq) WHERE left_on IS NULL;
CREATE INDEX IF NOT EXISTS gongkai_enquiry_queue_stays_oldest
    ON gongkai_enquiry_queue_stays (receipt_date, enquiry_id, seq);
"""
_TABLES = ("gongkai_enquiry_queue_records", "gongkai_enquiry_queue_stays")


class PostgresEnquiryQueues(PostgresReadSide):
    """The queues in PostgreSQL, through asyncpg."""

    def __init__(self, url: DatabaseURL, leadership: Leadership | None = None, codec: Codec = PLAIN) -> None:
        super().__init__(url, NAME, _SCHEMA, _TABLES, leadership, codec)

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, QueueRecord]:
        """The stored records of these enquiries."""
        pool = await self.pool()
        query = "SELECT enquiry_id, record FROM gongkai_enquiry_queue_records WHERE enquiry_id = ANY($1)"
        return {row[0]: load(row[1]) for row in await pool.fetch(query, list(ids))}

    async def save(self, rows: Sequence[QueueRecord], expected: int, position: int) -> bool:
        """Replace the records' rows and move the position from `expected`, in one transaction."""
        records = [
            (str(r.id), postgres_text(r.organ), r.receipt_date, r.status.value, r.published, dump(r), r.code_digest)
            for r in rows
        ]
        stays = [
            (str(r.id), seq, s.part, postgres_text(r.organ), postgres_text(s.department), r.receipt_date, *dates)
            for r in rows
            for seq, s in enumerate(r.stays)
            for dates in [(s.entered_on, s.left_on, r.replied_on)]
        ]
        pool = await self.pool()
        async with pool.acquire() as conn, conn.transaction():
            if not await self.move_position(conn, expected, position):
                return False
            await conn.executemany(
                "INSERT INTO gongkai_enquiry_queue_records "
                "(enquiry_id, organ, receipt_date, status, published, record, code_digest) "
                "VALUES ($1::uuid, $2, $3, $4, $5, $6, $7) ON CONFLICT (enquiry_id) DO UPDATE SET "
                "organ = excluded.organ, receipt_date = excluded.receipt_date, status = excluded.status, "
                "published = excluded.published, record = excluded.record, code_digest = excluded.code_digest",
                records,
            )
            await conn.execute(
                "DELETE FROM gongkai_enquiry_queue_stays WHERE enquiry_id = ANY($1::uuid[])", [r[0] for r in records]
            )
            await conn.executemany(
                "INSERT INTO gongkai_enquiry_queue_stays "
                "(enquiry_id, seq, part, organ, department, receipt_date, entered_on, left_on, replied_on) "
                "VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9)",
                stays,
            )
            return True

    async def stays(self, where: StayFilter, offset: int, limit: int) -> tuple[list[StayRow], int]:
        """One page of matching stays and how many match, from one snapshot."""
        params: list[Any] = []

        def bind(value: Any) -> str:
            params.append(value)
            return _placeholder(value, len(params))

        condition = conditions(where, bind, lambda column, value: _keyed(column, value, bind), postgres_text)
        source = f"FROM gongkai_enquiry_queue_stays WHERE {condition}"
        columns = "enquiry_id, organ, receipt_date, replied_on, part, department, entered_on, left_on"
        n = len(params)
        pool = await self.pool()
        async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
            page = f"SELECT {columns} {source} {ORDER} LIMIT ${n + 1} OFFSET ${n + 2}"
            found = await conn.fetch(page, *params, limit, offset)
            total = await conn.fetchval(f"SELECT count(*) {source}", *params)
        return [_stay_row(row) for row in found], int(total)

    async def records(self, where: RecordFilter, offset: int, limit: int) -> tuple[list[QueueRecord], int]:
        """One page of matching records, oldest first, and how many match, from one snapshot."""
        params: list[Any] = []

        def bind(value: Any) -> str:
            params.append(value)
            return _placeholder(value, len(params))

        condition = record_conditions(where, bind, lambda column, value: _keyed(column, value, bind), postgres_text)
        source = f"FROM gongkai_enquiry_queue_records WHERE {condition}"
        n = len(params)
        pool = await self.pool()
        async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
            page = f"SELECT record {source} ORDER BY receipt_date, enquiry_id LIMIT ${n + 1} OFFSET ${n + 2}"
            found = await conn.fetch(page, *params, limit, offset)
            total = await conn.fetchval(f"SELECT count(*) {source}", *params)
        return [load(row[0]) for row in found], int(total)

    async def with_code(self, digest: str) -> UUID | None:
        """The question whose receipt code has this digest, if any."""
        pool = await self.pool()
        query = "SELECT enquiry_id FROM gongkai_enquiry_queue_records WHERE code_digest = $1 LIMIT 1"
        found: UUID | None = await pool.fetchval(query, digest)
        return found

    async def counts(self, organ: str | None, overdue: Cutoffs) -> list[DepartmentCount]:
        """Per organ and department with parts waiting: how many, and how many overdue."""
        params: list[Any] = []

        def bind(value: Any) -> str:
            params.append(value)
            return _placeholder(value, len(params))

        late = received_before(overdue, bind, text=postgres_text)
        narrowed = f" AND {_keyed('organ', organ, bind)}" if organ is not None else ""
        query = (
            f"SELECT organ, department, count(*), sum(CASE WHEN {late} THEN 1 ELSE 0 END) "
            f"FROM gongkai_enquiry_queue_stays WHERE left_on IS NULL{narrowed} "
            "GROUP BY organ, department ORDER BY organ, department"
        )
        pool = await self.pool()
        return [DepartmentCount(r[0], r[1], int(r[2]), int(r[3])) for r in await pool.fetch(query, *params)]


def _placeholder(value: Any, number: int) -> str:
    """A parameter's placeholder, typed where PostgreSQL cannot infer it (a date in a CASE)."""
    return f"${number}::date" if isinstance(value, date) else f"${number}"


def _keyed(column: str, value: str, bind: Any) -> str:
    """A text column's condition through its key (`common.keyed`): a value as long as a key is compared whole too."""
    text = postgres_text(value)
    condition = f"{column}_key = {bind(text[:KEY_LENGTH])}"
    return condition if len(text) < KEY_LENGTH else f"{condition} AND {column} = {bind(text)}"


def _stay_row(row: Sequence[Any]) -> StayRow:
    enquiry_id, organ, receipt_date, replied_on, part, department, entered_on, left_on = row
    stay = QueuedStay(part, department, entered_on, left_on)
    day: date = receipt_date
    return StayRow(enquiry_id, organ, day, replied_on, stay)
