"""Chinese word segmentation with jieba: documents in search mode, queries in precise mode.

Indexing with `cut_for_search` keeps both long words and their parts (毕业生 and 毕业), so a query cut
precisely (高校毕业生 → 高校, 毕业生) finds every document that contains its words.
"""

from __future__ import annotations

import logging
import re
import threading

import jieba

jieba.setLogLevel(logging.WARNING)
_ready = threading.Lock()
_initialised = False

STOP_WORDS = frozenset(["的", "了", "和", "与", "及", "或", "在", "是", "对", "于", "等", "之", "其", "为", "把", "被"])
"""Function words too common to narrow a search."""


def _initialise() -> None:
    global _initialised
    with _ready:
        if not _initialised:
            jieba.initialize()
            _initialised = True


_WORD_PART = re.compile(r"[^\W_]+")
"""A run of letters and digits: what both full-text engines keep of a token (C++ → c, COVID-19 → covid, 19)."""


def _words(tokens: list[str]) -> list[str]:
    words = []
    for token in tokens:
        for part in _WORD_PART.findall(token.lower()):
            if part not in STOP_WORDS:
                words.append(part)
    return words


def document_words(text: str) -> list[str]:
    """The words a document is indexed under, long words and their parts."""
    _initialise()
    return _words(list(jieba.cut_for_search(text)))


def query_words(text: str) -> list[str]:
    """The words a query asks for, each required, without repeats."""
    _initialise()
    return list(dict.fromkeys(_words(list(jieba.cut(text)))))
