"""Published documents and their full-text index in PostgreSQL: a `simple` text-search vector over jieba's words."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import anyio.to_thread

from adapters.persistence.database import DatabaseURL
from adapters.persistence.sealing import PLAIN, Codec
from adapters.read_models.common import key_column, keyed, postgres_text, where
from adapters.read_models.postgres import Leadership, PostgresReadSide
from adapters.search.index import NAME, Words, columns, hit_page, load, order, padded, query_filters, wanted_words
from application.publications import HitPage, IndexedDocument, SearchQuery

_POSTGRES_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS gongkai_published_documents (
    document_id uuid PRIMARY KEY, organ text NOT NULL, kind text NOT NULL, column_id text, published_on date,
    is_out boolean NOT NULL, title_words text, search_vector tsvector, state text NOT NULL,
    {key_column("column_id")}
) WITH (toast_tuple_target = 512);
ALTER TABLE gongkai_published_documents ALTER COLUMN title_words SET STORAGE MAIN;
CREATE INDEX IF NOT EXISTS gongkai_published_documents_column
    ON gongkai_published_documents (column_id_key, published_on DESC, document_id) WHERE is_out;
CREATE INDEX IF NOT EXISTS gongkai_published_documents_newest
    ON gongkai_published_documents (published_on DESC, document_id) WHERE is_out;
CREATE INDEX IF NOT EXISTS gongkai_published_documents_search
    ON gongkai_published_documents USING gin (search_vector) WHERE is_out;
"""
"""A search that ranks every match reads every match's row, so rows are kept narrow: the state and the word index,
kilobytes each, are moved out of line (TOAST) past 512 bytes a row, and the title's words, which rank every match,
are kept in it (STORAGE MAIN). Wide rows made a search of 22,000 matches read 14,000 pages instead of 3,000.

Both indexes are in the order pages are shown (newest first, then by id), so a page, and the newest documents a
text search looks among (`_postgres_ranked`), are read from them without sorting. Neither holds the title's words,
and a column is indexed by its key (`keyed`): an index entry is at most 2,704 bytes and the log may hold a title or
a column id of any length, and one row the index cannot take would stop every search. The state is JSON text rather
than jsonb, and the organ and column id go in as `postgres_text`: the log may hold NUL, which neither jsonb nor text
can."""


def _postgres_relevance(first: int, count: int) -> str:
    """`relevance` of a match in SQL, the padded words bound from parameter `first` on."""
    found = " + ".join(f"(strpos(title_words, ${i}) > 0)::int" for i in range(first, first + count))
    return f"(1 + {found})::float8 / {count + 1}"


class PostgresPublicationStore(PostgresReadSide):
    """Published documents in PostgreSQL, searched with its full-text search over jieba-segmented words."""

    def __init__(self, url: DatabaseURL, leadership: Leadership | None = None, codec: Codec = PLAIN) -> None:
        super().__init__(url, NAME, _POSTGRES_SCHEMA, ("gongkai_published_documents",), leadership, codec)

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, IndexedDocument]:
        pool = await self.pool()
        found = await pool.fetch(
            "SELECT document_id, state FROM gongkai_published_documents WHERE document_id = ANY($1)", list(ids)
        )
        return {row[0]: load(row[1]) for row in found}

    async def save(self, rows: Sequence[IndexedDocument], expected: int, position: int) -> bool:
        # Segmenting is CPU work, milliseconds a document: in a thread, the server keeps answering meanwhile.
        records = await anyio.to_thread.run_sync(_postgres_records, rows)
        pool = await self.pool()
        async with pool.acquire() as conn, conn.transaction():
            if not await self.move_position(conn, expected, position):
                return False
            await conn.executemany(
                "INSERT INTO gongkai_published_documents "
                "(document_id, organ, kind, column_id, published_on, is_out, state, title_words, search_vector) "
                "VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, to_tsvector('simple', $9)) "
                "ON CONFLICT (document_id) DO UPDATE SET organ = excluded.organ, kind = excluded.kind, "
                "column_id = excluded.column_id, published_on = excluded.published_on, is_out = excluded.is_out, "
                "state = excluded.state, title_words = excluded.title_words, search_vector = excluded.search_vector",
                records,
            )
            return True

    async def search(self, query: SearchQuery) -> HitPage:
        # jieba is CPU work: in a thread, like the documents' (a query is short, but its length is not the store's).
        words = await anyio.to_thread.run_sync(wanted_words, query) if query.text else []
        params: list[Any] = [" ".join(words)] if words else []
        condition, params = where(True, _postgres_filters(query), params)
        listed = "FROM gongkai_published_documents WHERE is_out" + (f" AND {condition}" if condition else "")
        if words:
            source = f"{listed} AND search_vector @@ plainto_tsquery('simple', $1)"
            ranked = _postgres_ranked(listed, source, len(params) + 1, len(words), query)
        else:
            source = listed
            ranked = f"SELECT document_id, published_on, 0.0::float8 AS score {listed} {order(query)}"
        page = (
            f"WITH page AS ({ranked}) "
            "SELECT d.state, page.score FROM page JOIN gongkai_published_documents d USING (document_id) "
            "ORDER BY page.score DESC, page.published_on DESC, page.document_id"
        )
        pool = await self.pool()
        # The page and the count run side by side on two connections: a search takes as long as the slower of
        # the two, not both. Each sees its own snapshot, so a publication landing in between can be in one and not
        # the other, as between two pages of a listing.
        rows, total = await asyncio.gather(
            pool.fetch(page, *params, *padded(words)), pool.fetchval(f"SELECT count(*) {source}", *params)
        )
        return hit_page(rows, total, query)


def _postgres_filters(query: SearchQuery) -> dict[str, Any]:
    """The query's filters on PostgreSQL's columns: text as `postgres_text`, a column through its key."""
    filters = query_filters(query)
    organ, column_id = filters.pop("organ"), filters.pop("column_id")
    return {"organ": organ and postgres_text(organ), **keyed("column_id", column_id), **filters}


def _postgres_records(rows: Sequence[IndexedDocument]) -> list[tuple[Any, ...]]:
    """Each row's columns, then its title's padded words and all its words (None for a row not out)."""
    records = []
    for row in rows:
        document_id, organ, kind, column_id, published_on, is_out, state = columns(row)
        text = (postgres_text(organ), kind, column_id and postgres_text(column_id), published_on, is_out, state)
        words = Words.of(row) if row.out else None
        records.append((document_id, *text, words and words.padded_title, words and " ".join(words.everything)))
    return records


NEWEST_LOOKED_AT = 2_000
"""How many of the newest documents a text search on PostgreSQL reads looking for its page among matches with
every word in their titles, before it ranks every match instead."""


def _postgres_ranked(listed: str, matches: str, first: int, count: int, query: SearchQuery) -> str:
    """The query's page of matches, most relevant first, then newest; the padded words bound from `first` on.

    A match with every word in its title has the highest relevance there is, so the newest such matches come
    first. When enough of them to fill the page are among the newest documents (`listed`, in index order), they
    are the page, found without visiting every match: a broad query matches a fifth of all documents, and ranking
    them all takes 20-50 ms where reading the newest 2,000 takes a few. Otherwise every match (`matches`) is
    ranked. The newest documents are read whatever the page; past the first few, a page is found by ranking
    every match.

    Such a document must still be a match: PostgreSQL's parser asks the server's locale what a letter is, the
    segmenter Python's Unicode tables, and a character one keeps and the other drops is in the title's words but not
    in the word index; and the index holds only a document's first WORD_BYTES of words. The title is checked first
    (CASE fixes the order): checking a match reads the document's word index out of line, 12 µs a document, 25 ms
    for 2,000.
    """
    reach = query.page * query.page_size
    best = _postgres_best(listed, first, count, reach)
    everything = f"SELECT document_id, published_on, {_postgres_relevance(first, count)} AS score {matches}"
    return (
        f"WITH best AS MATERIALIZED ({best}), ranked AS ("
        f"SELECT * FROM best WHERE (SELECT count(*) FROM best) = {reach} "
        f"UNION ALL {everything} AND (SELECT count(*) FROM best) < {reach}) "
        f"SELECT * FROM ranked {order(query)}"
    )


def _postgres_best(listed: str, first: int, count: int, limit: int) -> str:
    """Among the newest documents listed, the newest `limit` matches with every word in their titles (relevance 1);
    the words of the query bound as `$1`, the padded words from `first` on."""
    in_title = " AND ".join(f"strpos(title_words, ${i}) > 0" for i in range(first, first + count))
    newest = f"SELECT document_id, published_on, title_words, search_vector {listed} {_order_by_date(NEWEST_LOOKED_AT)}"
    return (
        f"SELECT document_id, published_on, 1.0::float8 AS score FROM ({newest}) AS newest "
        f"WHERE CASE WHEN {in_title} THEN search_vector @@ plainto_tsquery('simple', $1) END {_order_by_date(limit)}"
    )


def _order_by_date(limit: int) -> str:
    return f"ORDER BY published_on DESC, document_id LIMIT {limit}"
