"""Published policy enquiries and their full-text index: the words a question is found by (jieba, as documents'),
in memory and in the embedded SQLite file (FTS5). PostgreSQL's store is in `enquiries_postgres`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import attrs

from adapters.persistence.converter import converter
from adapters.persistence.sealing import PLAIN, Codec
from adapters.read_models.common import where
from adapters.read_models.memory import MemoryReadSide
from adapters.read_models.sqlite import SQLiteReadSide
from adapters.search.index import SEGMENTED, WORD_BYTES, iso, padded, within
from adapters.search.segmenter import document_words, query_words
from adapters.search.sqlite import _fts_match, _sqlite_relevance
from application.projections import one_page
from application.publications import check_words, relevance
from application.published_enquiries import EnquiryHitPage, EnquirySearch, PublishedRecord, hit_of

NAME = "published_enquiries"


def dump(row: PublishedRecord) -> str:
    """A row as JSON text (it holds no personal data: nothing to seal)."""
    return json.dumps(converter.unstructure(row), ensure_ascii=False)


def load(text: str | bytes) -> PublishedRecord:
    """A row from its JSON text."""
    return converter.structure(json.loads(text), PublishedRecord)


@attrs.frozen
class EnquiryWords:
    """A published question's words: its title's, and all of them (title, question, reply), each once, up to
    WORD_BYTES, as a document's are kept."""

    title: list[str]
    everything: list[str]

    @classmethod
    def of(cls, row: PublishedRecord) -> EnquiryWords:
        """The words of a row that is out."""
        out = row.publication
        assert out is not None
        title = document_words(out.title[:SEGMENTED])
        rest = [*document_words(out.question[:SEGMENTED]), *document_words(out.reply[:SEGMENTED])]
        return cls(title, within(WORD_BYTES, dict.fromkeys([*title, *rest])))

    @property
    def padded_title(self) -> str:
        """The title's words between spaces, so ` word ` is found in it only as a whole word."""
        return f" {' '.join(self.title)} "


def wanted_words(query: EnquirySearch) -> list[str]:
    """The words the query asks for, or its refusal (`check_words`)."""
    words = query_words(query.text) if query.text else []
    check_words(query.text, words)
    return words


def filters(query: EnquirySearch) -> dict[str, Any]:
    """The query's filters as `where` takes them."""
    return {"organ": query.organ, "published_on >=": query.published_from, "published_on <=": query.published_to}


def newest_first(query: EnquirySearch, ranked: bool) -> str:
    """Most relevant first when ranked, then newest; the query's page."""
    offset = (query.page - 1) * query.page_size
    score = "score DESC, " if ranked else ""
    return f"ORDER BY {score}published_on DESC, enquiry_id LIMIT {query.page_size} OFFSET {offset}"


class MemoryPublishedEnquiries(MemoryReadSide[PublishedRecord]):
    """Published questions in memory over the store's own log: for tests and `memory://`."""

    async def search(self, query: EnquirySearch) -> EnquiryHitPage:
        """Matches of every word and filter, most relevant then newest first."""
        wanted = wanted_words(query)
        found = []
        for row in self._rows.values():
            out = row.publication
            if out is None or (query.organ is not None and row.organ != query.organ):
                continue
            if (query.published_from and out.published_on < query.published_from) or (
                query.published_to and out.published_on > query.published_to
            ):
                continue
            words = EnquiryWords.of(row)
            if all(w in words.everything for w in wanted):
                found.append((row, relevance(wanted, words.title) if wanted else 0.0, out.published_on))
        found.sort(key=lambda f: (-f[1], -f[2].toordinal(), str(f[0].id)))
        hits = tuple(hit_of(row, score) for row, score, _ in one_page(found, query.page, query.page_size))
        return EnquiryHitPage(hits, len(found), query.page, query.page_size)


_SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS published_enquiries (
    id INTEGER PRIMARY KEY, enquiry_id TEXT NOT NULL UNIQUE, organ TEXT NOT NULL, published_on TEXT,
    is_out INTEGER NOT NULL, title_words TEXT, state TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS published_enquiries_newest ON published_enquiries (published_on, enquiry_id) WHERE is_out;
CREATE VIRTUAL TABLE IF NOT EXISTS published_enquiries_search USING fts5(words, tokenize = 'unicode61');
"""


class SQLitePublishedEnquiries(SQLiteReadSide):
    """Published questions in the embedded SQLite file, searched with FTS5 over jieba's words."""

    def __init__(self, path: str, codec: Codec = PLAIN) -> None:
        tables = ("published_enquiries", "published_enquiries_search")
        super().__init__(path, NAME, _SQLITE_SCHEMA, tables, codec)

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, PublishedRecord]:
        """The stored rows of these enquiries."""
        found = await self.run(self._rows, [str(i) for i in ids])
        return {UUID(i): load(state) for i, state in found}

    def _rows(self, ids: list[str]) -> list[tuple[str, str]]:
        marks = ",".join("?" * len(ids))
        query = f"SELECT enquiry_id, state FROM published_enquiries WHERE enquiry_id IN ({marks})"
        with self.connect() as conn:
            return conn.execute(query, ids).fetchall()

    async def save(self, rows: Sequence[PublishedRecord], expected: int, position: int) -> bool:
        """Upsert rows and their words and move the position from `expected`, in one transaction."""
        # Segmenting is CPU work: in the worker thread, with the writing.
        return await self.run(self._save, list(rows), expected, position)

    def _save(self, rows: list[PublishedRecord], expected: int, position: int) -> bool:
        with self.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            if not self.move_position(conn, expected, position):
                conn.execute("ROLLBACK")
                return False
            for row in rows:
                words = EnquiryWords.of(row) if row.publication else None
                published_on = row.publication.published_on.isoformat() if row.publication else None
                (row_id,) = conn.execute(
                    "INSERT INTO published_enquiries (enquiry_id, organ, published_on, is_out, title_words, state) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (enquiry_id) DO UPDATE SET organ = excluded.organ, "
                    "published_on = excluded.published_on, is_out = excluded.is_out, "
                    "title_words = excluded.title_words, state = excluded.state RETURNING id",
                    (str(row.id), row.organ, published_on, words is not None, words and words.padded_title, dump(row)),
                ).fetchone()
                conn.execute("DELETE FROM published_enquiries_search WHERE rowid = ?", (row_id,))
                if words is not None:
                    conn.execute(
                        "INSERT INTO published_enquiries_search (rowid, words) VALUES (?, ?)",
                        (row_id, " ".join(words.everything)),
                    )
            conn.execute("COMMIT")
            return True

    async def search(self, query: EnquirySearch) -> EnquiryHitPage:
        """Matches of every word and filter, most relevant then newest first."""
        return await self.run(self._search, query)

    def _search(self, query: EnquirySearch) -> EnquiryHitPage:
        words = wanted_words(query)
        condition, params = where(False, {k: iso(v) for k, v in filters(query).items()}, [])
        narrowed = f" AND {condition}" if condition else ""
        if words:
            source = (
                f"SELECT e.id, e.enquiry_id, e.published_on, e.state, {_sqlite_relevance(len(words))} AS score "
                "FROM published_enquiries_search f CROSS JOIN published_enquiries e ON e.id = f.rowid "
                f"WHERE published_enquiries_search MATCH ? AND e.is_out{narrowed}"
            )
            params = [*padded(words), _fts_match(words), *params]
        else:
            listed = "SELECT id, enquiry_id, published_on, state, 0.0 AS score FROM published_enquiries"
            source = f"{listed} WHERE is_out{narrowed}"
        with self.connect() as conn:
            conn.execute("BEGIN")  # the page and its count from one snapshot
            rows = conn.execute(f"SELECT state, score FROM ({source}) {newest_first(query, bool(words))}", params)
            page = rows.fetchall()
            (total,) = conn.execute(f"SELECT count(*) FROM ({source})", params).fetchone()
            conn.execute("COMMIT")
        hits = tuple(hit_of(load(state), float(score)) for state, score in page)
        return EnquiryHitPage(hits, int(total), query.page, query.page_size)
