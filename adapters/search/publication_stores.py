"""Published documents and their full-text index: SQLite FTS5, PostgreSQL full-text search, or memory."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from uuid import UUID

import anyio.to_thread
import attrs

from adapters.persistence.converter import converter
from adapters.persistence.database import DatabaseURL
from adapters.persistence.event_store import EventsourcingStore
from adapters.read_models.common import key_column, keyed, postgres_text, where
from adapters.read_models.memory import MemoryReadSide
from adapters.read_models.postgres import PostgresReadSide
from adapters.read_models.sqlite import SQLiteReadSide
from adapters.search.segmenter import document_words, query_words
from application.projections import one_page
from application.publications import HitPage, IndexedDocument, SearchQuery, check_words, hits_of, relevance

NAME = "publications"


def _dump(row: IndexedDocument) -> str:
    return json.dumps(converter.unstructure(row), ensure_ascii=False)


def _load(text: str | bytes) -> IndexedDocument:
    return converter.structure(json.loads(text), IndexedDocument)


SEGMENTED = 1_000_000
"""Characters of a title and of a text that are segmented, at most: jieba takes seconds a million characters."""
WORD_BYTES = 1_000_000
"""Bytes a document's distinct words take in a word index, at most: PostgreSQL's holds 1,048,575 bytes of words, each
word's UTF-8 bytes and then its position (4 bytes here, where every word is given once) after up to one byte of
alignment."""


@attrs.frozen
class Words:
    """A published document's words as the index keeps them: its title's, and all of them, each once, the title's
    first, up to WORD_BYTES."""

    title: list[str]
    everything: list[str]

    @classmethod
    def of(cls, row: IndexedDocument) -> Words:
        text = row.published_text
        assert text is not None
        title = document_words(text.title[:SEGMENTED])
        return cls(title, _within(WORD_BYTES, dict.fromkeys([*title, *document_words(text.text[:SEGMENTED])])))

    @property
    def padded_title(self) -> str:
        """The title's words between spaces, so ` word ` is found in it only as a whole word."""
        return f" {' '.join(self.title)} "


def _within(budget: int, words: Iterable[str]) -> list[str]:
    """The first words that take no more than the budget in a word index (WORD_BYTES)."""
    words = list(words)
    if 4 * sum(map(len, words)) + 5 * len(words) <= budget:  # at most 4 bytes a character: every word fits
        return words
    kept = []
    for word in words:
        budget -= len(word.encode()) + 5
        if budget < 0:
            break
        kept.append(word)
    return kept


def _padded(words: Sequence[str]) -> list[str]:
    return [f" {w} " for w in words]


def _filters(query: SearchQuery) -> dict[str, Any]:
    return {
        "organ": query.organ,
        "column_id": query.column_id,
        "kind": [k.value for k in query.kinds],
        "published_on >=": query.published_from,
        "published_on <=": query.published_to,
    }


def _wanted(query: SearchQuery) -> list[str]:
    """The words the query asks for, or its refusal (`check_words`)."""
    words = query_words(query.text) if query.text else []
    check_words(query.text, words)
    return words


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
        wanted = _wanted(query)
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


_SQLITE_SCHEMA = """
-- Words: each once, runs of at most 100 characters, no numbers like ①, 1,000,000 bytes a document at most.
CREATE TABLE IF NOT EXISTS published_documents (
    id INTEGER PRIMARY KEY, document_id TEXT NOT NULL UNIQUE, organ TEXT NOT NULL, kind TEXT NOT NULL,
    column_id TEXT, published_on TEXT, is_out INTEGER NOT NULL, title_words TEXT
);
CREATE INDEX IF NOT EXISTS published_documents_column ON published_documents (column_id, published_on) WHERE is_out;
CREATE INDEX IF NOT EXISTS published_documents_newest ON published_documents (published_on) WHERE is_out;
CREATE TABLE IF NOT EXISTS published_document_states (id INTEGER PRIMARY KEY, state TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS published_documents_search USING fts5(words, tokenize = 'unicode61');
"""
"""The rows searched are narrow; each state, read only for the page shown, is in a table of its own. The index's
rowid is the row's `id`: a search joins on integers, and a row's words are deleted by rowid."""


def _fts_match(words: list[str]) -> str:
    """An FTS5 query requiring every word, each quoted so no word is read as syntax."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _sqlite_relevance(count: int) -> str:
    """`relevance` of a match in SQL, the padded words bound in order."""
    found = " + ".join(["(instr(title_words, ?) > 0)"] * count)
    return f"(1.0 + {found}) / {count + 1}"


class SQLitePublicationStore(SQLiteReadSide):
    """Published documents in the embedded SQLite file, searched with FTS5."""

    def __init__(self, path: str) -> None:
        tables = ("published_documents", "published_document_states", "published_documents_search")
        super().__init__(path, NAME, _SQLITE_SCHEMA, tables)

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, IndexedDocument]:
        found = await self.run(self._rows, [str(i) for i in ids])
        return {UUID(i): _load(state) for i, state in found}

    def _rows(self, ids: list[str]) -> list[tuple[str, str]]:
        marks = ",".join("?" * len(ids))
        with self.connect() as conn:
            query = (
                "SELECT d.document_id, s.state FROM published_documents d JOIN published_document_states s USING (id) "
                f"WHERE d.document_id IN ({marks})"
            )
            return conn.execute(query, ids).fetchall()

    async def save(self, rows: Sequence[IndexedDocument], expected: int, position: int) -> bool:
        # Segmenting is CPU work, milliseconds a document: in the worker thread, with the writing.
        return await self.run(self._index_and_save, list(rows), expected, position)

    def _index_and_save(self, rows: list[IndexedDocument], expected: int, position: int) -> bool:
        return self._save([(r, Words.of(r) if r.out else None) for r in rows], expected, position)

    def _save(self, indexed: list[tuple[IndexedDocument, Words | None]], expected: int, position: int) -> bool:
        with self.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            if not self.move_position(conn, expected, position):
                conn.execute("ROLLBACK")
                return False
            for row, words in indexed:
                document_id, organ, kind, column_id, published_on, is_out, state = _columns(row)
                (row_id,) = conn.execute(
                    "INSERT INTO published_documents "
                    "(document_id, organ, kind, column_id, published_on, is_out, title_words) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (document_id) DO UPDATE SET organ = excluded.organ, "
                    "kind = excluded.kind, column_id = excluded.column_id, published_on = excluded.published_on, "
                    "is_out = excluded.is_out, title_words = excluded.title_words RETURNING id",
                    (document_id, organ, kind, column_id, _iso(published_on), is_out, words and words.padded_title),
                ).fetchone()
                conn.execute(
                    "INSERT OR REPLACE INTO published_document_states (id, state) VALUES (?, ?)", (row_id, state)
                )
                conn.execute("DELETE FROM published_documents_search WHERE rowid = ?", (row_id,))
                if words is not None:
                    conn.execute(
                        "INSERT INTO published_documents_search (rowid, words) VALUES (?, ?)",
                        (row_id, " ".join(words.everything)),
                    )
            conn.execute("COMMIT")
            return True

    async def search(self, query: SearchQuery) -> HitPage:
        return await self.run(self._search, query)

    def _search(self, query: SearchQuery) -> HitPage:
        words = _wanted(query)
        condition, params = where(False, {k: _iso(v) for k, v in _filters(query).items()}, [])
        filters = f" AND {condition}" if condition else ""
        with self.connect() as conn:
            if not words:
                return _sqlite_listing(conn, f"FROM published_documents WHERE is_out{filters}", params, query)
            matches = (
                f"SELECT d.id, d.document_id, d.published_on, {_sqlite_relevance(len(words))} AS score "
                # CROSS JOIN keeps the index first: driven from a column's rows instead, SQLite would run the
                # full-text query once per row of the column (a second, not milliseconds).
                "FROM published_documents_search f CROSS JOIN published_documents d ON d.id = f.rowid "
                f"WHERE published_documents_search MATCH ? AND d.is_out{filters}"
            )
            found = conn.execute(_sqlite_ranked_page(matches, query), [*_padded(words), _fts_match(words), *params])
            rows = found.fetchall()
            return _hit_page(rows, rows[0][2], query)


def _sqlite_listing(conn: sqlite3.Connection, source: str, params: list[Any], query: SearchQuery) -> HitPage:
    """Newest first: the page read in the order of an index, and the count, each without visiting every row."""
    page = (
        f"SELECT s.state, 0.0 FROM (SELECT id, document_id, published_on {source} "
        f"ORDER BY published_on DESC, document_id LIMIT {query.page_size} OFFSET {(query.page - 1) * query.page_size}) "
        "AS page JOIN published_document_states s ON s.id = page.id ORDER BY page.published_on DESC, page.document_id"
    )
    rows = conn.execute(page, params).fetchall()
    (total,) = conn.execute(f"SELECT count(*) {source}", params).fetchone()
    return _hit_page(rows, total, query)


def _order(query: SearchQuery) -> str:
    """Most relevant first, then newest; the query's page of them."""
    offset = (query.page - 1) * query.page_size
    return f"ORDER BY score DESC, published_on DESC, document_id LIMIT {query.page_size} OFFSET {offset}"


def _sqlite_ranked_page(matches: str, query: SearchQuery) -> str:
    """One statement for a page of matches and how many there are in all.

    `matches` selects narrow rows (`id`, `document_id`, `published_on`, `score`) once; the page is ordered and cut
    from them, and only its rows' states are read. The count comes in every row, and in a row of its own (state
    NULL) when the page is past the last match.
    """
    return (
        f"WITH matches AS MATERIALIZED ({matches}), page AS (SELECT * FROM matches {_order(query)}) "
        "SELECT s.state, page.score, total.n FROM (SELECT count(*) AS n FROM matches) AS total "
        "LEFT JOIN page ON 1 = 1 LEFT JOIN published_document_states s ON s.id = page.id "
        "ORDER BY page.score DESC, page.published_on DESC, page.document_id"
    )


def _hit_page(rows: Sequence[Sequence[Any]], total: int, query: SearchQuery) -> HitPage:
    """The page from rows that start (state, score), and how many there are in all."""
    hits = hits_of([(_load(row[0]), float(row[1])) for row in rows if row[0] is not None])
    return HitPage(hits, int(total), query.page, query.page_size)


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

    def __init__(self, url: DatabaseURL) -> None:
        super().__init__(url, NAME, _POSTGRES_SCHEMA, ("gongkai_published_documents",))

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, IndexedDocument]:
        pool = await self.pool()
        found = await pool.fetch(
            "SELECT document_id, state FROM gongkai_published_documents WHERE document_id = ANY($1)", list(ids)
        )
        return {row[0]: _load(row[1]) for row in found}

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
        words = await anyio.to_thread.run_sync(_wanted, query) if query.text else []
        params: list[Any] = [" ".join(words)] if words else []
        condition, params = where(True, _postgres_filters(query), params)
        listed = "FROM gongkai_published_documents WHERE is_out" + (f" AND {condition}" if condition else "")
        if words:
            source = f"{listed} AND search_vector @@ plainto_tsquery('simple', $1)"
            ranked = _postgres_ranked(listed, source, len(params) + 1, len(words), query)
        else:
            source = listed
            ranked = f"SELECT document_id, published_on, 0.0::float8 AS score {listed} {_order(query)}"
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
            pool.fetch(page, *params, *_padded(words)), pool.fetchval(f"SELECT count(*) {source}", *params)
        )
        return _hit_page(rows, total, query)


def _postgres_filters(query: SearchQuery) -> dict[str, Any]:
    """The query's filters on PostgreSQL's columns: text as `postgres_text`, a column through its key."""
    filters = _filters(query)
    organ, column_id = filters.pop("organ"), filters.pop("column_id")
    return {"organ": organ and postgres_text(organ), **keyed("column_id", column_id), **filters}


def _postgres_records(rows: Sequence[IndexedDocument]) -> list[tuple[Any, ...]]:
    """Each row's columns, then its title's padded words and all its words (None for a row not out)."""
    records = []
    for row in rows:
        document_id, organ, kind, column_id, published_on, is_out, state = _columns(row)
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
        f"SELECT * FROM ranked {_order(query)}"
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


def publication_store(
    url: DatabaseURL, events: EventsourcingStore
) -> MemoryPublicationStore | SQLitePublicationStore | PostgresPublicationStore:
    """The publication store that sits beside the event store."""
    if url.kind == "sqlite":
        return SQLitePublicationStore(url.path)
    if url.kind == "postgresql":
        return PostgresPublicationStore(url)
    return MemoryPublicationStore(events)
