"""Chinese word segmentation with jieba: documents in search mode, queries in precise mode.

Indexing with `cut_for_search` keeps both long words and their parts (毕业生 and 毕业), so a query cut
precisely (高校毕业生 → 高校, 毕业生) finds every document that contains its words.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import unicodedata
from collections.abc import Iterable

import jieba

jieba.setLogLevel(logging.WARNING)
_ready = threading.Lock()
_no_words: dict[int, str] | None = None
"""Numbers other than digits (①, ², ½: Unicode category No) as spaces, made on first use. They are no words:
PostgreSQL's parser drops them, so a query of them would find nothing there and everything they are in on SQLite."""

_WORD_PART = re.compile(r"[^\W_]+")
"""A run of letters and digits: what both full-text engines keep of a token (C++ → c, COVID-19 → covid, 19)."""

STOP_WORDS = frozenset(["的", "了", "和", "与", "及", "或", "在", "是", "对", "于", "等", "之", "其", "为", "把", "被"])
"""Function words too common to narrow a search."""

LONGEST_RUN = 100
"""The most characters jieba segments at once, and so the longest word. jieba's time grows with the square of a run
it cannot segment (300,000 characters of one rare character took five minutes), and PostgreSQL indexes no word over
2,047 bytes (a word of 100 characters is 400 at most). Real text has punctuation long before 100 characters."""

RUN_CHARACTER = "[\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]"
"""What jieba segments as one run: Chinese characters, letters, digits and a few signs (its `re_han_default`)."""
_LONG_RUN = re.compile(f"{RUN_CHARACTER}{{{LONGEST_RUN + 1},}}")


def prepare() -> dict[int, str]:
    """Load jieba's dictionary and the table of number signs, once (a second): a server calls it at start-up, so that
    no search waits for it."""
    global _no_words
    if _no_words is None:
        with _ready:
            if _no_words is None:
                jieba.initialize()
                numbers = (c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "No")
                _no_words = dict.fromkeys(numbers, " ")
    return _no_words


def _prepared(text: str) -> str:
    """The text as jieba is given it: numbers that are no words as spaces (a table is ten times as fast as a regular
    expression of them), and each run longer than LONGEST_RUN cut into runs of that many characters, apart."""

    def cut(found: re.Match[str]) -> str:
        run = found.group(0)
        return " ".join(run[start : start + LONGEST_RUN] for start in range(0, len(run), LONGEST_RUN))

    return _LONG_RUN.sub(cut, text.translate(prepare()))


def _words(tokens: Iterable[str]) -> list[str]:
    return [part for token in tokens for part in _WORD_PART.findall(token.lower()) if part not in STOP_WORDS]


def document_words(text: str) -> list[str]:
    """The words a document is indexed under, long words and their parts."""
    return _words(jieba.cut_for_search(_prepared(text)))


def query_words(text: str) -> list[str]:
    """The words a query asks for, each required, without repeats."""
    return list(dict.fromkeys(_words(jieba.cut(_prepared(text)))))
