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
_word_part: re.Pattern[str] | None = None
"""A run of letters and digits (Unicode categories L, Nd and Nl), made on first use: what both full-text engines keep
of a token (C++ → c, COVID-19 → covid, 19). Other numbers (①, ², ½) are no words: PostgreSQL's parser drops them,
so a query of them would find nothing there and everything they are in on SQLite."""

STOP_WORDS = frozenset(["的", "了", "和", "与", "及", "或", "在", "是", "对", "于", "等", "之", "其", "为", "把", "被"])
"""Function words too common to narrow a search."""

LONGEST_RUN = 100
"""The most characters jieba segments at once, and so the longest word. jieba's time grows with the square of a run
it cannot segment (300,000 characters of one rare character took five minutes), and PostgreSQL indexes no word over
2,047 bytes (a word of 100 characters is 400 at most). Real text has punctuation long before 100 characters."""

_RUN = jieba.re_han_default
"""What jieba segments at once: runs of Chinese characters, letters, digits and a few signs."""


def _initialise() -> re.Pattern[str]:
    global _word_part
    if _word_part is None:
        with _ready:
            if _word_part is None:
                jieba.initialize()
                other_numbers = (chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "No")
                _word_part = re.compile(f"[^\\W_{re.escape(''.join(other_numbers))}]+")
    return _word_part


def _cut_runs(text: str) -> str:
    """The text with every run longer than LONGEST_RUN cut into runs of that many characters, apart."""

    def cut(found: re.Match[str]) -> str:
        run = found.group(0)
        return " ".join(run[start : start + LONGEST_RUN] for start in range(0, len(run), LONGEST_RUN))

    return text if len(text) <= LONGEST_RUN else _RUN.sub(cut, text)


def _words(tokens: Iterable[str]) -> list[str]:
    word_part = _initialise()
    return [part for token in tokens for part in word_part.findall(token.lower()) if part not in STOP_WORDS]


def document_words(text: str) -> list[str]:
    """The words a document is indexed under, long words and their parts."""
    return _words(jieba.cut_for_search(_cut_runs(text)))


def query_words(text: str) -> list[str]:
    """The words a query asks for, each required, without repeats."""
    return list(dict.fromkeys(_words(jieba.cut(_cut_runs(text)))))
