"""Published documents in memory over the store's own log: for tests and `memory://`."""

from __future__ import annotations

from adapters.read_models.memory import MemoryReadSide
from adapters.search.index import Words, wanted_words
from application.projections import one_page
from application.publications import HitPage, IndexedDocument, SearchQuery, hits_of, relevance


class MemoryPublicationStore(MemoryReadSide[IndexedDocument]):
    """Published documents in memory over the store's own log: for tests and `memory://`."""

    async def search(self, query: SearchQuery) -> HitPage:
        wanted = wanted_words(query)
        found: list[tuple[IndexedDocument, float]] = []
        for row in self._rows.values():
            if row.out is None or not _matches_filters(row, query):
                continue
            words = Words.of(row)
            if all(w in words.everything for w in wanted):
                found.append((row, relevance(wanted, words.title) if wanted else 0.0))
        assert all(r.out for r, _ in found)
        found.sort(key=lambda h: (-h[1], -h[0].out.published_on.toordinal(), str(h[0].id)))  # type: ignore[union-attr]
        return HitPage(hits_of(one_page(found, query.page, query.page_size)), len(found), query.page, query.page_size)


def _matches_filters(row: IndexedDocument, query: SearchQuery) -> bool:
    out = row.out
    assert out is not None
    return (
        (query.organ is None or row.organ == query.organ)
        and (query.column_id is None or out.column_id == query.column_id)
        and (not query.kinds or row.kind in query.kinds)
        and (query.published_from is None or out.published_on >= query.published_from)
        and (query.published_to is None or out.published_on <= query.published_to)
    )
