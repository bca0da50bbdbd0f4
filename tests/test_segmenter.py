"""Words as the search keeps them: jieba's tokens cut to the runs of letters and digits both full-text engines
keep, lower-cased, without function words, so that the in-memory store and the two engines read a query alike."""

from __future__ import annotations

from adapters.search.segmenter import document_words, query_words


def test_a_token_with_punctuation_is_kept_as_its_letters_and_digits() -> None:
    assert query_words("C++ 培训") == ["c", "培训"]
    assert query_words("COVID-19 防控") == ["covid", "19", "防控"]
    assert "c" in document_words("本区开设C++编程培训班")


def test_punctuation_and_function_words_are_no_words() -> None:
    assert query_words("就业、补贴！") == ["就业", "补贴"]
    assert query_words("高校毕业生的就业") == ["高校", "毕业生", "就业"]
    assert query_words("…… ——") == []


def test_a_query_word_is_asked_for_once() -> None:
    assert query_words("就业 就业 补贴") == ["就业", "补贴"]


def test_a_document_is_indexed_under_long_words_and_their_parts() -> None:
    words = document_words("关于2025届高校毕业生就业见习的通知")
    assert {"毕业", "毕业生", "高校", "就业", "见习"} <= set(words)
