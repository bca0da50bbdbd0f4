"""One published document as the public reads it, the reason published in place of a withdrawn penalty decision,
and challenges to a document's proactive disclosure, through the API."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from tests.http.conftest import Api, assert_problem
from tests.http.document_support import DOCS, PUBLIC, DocApi


@pytest.fixture
def docs(api: Api) -> DocApi:
    """The documents API for an organ of the test's own."""
    return DocApi.open(api)


def test_the_public_opens_a_published_policy_with_its_interpretation_and_service_links(docs: DocApi) -> None:
    docs.column("policies", "政策文件")
    policy, interpretation = docs.policy_pair(title="关于促进高校毕业生就业的若干措施", formed_on="2025-03-07")
    docs.publish(policy, "policies", "2025-03-10")
    draft = {
        "title": "关于促进高校毕业生就业的若干措施（修订稿）",
        "text": "草稿",
        "changed_on": "2025-03-10",
        "reason": "修订",
    }
    docs.step(policy, "revisions", draft)

    response = docs.client.get(f"{PUBLIC}/{policy}")
    assert response.status_code == 200, response.text
    body = response.json()
    # What is out, not the draft revised since.
    assert (body["title"], body["column_name"], body["published_on"]) == (
        "关于促进高校毕业生就业的若干措施",
        "政策文件",
        "2025-03-10",
    )
    assert body["text"] and body["text"] != "草稿"
    assert [(i["id"], i["kind"]) for i in body["interpretations"]] == [(interpretation, "interpretation")]
    assert body["withdrawal_notice"] is None
    explained = docs.client.get(f"{PUBLIC}/{interpretation}").json()
    assert [(p["id"], p["kind"]) for p in explained["interpretations"]] == [(policy, "policy")]


def test_anything_not_public_is_not_found(docs: DocApi) -> None:
    docs.column("work", "工作动态")
    unpublished = docs.cleared(title="内部名单")
    withdrawn = docs.cleared(title="已撤回")
    docs.publish(withdrawn, "work", "2025-03-10")
    docs.step(withdrawn, "withdrawal", {"withdrawn_on": "2025-03-10", "reason": "内容有误"}, docs.publisher)
    for doc_id in (unpublished, withdrawn, str(uuid.uuid4())):
        assert_problem(docs.client.get(f"{PUBLIC}/{doc_id}"), 404, "R-NOT-FOUND")


def test_a_withdrawn_penalty_decision_leaves_its_reason_published_in_its_place(docs: DocApi) -> None:
    docs.clock.set_business_day(date(2025, 9, 30))
    docs.column("penalties", "行政处罚")
    pid = docs.cleared("penalty_decision", title="行政处罚决定书", formed_on="2025-09-26")
    docs.publish(pid, "penalties", "2025-09-29")
    change = {"change": "found_unlawful", "changed_on": "2025-09-30", "reason": "法院判决确认违法"}
    docs.step(pid, "penalty-change", change)
    reason = "该行政处罚决定经区人民法院判决确认违法，现予撤回"
    doc = docs.step(pid, "withdrawal", {"withdrawn_on": "2025-09-30", "reason": reason}, docs.publisher)
    assert doc["withdrawal_notice"] == reason

    body = docs.client.get(f"{PUBLIC}/{pid}").json()
    assert (body["title"], body["text"], body["withdrawal_notice"]) == ("行政处罚决定书", None, reason)
    assert body["withdrawn_on"] == "2025-09-30"


def test_a_document_not_published_is_challenged_by_reconsideration_and_its_decisions_are_kept(docs: DocApi) -> None:
    doc_id = docs.cleared(title="应公开未公开的通知")
    docs.clock.set_business_day(date(2025, 5, 6))
    filed = {"kind": "reconsideration", "filed_on": "2025-05-06", "body": "区人民政府"}
    response = docs.client.post(f"{DOCS}/{doc_id}/reviews", json=filed, headers=docs.drafter.headers)
    assert_problem(response, 403, "R-ROLE")
    doc = docs.step(doc_id, "reviews", filed, docs.publisher)
    assert [(c["review_id"], c["against"], c["result"]) for c in doc["challenges"]] == [
        ("R1", "proactive_disclosure", None)
    ]
    docs.clock.set_business_day(date(2025, 7, 1))
    decided = {"review_id": "R1", "result": "corrected", "decided_on": "2025-07-01"}
    [challenge] = docs.step(doc_id, "reviews/decision", decided, docs.publisher)["challenges"]
    assert (challenge["result"], challenge["decided_on"]) == ("corrected", "2025-07-01")


def test_the_public_sees_the_service_links_that_went_out_not_links_set_since(docs: DocApi) -> None:
    """R-DOC-LINK: links set after publication wait for the next revision's review and publication."""
    docs.column("normative", "规范性文件")
    normative = docs.register("normative", title="就业补贴办法", has_service_items=True)["id"]
    docs.step(normative, "service-links", {"links": [{"title": "补贴申领", "url": "https://zwdt.sh.gov.cn/item/1"}]})
    docs.attribute(normative)
    docs.review(normative)
    qa = docs.cleared("interpretation", title="政策问答", interprets=normative, interpretation_form="qa")
    docs.step(normative, "interpretations", {"interpretation_id": qa})
    docs.publish(normative, "normative")
    later = {"links": [{"title": "未经审核的链接", "url": "https://example.com/unreviewed"}]}
    docs.step(normative, "service-links", later)

    body = docs.client.get(f"{PUBLIC}/{normative}").json()
    assert body["service_links"] == [{"title": "补贴申领", "url": "https://zwdt.sh.gov.cn/item/1"}]
