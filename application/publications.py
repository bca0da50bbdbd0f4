"""The public read side of documents: what is published, by catalogue column and by full-text search.

A projection of the log: each document's row holds the text of every revision and, while it is out, the
publication. Only rows that are out are ever listed or found (R-DOC-WITHDRAW).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from datetime import date
from typing import Protocol
from uuid import UUID

import attrs

from application.projections import Projection, ProjectionStore, Runner, catch_up
from application.streams import DOCUMENT
from domain.document import events as ev
from domain.document.values import DocumentKind
from domain.errors import InvalidValue
from domain.events import DomainEvent


@attrs.frozen
class RevisionText:
    """The title and text of one revision."""

    title: str
    text: str


@attrs.frozen
class Out:
    """Where and when the published revision is out."""

    revision: int
    column_id: str
    column_name: str
    published_on: date
    channels: tuple[str, ...]


@attrs.frozen
class IndexedDocument:
    """A document as the public read side knows it."""

    id: UUID
    organ: str
    department: str
    kind: DocumentKind
    document_number: str | None
    revisions: tuple[RevisionText, ...]
    out: Out | None = None

    @property
    def published_text(self) -> RevisionText | None:
        """The title and text of the revision that is out, if any."""
        return self.revisions[self.out.revision - 1] if self.out else None


def apply(row: IndexedDocument | None, event: DomainEvent) -> IndexedDocument:
    """The row after one more document event."""
    if isinstance(event, ev.Registered):
        return IndexedDocument(
            id=event.originator_id,
            organ=event.organ,
            department=event.department,
            kind=event.kind,
            document_number=event.document_number,
            revisions=(RevisionText(event.title, event.text),),
        )
    assert row is not None
    if isinstance(event, ev.Revised):
        return attrs.evolve(row, revisions=(*row.revisions, RevisionText(event.title, event.text)))
    if isinstance(event, ev.Published):
        out = Out(event.revision, event.column_id, event.column_name, event.published_on, event.channels)
        return attrs.evolve(row, out=out)
    if isinstance(event, ev.Withdrawn):
        return attrs.evolve(row, out=None)
    return row


PUBLICATIONS = Projection[IndexedDocument](DOCUMENT.event_types, apply)


MAX_PAGE = 1_000_000
"""The last page asked for: far past any catalogue's end, and an offset every store can take."""


@attrs.frozen
class SearchQuery:
    """A search of published documents: words, filters, a page."""

    text: str = ""
    organ: str | None = None
    column_id: str | None = None
    kinds: tuple[DocumentKind, ...] = ()
    published_from: date | None = None
    published_to: date | None = None
    page: int = 1
    page_size: int = 20

    def check(self) -> None:
        """Refuse a page out of range."""
        check_page(self.page, self.page_size)


def check_page(page: int, page_size: int) -> None:
    """Refuse a search's page out of range (a page past MAX_PAGE would be an offset the stores cannot take)."""
    if not 1 <= page <= MAX_PAGE or not 1 <= page_size <= 100:
        field = "page_size" if 1 <= page <= MAX_PAGE else "page"
        raise InvalidValue(f"page is 1 to {MAX_PAGE:,} and page_size 1 to 100", field=field)


MAX_QUERY_WORDS = 100
"""The most words a search asks for: each is required and looked for in every match's title, and each is a
parameter of the store's statement (both stores take some 32,000)."""


def check_words(text: str, words: Sequence[str]) -> None:
    """Refuse, naming `q`, a search text that holds no word to look for (only punctuation, symbols, numbers such as ①,
    function words such as 的, or spaces: it would list every document) or more words than a search takes. An empty
    text is no search: it lists."""
    # Malformed input, as the door would call it: R-INPUT, a 400.
    if text and not words:
        raise InvalidValue(
            "q holds no word to search for (punctuation, symbols, numbers such as ① and words such as 的 are "
            "left out); leave it empty to list the documents",
            code="R-INPUT",
            field="q",
        )
    if len(words) > MAX_QUERY_WORDS:
        message = f"q asks for {len(words)} words; a search takes at most {MAX_QUERY_WORDS}"
        raise InvalidValue(message, code="R-INPUT", field="q")


@attrs.frozen
class Hit:
    """One published document found, with its relevance (0 when listing a column)."""

    id: UUID
    organ: str
    department: str
    kind: DocumentKind
    document_number: str | None
    title: str
    excerpt: str
    column_id: str
    column_name: str
    published_on: date
    score: float


@attrs.frozen
class HitPage:
    """One page of hits and how many there are in all."""

    hits: tuple[Hit, ...]
    total: int
    page: int
    page_size: int
    position: int = 0
    """The log position the page reflects, at least."""


def relevance(wanted: Sequence[str], title_words: Collection[str]) -> float:
    """How well a document that matches every wanted word answers the query: (1 + how many of the words are in
    its title) / (1 + how many words), from just above 0 (the words are in its text only) to 1 (all in its title).

    Matches of equal relevance come newest first. How often the text repeats a word is left out on purpose:
    weighing it means reading every match's whole word index, about 10 µs a match on PostgreSQL against under
    1 µs for the title's words, and a broad query matches 20,000 of 100,000 documents (README, "Search"). The
    title is what says what a document is about.
    """
    return (1 + sum(word in title_words for word in wanted)) / (1 + len(wanted))


class PublicationStore(ProjectionStore[IndexedDocument], Protocol):
    """Published documents beside the log position, searchable by words (segmented by the store)."""

    async def search(self, query: SearchQuery) -> HitPage:
        """Published documents matching every word of the query and the filters, by `relevance` then newest
        first; with no text, newest first (relevance 0). A text is refused as `check_words` refuses it."""
        ...


ColumnNames = Callable[[str], Awaitable[Mapping[str, str]]]
"""An organ's catalogue columns as they are named now, by column id."""


class Publications:
    """Keeps the public read side up to date and answers it."""

    def __init__(self, store: PublicationStore, column_names: ColumnNames | None = None) -> None:
        self._store = store
        self.runner = Runner("publications", store, self.catch_up, follows=PUBLICATIONS.followed)
        self._column_names = column_names
        self._names_read: dict[str, tuple[int, Mapping[str, str]]] = {}
        """Each organ's column names, with the log position caught up to before they were read."""

    async def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Apply every document event not yet applied."""
        return await catch_up(self._store, PUBLICATIONS, progress)

    async def search(self, query: SearchQuery, position: int | None = None) -> HitPage:
        """Search the read model as it reflects the log up to `position` (by default its head when asked), so a step
        just taken is visible."""
        query.check()
        position = await self.runner.reached(position)
        page = attrs.evolve(await self._store.search(query), position=position)
        if not page.hits:
            return page
        # A renamed column keeps what was published in it; readers see its name as it is now (R-DOC-CATALOG).
        names = {organ: await self._names(organ, position) for organ in {h.organ for h in page.hits}}
        hits = tuple(attrs.evolve(h, column_name=names[h.organ].get(h.column_id, h.column_name)) for h in page.hits)
        return attrs.evolve(page, hits=hits)

    async def _names(self, organ: str, position: int) -> Mapping[str, str]:
        """An organ's column names as they are now. Names read after catching up to the same position still are:
        catching up reads every event of the log, so a rename since would have moved the position."""
        if self._column_names is None:
            return {}
        read = self._names_read.get(organ)
        if read is None or read[0] != position:
            read = (position, await self._column_names(organ))
            self._names_read[organ] = read
        return read[1]


def excerpt(text: str, length: int = 120) -> str:
    """The start of a text, on one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def hits_of(rows: Sequence[tuple[IndexedDocument, float]]) -> tuple[Hit, ...]:
    """Hits from rows that are out, with their scores."""
    hits = []
    for row, score in rows:
        text = row.published_text
        assert row.out is not None and text is not None
        hits.append(
            Hit(
                id=row.id,
                organ=row.organ,
                department=row.department,
                kind=row.kind,
                document_number=row.document_number,
                title=text.title,
                excerpt=excerpt(text.text),
                column_id=row.out.column_id,
                column_name=row.out.column_name,
                published_on=row.out.published_on,
                score=score,
            )
        )
    return tuple(hits)
