"""Chinese word segmentation with jieba: documents in search mode, queries in precise mode.

Indexing with `cut_for_search` keeps both long words and their parts (毕业生 and 毕业), so a query cut
precisely (高校毕业生 → 高校, 毕业生) finds every document that contains its words.
"""

from __future__ import annotations

import logging
import threading
import unicodedata

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


def _words(tokens: list[str]) -> list[str]:
    words = []
    for token in tokens:
        token = token.strip().lower()
        if token and token not in STOP_WORDS and any(unicodedata.category(ch)[0] in "LN" for ch in token):
            words.append(token)
    return words


def document_words(text: str) -> list[str]:
    """The words a document is indexed under, long words and their parts."""
    _initialise()
    return _words(list(jieba.cut_for_search(text)))


def query_words(text: str) -> list[str]:
    """The words a query asks for, each required, without repeats."""
    _initialise()
    return list(dict.fromkeys(_words(list(jieba.cut(text)))))
