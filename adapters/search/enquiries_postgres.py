"""Published policy enquiries and their full-text index in PostgreSQL: a `simple` text-search vector over jieba's
words, as documents' (adapters/search/postgres.py)."""

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
from adapters.search.enquiries import NAME, EnquiryWords, dump, filters, load, newest_first, wanted_words
from adapters.search.index import padded
from adapters.search.postgres import _postgres_relevance
from application.published_enquiries import EnquiryHitPage, EnquirySearch, PublishedRecord, hit_of

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS gongkai_published_enquiries (
    enquiry_id uuid PRIMARY KEY, organ text NOT NULL, published_on date, is_out boolean NOT NULL,
    title_words text, search_vector tsvector, state text NOT NULL, {key_column("organ")}
);
CREATE INDEX IF NOT EXISTS gongkai_published_enquiries_newest
    ON gongkai_published_enquiries (published_on DESC, enquiry_id) WHERE is_out;
CREATE INDEX IF NOT EXISTS gongkai_published_enquiries_search
    ON gongkai_published_enquiries USING gin (search_vector) WHERE is_out;
"""
"""The organ is filtered on through its key (an index entry holds at most 2,704 bytes; the log may hold an organ of
any length); the state is JSON text, which can hold what jsonb cannot."""


class PostgresPublishedEnquiries(PostgresReadSide):
    """Published questions in PostgreSQL, searched with its full-text search over jieba-segmented words."""

    def __init__(self, url: DatabaseURL, leadership: Leadership | None = None, codec: Codec = PLAIN) -> None:
        super().__init__(url, NAME, _SCHEMA, ("gongkai_published_enquiries",), leadership, codec)

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, PublishedRecord]:
        """The stored rows of these enquiries."""
        pool = await self.pool()
        query = "SELECT enquiry_id, state FROM gongkai_published_enquiries WHERE enquiry_id = ANY($1)"
        return {row[0]: load(row[1]) for row in await pool.fetch(query, list(ids))}

    async def save(self, rows: Sequence[PublishedRecord], expected: int, position: int) -> bool:
        """Upsert rows and their words and move the position from `expected`, in one transaction."""
        records = await anyio.to_thread.run_sync(_records, rows)  # jieba is CPU work: in a thread
        pool = await self.pool()
        async with pool.acquire() as conn, conn.transaction():
            if not await self.move_position(conn, expected, position):
                return False
            await conn.executemany(
                "INSERT INTO gongkai_published_enquiries "
                "(enquiry_id, organ, published_on, is_out, state, title_words, search_vector) "
                "VALUES ($1::uuid, $2, $3, $4, $5, $6, to_tsvector('simple', $7)) "
                "ON CONFLICT (enquiry_id) DO UPDATE SET organ = excluded.organ, published_on = excluded.published_on, "
                "is_out = excluded.is_out, state = excluded.state, title_words = excluded.title_words, "
                "search_vector = excluded.search_vector",
                records,
            )
            return True

    async def search(self, query: EnquirySearch) -> EnquiryHitPage:
        """Matches of every word and filter, most relevant then newest first."""
        words = await anyio.to_thread.run_sync(wanted_words, query) if query.text else []
        params: list[Any] = [" ".join(words)] if words else []
        narrowed = filters(query)
        narrowed = {**keyed("organ", narrowed.pop("organ")), **narrowed}
        condition, params = where(True, narrowed, params)
        source = "FROM gongkai_published_enquiries WHERE is_out" + (f" AND {condition}" if condition else "")
        if words:
            source += " AND search_vector @@ plainto_tsquery('simple', $1)"
            score = _postgres_relevance(len(params) + 1, len(words))
        else:
            score = "0.0::float8"
        page = f"SELECT state, {score} AS score, published_on, enquiry_id {source} {newest_first(query, bool(words))}"
        pool = await self.pool()
        rows, total = await asyncio.gather(
            pool.fetch(page, *params, *padded(words)), pool.fetchval(f"SELECT count(*) {source}", *params)
        )
        hits = tuple(hit_of(load(row[0]), float(row[1])) for row in rows)
        return EnquiryHitPage(hits, int(total), query.page, query.page_size)


def _records(rows: Sequence[PublishedRecord]) -> list[tuple[Any, ...]]:
    records = []
    for row in rows:
        words = EnquiryWords.of(row) if row.publication else None
        published_on = row.publication.published_on if row.publication else None
        everything = words and " ".join(words.everything)
        text = (postgres_text(row.organ), published_on, words is not None, dump(row), words and words.padded_title)
        records.append((str(row.id), *text, everything))
    return records
