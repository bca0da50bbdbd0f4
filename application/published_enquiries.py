"""The public read side of the policy message board: questions selected for publication (选登) and their replies,
listed newest first or searched by words (Chinese segmented as for documents), never anything else (R-ENQ-PUBLISH).

A projection of the log: each enquiry's row holds, while it is out, only the edited public texts and the departments
that answered it; the asker and their own words are never in it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol
from uuid import UUID

import attrs

from application.errors import NotFound
from application.ports import EventStore
from application.projections import Projection, ProjectionStore, Runner, catch_up
from application.publications import check_page
from application.streams import POLICY_ENQUIRY
from domain.events import DomainEvent
from domain.policy_enquiry import events as ev
from domain.policy_enquiry.state import Publication


@attrs.frozen
class PublishedRecord:
    """An enquiry as the public read side knows it: where it belongs and, while it is out, its public text."""

    id: UUID
    organ: str
    receipt_date: date
    departments: tuple[str, ...] = ()
    publication: Publication | None = None


def apply(row: PublishedRecord | None, event: DomainEvent) -> PublishedRecord:
    """The row after one more enquiry event."""
    if isinstance(event, ev.Received):
        return PublishedRecord(event.originator_id, event.organ, event.receipt_date)
    assert row is not None
    if isinstance(event, ev.PartAssigned | ev.PartTransferred) and event.department not in row.departments:
        return attrs.evolve(row, departments=(*row.departments, event.department))
    if isinstance(event, ev.SelectedForPublication):
        publication = Publication(event.published_on, event.public_title, event.public_question, event.public_reply)
        return attrs.evolve(row, publication=publication)
    if isinstance(event, ev.PublicationWithdrawn):
        return attrs.evolve(row, publication=None)
    return row


PUBLISHED_ENQUIRIES = Projection[PublishedRecord](POLICY_ENQUIRY.event_types, apply)


@attrs.frozen
class EnquirySearch:
    """A search of published questions: words, filters, a page."""

    text: str = ""
    organ: str | None = None
    published_from: date | None = None
    published_to: date | None = None
    page: int = 1
    page_size: int = 20

    def check(self) -> None:
        """Refuse a page out of range."""
        check_page(self.page, self.page_size)


@attrs.frozen
class EnquiryHit:
    """One published question found, with its relevance (0 when listing)."""

    id: UUID
    organ: str
    departments: tuple[str, ...]
    publication: Publication
    score: float


@attrs.frozen
class EnquiryHitPage:
    """One page of hits and how many there are in all."""

    hits: tuple[EnquiryHit, ...]
    total: int
    page: int
    page_size: int
    position: int = 0


def hit_of(row: PublishedRecord, score: float) -> EnquiryHit:
    """The hit of a row that is out."""
    assert row.publication is not None
    return EnquiryHit(row.id, row.organ, row.departments, row.publication, score)


class PublishedEnquiryStore(ProjectionStore[PublishedRecord], Protocol):
    """Published questions beside the log position, searchable by words (segmented by the store)."""

    async def search(self, query: EnquirySearch) -> EnquiryHitPage:
        """Published questions matching every word and filter, by relevance (`publications.relevance` over the
        title's words) then newest first; with no text, newest first. A text is refused as `check_words` refuses
        it."""
        ...


class PublishedEnquiries:
    """Keeps the public read side of the message board up to date and answers it."""

    def __init__(self, store: PublishedEnquiryStore, events: EventStore) -> None:
        self.store = store
        self._events = events
        self.runner = Runner("published_enquiries", store, self.catch_up, follows=PUBLISHED_ENQUIRIES.followed)

    async def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Apply every enquiry event not yet applied."""
        return await catch_up(self.store, PUBLISHED_ENQUIRIES, progress)

    async def search(self, query: EnquirySearch, position: int | None = None) -> EnquiryHitPage:
        """Search as the read model reflects the log up to `position` (its head when asked by default)."""
        query.check()
        reached = await self.runner.reached(position)
        return attrs.evolve(await self.store.search(query), position=reached)

    def published(self, enquiry_id: UUID) -> EnquiryHit:
        """One published question and its reply, read from its stream; NotFound for anything not out."""
        try:
            state = self._events.load(POLICY_ENQUIRY, enquiry_id)
        except NotFound:
            state = None
        if state is None or state.publication is None:
            raise NotFound(f"no published question {enquiry_id}") from None
        departments = tuple(dict.fromkeys(s.department for p in state.parts for s in p.stays))
        return EnquiryHit(state.id, state.organ, departments, state.publication, 0.0)
