"""The policy message board assembled (政策留言板): its use cases and its two read models, the departments' queues and
the published questions, on the store of a database URL. The composition root (bootstrap) holds one of these."""

from __future__ import annotations

from typing import Any

import attrs

from adapters.persistence.database import DatabaseURL
from adapters.persistence.event_store import EventsourcingStore
from adapters.read_models.enquiry_queues import MemoryEnquiryQueues
from adapters.read_models.enquiry_queues_postgres import PostgresEnquiryQueues
from adapters.read_models.enquiry_queues_sqlite import SQLiteEnquiryQueues
from adapters.read_models.postgres import Leadership
from adapters.search.enquiries import MemoryPublishedEnquiries, SQLitePublishedEnquiries
from adapters.search.enquiries_postgres import PostgresPublishedEnquiries
from application.calendar import CalendarBook
from application.enquiries import PolicyEnquiries
from application.enquiry_list import EnquiryList
from application.enquiry_queues import EnquiryQueues
from application.enquiry_receipts import Receipts
from application.personal_data import People
from application.ports import ApplicantKeys, Clock
from application.projections import Runner
from application.published_enquiries import PublishedEnquiries
from application.settings import Settings


@attrs.define
class EnquiryBoard:
    """The message board's use cases and read models."""

    enquiries: PolicyEnquiries
    queues: EnquiryQueues
    listing: EnquiryList
    """The questions by status, from the queues' records."""
    published: PublishedEnquiries
    receipts: Receipts
    queue_store: Any
    published_store: Any

    @property
    def read_models(self) -> dict[str, Runner]:
        """What keeps each of its read models caught up, by the name `gongkai rebuild` gives it."""
        return {"enquiry_queues": self.queues.runner, "published_enquiries": self.published.runner}

    async def close_read_side(self) -> None:
        """Release the read models' connections (their runners are stopped first, with every other runner)."""
        await self.queue_store.close()
        await self.published_store.close()


def enquiry_board(
    url: DatabaseURL,
    store: EventsourcingStore,
    leadership: Leadership | None,
    calendar: CalendarBook,
    clock: Clock,
    settings: Settings,
    keys: ApplicantKeys,
    people: People | None,
) -> EnquiryBoard:
    """The message board on the store of this URL."""
    queue_store: MemoryEnquiryQueues | SQLiteEnquiryQueues | PostgresEnquiryQueues
    published_store: MemoryPublishedEnquiries | SQLitePublishedEnquiries | PostgresPublishedEnquiries
    if url.kind == "sqlite":
        queue_store = SQLiteEnquiryQueues(url.path, store.codec)
        published_store = SQLitePublishedEnquiries(url.path, store.codec)
    elif url.kind == "postgresql":
        queue_store = PostgresEnquiryQueues(url, leadership, store.codec)
        published_store = PostgresPublishedEnquiries(url, leadership, store.codec)
    else:
        queue_store, published_store = MemoryEnquiryQueues(store), MemoryPublishedEnquiries(store)
    queues = EnquiryQueues(queue_store, settings)
    return EnquiryBoard(
        enquiries=PolicyEnquiries(store, calendar, clock, settings, keys, people),
        queues=queues,
        listing=EnquiryList(queues, queue_store, settings),
        published=PublishedEnquiries(published_store, store),
        receipts=Receipts(queues, queue_store, store, calendar, settings),
        queue_store=queue_store,
        published_store=published_store,
    )
