"""The state of a policy enquiry, folded from its events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from uuid import UUID

import attrs

from domain.events import DomainEvent
from domain.personal_data import PersonalData
from domain.policy_enquiry import events as ev
from domain.policy_enquiry.values import EnquiryChannel, EnquiryStatus, Part, Stay


@attrs.frozen
class Publication:
    """选登: the edited public text of a question and its reply, and the day it went out."""

    published_on: date
    title: str
    question: str
    reply: str


@attrs.frozen
class PolicyEnquiry:
    """政策留言: a question on the policy message board as it stands at one version."""

    id: UUID
    version: int
    organ: str
    channel: EnquiryChannel
    arrived_at: datetime
    receipt_date: date
    receipt_code: str
    asker: PersonalData
    question: str
    parts: tuple[Part, ...] = ()
    reply: str | None = None
    replied_on: date | None = None
    publication: Publication | None = None

    @property
    def status(self) -> EnquiryStatus:
        """Where the question stands, from its parts and reply."""
        if self.replied_on is not None:
            return EnquiryStatus.REPLIED
        if not self.parts:
            return EnquiryStatus.RECEIVED
        if any(p.is_open for p in self.parts):
            return EnquiryStatus.ROUTED
        return EnquiryStatus.ANSWERED

    def part(self, number: int) -> Part | None:
        """The part with this number, if any."""
        return next((p for p in self.parts if p.number == number), None)


def evolve(state: PolicyEnquiry | None, event: DomainEvent) -> PolicyEnquiry:
    """The state after one more event."""
    if state is None:
        if not isinstance(event, ev.Received):
            raise TypeError(f"a policy enquiry starts with 'received', not {event.type_name}")
        return PolicyEnquiry(
            id=event.originator_id,
            version=event.originator_version,
            organ=event.organ,
            channel=event.channel,
            arrived_at=event.arrived_at,
            receipt_date=event.receipt_date,
            receipt_code=event.receipt_code,
            asker=event.asker,
            question=event.question,
        )
    return attrs.evolve(_apply(state, event), version=event.originator_version)


def _apply(state: PolicyEnquiry, event: DomainEvent) -> PolicyEnquiry:
    if isinstance(event, ev.PartAssigned):
        part = Part(event.part, event.scope, (Stay(event.department, event.assigned_on),))
        return attrs.evolve(state, parts=(*state.parts, part))
    if isinstance(event, ev.PartTransferred):
        return _with_part(state, event.part, lambda p: _moved(p, event.department, event.transferred_on))
    if isinstance(event, ev.PartAnswered):
        return _with_part(state, event.part, lambda p: _answered(p, event.answer, event.answered_on))
    if isinstance(event, ev.Replied):
        return attrs.evolve(state, reply=event.reply, replied_on=event.replied_on)
    if isinstance(event, ev.SelectedForPublication):
        publication = Publication(event.published_on, event.public_title, event.public_question, event.public_reply)
        return attrs.evolve(state, publication=publication)
    if isinstance(event, ev.PublicationWithdrawn):
        return attrs.evolve(state, publication=None)
    raise TypeError(f"no fold for {event.type_name} on a policy enquiry")


def _with_part(state: PolicyEnquiry, number: int, change: Callable[[Part], Part]) -> PolicyEnquiry:
    return attrs.evolve(state, parts=tuple(change(p) if p.number == number else p for p in state.parts))


def _left(stays: tuple[Stay, ...], on: date) -> tuple[Stay, ...]:
    return (*stays[:-1], attrs.evolve(stays[-1], left_on=on))


def _moved(part: Part, department: str, on: date) -> Part:
    return attrs.evolve(part, stays=(*_left(part.stays, on), Stay(department, on)))


def _answered(part: Part, answer: str, on: date) -> Part:
    return attrs.evolve(part, stays=_left(part.stays, on), answer=answer, answered_on=on)
