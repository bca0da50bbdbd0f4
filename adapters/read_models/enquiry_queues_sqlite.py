"""The departments' queues of policy enquiries in the embedded SQLite file (see adapters/read_models/enquiry_queues.py);
dates are ISO text, which sorts as the dates do."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from adapters.persistence.sealing import PLAIN, Codec
from adapters.read_models.enquiry_queues import (
    NAME,
    ORDER,
    conditions,
    dump,
    load,
    received_before,
    record_conditions,
)
from adapters.read_models.sqlite import SQLiteReadSide
from application.enquiry_list import RecordFilter
from application.enquiry_queues import Cutoffs, DepartmentCount, QueuedStay, QueueRecord, StayFilter, StayRow

_SQLITE_SCHEMA = """
-- enquiry_queues, projection 4: the disclosure office's queue as part 0; records with status, publication, code
CREATE TABLE IF NOT EXISTS enquiry_queue_records (
    enquiry_id TEXT PRIMARY KEY, organ TEXT NOT NULL, receipt_date TEXT NOT NULL, status TEXT NOT NULL,
    published INTEGER NOT NULL, record TEXT NOT NULL, code_digest TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS enquiry_queue_records_by_code ON enquiry_queue_records (code_digest);
CREATE INDEX IF NOT EXISTS enquiry_queue_records_by_organ
    ON enquiry_queue_records (organ, status, receipt_date, enquiry_id);
CREATE INDEX IF NOT EXISTS enquiry_queue_records_oldest ON enquiry_queue_records (receipt_date, enquiry_id);
CREATE TABLE IF NOT EXISTS enquiry_queue_stays (
    enquiry_id TEXT NOT NULL, seq INTEGER NOT NULL, part INTEGER NOT NULL, organ TEXT NOT NULL,
    department TEXT NOT NULL, receipt_date TEXT NOT NULL, entered_on TEXT NOT NULL, left_on TEXT, replied_on TEXT,
    PRIMARY KEY (enquiry_id, seq)
);
CREATE INDEX IF NOT EXISTS enquiry_queue_stays_by_department
    ON enquiry_queue_stays (organ, department, receipt_date, enquiry_id, seq);
CREATE INDEX IF NOT EXISTS enquiry_queue_stays_waiting
    ON enquiry_queue_stays (organ, department, receipt_date, enquiry_id, seq) WHERE left_on IS NULL;
CREATE INDEX IF NOT EXISTS enquiry_queue_stays_oldest ON enquiry_queue_stays (receipt_date, enquiry_id, seq);
"""


def _status(record: QueueRecord) -> tuple[str, bool]:
    return record.status.value, record.published


def _texts(record: QueueRecord) -> tuple[str, str]:
    return dump(record), record.code_digest


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


class SQLiteEnquiryQueues(SQLiteReadSide):
    """The queues in the embedded SQLite file; dates are ISO text, which sorts as the dates do."""

    def __init__(self, path: str, codec: Codec = PLAIN) -> None:
        super().__init__(path, NAME, _SQLITE_SCHEMA, ("enquiry_queue_records", "enquiry_queue_stays"), codec)

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, QueueRecord]:
        """The stored records of these enquiries."""
        found = await self.run(self._records, [str(i) for i in ids])
        return {UUID(i): load(record) for i, record in found}

    def _records(self, ids: list[str]) -> list[tuple[str, str]]:
        marks = ",".join("?" * len(ids))
        with self.connect() as conn:
            query = f"SELECT enquiry_id, record FROM enquiry_queue_records WHERE enquiry_id IN ({marks})"
            return conn.execute(query, ids).fetchall()

    async def save(self, rows: Sequence[QueueRecord], expected: int, position: int) -> bool:
        """Replace the records' rows and move the position from `expected`, in one transaction."""
        return await self.run(self._save, list(rows), expected, position)

    def _save(self, records: list[QueueRecord], expected: int, position: int) -> bool:
        with self.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            if not self.move_position(conn, expected, position):
                conn.execute("ROLLBACK")
                return False
            for record in records:
                rid = str(record.id)
                conn.execute(
                    "INSERT OR REPLACE INTO enquiry_queue_records VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (rid, record.organ, record.receipt_date.isoformat(), *_status(record), *_texts(record)),
                )
                conn.execute("DELETE FROM enquiry_queue_stays WHERE enquiry_id = ?", (rid,))
                conn.executemany(
                    "INSERT INTO enquiry_queue_stays VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            rid,
                            seq,
                            s.part,
                            record.organ,
                            s.department,
                            record.receipt_date.isoformat(),
                            s.entered_on.isoformat(),
                            _iso(s.left_on),
                            _iso(record.replied_on),
                        )
                        for seq, s in enumerate(record.stays)
                    ],
                )
            conn.execute("COMMIT")
            return True

    async def stays(self, where: StayFilter, offset: int, limit: int) -> tuple[list[StayRow], int]:
        """One page of matching stays and how many match, from one snapshot."""
        return await self.run(self._stays, where, offset, limit)

    def _stays(self, where: StayFilter, offset: int, limit: int) -> tuple[list[StayRow], int]:
        params: list[Any] = []

        def bind(value: Any) -> str:
            params.append(value.isoformat() if isinstance(value, date) else value)
            return "?"

        condition = conditions(where, bind, lambda column, value: f"{column} = {bind(value)}", str)
        source = f"FROM enquiry_queue_stays WHERE {condition}"
        columns = "enquiry_id, organ, receipt_date, replied_on, part, department, entered_on, left_on"
        with self.connect() as conn:
            conn.execute("BEGIN")
            found = conn.execute(f"SELECT {columns} {source} {ORDER} LIMIT ? OFFSET ?", [*params, limit, offset])
            rows = [_stay_row(row, date.fromisoformat) for row in found.fetchall()]
            (total,) = conn.execute(f"SELECT count(*) {source}", params).fetchone()
            conn.execute("COMMIT")
        return rows, int(total)

    async def records(self, where: RecordFilter, offset: int, limit: int) -> tuple[list[QueueRecord], int]:
        """One page of matching records, oldest first, and how many match, from one snapshot."""
        return await self.run(self._records_page, where, offset, limit)

    def _records_page(self, where: RecordFilter, offset: int, limit: int) -> tuple[list[QueueRecord], int]:
        params: list[Any] = []

        def bind(value: Any) -> str:
            params.append(value.isoformat() if isinstance(value, date) else value)
            return "?"

        condition = record_conditions(where, bind, lambda column, value: f"{column} = {bind(value)}", str)
        source = f"FROM enquiry_queue_records WHERE {condition}"
        with self.connect() as conn:
            conn.execute("BEGIN")
            page = f"SELECT record {source} ORDER BY receipt_date, enquiry_id LIMIT ? OFFSET ?"
            found = [load(record) for (record,) in conn.execute(page, [*params, limit, offset]).fetchall()]
            (total,) = conn.execute(f"SELECT count(*) {source}", params).fetchone()
            conn.execute("COMMIT")
        return found, int(total)

    async def with_code(self, digest: str) -> UUID | None:
        """The question whose receipt code has this digest, if any."""
        return await self.run(self._with_code, digest)

    def _with_code(self, digest: str) -> UUID | None:
        with self.connect() as conn:
            query = "SELECT enquiry_id FROM enquiry_queue_records WHERE code_digest = ? LIMIT 1"
            found = conn.execute(query, (digest,)).fetchone()
        return UUID(found[0]) if found else None

    async def counts(self, organ: str | None, overdue: Cutoffs) -> list[DepartmentCount]:
        """Per organ and department with parts waiting: how many, and how many overdue."""
        return await self.run(self._counts, organ, overdue)

    def _counts(self, organ: str | None, overdue: Cutoffs) -> list[DepartmentCount]:
        params: list[Any] = []

        def bind(value: Any) -> str:
            params.append(value.isoformat() if isinstance(value, date) else value)
            return "?"

        late = received_before(overdue, bind)
        narrowed = f" AND organ = {bind(organ)}" if organ is not None else ""
        query = (
            f"SELECT organ, department, count(*), sum(CASE WHEN {late} THEN 1 ELSE 0 END) FROM enquiry_queue_stays "
            f"WHERE left_on IS NULL{narrowed} GROUP BY organ, department ORDER BY organ, department"
        )
        with self.connect() as conn:
            return [DepartmentCount(*row) for row in conn.execute(query, params).fetchall()]


def _stay_row(row: Sequence[Any], day: Callable[[Any], date]) -> StayRow:
    enquiry_id, organ, receipt_date, replied_on, part, department, entered_on, left_on = row
    stay = QueuedStay(part, department, day(entered_on), day(left_on) if left_on else None)
    return StayRow(UUID(str(enquiry_id)), organ, day(receipt_date), day(replied_on) if replied_on else None, stay)
