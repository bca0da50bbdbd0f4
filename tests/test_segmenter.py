"""Words as the search keeps them: jieba's tokens cut to the runs of letters and digits both full-text engines
keep, lower-cased, without function words, so that the in-memory store and the two engines read a query alike."""

from __future__ import annotations

import jieba

from adapters.search.segmenter import LONGEST_RUN, RUN_CHARACTER, document_words, query_words


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


def test_numbers_other_than_digits_are_no_words() -> None:
    """PostgreSQL's parser drops ①, ² and ½; a query of them alone has no word (and is refused)."""
    assert query_words("①") == []
    assert query_words("² ½ ①②③") == []
    assert query_words("第①批") == ["第", "批"]
    assert {"〇", "ⅻ"} <= set(query_words("二〇二五年 ⅻ"))  # letter numbers (Nl) are kept


def test_a_run_longer_than_jieba_is_given_at_once_is_cut_into_runs_of_that_length() -> None:
    """jieba's time grows with the square of a run it cannot segment, and PostgreSQL indexes no word over 2,047
    bytes: a run is cut after every LONGEST_RUN characters, in documents and queries alike."""
    word = "".join("abcdefghij"[(i * 7) % 10] for i in range(1_000))
    pieces = [word[start : start + LONGEST_RUN] for start in range(0, len(word), LONGEST_RUN)]
    assert document_words(f"编号 {word}") == document_words(f"编号 {' '.join(pieces)}")
    assert query_words(word) == list(dict.fromkeys(pieces))
    assert max(len(w) for w in document_words("龘" * 5_000)) <= LONGEST_RUN
    assert f"({RUN_CHARACTER}+)" == jieba.re_han_default.pattern, "jieba's runs are no longer what they were"


def test_characters_outside_the_basic_plane_are_words() -> None:
    assert query_words("𠀀𠀁 补贴") == ["𠀀", "𠀁", "补贴"]
    assert query_words("😀") == []
