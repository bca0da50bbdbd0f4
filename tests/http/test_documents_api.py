"""Documents through the web API, on both stores: a policy's whole life from drafting to withdrawal, the
publication deadlines on the worklist, and who may review what.

Due dates are counted by hand on the 2025 calendar (R-COUNT-1: the day itself is not counted). 4 April (清明)
is a day off; 1–8 October (国庆、中秋) are days off and Sunday 28 September and Saturday 11 October are worked.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.http.conftest import Api, assert_problem
from tests.http.document_support import DOCS, EVENT, DocApi, NothingWritten, types


@pytest.fixture
def docs(api: Api) -> DocApi:
    """The API on each store, with a drafting unit, two reviewers and a publisher, for an organ of its own."""
    return DocApi.open(api)


def _deadline(doc: dict[str, Any]) -> tuple[str, str, str, bool, bool]:
    (only,) = doc["deadlines"]
    return only["what"], only["rule"], only["due"], only["overdue"], only["provisional"]


def _published_step(docs: DocApi, before: int) -> list[Any]:
    return docs.api.gongkai.store.read_log(before, 100)


def test_a_policy_and_its_interpretation_from_drafting_to_withdrawal(docs: DocApi) -> None:
    drafter, cr, dr, publisher = docs.drafter, docs.cr, docs.dr, docs.publisher
    docs.column("policies", "政策文件")
    docs.column("interpretations", "政策解读")

    # Monday 10 March: the drafting unit registers a policy formed on Friday 7 March, and its interpretation.
    policy = docs.register(
        "policy",
        title="关于做好2025年高校毕业生就业工作的通知",
        document_number="闵人社发〔2025〕1号",
        text="为做好高校毕业生就业创业工作，现就有关事项通知如下。一次性吸纳就业补贴标准为每人1000元。",
    )
    pid = policy["id"]
    assert policy["version"] == 1
    assert policy["kind"] == "policy"
    assert policy["current_revision"] == 1
    assert policy["attribute"] is None
    assert policy["deadlines"] == []
    assert policy["publication"] is None
    assert isinstance(policy["position"], int) and policy["position"] > 0
    assert policy["revisions"][0]["drafter_id"] == drafter.person_id
    interpretation = docs.register(
        "interpretation",
        title="一图读懂高校毕业生就业政策",
        text="问：高校毕业生如何申领一次性吸纳就业补贴？答：通过一网通办线上申领。",
        interprets=pid,
        interpretation_form="graphic",
    )
    iid = interpretation["id"]
    assert interpretation["interprets"] == pid
    assert interpretation["interpretation_form"] == "graphic"

    # 主动公开 at the source: out within 20 working days of 7 March: 10–14, 17–21, 24–28 March, 31 March–3 April,
    # 4 April off → 7 April.
    policy = docs.attribute(pid)
    assert policy["attribute"] == "proactive"
    assert policy["legal_ground"] is None
    assert _deadline(policy) == ("publication", "R-DOC-TIMELY", "2025-04-07", False, False)
    assert policy["deadlines"][0]["derivation"] == "Signed and issued on 2025-03-07: out within 20 working days."
    docs.attribute(iid)

    # Both reviews by people other than the drafter, then the interpretation attached to revision 1.
    for doc_id in (pid, iid):
        doc = docs.review(doc_id)
        revision = doc["revisions"][0]
        assert revision["confidentiality"] == {
            "reviewer": {"person_id": cr.person_id, "name": cr.name, "role": "confidentiality_reviewer"},
            "passed": True,
            "findings": "",
            "reviewed_on": "2025-03-10",
        }
        assert revision["disclosure"]["reviewer"]["person_id"] == dr.person_id
        assert revision["disclosure"]["passed"] is True
    policy = docs.step(pid, "interpretations", {"interpretation_id": iid})
    assert policy["interpretations"] == [{"interpretation_id": iid, "policy_revision": 1}]

    # Tuesday 11 March: the policy goes out, and its interpretation with it, in one step.
    docs.clock.set_business_day(date(2025, 3, 11))
    before = docs.api.gongkai.store.last_position()
    body = {
        "column_id": "policies",
        "published_on": "2025-03-11",
        "channels": ["portal", "wechat"],
        "interpretation_column_id": "interpretations",
    }
    policy = docs.step(pid, "publication", body, publisher)
    assert policy["publication"] == {"revision": 1, "column_id": "policies", "published_on": "2025-03-11"}
    assert policy["first_published_on"] == "2025-03-11"
    assert policy["deadlines"] == []
    logged = _published_step(docs, before)
    assert [(str(e.event.originator_id), e.event.type_name) for e in logged] == [
        (pid, EVENT + "published"),
        (iid, EVENT + "published"),
    ]
    assert policy["position"] == logged[-1].position
    assert logged[0].event.timestamp == logged[1].event.timestamp
    interpretation = docs.read(iid)
    assert interpretation["publication"] == {
        "revision": 1,
        "column_id": "interpretations",
        "published_on": "2025-03-11",
    }
    p_out, i_out = policy["history"][-1], interpretation["history"][-1]
    assert (p_out["type"], i_out["type"]) == (EVENT + "published", EVENT + "published")
    assert p_out["timestamp"] == i_out["timestamp"]
    assert p_out["data"]["published_with"] == [iid]
    assert i_out["data"]["published_with"] == [pid]
    assert p_out["data"]["column_name"] == "政策文件"
    assert p_out["data"]["channels"] == ["portal", "wechat"]
    assert i_out["data"]["column_name"] == "政策解读"
    assert p_out["actor"] == {"person_id": publisher.person_id, "name": publisher.name, "role": "publisher"}

    # Anyone finds them.
    found = docs.search(q="高校毕业生")
    assert found["total"] == 2
    assert {hit["id"] for hit in found["items"]} == {pid, iid}
    assert docs.titles(column="policies") == ["关于做好2025年高校毕业生就业工作的通知"]
    assert docs.titles(column="interpretations") == ["一图读懂高校毕业生就业政策"]
    hit = docs.search(column="policies")["items"][0]
    assert hit["document_number"] == "闵人社发〔2025〕1号"
    assert hit["published_on"] == "2025-03-11"
    assert hit["column_name"] == "政策文件"

    # Monday 17 March: a correction (更正) is a new revision; revision 1 stays out until it is replaced.
    # Out within 20 working days of 17 March: 18–21, 24–28 March, 31 March–3 April, 7–11, 14, 15 April → 15 April.
    docs.clock.set_business_day(date(2025, 3, 17))
    correction = {
        "title": "关于做好2025年高校毕业生就业工作的通知（更正）",
        "text": "为做好高校毕业生就业创业工作，现就有关事项通知如下。一次性吸纳就业补贴标准更正为每人1500元。",
        "changed_on": "2025-03-17",
        "reason": "补贴标准笔误",
        "is_correction": True,
    }
    policy = docs.step(pid, "revisions", correction)
    assert policy["current_revision"] == 2
    assert policy["title"] == correction["title"]
    assert policy["publication"]["revision"] == 1
    assert policy["revisions"][1]["confidentiality"] is None
    assert _deadline(policy) == ("publication", "R-DOC-TIMELY", "2025-04-15", False, False)
    assert policy["deadlines"][0]["derivation"] == (
        "Changed after publication (revision 2) on 2025-03-17: out within 20 working days."
    )
    assert policy["history"][-1]["data"]["is_correction"] is True
    assert docs.search(q="更正")["total"] == 0
    assert docs.titles(column="policies") == ["关于做好2025年高校毕业生就业工作的通知"]
    (line,) = [i for i in docs.worklist()["items"] if i["id"] == pid]
    assert line["stage"] == "awaiting_confidentiality_review"
    assert line["current_revision"] == 2

    # Reviewed again: revision 2 needs reviews of its own.
    docs.review(pid, revision=2)

    # Not without an approved interpretation of revision 2 going out with it (R-DOC-INTERPRET)...
    body["published_on"] = "2025-03-17"
    unchanged = NothingWritten(docs, pid, iid)
    response = docs.client.post(f"{DOCS}/{pid}/publication", json=body, headers=publisher.headers)
    assert_problem(response, 422, "R-DOC-INTERPRET")
    unchanged.check()
    docs.step(pid, "interpretations", {"interpretation_id": iid})
    # ...and the interpretation already out went with the first publication, not this one.
    unchanged = NothingWritten(docs, pid, iid)
    response = docs.client.post(f"{DOCS}/{pid}/publication", json=body, headers=publisher.headers)
    assert "out already" in assert_problem(response, 422, "R-DOC-INTERPRET")["detail"]
    unchanged.check()
    docs.step(
        iid, "revisions", {**correction, "title": "一图读懂高校毕业生就业政策（更正）", "text": "补贴每人1500元。"}
    )
    docs.review(iid, revision=2)

    # Tuesday 18 March: the correction goes out, with the corrected interpretation.
    docs.clock.set_business_day(date(2025, 3, 18))
    policy = docs.step(pid, "publication", {**body, "published_on": "2025-03-18"}, publisher)
    assert policy["publication"] == {"revision": 2, "column_id": "policies", "published_on": "2025-03-18"}
    assert policy["first_published_on"] == "2025-03-11"
    assert policy["deadlines"] == []
    assert docs.read(iid)["publication"]["revision"] == 2
    assert docs.titles(q="更正", column="policies") == [correction["title"]]
    assert docs.search(q="1500元")["total"] == 2

    # Thursday 20 March: withdrawn, with the reason, its interpretation with it; neither is found any more.
    docs.clock.set_business_day(date(2025, 3, 20))
    policy = docs.step(pid, "withdrawal", {"withdrawn_on": "2025-03-20", "reason": "政策已废止"}, publisher)
    assert policy["publication"] is None
    assert policy["withdrawn_on"] == "2025-03-20"
    assert policy["deadlines"] == []
    assert docs.search(q="更正", column="policies")["total"] == 0
    assert docs.search(column="policies")["total"] == 0
    interpretation = docs.read(iid)
    assert interpretation["publication"] is None
    taken_down = interpretation["history"][-1]
    assert taken_down["data"]["reason"] == "withdrawn with the document it interprets: 政策已废止"
    assert taken_down["timestamp"] == policy["history"][-1]["timestamp"]
    again = {"withdrawn_on": "2025-03-20", "reason": "随政策废止"}
    response = docs.client.post(f"/api/v1/documents/{iid}/withdrawal", json=again, headers=publisher.headers)
    assert response.status_code == 409 and response.json()["code"] == "R-DOC-WITHDRAW"
    assert docs.search()["total"] == 0
    assert docs.search(q="高校毕业生")["total"] == 0
    (line,) = [i for i in docs.worklist()["items"] if i["id"] == pid]
    assert line["stage"] == "withdrawn"

    # The history shows every step, who took it and in which role (R-DOC-WITHDRAW: events, never edits).
    policy = docs.read(pid)
    assert policy["version"] == 12
    assert types(policy) == [
        "registered",
        "attribute_set",
        "confidentiality_reviewed",
        "disclosure_reviewed",
        "interpretation_attached",
        "published",
        "revised",
        "confidentiality_reviewed",
        "disclosure_reviewed",
        "interpretation_attached",
        "published",
        "withdrawn",
    ]
    assert [e["version"] for e in policy["history"]] == list(range(1, 13))
    roles = {
        "registered": drafter,
        "attribute_set": drafter,
        "confidentiality_reviewed": cr,
        "disclosure_reviewed": dr,
        "interpretation_attached": drafter,
        "published": publisher,
        "revised": drafter,
        "withdrawn": publisher,
    }
    role_names = {drafter.person_id: "drafter", cr.person_id: "confidentiality_reviewer"}
    role_names |= {dr.person_id: "disclosure_reviewer", publisher.person_id: "publisher"}
    for event in policy["history"]:
        who = roles[event["type"].removeprefix(EVENT)]
        assert event["actor"] == {"person_id": who.person_id, "name": who.name, "role": role_names[who.person_id]}
    assert policy["history"][-1]["data"]["reason"] == "政策已废止"
    assert policy["history"][6]["data"]["reason"] == "补贴标准笔误"
    assert [r["number"] for r in policy["revisions"]] == [1, 2]
    assert types(docs.read(iid)) == [
        "registered",
        "attribute_set",
        "confidentiality_reviewed",
        "disclosure_reviewed",
        "published",
        "revised",
        "confidentiality_reviewed",
        "disclosure_reviewed",
        "published",
        "withdrawn",
    ]

    # As it stood: at version 6 (first published), at version 7 (corrected, revision 1 still out), on 12 March.
    first = docs.read(pid, as_of_version=6)
    assert first["version"] == 6
    assert first["current_revision"] == 1
    assert first["title"] == "关于做好2025年高校毕业生就业工作的通知"
    assert first["publication"] == {"revision": 1, "column_id": "policies", "published_on": "2025-03-11"}
    assert first["withdrawn_on"] is None
    assert len(first["history"]) == 6
    corrected = docs.read(pid, as_of_version=7)
    assert corrected["current_revision"] == 2
    assert corrected["publication"]["revision"] == 1
    assert corrected["deadlines"][0]["due"] == "2025-04-15"
    assert docs.read(pid, as_of="2025-03-12T12:00:00+08:00")["version"] == 6
    assert docs.read(pid, as_of="2025-03-10T23:59:59+08:00")["version"] == 5


def test_a_licensing_decision_is_due_in_seven_working_days_across_national_day(docs: DocApi) -> None:
    """R-DOC-DUAL: a decision of Friday 26 September is due 13 October: Sunday 28 September (1), 29, 30 September
    (3), 1–8 October off, 9, 10 October (5), Saturday 11 October (6), Monday 13 October (7)."""
    docs.clock.set_business_day(date(2025, 9, 26))
    one, two = "许可一科", "许可二科"
    licence = docs.register("licensing_decision", title="准予行政许可决定书", formed_on="2025-09-26", department=one)
    lid = licence["id"]
    # 15 September: 16–19, 22–24 September → due 24 September: overdue on the 26th.
    old = docs.register("licensing_decision", title="旧许可决定书", formed_on="2025-09-15", department=two)["id"]
    # Work information: 20 working days (R-DOC-TIMELY): 28–30 Sept, 9–11, 13–17, 20–24, 27–30 October → 30 October.
    work = docs.register("work_information", title="工作动态", formed_on="2025-09-26", department=one)["id"]
    unset = docs.register("work_information", title="未认定属性", formed_on="2025-09-26", department=two)["id"]
    withheld = docs.register("work_information", title="内部事务", formed_on="2025-09-26", department=one)["id"]
    for doc_id in (lid, old, work):
        docs.attribute(doc_id)
    docs.step(withheld, "attribute", {"attribute": "withheld", "legal_ground": "《条例》第十六条 内部事务信息"})

    licence = docs.read(lid)
    assert _deadline(licence) == ("publication", "R-DOC-DUAL", "2025-10-13", False, False)
    assert licence["deadlines"][0]["derivation"] == (
        "Licensing decision of 2025-09-26: published within 7 working days."
    )
    assert _deadline(docs.read(old)) == ("publication", "R-DOC-DUAL", "2025-09-24", True, False)
    assert _deadline(docs.read(work)) == ("publication", "R-DOC-TIMELY", "2025-10-30", False, False)
    assert docs.read(withheld)["deadlines"] == []

    def ids(**params: Any) -> list[str]:
        return [item["id"] for item in docs.worklist(**params)["items"]]

    # Soonest due first; those with no deadline last.
    page = docs.worklist()
    assert page["total"] == 5
    assert [i["id"] for i in page["items"][:3]] == [old, lid, work]
    assert set(ids()[3:]) == {unset, withheld}
    first = page["items"][1]
    assert first["title"] == "准予行政许可决定书"
    assert first["stage"] == "awaiting_confidentiality_review"
    assert first["overdue"] is False
    assert first["deadlines"][0]["due"] == "2025-10-13"
    assert first["drafter_id"] == docs.drafter.person_id
    assert page["items"][0]["overdue"] is True

    assert ids(overdue=True) == [old]
    assert set(ids(overdue=False)) == {lid, work, unset, withheld}
    # Within 6 working days of 26 September is up to 11 October; within 7, up to 13 October.
    assert ids(due_within=6) == []
    assert ids(due_within=7) == [lid]
    assert ids(due_within=20) == [lid, work]
    assert ids(due_within=20, department=one) == [lid, work]
    assert ids(department=two) == [old, unset]
    assert ids(stage="awaiting_attribute") == [unset]
    assert set(ids(stage=["awaiting_attribute", "awaiting_confidentiality_review"])) == {
        unset,
        old,
        lid,
        work,
        withheld,
    }
    paged = docs.worklist(page=2, page_size=2)
    assert paged["total"] == 5 and paged["page"] == 2 and paged["page_size"] == 2
    assert [i["id"] for i in paged["items"]] == ids()[2:4]

    # On 13 October the decision is due, not yet overdue; on the 14th it is.
    docs.clock.set_business_day(date(2025, 10, 13))
    assert ids(overdue=True) == [old]
    assert ids(due_within=1) == [lid]
    docs.clock.set_business_day(date(2025, 10, 14))
    assert ids(overdue=True) == [old, lid]
    assert docs.read(lid)["deadlines"][0]["overdue"] is True

    # Once published, nothing is due (the decision of 15 September went out late, on 14 October).
    docs.column("licences", "行政许可")
    for doc_id in (old, lid):
        docs.review(doc_id)
        docs.publish(doc_id, "licences", "2025-10-14")
    assert ids(overdue=True) == []
    assert docs.read(lid)["deadlines"] == []
    assert set(ids(stage="published")) == {old, lid}


def test_a_changed_penalty_decision_is_withdrawn_within_three_working_days(docs: DocApi) -> None:
    """R-DOC-DUAL (行政处罚法 Art. 48): changed on Tuesday 30 September → 9, 10 October, Saturday 11 October."""
    docs.clock.set_business_day(date(2025, 9, 30))
    docs.column("penalties", "行政处罚")
    pid = docs.cleared("penalty_decision", title="行政处罚决定书", formed_on="2025-09-26")
    docs.publish(pid, "penalties", "2025-09-29")
    change = {"change": "revoked", "changed_on": "2025-09-30", "reason": "复议决定撤销原处罚"}
    doc = docs.step(pid, "penalty-change", change)
    assert doc["penalty_change"] == {"change": "revoked", "changed_on": "2025-09-30"}
    assert _deadline(doc) == ("withdrawal", "R-DOC-DUAL", "2025-10-11", False, False)
    assert doc["history"][-1]["type"] == EVENT + "penalty_changed"
    assert doc["history"][-1]["actor"]["role"] == "drafter"
    assert [i["id"] for i in docs.worklist(due_within=3)["items"]] == [pid]
    docs.clock.set_business_day(date(2025, 10, 13))
    assert [i["id"] for i in docs.worklist(overdue=True)["items"]] == [pid]

    doc = docs.step(pid, "withdrawal", {"withdrawn_on": "2025-10-13", "reason": "处罚决定已撤销"}, docs.publisher)
    assert doc["deadlines"] == []
    assert docs.worklist(overdue=True)["total"] == 0
    assert docs.search(kind="penalty_decision")["total"] == 0


def test_awaiting_my_review_lists_what_i_may_review_and_not_what_i_drafted(docs: DocApi) -> None:
    both, cr, dr = docs.both, docs.cr, docs.dr
    mine = docs.register(title="兼任者起草", who=both)["id"]
    theirs = docs.register(title="他人起草")["id"]
    unset = docs.register(title="未认定")["id"]
    docs.attribute(mine, who=both)
    docs.attribute(theirs)
    assert docs.read(mine)["history"][0]["actor"]["role"] == "drafter"

    def awaiting(who: Any) -> list[str]:
        return sorted(i["id"] for i in docs.worklist(who, awaiting_my_review=True)["items"])

    assert awaiting(cr) == sorted([mine, theirs])
    assert awaiting(both) == [theirs]
    assert awaiting(dr) == []
    assert awaiting(docs.drafter) == []
    assert awaiting(docs.publisher) == []
    assert unset not in awaiting(cr)

    # The reviewer who also drafts reviews the other's document, recorded in the reviewer's role.
    doc = docs.step(theirs, "confidentiality-review", {"revision": 1, "passed": True}, both)
    assert doc["history"][-1]["actor"] == {
        "person_id": both.person_id,
        "name": both.name,
        "role": "confidentiality_reviewer",
    }
    assert awaiting(cr) == [mine]
    assert awaiting(dr) == [theirs]
    assert awaiting(both) == [theirs]

    # A new revision by someone else makes the reviewer-drafter free to review it.
    docs.step(
        mine,
        "revisions",
        {"title": "周起草修订", "text": "修订稿", "changed_on": "2025-03-10", "reason": "补充"},
        docs.drafter2,
    )
    assert awaiting(both) == sorted([mine, theirs])
    doc = docs.step(mine, "confidentiality-review", {"revision": 2, "passed": True}, both)
    assert doc["revisions"][1]["confidentiality"]["reviewer"]["person_id"] == both.person_id


def test_a_failed_review_needs_a_new_revision_and_reviews_never_carry_over(docs: DocApi) -> None:
    doc_id = docs.register()["id"]
    docs.attribute(doc_id)
    findings = {"revision": 1, "passed": False, "findings": "含有个人身份证号码"}
    doc = docs.step(doc_id, "confidentiality-review", findings, docs.cr)
    assert doc["revisions"][0]["confidentiality"]["passed"] is False
    assert doc["history"][-1]["data"]["findings"] == "含有个人身份证号码"
    (line,) = docs.worklist()["items"]
    assert line["stage"] == "not_cleared"

    revised = {
        "title": "通知（删除个人信息）",
        "text": "已删除个人信息",
        "changed_on": "2025-03-10",
        "reason": "保密审查意见",
    }
    doc = docs.step(doc_id, "revisions", revised)
    assert doc["current_revision"] == 2
    assert doc["revisions"][1]["confidentiality"] is None
    (line,) = docs.worklist()["items"]
    assert line["stage"] == "awaiting_confidentiality_review"
    docs.review(doc_id, revision=2)
    (line,) = docs.worklist()["items"]
    assert line["stage"] == "ready"
    docs.column("work", "工作动态")
    doc = docs.publish(doc_id, "work")
    assert doc["publication"]["revision"] == 2
    assert docs.titles() == ["通知（删除个人信息）"]


def test_a_normative_document_carries_its_service_links(docs: DocApi) -> None:
    """R-DOC-LINK (阅办联动) and R-DOC-INTERPRET: a normative document goes out with its links and interpretation."""
    docs.column("normative", "规范性文件")
    nid = docs.cleared("normative", title="就业补贴管理办法", has_service_items=True)
    link = {"title": "一次性吸纳就业补贴申领", "url": "https://zwdt.sh.gov.cn/govPortals/item/123"}
    doc = docs.step(nid, "service-links", {"links": [link]})
    assert doc["service_links"] == [link]
    assert doc["has_service_items"] is True
    iid = docs.cleared("interpretation", title="管理办法解读", interprets=nid, interpretation_form="qa")
    docs.step(nid, "interpretations", {"interpretation_id": iid})
    doc = docs.publish(nid, "normative")
    assert doc["publication"]["column_id"] == "normative"
    assert docs.read(iid)["publication"]["column_id"] == "normative"
    assert docs.search(kind="normative")["total"] == 1


def test_a_follow_up_interpretation_goes_out_alone_after_its_policy(docs: DocApi) -> None:
    """跟踪解读: added after the policy is out, it is published on its own."""
    docs.column("policies", "政策文件")
    pid, first = docs.policy_pair()
    docs.publish(pid, "policies")
    assert docs.read(first)["history"][-1]["data"]["published_with"] == [pid]
    follow_up = docs.cleared("interpretation", title="跟踪解读", interprets=pid, interpretation_form="case_analysis")
    doc = docs.publish(follow_up, "policies")
    assert doc["publication"]["revision"] == 1
    assert doc["history"][-1]["data"]["published_with"] == []
    # Attached to the policy's revision that is out, in the same step, so the policy's withdrawal takes it down.
    policy = docs.read(pid)
    assert policy["version"] == 7
    assert policy["history"][-1]["data"] == {"interpretation_id": follow_up, "policy_revision": 1}
    withdrawal = {"withdrawn_on": docs.today().isoformat(), "reason": "政策废止"}
    down = docs.step(pid, "withdrawal", withdrawal, docs.publisher)
    assert down["publication"] is None and docs.read(follow_up)["publication"] is None
    assert docs.search()["total"] == 0


def test_an_interpretation_attached_in_error_is_detached_before_it_goes_out(docs: DocApi) -> None:
    docs.column("policies", "政策文件")
    pid, right = docs.policy_pair()
    wrong = docs.register("interpretation", title="误附的解读", interprets=pid, interpretation_form="qa")["id"]
    docs.step(pid, "interpretations", {"interpretation_id": wrong})
    detach = f"/api/v1/documents/{pid}/interpretations/detachment"

    # Not yet reviewed, the wrong one holds the policy up; a detachment needs a reason and a drafter.
    body = {"column_id": "policies", "published_on": docs.today().isoformat()}
    held = docs.client.post(f"/api/v1/documents/{pid}/publication", json=body, headers=docs.publisher.headers)
    assert held.status_code == 422 and held.json()["code"] == "R-DOC-INTERPRET"
    unchanged = NothingWritten(docs, pid)
    blank = docs.client.post(detach, json={"interpretation_id": wrong, "reason": " "}, headers=docs.drafter.headers)
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "reason"
    by_publisher = {"interpretation_id": wrong, "reason": "附错了解读"}
    assert docs.client.post(detach, json=by_publisher, headers=docs.publisher.headers).status_code == 403
    unchanged.check()

    policy = docs.step(pid, "interpretations/detachment", {"interpretation_id": wrong, "reason": "附错了解读"})
    assert policy["interpretations"] == [{"interpretation_id": right, "policy_revision": 1}]
    assert types(policy)[-1] == "interpretation_detached"
    assert policy["history"][-1]["data"]["reason"] == "附错了解读"

    published = docs.publish(pid, "policies")
    assert published["history"][-1]["data"]["published_with"] == [right]
    # Out, an interpretation is withdrawn, not detached.
    out = docs.client.post(detach, json={"interpretation_id": right, "reason": "误附"}, headers=docs.drafter.headers)
    assert out.status_code == 409 and out.json()["code"] == "R-DOC-INTERPRET"


@pytest.mark.parametrize("attribute", ["on_request", "withheld"])
def test_a_document_not_proactive_states_its_ground_and_is_never_due(docs: DocApi, attribute: str) -> None:
    doc_id = docs.register()["id"]
    body = {"attribute": attribute, "legal_ground": "  《政府信息公开条例》第十六条  "}
    doc = docs.step(doc_id, "attribute", body)
    assert doc["attribute"] == attribute
    assert doc["legal_ground"] == "《政府信息公开条例》第十六条"
    assert doc["deadlines"] == []
    assert doc["history"][-1]["data"] == {"attribute": attribute, "legal_ground": "《政府信息公开条例》第十六条"}
    (line,) = docs.worklist()["items"]
    assert line["deadlines"] == [] and line["overdue"] is False


def test_a_step_answers_with_the_whole_history_as_a_read_does(docs: DocApi) -> None:
    doc_id = docs.register()["id"]
    stepped = docs.attribute(doc_id)
    assert stepped["history_scope"] == "whole_case"
    assert types(stepped) == ["registered", "attribute_set"]
    read = docs.read(doc_id)
    assert read["history_scope"] == "whole_case"
    assert types(read) == ["registered", "attribute_set"]
    assert stepped["text"] == read["text"]
    assert stepped["deadlines"] == read["deadlines"] and stepped["version"] == read["version"]
