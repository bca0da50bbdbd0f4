"""Where the departments' queues of policy enquiries live (application/enquiry_queues.py): one row per stay of a part
in a department's queue, beside each enquiry's record, in memory (here), SQLite (`enquiry_queues_sqlite`) or
PostgreSQL (`enquiry_queues_postgres`), and the SQL both share. Rows hold no personal data and no text but the names
of organs and departments."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from uuid import UUID

from adapters.persistence.converter import converter
from adapters.read_models.memory import MemoryReadSide
from application.enquiry_list import RecordFilter
from application.enquiry_queues import Cutoffs, DepartmentCount, QueueRecord, StayFilter, StayRow
from domain.policy_enquiry.values import EnquiryStatus

NAME = "enquiry_queues"
ORDER = "ORDER BY receipt_date, enquiry_id, seq"


def dump(record: QueueRecord) -> str:
    """A record as JSON text."""
    return json.dumps(converter.unstructure(record), ensure_ascii=False)


def load(text: str | bytes) -> QueueRecord:
    """A record from its JSON text."""
    return converter.structure(json.loads(text), QueueRecord)


def stay_rows(record: QueueRecord) -> list[StayRow]:
    """A record's stays, in the order they began."""
    return [StayRow(record.id, record.organ, record.receipt_date, record.replied_on, stay) for stay in record.stays]


Bind = Callable[[Any], str]
"""Adds a parameter, returning its placeholder (`$n` or `?`)."""


def received_before(cutoffs: Cutoffs, bind: Bind, organ: str = "organ", text: Callable[[str], str] = str) -> str:
    """The condition that an enquiry was received before its organ's cutoff."""
    if not cutoffs.by_organ:
        return f"receipt_date < {bind(cutoffs.default)}"
    cases = " ".join(f"WHEN {bind(text(o))} THEN {bind(day)}" for o, day in cutoffs.by_organ)
    return f"receipt_date < CASE {organ} {cases} ELSE {bind(cutoffs.default)} END"


def waiting_only(where: StayFilter) -> bool | None:
    """Whether a filter lists only stays still waiting (true), only those over (false), or both (None): overdue and
    due-soon stays are waiting ones."""
    if where.overdue_before is not None or where.due_by is not None:
        return True
    return where.waiting


def conditions(where: StayFilter, bind: Bind, keyed: Callable[[str, str], str], text: Callable[[str], str]) -> str:
    """The SQL conditions of a filter (`keyed` gives the condition on an organ or department)."""
    found = ["1 = 1"]
    if where.organ is not None:
        found.append(keyed("organ", where.organ))
    if where.department is not None:
        found.append(keyed("department", where.department))
    waiting = waiting_only(where)
    if waiting is not None:
        found.append("left_on IS NULL" if waiting else "left_on IS NOT NULL")
    if where.overdue_before is not None:
        found.append(received_before(where.overdue_before, bind, text=text))
    if where.due_by is not None:
        found.append(f"NOT ({received_before(where.due_by[0], bind, text=text)})")
        found.append(received_before(where.due_by[1], bind, text=text))
    return " AND ".join(found)


def record_matches(record: QueueRecord, where: RecordFilter) -> bool:
    """Whether a record is among those a filter lists (as `record_conditions` says it in SQL)."""
    overdue = where.overdue_before
    return (
        (where.organ is None or record.organ == where.organ)
        and (not where.statuses or record.status in where.statuses)
        and (where.published is None or record.published == where.published)
        and (overdue is None or (record.replied_on is None and record.receipt_date < overdue.of(record.organ)))
    )


def record_conditions(
    where: RecordFilter, bind: Bind, keyed: Callable[[str, str], str], text: Callable[[str], str]
) -> str:
    """The SQL conditions of a filter of records."""
    found = ["1 = 1"]
    if where.organ is not None:
        found.append(keyed("organ", where.organ))
    if where.statuses:
        found.append(f"status IN ({', '.join(bind(s.value) for s in where.statuses)})")
    if where.published is not None:
        found.append(f"published = {bind(where.published)}")
    if where.overdue_before is not None:
        found.append(f"status <> {bind(EnquiryStatus.REPLIED.value)}")
        found.append(received_before(where.overdue_before, bind, text=text))
    return " AND ".join(found)


class MemoryEnquiryQueues(MemoryReadSide[QueueRecord]):
    """The queues in memory over the store's own log: for tests and `memory://`."""

    def _stays(self, where: StayFilter) -> list[StayRow]:
        rows = [(seq, row) for record in self._rows.values() for seq, row in enumerate(stay_rows(record))]

        def before(cutoffs: Cutoffs, row: StayRow) -> bool:
            return row.receipt_date < cutoffs.of(row.organ)

        def matches(row: StayRow) -> bool:
            waiting = waiting_only(where)
            return (
                (where.organ is None or row.organ == where.organ)
                and (where.department is None or row.stay.department == where.department)
                and (waiting is None or row.stay.waiting == waiting)
                and (where.overdue_before is None or before(where.overdue_before, row))
                and (where.due_by is None or (not before(where.due_by[0], row) and before(where.due_by[1], row)))
            )

        found = sorted((row.receipt_date, str(row.enquiry_id), seq, row) for seq, row in rows if matches(row))
        return [row for *_, row in found]

    async def stays(self, where: StayFilter, offset: int, limit: int) -> tuple[list[StayRow], int]:
        """One page of matching stays and how many match."""
        found = self._stays(where)
        return found[offset : offset + limit], len(found)

    async def records(self, where: RecordFilter, offset: int, limit: int) -> tuple[list[QueueRecord], int]:
        """One page of matching records, oldest first, and how many match."""
        found = sorted(
            (r for r in self._rows.values() if record_matches(r, where)), key=lambda r: (r.receipt_date, str(r.id))
        )
        return found[offset : offset + limit], len(found)

    async def with_code(self, digest: str) -> UUID | None:
        """The question whose receipt code has this digest, if any."""
        return next((r.id for r in self._rows.values() if r.code_digest == digest), None)

    async def counts(self, organ: str | None, overdue: Cutoffs) -> list[DepartmentCount]:
        """Per organ and department with parts waiting: how many, and how many overdue."""
        tally: dict[tuple[str, str], list[int]] = {}
        for row in self._stays(StayFilter(organ=organ, waiting=True)):
            counts = tally.setdefault((row.organ, row.stay.department), [0, 0])
            counts[0] += 1
            counts[1] += row.receipt_date < overdue.of(row.organ)
        return [DepartmentCount(o, d, n, late) for (o, d), (n, late) in sorted(tally.items())]
