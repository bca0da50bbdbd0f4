"""The disclosure catalogue (公开标准目录) and the public read side through the web API, on both stores.

Anyone reads an organ's catalogue and searches what is published without a token; only a publisher (or the
head of the disclosure office) keeps the catalogue. Nothing unpublished or withdrawn is ever listed or found.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from adapters.search.segmenter import query_words
from domain.catalogue import catalogue_id
from tests.http.conftest import Api, assert_problem
from tests.http.document_support import CATALOGUE, DOCS, PUBLIC, DocApi, NothingWritten
from tests.support import unique


@pytest.fixture
def docs(api: Api) -> DocApi:
    """The API on each store, with a drafting unit, two reviewers and a publisher, for an organ of its own."""
    return DocApi.open(api)


def _columns(catalogue: dict[str, Any]) -> list[tuple[str, str, bool]]:
    return [(c["column_id"], c["name"], c["retired"]) for c in catalogue["columns"]]


def test_the_catalogue_is_kept_by_the_publisher_and_read_by_anyone(docs: DocApi) -> None:
    url = f"{CATALOGUE}/{docs.organ}"
    assert_problem(docs.client.get(url), 404, "R-NOT-FOUND")
    before = docs.api.gongkai.store.last_position()

    added = docs.column("policies", "政策文件")
    assert added == {
        "organ": docs.organ,
        "version": 1,
        "columns": [{"column_id": "policies", "name": "政策文件", "retired": False}],
    }
    docs.column("notices", "通知公告", who=docs.head)
    renamed = docs.step_catalogue("columns/policies/name", {"name": "  政策文件库  "})
    assert renamed["version"] == 3
    assert _columns(renamed) == [("policies", "政策文件库", False), ("notices", "通知公告", False)]
    retired = docs.step_catalogue("columns/notices/retirement", {"reason": "并入政策文件栏目"}, who=docs.head)
    assert retired["version"] == 4
    assert _columns(retired) == [("policies", "政策文件库", False), ("notices", "通知公告", True)]

    # No token, or a token nobody was given: the catalogue is public either way.
    assert docs.catalogue() == retired
    response = docs.client.get(url, headers={"Authorization": "Bearer nobody"})
    assert response.status_code == 200 and response.json() == retired

    # Each change is an event, by person and role.
    logged = docs.api.gongkai.store.read_log(before, 100)
    mine = [e.event for e in logged if e.event.originator_id == catalogue_id(docs.organ)]
    assert [e.type_name for e in mine] == [
        "catalogue.column_added",
        "catalogue.column_added",
        "catalogue.column_renamed",
        "catalogue.column_retired",
    ]
    assert [(e.actor.person_id, e.actor.role.value) for e in mine] == [
        (docs.publisher.person_id, "publisher"),
        (docs.head.person_id, "office_head"),
        (docs.publisher.person_id, "publisher"),
        (docs.head.person_id, "office_head"),
    ]


def test_renaming_keeps_the_column_and_what_was_published_in_it(docs: DocApi) -> None:
    docs.column("policies", "政策文件")
    first = docs.cleared(title="第一份通知")
    docs.publish(first, "policies")
    assert {hit["column_name"] for hit in docs.search(column="policies")["items"]} == {"政策文件"}
    renamed = docs.step_catalogue("columns/policies/name", {"name": "政策文件库"})
    assert _columns(renamed) == [("policies", "政策文件库", False)]
    # Searched once before the rename, the column is not shown under its old name after it.
    assert {hit["column_name"] for hit in docs.search(column="policies")["items"]} == {"政策文件库"}

    assert docs.read(first)["publication"]["column_id"] == "policies"
    assert docs.titles(column="policies") == ["第一份通知"]
    second = docs.cleared(title="第二份通知")
    doc = docs.publish(second, "policies")
    assert doc["publication"]["column_id"] == "policies"
    assert doc["history"][-1]["data"]["column_name"] == "政策文件库"
    assert sorted(docs.titles(column="policies")) == ["第一份通知", "第二份通知"]
    assert {hit["column_name"] for hit in docs.search(column="policies")["items"]} == {"政策文件库"}


def test_a_retired_column_takes_no_more_publications(docs: DocApi) -> None:
    docs.column("notices", "通知公告")
    docs.column("policies", "政策文件")
    old = docs.cleared(title="旧栏目中的通知")
    docs.publish(old, "notices")
    docs.step_catalogue("columns/notices/retirement", {"reason": "栏目调整"})

    new = docs.cleared(title="新通知")
    unchanged = NothingWritten(docs, new)
    body = {"column_id": "notices", "published_on": "2025-03-10"}
    response = docs.client.post(f"{DOCS}/{new}/publication", json=body, headers=docs.publisher.headers)
    problem = assert_problem(response, 422, "R-DOC-CATALOG", "column_id")
    assert "retired" in problem["detail"]
    unchanged.check()

    # What was published there stays; the column is neither renamed nor retired again.
    assert docs.titles(column="notices") == ["旧栏目中的通知"]
    for path, change in (("name", {"name": "新名称"}), ("retirement", {"reason": "再次撤销"})):
        unchanged = NothingWritten(docs)
        response = docs.client.post(
            f"{CATALOGUE}/{docs.organ}/columns/notices/{path}", json=change, headers=docs.publisher.headers
        )
        assert_problem(response, 422, "R-DOC-CATALOG", "column_id")
        unchanged.check()
    assert docs.publish(new, "policies")["publication"]["column_id"] == "policies"


def test_each_organ_has_a_catalogue_of_its_own(docs: DocApi) -> None:
    other = unique("徐汇区人社局")
    docs.column("policies", "政策文件")
    assert_problem(docs.client.get(f"{CATALOGUE}/{other}"), 404, "R-NOT-FOUND")
    theirs = docs.column("policies", "规范性文件", organ=other)
    assert theirs["organ"] == other and theirs["version"] == 1
    assert _columns(docs.catalogue()) == [("policies", "政策文件", False)]
    assert _columns(docs.catalogue(other)) == [("policies", "规范性文件", False)]

    # Renaming or retiring in one leaves the other alone.
    docs.step_catalogue("columns/policies/retirement", {"reason": "调整"}, organ=other)
    assert _columns(docs.catalogue()) == [("policies", "政策文件", False)]

    # A document publishes in its own organ's catalogue only.
    mine = docs.cleared(title="本区通知")
    docs.publish(mine, "policies")
    foreign = docs.cleared(title="外区通知", organ=other)
    unchanged = NothingWritten(docs, foreign)
    body = {"column_id": "policies", "published_on": "2025-03-10"}
    response = docs.client.post(f"{DOCS}/{foreign}/publication", json=body, headers=docs.publisher.headers)
    assert_problem(response, 422, "R-DOC-CATALOG", "column_id")
    unchanged.check()
    assert docs.titles(column="policies") == ["本区通知"]
    assert docs.titles(organ=other) == []


# name, path under the organ's catalogue, body (or bytes), who, status, code, field
CATALOGUE_CASES: list[tuple[str, str, Any, str | None, int, str | None, str | None]] = [
    (
        "column id in capitals",
        "columns",
        {"column_id": "Policies", "name": "政策"},
        "publisher",
        422,
        "R-VALUE",
        "column_id",
    ),
    (
        "column id in Chinese",
        "columns",
        {"column_id": "政策", "name": "政策"},
        "publisher",
        422,
        "R-VALUE",
        "column_id",
    ),
    (
        "column id too long",
        "columns",
        {"column_id": "a" * 64, "name": "政策"},
        "publisher",
        422,
        "R-VALUE",
        "column_id",
    ),
    ("empty column id", "columns", {"column_id": "", "name": "政策"}, "publisher", 422, "R-VALUE", "column_id"),
    ("blank name", "columns", {"column_id": "news", "name": " "}, "publisher", 422, "R-VALUE", "name"),
    ("a column twice", "columns", {"column_id": "policies", "name": "又一个"}, "publisher", 409, "R-DOC-CATALOG", None),
    ("missing name", "columns", {"column_id": "news"}, "publisher", 400, "R-INPUT", "name"),
    ("name of the wrong type", "columns", {"column_id": "news", "name": ["新闻"]}, "publisher", 400, "R-INPUT", "name"),
    ("NUL in a name", "columns", {"column_id": "news", "name": "新\u0000闻"}, "publisher", 400, "R-INPUT", "name"),
    ("malformed JSON", "columns", b'{"column_id": ', "publisher", 400, "R-INPUT", None),
    ("added by a drafter", "columns", {"column_id": "news", "name": "新闻"}, "drafter", 403, "R-ROLE", None),
    ("added by a clerk", "columns", {"column_id": "news", "name": "新闻"}, "clerk", 403, "R-ROLE", None),
    ("added without a token", "columns", {"column_id": "news", "name": "新闻"}, None, 401, "R-AUTH", None),
    (
        "renaming an unknown column",
        "columns/nope/name",
        {"name": "新名"},
        "publisher",
        422,
        "R-DOC-CATALOG",
        "column_id",
    ),
    ("renaming to nothing", "columns/policies/name", {"name": ""}, "publisher", 422, "R-VALUE", "name"),
    ("renamed by a reviewer", "columns/policies/name", {"name": "新名"}, "dr", 403, "R-ROLE", None),
    (
        "retiring an unknown column",
        "columns/nope/retirement",
        {"reason": "r"},
        "publisher",
        422,
        "R-DOC-CATALOG",
        "column_id",
    ),
    (
        "retiring without a reason",
        "columns/policies/retirement",
        {"reason": "  "},
        "publisher",
        422,
        "R-VALUE",
        "reason",
    ),
    ("retiring without the field", "columns/policies/retirement", {}, "publisher", 400, "R-INPUT", "reason"),
    ("retired without a token", "columns/policies/retirement", {"reason": "r"}, None, 401, "R-AUTH", None),
]


@pytest.mark.parametrize(
    ("name", "path", "body", "who", "status", "code", "field"), CATALOGUE_CASES, ids=[c[0] for c in CATALOGUE_CASES]
)
def test_a_refused_catalogue_change_is_a_problem_and_nothing_is_written(
    docs: DocApi, name: str, path: str, body: Any, who: str | None, status: int, code: str | None, field: str | None
) -> None:
    docs.column("policies", "政策文件")
    unchanged = NothingWritten(docs)
    headers = getattr(docs, who).headers if who else {}
    url = f"{CATALOGUE}/{docs.organ}/{path}"
    if isinstance(body, bytes):
        response = docs.client.post(url, content=body, headers={**headers, "content-type": "application/json"})
    else:
        response = docs.client.post(url, json=body, headers=headers)
    assert_problem(response, status, code, field)
    unchanged.check()
    assert docs.catalogue()["version"] == 1


def test_an_organ_without_a_catalogue_has_no_column_to_rename_or_retire(docs: DocApi) -> None:
    unchanged = NothingWritten(docs)
    for path, body in (("columns/policies/name", {"name": "x"}), ("columns/policies/retirement", {"reason": "x"})):
        response = docs.client.post(f"{CATALOGUE}/{docs.organ}/{path}", json=body, headers=docs.publisher.headers)
        assert_problem(response, 404, "R-NOT-FOUND")
    unchanged.check()


@pytest.fixture
def published(docs: DocApi) -> tuple[DocApi, dict[str, str]]:
    """An organ with three columns and, on Thursday 20 March 2025:

    | doc | kind             | column   | published on | state                      |
    | --- | ---------------- | -------- | ------------ | -------------------------- |
    | P   | policy           | policies | 5 March      | out                        |
    | I   | interpretation   | policies | 5 March      | out (with P)               |
    | D   | data_set         | data     | 10 March     | out                        |
    | W   | work_information | work     | 17 March     | out                        |
    | U   | work_information | –        | –            | cleared, never published   |
    | X   | work_information | work     | 12 March     | withdrawn on 14 March      |
    """
    docs.clock.set_business_day(date(2025, 3, 20))
    for column_id, name in (("policies", "政策文件"), ("data", "数据开放"), ("work", "工作动态")):
        docs.column(column_id, name)
    formed = {"formed_on": "2025-03-03"}
    token = f"code{uuid.uuid4().hex[:10]}"
    policy, interpretation = docs.policy_pair(title="关于促进高校毕业生就业的若干措施", **formed)
    docs.publish(policy, "policies", "2025-03-05")
    ids = {"P": policy, "I": interpretation, "token": token}
    ids["D"] = docs.cleared("data_set", title="社区就业服务站点位", text="莘庄镇社区就业服务站：莘建路……", **formed)
    docs.publish(ids["D"], "data", "2025-03-10")
    ids["W"] = docs.cleared(title="春风行动招聘会举行", text=f"春风行动专场招聘会在闵行举行。{token}", **formed)
    docs.publish(ids["W"], "work", "2025-03-17")
    ids["U"] = docs.cleared(title="内部名单", text="未公开的内部名单", **formed)
    ids["X"] = docs.cleared(title="撤回的通知", text="这份通知已撤回", **formed)
    docs.publish(ids["X"], "work", "2025-03-12")
    docs.step(ids["X"], "withdrawal", {"withdrawn_on": "2025-03-14", "reason": "内容有误"}, docs.publisher)
    return docs, ids


def test_the_public_finds_only_what_is_out_without_a_token(published: tuple[DocApi, dict[str, str]]) -> None:
    docs, ids = published

    def found(**params: Any) -> list[str]:
        return [hit["id"] for hit in docs.search(**params)["items"]]

    everything = docs.search()
    assert everything["total"] == 4
    assert everything["page"] == 1 and everything["page_size"] == 20
    assert [h["id"] for h in everything["items"]][:2] == [ids["W"], ids["D"]]
    assert set(found()) == {ids[k] for k in "PIDW"}
    hit = everything["items"][0]
    assert hit["organ"] == docs.organ
    assert hit["kind"] == "work_information"
    assert hit["title"] == "春风行动招聘会举行"
    assert hit["excerpt"].startswith("春风行动专场招聘会")
    assert (hit["column_id"], hit["column_name"], hit["published_on"]) == ("work", "工作动态", "2025-03-17")
    assert hit["score"] == 0
    # A token, even a wrong one, changes nothing.
    response = docs.client.get(PUBLIC, params={"organ": docs.organ}, headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 200 and response.json()["total"] == 4

    # Nothing unpublished or withdrawn, by words or by listing.
    assert found(q="内部名单") == []
    assert found(q="撤回") == []
    assert ids["U"] not in found(page_size=100) and ids["X"] not in found(page_size=100)

    # By column, kind, organ and dates (both ends included).
    assert found(column="data") == [ids["D"]]
    assert set(found(column="policies")) == {ids["P"], ids["I"]}
    assert found(column="work") == [ids["W"]]
    assert found(column="nope") == []
    assert found(kind="data_set") == [ids["D"]]
    assert set(found(kind=["policy", "interpretation"])) == {ids["P"], ids["I"]}
    assert found(kind="penalty_decision") == []
    assert found(published_from="2025-03-10") == [ids["W"], ids["D"]]
    assert found(published_to="2025-03-10")[0] == ids["D"]
    assert set(found(published_to="2025-03-10")) == {ids["D"], ids["P"], ids["I"]}
    assert found(published_from="2025-03-10", published_to="2025-03-10") == [ids["D"]]
    assert found(published_from="2025-03-11", published_to="2025-03-16") == []
    assert found(published_from="2025-03-18", published_to="2025-03-01") == []
    assert found(q="招聘会", published_to="2025-03-16") == []
    assert found(organ=unique("无此机关")) == []

    # By words: Chinese is segmented; every word must be there.
    assert found(q="就业服务站") == [ids["D"]]
    assert found(q="招聘会") == [ids["W"]]
    assert found(q="高校毕业生") == [ids["P"]]
    assert found(q="如何申领") == [ids["I"]]
    assert found(q="招聘会 数据") == []
    # Without the organ: a word only this organ's document holds.
    assert found(organ=None, q=ids["token"]) == [ids["W"]]

    # Paging: the pages together are the whole list, in the same order; past the end, empty with the total.
    whole = found(page_size=100)
    pages = [docs.search(page=n, page_size=1) for n in range(1, 6)]
    assert [p["total"] for p in pages] == [4] * 5
    assert [h["id"] for p in pages for h in p["items"]] == whole
    assert pages[-1]["items"] == [] and pages[-1]["page"] == 5
    second = docs.search(page=2, page_size=3)
    assert [h["id"] for h in second["items"]] == whole[3:]


QUERIES = [
    '"',
    "'",
    "''",
    '"就业',
    "*",
    "就业*",
    ":",
    "a:b",
    "title:就业",
    "a & b | !c",
    "!!",
    "<->",
    ":*",
    "(",
    ")",
    "()",
    "[",
    "{}",
    "\\",
    "%",
    "_",
    "%_%",
    "^",
    "-",
    "-就业",
    "+",
    "NEAR(就业 服务)",
    "AND",
    "OR NOT",
    "就业 OR 服务",
    "x'); DROP TABLE published_documents; --",
    "😀",
    "𠀀",
    "\u3000",
    " ",
    "\t\n",
    "的",
    "就业" * 100,
    "a" * 200,
    "＂就业＂",
    "《条例》第十六条",
    "¥100",
    "\u200b",
    "e\u0301",
]


def test_any_query_text_is_answered_never_a_500(published: tuple[DocApi, dict[str, str]]) -> None:
    """Every text is a page, or, when it holds no word to search for, a 400 naming q (never the whole listing)."""
    docs, ids = published
    for q in QUERIES:
        for params in ({"q": q, "organ": docs.organ}, {"q": q}):
            response = docs.client.get(PUBLIC, params=params)
            if q and not query_words(q):
                assert_problem(response, 400, "R-INPUT", "q")
                continue
            assert response.status_code == 200, (q, response.text)
            body = response.json()
            assert isinstance(body["total"], int) and isinstance(body["items"], list)
            listed = {h["id"] for h in body["items"]}
            assert ids["U"] not in listed and ids["X"] not in listed


PUBLIC_CASES: list[tuple[str, dict[str, str], int, str, str]] = [
    ("unknown kind", {"kind": "memo"}, 400, "R-INPUT", "kind"),
    ("published_from not a date", {"published_from": "2025/03/01"}, 400, "R-INPUT", "published_from"),
    ("published_to not a day", {"published_to": "2025-02-30"}, 400, "R-INPUT", "published_to"),
    ("page zero", {"page": "0"}, 400, "R-INPUT", "page"),
    ("page not a number", {"page": "two"}, 400, "R-INPUT", "page"),
    ("page_size zero", {"page_size": "0"}, 400, "R-INPUT", "page_size"),
    ("page_size over 100", {"page_size": "101"}, 400, "R-INPUT", "page_size"),
    ("q over 200 characters", {"q": "就" * 201}, 400, "R-INPUT", "q"),
    ("q with a NUL character", {"q": "就业\u0000"}, 400, "R-INPUT", "q"),
    ("q with no word to search for", {"q": "的！①"}, 400, "R-INPUT", "q"),
    ("organ with a NUL character", {"organ": "闵行\u0000"}, 400, "R-INPUT", "organ"),
    ("page past any catalogue", {"page": "1000001"}, 400, "R-INPUT", "page"),
    ("page past any number", {"page": "9" * 30}, 400, "R-INPUT", "page"),
]


def test_bad_parameters_of_the_public_search(docs: DocApi) -> None:
    for _name, params, status, code, field in PUBLIC_CASES:
        assert_problem(docs.client.get(PUBLIC, params=params), status, code, field)
    last = docs.search(page=1_000_000, page_size=100)
    assert last["items"] == [] and last["total"] == 0
