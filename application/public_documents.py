"""One published document as the public reads it, from its history: the revision that is out, its links and
interpretations as they went out, or the reason published in place of a withdrawn penalty decision."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

import attrs

from application.catalogues import find_catalogue
from application.errors import NotFound
from application.ports import EventStore
from application.streams import DOCUMENT
from domain.document import events as ev
from domain.document.state import Document
from domain.document.values import ServiceLink
from domain.events import DomainEvent


def revision_text(history: Iterable[DomainEvent], revision: int) -> tuple[str, str]:
    """The title and text of one revision in a document's history."""
    for event in history:
        if isinstance(event, ev.Registered) and revision == 1:
            return event.title, event.text
        if isinstance(event, ev.Revised) and event.revision == revision:
            return event.title, event.text
    raise AssertionError(f"no revision {revision}")  # pragma: no cover - a publication names a revision it has


def links_when_out(history: Iterable[DomainEvent]) -> tuple[ServiceLink, ...]:
    """The service links in force when the document last went out (R-DOC-LINK)."""
    links: tuple[ServiceLink, ...] = ()
    out: tuple[ServiceLink, ...] = ()
    for event in history:
        if isinstance(event, ev.ServiceLinksSet):
            links = event.links
        elif isinstance(event, ev.Published):
            out = links
    return out


@attrs.frozen
class Related:
    """A published document linked to another: a policy's interpretation, or the policy an interpretation explains."""

    id: UUID
    kind: str
    title: str


@attrs.frozen
class PublishedDocument:
    """What the public reads of one document: the revision that is out, or the reason published in place of a
    withdrawn penalty decision (公开说明理由)."""

    state: Document
    title: str
    text: str | None
    """None in place of a withdrawn penalty decision."""
    column_id: str | None
    column_name: str | None
    published_on: date | None
    related: tuple[Related, ...]
    service_links: tuple[ServiceLink, ...]
    """The links as they were when the revision that is out went out: links set since wait for the next one."""


class PublicDocuments:
    """What anyone may read of one document, without a token."""

    def __init__(self, store: EventStore) -> None:
        self._store = store

    def _get(self, document_id: UUID) -> Document | None:
        try:
            return self._store.load(DOCUMENT, document_id)
        except NotFound:
            return None

    def published(self, document_id: UUID) -> PublishedDocument:
        """A document as the public may read it (no token): NotFound unless it is out, or a withdrawn penalty
        decision whose reason is published in its place."""
        doc = self._get(document_id)
        if doc is None or (doc.publication is None and doc.withdrawal_notice is None):
            raise NotFound(f"no published document {document_id}")
        history = self._store.history(document_id)
        if doc.publication is None:
            title, _ = revision_text(history, doc.withdrawn_revision or doc.current.number)
            return PublishedDocument(doc, title, None, None, None, None, (), ())
        title, text = revision_text(history, doc.publication.revision)
        found = find_catalogue(self._store, doc.organ)
        column = found.column(doc.publication.column_id) if found else None
        name = column.name if column else None
        publication = doc.publication
        links = links_when_out(history)
        related = self._related_out(doc)
        return PublishedDocument(
            doc, title, text, publication.column_id, name, publication.published_on, related, links
        )

    def _related_out(self, doc: Document) -> tuple[Related, ...]:
        """The published interpretations of the revision that is out, or the published policy interpreted."""
        assert doc.publication is not None
        revision = doc.publication.revision
        ids = [a.interpretation_id for a in doc.interpretations if a.policy_revision == revision]
        if doc.interprets is not None:
            ids.append(doc.interprets)
        related = []
        for found in (self._get(i) for i in dict.fromkeys(ids)):
            if found is not None and found.publication is not None:
                title, _ = revision_text(self._store.history(found.id), found.publication.revision)
                related.append(Related(found.id, found.kind.value, title))
        return tuple(related)
