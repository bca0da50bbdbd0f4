"""The ranking contract of the public search, the same on SQLite FTS5 and on PostgreSQL.

A document matches when every query word is in its title or its text. Its score is (1 + how many of the query's
words are among its title's words) / (1 + how many words the query has); matches come by score, then newest
first, then by document id. How often the text repeats a word is left out on purpose (`relevance`).
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from adapters.search import postgres as postgres_search
from adapters.search import segmenter
from adapters.search.segmenter import document_words, query_words
from tests.contract import test_publication_store as publication_store
from tests.contract.test_publication_store import Bureau, ids_of

gongkai = publication_store.gongkai
"""The application on the test's store (the publication store contract's fixture)."""
bureau = publication_store.bureau
"""An organ of the test's own (the publication store contract's fixture)."""

OLDEST = date(2025, 1, 6)
MIDDLE = date(2025, 2, 10)
NEWEST = date(2025, 3, 3)


async def test_matches_in_the_text_only_come_newest_first_however_often_the_text_repeats_the_words(
    bureau: Bureau,
) -> None:
    report = bureau.put_out(
        "2025年第一季度区级财政资金使用情况公示",
        "一季度发放一次性吸纳就业补贴120万元、灵活就业补贴860万元、就业见习就业补贴96万元。"
        "各项就业补贴均通过一网通办受理，就业补贴资金按月拨付到账。",
        on=OLDEST,
    )
    notice = bureau.put_out(
        "关于调整部分服务事项办理地点的通知",
        "各街镇社区事务受理服务中心：本季度就业补贴申请改由街镇受理。",
        on=NEWEST,
    )

    page = await bureau.find("就业补贴")
    assert ids_of(page.hits) == [notice, report]
    assert [hit.score for hit in page.hits] == [pytest.approx(1 / 3), pytest.approx(1 / 3)]


async def test_more_of_the_query_words_in_the_title_ranks_higher_even_when_older(bureau: Bureau) -> None:
    assert query_words("培训补贴") == ["培训", "补贴"]
    both_in_title = bureau.put_out(
        "职业技能培训补贴申领指南",
        "本指南说明申请条件、办理流程和所需材料。",
        on=OLDEST,
    )
    one_in_title = bureau.put_out(
        "2025年春季职业技能培训计划",
        "参加培训并取得证书的本区户籍劳动者，可按规定申领补贴。",
        on=MIDDLE,
    )
    none_in_title = bureau.put_out(
        "关于调整部分服务事项办理地点的通知",
        "自三月起，职业技能培训补贴改由各街镇社区事务受理服务中心受理。",
        on=NEWEST,
    )

    page = await bureau.find("培训补贴")
    assert ids_of(page.hits) == [both_in_title, one_in_title, none_in_title]
    assert [hit.score for hit in page.hits] == [pytest.approx(1.0), pytest.approx(2 / 3), pytest.approx(1 / 3)]


async def test_a_one_word_query_scores_one_in_the_title_and_a_half_in_the_text_only(bureau: Bureau) -> None:
    in_title = bureau.put_out(
        "关于公布2025年度就业见习基地的通知",
        "经评审，现将本年度基地名单予以公布。",
        on=OLDEST,
    )
    in_text = bureau.put_out(
        "区就业促进中心召开2025年工作会议",
        "会议要求做好离校未就业高校毕业生见习岗位募集工作。",
        on=NEWEST,
    )

    page = await bureau.find("见习")
    assert ids_of(page.hits) == [in_title, in_text]
    assert [hit.score for hit in page.hits] == [pytest.approx(1.0), pytest.approx(0.5)]


async def test_a_title_word_counts_only_as_a_whole_word_never_as_part_of_a_longer_one(bureau: Bureau) -> None:
    """社会保险费 is indexed as 社会, 保险, 保险费, 社会保险费: 社会保险 is in that title's text, never its words."""
    levy_title = "关于做好2025年度社会保险费征缴工作的通知"
    assert query_words("社会保险") == ["社会保险"]
    assert "社会保险" in levy_title and "社会保险" not in document_words(levy_title)
    assert "社会保险" in " ".join(document_words(levy_title))
    guide = bureau.put_out(
        "社会保险登记办理指南",
        "用人单位应自成立之日起三十日内申请办理登记。",
        on=OLDEST,
    )
    levy = bureau.put_out(
        levy_title,
        "本区用人单位应依法为职工办理社会保险登记，按时足额缴纳各项费用。",
        on=NEWEST,
    )

    page = await bureau.find("社会保险")
    assert ids_of(page.hits) == [guide, levy]
    assert [hit.score for hit in page.hits] == [pytest.approx(1.0), pytest.approx(0.5)]


async def test_pages_cut_the_one_ordering_and_all_report_the_total(bureau: Bureau) -> None:
    """Equal score and date fall back to the document id, so pages never repeat or skip a match."""
    older_title = bureau.put_out("就业见习基地名单公示", "现将本区就业见习基地名单予以公示。", on=OLDEST)
    newer_title = bureau.put_out("区就业促进中心召开2025年工作会议", "会议部署了今年的重点任务。", on=MIDDLE)
    tied = [
        bureau.put_out("区人社局开展劳动保障法律宣传活动", "活动现场提供就业政策咨询。", on=MIDDLE),
        bureau.put_out("2025年第一季度区级财政资金使用情况公示", "一季度发放就业补贴120万元。", on=MIDDLE),
    ]
    newest_text = bureau.put_out("关于调整部分服务事项办理地点的通知", "就业登记改由各街镇受理。", on=NEWEST)
    bureau.put_out("区人社局召开2025年党风廉政建设工作会议", "会议传达学习了有关文件精神。", on=NEWEST)

    everything = await bureau.find("就业")
    expected = [newer_title, older_title, newest_text, *sorted(tied, key=str)]
    assert ids_of(everything.hits) == expected
    assert everything.total == 5

    pages = [await bureau.find("就业", page=n, page_size=2) for n in (1, 2, 3)]
    assert [len(page.hits) for page in pages] == [2, 2, 1]
    assert [hit for page in pages for hit in page.hits] == list(everything.hits)
    assert [page.total for page in pages] == [5, 5, 5]

    past_the_end = await bureau.find("就业", page=4, page_size=2)
    assert (past_the_end.hits, past_the_end.total, past_the_end.page) == ((), 5, 4)


async def test_a_column_filter_keeps_the_ranking_of_what_remains(bureau: Bureau) -> None:
    notices_in_title = bureau.put_out(
        "职业技能培训补贴申领指南", "本指南说明申请条件和办理流程。", column_id="notices", on=OLDEST
    )
    work_in_title = bureau.put_out(
        "一次性吸纳就业补贴发放情况", "一季度共发放120万元。", column_id="work", on=date(2025, 1, 20)
    )
    notices_newest = bureau.put_out(
        "关于调整部分服务事项办理地点的通知", "就业补贴申请改由各街镇受理。", column_id="notices", on=NEWEST
    )
    notices_middle = bureau.put_out(
        "关于公布2025年度就业见习基地的通知", "见习基地按规定享受见习补贴。", column_id="notices", on=date(2025, 2, 17)
    )
    work_in_text = bureau.put_out(
        "区就业促进中心召开2025年工作会议", "会议部署补贴发放工作。", column_id="work", on=MIDDLE
    )

    everything = await bureau.find("补贴")
    ranked = [work_in_title, notices_in_title, notices_newest, notices_middle, work_in_text]
    assert ids_of(everything.hits) == ranked
    scores = {hit.id: hit.score for hit in everything.hits}

    columns: dict[str, list[UUID]] = {
        "notices": [notices_in_title, notices_newest, notices_middle],
        "work": [work_in_title, work_in_text],
    }
    for column_id, expected in columns.items():
        page = await bureau.find("补贴", column_id=column_id)
        assert ids_of(page.hits) == expected == [i for i in ranked if i in expected], column_id
        assert [hit.score for hit in page.hits] == [scores[i] for i in expected], column_id
        assert page.total == len(expected), column_id


@pytest.mark.parametrize("looked_at", [1, 4, 5, 7, 2_000])
async def test_the_page_is_the_same_whether_found_among_the_newest_documents_or_by_ranking_every_match(
    bureau: Bureau, monkeypatch: pytest.MonkeyPatch, looked_at: int
) -> None:
    """PostgreSQL looks among the `looked_at` newest documents for a page of matches with every word in their
    titles, and ranks every match when too few are there (`_postgres_ranked`); either way the page is the same.

    The newest three documents have no title with both words; looking at 5 finds page 1 there, at 7 or more
    pages 1 and 2, and page 3 always comes from ranking every match."""
    monkeypatch.setattr(postgres_search, "NEWEST_LOOKED_AT", looked_at)
    in_title = [
        bureau.put_out("就业补贴申领指南", "本指南说明申请条件。", on=OLDEST),
        bureau.put_out("一次性吸纳就业补贴发放情况", "一季度共发放120万元。", on=MIDDLE),
        bureau.put_out("见习就业补贴发放名单公示", "现予公示。", column_id="notices", on=date(2025, 2, 20)),
        bureau.put_out("灵活就业补贴办理指南", "办理材料如下。", on=date(2025, 2, 24)),
    ]
    half_in_title = bureau.put_out("2025年就业工作要点", "全年发放就业补贴。", on=NEWEST)
    in_text = bureau.put_out("关于调整办理地点的通知", "就业补贴申请改由街镇受理。", on=NEWEST)
    bureau.put_out("区人社局召开党风廉政建设工作会议", "会议传达学习了有关文件精神。", on=NEWEST)

    ranked = [*reversed(in_title), half_in_title, in_text]
    pages = [await bureau.find("就业补贴", page=n, page_size=2) for n in (1, 2, 3, 4)]
    assert [ids_of(page.hits) for page in pages] == [ranked[0:2], ranked[2:4], ranked[4:6], []]
    assert [hit.score for page in pages for hit in page.hits] == pytest.approx([1, 1, 1, 1, 2 / 3, 1 / 3])
    assert [page.total for page in pages] == [6, 6, 6, 6]

    in_work = await bureau.find("就业补贴", column_id="work", page_size=2)
    assert ids_of(in_work.hits) == [in_title[3], in_title[1]]
    assert in_work.total == 5


async def test_a_page_never_holds_a_document_its_total_does_not_count(
    bureau: Bureau, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL's parser asks the server's locale what a letter is, the segmenter Python's Unicode tables: say the
    segmenter kept ① as a word, as it once did, which the parser drops. The stores may then disagree on whether it
    matches, never on a page and its total."""
    monkeypatch.setattr(segmenter, "_no_words", {})
    bureau.put_out("关于第①批就业见习基地的公示", "现予公示。", on=OLDEST)
    bureau.put_out("关于第①批职业技能培训机构的公示", "现予公示。", on=NEWEST)
    for page_size in (1, 2, 5):
        page = await bureau.find("①", page_size=page_size)
        assert page.total in (0, 2)
        assert len(page.hits) == min(page.total, page_size)


async def test_a_document_with_a_very_long_title_is_indexed_and_found_like_any_other(bureau: Bureau) -> None:
    """Nothing limits a title's length; an index entry of the title's words (2,704 bytes at most on PostgreSQL)
    would refuse this one, and every search after it."""
    varied = "".join(chr(0x4E00 + (i * 37) % 20_000) for i in range(800))
    long_one = bureau.put_out(f"就业补贴{varied}", "现予公示。", on=OLDEST)
    short_one = bureau.put_out("就业补贴发放情况", "现予公示。", on=NEWEST)

    page = await bureau.find("就业补贴")
    assert ids_of(page.hits) == [short_one, long_one]
    assert page.total == 2
