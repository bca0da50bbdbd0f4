"""Published documents and their full-text index in the embedded SQLite file: FTS5 over jieba's words."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from adapters.persistence.sealing import PLAIN, Codec
from adapters.read_models.common import where
from adapters.read_models.sqlite import SQLiteReadSide
from adapters.search.index import NAME, Words, columns, hit_page, iso, load, order, padded, query_filters, wanted_words
from application.publications import HitPage, IndexedDocument, SearchQuery

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

    def __init__(self, path: str, codec: Codec = PLAIN) -> None:
        tables = ("published_documents", "published_document_states", "published_documents_search")
        super().__init__(path, NAME, _SQLITE_SCHEMA, tables, codec)

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, IndexedDocument]:
        found = await self.run(self._rows, [str(i) for i in ids])
        return {UUID(i): load(state) for i, state in found}

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
                document_id, organ, kind, column_id, published_on, is_out, state = columns(row)
                (row_id,) = conn.execute(
                    "INSERT INTO published_documents "
                    "(document_id, organ, kind, column_id, published_on, is_out, title_words) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (document_id) DO UPDATE SET organ = excluded.organ, "
                    "kind = excluded.kind, column_id = excluded.column_id, published_on = excluded.published_on, "
                    "is_out = excluded.is_out, title_words = excluded.title_words RETURNING id",
                    (document_id, organ, kind, column_id, iso(published_on), is_out, words and words.padded_title),
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
        words = wanted_words(query)
        condition, params = where(False, {k: iso(v) for k, v in query_filters(query).items()}, [])
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
            found = conn.execute(_sqlite_ranked_page(matches, query), [*padded(words), _fts_match(words), *params])
            rows = found.fetchall()
            return hit_page(rows, rows[0][2], query)


def _sqlite_listing(conn: sqlite3.Connection, source: str, params: list[Any], query: SearchQuery) -> HitPage:
    """Newest first: the page read in the order of an index, and the count, each without visiting every row."""
    page = (
        f"SELECT s.state, 0.0 FROM (SELECT id, document_id, published_on {source} "
        f"ORDER BY published_on DESC, document_id LIMIT {query.page_size} OFFSET {(query.page - 1) * query.page_size}) "
        "AS page JOIN published_document_states s ON s.id = page.id ORDER BY page.published_on DESC, page.document_id"
    )
    rows = conn.execute(page, params).fetchall()
    (total,) = conn.execute(f"SELECT count(*) {source}", params).fetchone()
    return hit_page(rows, total, query)


def _sqlite_ranked_page(matches: str, query: SearchQuery) -> str:
    """One statement for a page of matches and how many there are in all.

    `matches` selects narrow rows (`id`, `document_id`, `published_on`, `score`) once; the page is ordered and cut
    from them, and only its rows' states are read. The count comes in every row, and in a row of its own (state
    NULL) when the page is past the last match.
    """
    return (
        f"WITH matches AS MATERIALIZED ({matches}), page AS (SELECT * FROM matches {order(query)}) "
        "SELECT s.state, page.score, total.n FROM (SELECT count(*) AS n FROM matches) AS total "
        "LEFT JOIN page ON 1 = 1 LEFT JOIN published_document_states s ON s.id = page.id "
        "ORDER BY page.score DESC, page.published_on DESC, page.document_id"
    )
