"""The credential events of the one-stream-a-token era, found in the log by their type (the recorder filters on
the stored topic, so nothing else is decoded)."""

from __future__ import annotations

from adapters.persistence.event_store import EventsourcingStore
from application.ports import LoggedEvent
from application.staff import LegacyLog
from domain.staff import CredentialIssued, CredentialRevoked

_TOPICS = [CredentialIssued.type_name, CredentialRevoked.type_name]
_PAGE = 500


def legacy_credential_log(store: EventsourcingStore) -> LegacyLog:
    """Reads the old credential events after a position, up to the head of the log as it is when asked."""

    def read(after: int) -> tuple[list[LoggedEvent], int]:
        head = store.last_position()
        found: list[LoggedEvent] = []
        while True:
            page = store.app.recorder.select_notifications(
                start=after, limit=_PAGE, stop=head, topics=_TOPICS, inclusive_of_start=False
            )
            found += [LoggedEvent(n.id, store.app.mapper.to_domain_event(n)) for n in page]
            if len(page) < _PAGE:
                return found, head
            after = page[-1].id

    return read
