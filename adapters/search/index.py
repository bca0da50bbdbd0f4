"""What the stores of published documents share: the words a document is found by (jieba, in the caller's worker
thread), the filters of a query, and the rows and pages as the application reads them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import attrs

from adapters.persistence.converter import converter
from adapters.search.segmenter import document_words, query_words
from application.publications import HitPage, IndexedDocument, SearchQuery, check_words, hits_of

NAME = "publications"


def dump(row: IndexedDocument) -> str:
    return json.dumps(converter.unstructure(row), ensure_ascii=False)


def load(text: str | bytes) -> IndexedDocument:
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
        return cls(title, within(WORD_BYTES, dict.fromkeys([*title, *document_words(text.text[:SEGMENTED])])))

    @property
    def padded_title(self) -> str:
        """The title's words between spaces, so ` word ` is found in it only as a whole word."""
        return f" {' '.join(self.title)} "


def within(budget: int, words: Iterable[str]) -> list[str]:
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


def padded(words: Sequence[str]) -> list[str]:
    return [f" {w} " for w in words]


def query_filters(query: SearchQuery) -> dict[str, Any]:
    return {
        "organ": query.organ,
        "column_id": query.column_id,
        "kind": [k.value for k in query.kinds],
        "published_on >=": query.published_from,
        "published_on <=": query.published_to,
    }


def wanted_words(query: SearchQuery) -> list[str]:
    """The words the query asks for, or its refusal (`check_words`)."""
    words = query_words(query.text) if query.text else []
    check_words(query.text, words)
    return words


def iso(value: Any) -> Any:
    """SQLite keeps dates as ISO text."""
    return value.isoformat() if isinstance(value, date) else value


def columns(row: IndexedDocument) -> tuple[Any, ...]:
    out = row.out
    return (
        str(row.id),
        row.organ,
        row.kind.value,
        out.column_id if out else None,
        out.published_on if out else None,
        out is not None,
        dump(row),
    )


def order(query: SearchQuery) -> str:
    """Most relevant first, then newest; the query's page of them."""
    offset = (query.page - 1) * query.page_size
    return f"ORDER BY score DESC, published_on DESC, document_id LIMIT {query.page_size} OFFSET {offset}"


def hit_page(rows: Sequence[Sequence[Any]], total: int, query: SearchQuery) -> HitPage:
    """The page from rows that start (state, score), and how many there are in all."""
    hits = hits_of([(load(row[0]), float(row[1])) for row in rows if row[0] is not None])
    return HitPage(hits, int(total), query.page, query.page_size)
