"""Published documents and their full-text index: SQLite FTS5, PostgreSQL full-text search, or memory."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from adapters.persistence.converter import converter
from adapters.persistence.database import DatabaseURL
from adapters.persistence.event_store import EventsourcingStore
from adapters.persistence.read_side import MemoryReadSide, PostgresReadSide, SQLiteReadSide, where
from adapters.search.segmenter import document_words, query_words
from application.projections import one_page
from application.publications import HitPage, IndexedDocument, SearchQuery, hits_of

NAME = "publications"


def _dump(row: IndexedDocument) -> str:
    return json.dumps(converter.unstructure(row), ensure_ascii=False)


def _load(text: str | bytes) -> IndexedDocument:
    return converter.structure(json.loads(text), IndexedDocument)


def _indexed_words(row: IndexedDocument) -> tuple[str, str]:
    text = row.published_text
    assert text is not None
    return " ".join(document_words(text.title)), " ".join(document_words(text.text))


def _filters(query: SearchQuery) -> dict[str, Any]:
    return {
        "organ": query.organ,
        "column_id": query.column_id,
        "kind": [k.value for k in query.kinds],
        "published_on >=": query.published_from,
        "published_on <=": query.published_to,
    }


def _iso(value: Any) -> Any:
    """SQLite keeps dates as ISO text."""
    return value.isoformat() if isinstance(value, date) else value


def _columns(row: IndexedDocument) -> tuple[Any, ...]:
    out = row.out
    return (
        str(row.id),
        row.organ,
        row.kind.value,
        out.column_id if out else None,
        out.published_on if out else None,
        out is not None,
        _dump(row),
    )


class MemoryPublicationStore(MemoryReadSide[IndexedDocument]):
    """Published documents in memory over the store's own log: for tests and `memory://`."""

    async def search(self, query: SearchQuery) -> HitPage:
        wanted = query_words(query.text)
        found: list[tuple[IndexedDocument, float]] = []
        for row in self._rows.values():
            if row.out is None or not _matches_filters(row, query):
                continue
            title, body = (part.split() for part in _indexed_words(row))
            if all(w in title or w in body for w in wanted):
                # As on the other stores, a word in the title outweighs any repetition of it in the text.
                found.append((row, sum(2.0 * (w in title) + body.count(w) / (body.count(w) + 1) for w in wanted)))
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


_SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS published_documents (
    document_id TEXT PRIMARY KEY, organ TEXT NOT NULL, kind TEXT NOT NULL, column_id TEXT, published_on TEXT,
    is_out INTEGER NOT NULL, state TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS published_documents_column ON published_documents (organ, column_id, published_on);
CREATE VIRTUAL TABLE IF NOT EXISTS published_documents_search USING fts5(
    title, body, document_id UNINDEXED, tokenize = 'unicode61'
);
"""


def _fts_match(words: list[str]) -> str:
    """An FTS5 query requiring every word, each quoted so no word is read as syntax."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


class SQLitePublicationStore(SQLiteReadSide):
    """Published documents in the embedded SQLite file, searched with FTS5 (bm25, title weighted 5×)."""

    def __init__(self, path: str) -> None:
        super().__init__(path, NAME, _SQLITE_SCHEMA, ("published_documents", "published_documents_search"))

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, IndexedDocument]:
        found = await self.run(self._rows, [str(i) for i in ids])
        return {UUID(i): _load(state) for i, state in found}

    def _rows(self, ids: list[str]) -> list[tuple[str, str]]:
        marks = ",".join("?" * len(ids))
        with self.connect() as conn:
            query = f"SELECT document_id, state FROM published_documents WHERE document_id IN ({marks})"
            return conn.execute(query, ids).fetchall()

    async def save(self, rows: Sequence[IndexedDocument], expected: int, position: int) -> bool:
        indexed = [(r, _indexed_words(r) if r.out else None) for r in rows]
        return await self.run(self._save, indexed, expected, position)

    def _save(
        self, indexed: list[tuple[IndexedDocument, tuple[str, str] | None]], expected: int, position: int
    ) -> bool:
        with self.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            if not self.move_position(conn, expected, position):
                conn.execute("ROLLBACK")
                return False
            for row, words in indexed:
                before = conn.execute(
                    "SELECT is_out FROM published_documents WHERE document_id = ?", (str(row.id),)
                ).fetchone()
                conn.execute(
                    "INSERT INTO published_documents "
                    "(document_id, organ, kind, column_id, published_on, is_out, state) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (document_id) DO UPDATE SET organ = excluded.organ, "
                    "kind = excluded.kind, column_id = excluded.column_id, published_on = excluded.published_on, "
                    "is_out = excluded.is_out, state = excluded.state",
                    tuple(_iso(v) for v in _columns(row)),
                )
                # Only a row that was out has words in the index. document_id is UNINDEXED there, so this DELETE
                # reads the whole index: skipped for the rest, it no longer makes a rebuild quadratic.
                if before is not None and before[0]:
                    conn.execute("DELETE FROM published_documents_search WHERE document_id = ?", (str(row.id),))
                if words is not None:
                    conn.execute(
                        "INSERT INTO published_documents_search (title, body, document_id) VALUES (?, ?, ?)",
                        (*words, str(row.id)),
                    )
            conn.execute("COMMIT")
            return True

    async def search(self, query: SearchQuery) -> HitPage:
        return await self.run(self._search, query, query_words(query.text))

    def _search(self, query: SearchQuery, words: list[str]) -> HitPage:
        condition, params = where(False, {k: _iso(v) for k, v in _filters(query).items()}, [])
        filters = f" AND {condition}" if condition else ""
        limit = [query.page_size, (query.page - 1) * query.page_size]
        with self.connect() as conn:
            if words:
                params = [_fts_match(words), *params]
                source = (
                    "FROM (SELECT document_id, bm25(published_documents_search, 5.0, 1.0) AS rank "
                    "FROM published_documents_search WHERE published_documents_search MATCH ?) m "
                    f"JOIN published_documents d ON d.document_id = m.document_id WHERE d.is_out{filters}"
                )
                found = conn.execute(
                    f"SELECT d.state, -m.rank, count(*) OVER () {source} "
                    "ORDER BY m.rank, d.published_on DESC, d.document_id LIMIT ? OFFSET ?",
                    [*params, *limit],
                ).fetchall()
            else:
                source = f"FROM published_documents WHERE is_out{filters}"
                found = conn.execute(
                    f"SELECT state, 0.0, count(*) OVER () {source} ORDER BY published_on DESC, document_id "
                    "LIMIT ? OFFSET ?",
                    [*params, *limit],
                ).fetchall()
            # A page past the last has no rows to carry the count.
            total = int(found[0][2]) if found else int(conn.execute(f"SELECT count(*) {source}", params).fetchone()[0])
        return _page(found, total, query)


def _page(found: Sequence[Any], total: int, query: SearchQuery) -> HitPage:
    return HitPage(hits_of([(_load(r[0]), float(r[1])) for r in found]), total, query.page, query.page_size)


_POSTGRES_SCHEMA = """
CREATE TABLE IF NOT EXISTS gongkai_published_documents (
    document_id uuid PRIMARY KEY, organ text NOT NULL, kind text NOT NULL, column_id text, published_on date,
    is_out boolean NOT NULL, state jsonb NOT NULL, search_vector tsvector
);
CREATE INDEX IF NOT EXISTS gongkai_published_documents_column
    ON gongkai_published_documents (organ, column_id, published_on) WHERE is_out;
CREATE INDEX IF NOT EXISTS gongkai_published_documents_search
    ON gongkai_published_documents USING gin (search_vector) WHERE is_out;
"""


class PostgresPublicationStore(PostgresReadSide):
    """Published documents in PostgreSQL, searched with its full-text search over jieba-segmented words."""

    def __init__(self, url: DatabaseURL) -> None:
        super().__init__(url, NAME, _POSTGRES_SCHEMA, ("gongkai_published_documents",))

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, IndexedDocument]:
        pool = await self.pool()
        found = await pool.fetch(
            "SELECT document_id, state::text FROM gongkai_published_documents WHERE document_id = ANY($1)", list(ids)
        )
        return {row[0]: _load(row[1]) for row in found}

    async def save(self, rows: Sequence[IndexedDocument], expected: int, position: int) -> bool:
        records = [(*_columns(r), *(_indexed_words(r) if r.out else ("", ""))) for r in rows]
        pool = await self.pool()
        async with pool.acquire() as conn, conn.transaction():
            if not await self.move_position(conn, expected, position):
                return False
            await conn.executemany(
                "INSERT INTO gongkai_published_documents "
                "(document_id, organ, kind, column_id, published_on, is_out, state, search_vector) "
                "VALUES ($1::uuid, $2, $3, $4, $5, $6, $7::jsonb, CASE WHEN $6 THEN "
                "setweight(to_tsvector('simple', $8), 'A') || setweight(to_tsvector('simple', $9), 'B') END) "
                "ON CONFLICT (document_id) DO UPDATE SET organ = excluded.organ, kind = excluded.kind, "
                "column_id = excluded.column_id, published_on = excluded.published_on, is_out = excluded.is_out, "
                "state = excluded.state, search_vector = excluded.search_vector",
                records,
            )
            return True

    async def search(self, query: SearchQuery) -> HitPage:
        words = query_words(query.text)
        params: list[Any] = [" ".join(words)] if words else []
        condition, params = where(True, _filters(query), params)
        filters = f" AND {condition}" if condition else ""
        limit = f"LIMIT {query.page_size} OFFSET {(query.page - 1) * query.page_size}"
        pool = await self.pool()
        if words:
            source = (
                "FROM gongkai_published_documents, plainto_tsquery('simple', $1) AS q, (SELECT array_agg("
                "plainto_tsquery('simple', w)) AS each_word FROM unnest(string_to_array($1, ' ')) AS w) AS words "
                f"WHERE is_out AND search_vector @@ q{filters}"
            )
            # The sum of each word's rank, not ts_rank of the whole query: that one nears 1.0 for any text
            # repeating the words, so a text-only match could outrank the title (A) match. A word in the title
            # ranks at least 0.6, anywhere in the text (B) below 0.4.
            score = " + ".join(f"ts_rank(search_vector, words.each_word[{i}])" for i in range(1, len(words) + 1))
            found = await pool.fetch(_page_first(score, source, True, limit), *params)
        else:
            source = f"FROM gongkai_published_documents WHERE is_out{filters}"
            found = await pool.fetch(_page_first("0.0", source, False, limit), *params)
        # A page past the last has no rows to carry the count.
        total = int(found[0][2]) if found else int(await pool.fetchval(f"SELECT count(*) {source}", *params))
        return _page(found, total, query)


def _page_first(score: str, source: str, ranked: bool, limit: str) -> str:
    """The page ordered and cut on narrow rows (id, date, score, count of all), then the state of its rows only.

    Selecting the state beside the window count would carry every match's state (detoasted, made text) through
    the window and the sort, when only a page of them is returned.
    """
    by_score = "score DESC, " if ranked else ""
    return (
        f"WITH page AS (SELECT document_id, published_on, {score} AS score, count(*) OVER () AS total {source} "
        f"ORDER BY {by_score}published_on DESC, document_id {limit}) "
        "SELECT d.state::text, page.score, page.total FROM page JOIN gongkai_published_documents d USING (document_id) "
        f"ORDER BY {by_score.replace('score', 'page.score')}page.published_on DESC, page.document_id"
    )


def publication_store(
    url: DatabaseURL, events: EventsourcingStore
) -> MemoryPublicationStore | SQLitePublicationStore | PostgresPublicationStore:
    """The publication store that sits beside the event store."""
    if url.kind == "sqlite":
        return SQLitePublicationStore(url.path)
    if url.kind == "postgresql":
        return PostgresPublicationStore(url)
    return MemoryPublicationStore(events)
