"""收文登记簿: an organ's register of applications for one year, which numbers them and counts each applicant's items.

One stream per organ and year, written in the same transaction as each application's receipt: numbers are unique
and never reused, and the per-item fee scale can count an applicant's items over all of their applications to the
organ in a calendar month (R-REQ-FEE), by a key that survives the erasure of their personal data.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

import attrs

from domain.context import Context
from domain.deciding import first_event, next_event
from domain.events import DomainEvent

_NAMESPACE = UUID("6f1d2c8e-0000-4000-8000-000000000003")
PREFIX = "request_register."


def register_id(organ: str, year: int) -> UUID:
    """The register of an organ's applications received in a year."""
    return uuid5(_NAMESPACE, f"{organ}\n{year}")


def registration_number(year: int, number: int) -> str:
    """登记号 as staff read and quote it: the year and the application's place in it, e.g. 2025-0042."""
    return f"{year}-{number:04d}"


@attrs.frozen(kw_only=True)
class NumberAssigned(DomainEvent):
    """An application received was entered in the register with the next number."""

    type_name = PREFIX + "number_assigned"
    public_fields = frozenset({"organ", "year", "number", "request_id", "receipt_date", "items"})
    organ: str
    year: int
    number: int
    request_id: UUID
    receipt_date: date
    applicant_key: str | None
    items: int


@attrs.frozen(kw_only=True)
class ItemsRecounted(DomainEvent):
    """An application's items were counted again when its fee notice was sent on the per-item scale."""

    type_name = PREFIX + "items_recounted"
    public_fields = frozenset({"request_id", "items"})
    request_id: UUID
    items: int


EVENT_TYPES: tuple[type[DomainEvent], ...] = (NumberAssigned, ItemsRecounted)


@attrs.frozen
class Entry:
    """One application of a known applicant, as the per-item scale counts it."""

    request_id: UUID
    number: int
    month: int
    applicant_key: str
    items: int


@attrs.frozen
class Register:
    """An organ's register for one year: the last number given, and the entries of known applicants."""

    id: UUID
    version: int
    organ: str
    year: int
    last_number: int = 0
    entries: tuple[Entry, ...] = ()

    def items_before(self, request_id: UUID) -> int:
        """The applicant's items in applications entered before this one in the same calendar month."""
        mine = next((e for e in self.entries if e.request_id == request_id), None)
        if mine is None:
            return 0
        return sum(
            e.items
            for e in self.entries
            if e.applicant_key == mine.applicant_key and e.month == mine.month and e.number < mine.number
        )

    def items_of(self, request_id: UUID) -> int | None:
        """The items counted for an application of a known applicant."""
        return next((e.items for e in self.entries if e.request_id == request_id), None)


def evolve(state: Register | None, event: DomainEvent) -> Register:
    """The register after one more event."""
    if isinstance(event, NumberAssigned):
        base = state or Register(id=event.originator_id, version=0, organ=event.organ, year=event.year)
        entries = base.entries
        if event.applicant_key is not None:
            entry = Entry(event.request_id, event.number, event.receipt_date.month, event.applicant_key, event.items)
            entries = (*entries, entry)
        return attrs.evolve(base, version=event.originator_version, last_number=event.number, entries=entries)
    if state is None or not isinstance(event, ItemsRecounted):
        raise TypeError(f"no fold for {event.type_name} on a register of applications")
    entries = tuple(
        attrs.evolve(e, items=event.items) if e.request_id == event.request_id else e for e in state.entries
    )
    return attrs.evolve(state, version=event.originator_version, entries=entries)


def assign_number(
    state: Register | None,
    organ: str,
    request_id: UUID,
    receipt_date: date,
    applicant_key: str | None,
    items: int,
    ctx: Context,
) -> NumberAssigned:
    """Enter an application received in the register under the next number of its receipt year."""
    year = receipt_date.year
    fields = {
        "organ": organ,
        "year": year,
        "number": (state.last_number if state else 0) + 1,
        "request_id": request_id,
        "receipt_date": receipt_date,
        "applicant_key": applicant_key,
        "items": items,
    }
    if state is None:
        return first_event(NumberAssigned, register_id(organ, year), ctx, **fields)
    return next_event(NumberAssigned, state, ctx, **fields)


def recount(state: Register, request_id: UUID, items: int, ctx: Context) -> list[DomainEvent]:
    """Count an application's items again, if a known applicant's count changed."""
    counted = state.items_of(request_id)
    if counted is None or counted == items:
        return []
    return [next_event(ItemsRecounted, state, ctx, request_id=request_id, items=items)]
