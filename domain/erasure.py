"""个人信息删除: the record that a person's personal data was erased, kept in the log without the data itself.

The data is erased by destroying the person's key (crypto-shredding); what stays is who erased whose data, when and
why. One stream per person, whose id the application derives from the person id.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs

from domain.actors import Actor
from domain.deciding import not_blank
from domain.errors import StepOutOfOrder
from domain.events import DomainEvent


@attrs.frozen(kw_only=True)
class PersonalDataErased(DomainEvent):
    """A person's key was destroyed: every copy of their personal data, in every event and table, is unreadable."""

    type_name = "personal_data.erased"
    identifying_fields = frozenset({"person_id"})
    person_id: str
    reason: str


EVENT_TYPES: tuple[type[DomainEvent], ...] = (PersonalDataErased,)


@attrs.frozen
class Erasure:
    """A person whose personal data was erased: by whom, when and why."""

    id: UUID
    version: int
    person_id: str
    erased_at: datetime
    erased_by: Actor
    reason: str


@attrs.frozen(kw_only=True)
class EraseData:
    """Erase a person's personal data, with the reason (e.g. the person's request, or the end of its retention)."""

    erasure_id: UUID
    person_id: str
    reason: str


def erase(state: Erasure | None, command: EraseData, actor: Actor, now: datetime) -> list[DomainEvent]:
    """The erasure's record; refused without a reason, or when the person's data was erased already."""
    if state is not None:
        when = f"{state.erased_at:%Y-%m-%d %H:%M} UTC by {state.erased_by.name}"
        raise StepOutOfOrder(f"the personal data of {state.person_id} was erased already, on {when}")
    not_blank(command.reason, "reason")
    event = PersonalDataErased(
        originator_id=command.erasure_id,
        originator_version=1,
        timestamp=now,
        actor=actor,
        person_id=command.person_id,
        reason=command.reason.strip(),
    )
    return [event]


def evolve(state: Erasure | None, event: DomainEvent) -> Erasure:
    """The state after one more event."""
    if not isinstance(event, PersonalDataErased):
        raise TypeError(f"no fold for {event.type_name} on an erasure")
    return Erasure(
        id=event.originator_id,
        version=event.originator_version,
        person_id=event.person_id,
        erased_at=event.timestamp,
        erased_by=event.actor,
        reason=event.reason,
    )
