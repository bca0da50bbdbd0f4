"""Consultations through the web API on both stores: staff open one on a draft, the public reads and comments without
a token, staff enter letters, give dispositions and publish the adoption report; every refusal is a problem naming its
rule, and writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.http.throttle import RATE_VARIABLE
from domain.actors import Role
from tests.http.conftest import assert_problem
from tests.http.consultation_support import CLOSES, COMMENTER, PUBLIC, STAFF, ConApi
from tests.http.document_support import DocApi, shared_api, staff
from tests.support import credential


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DocApi]:
    """The API on each store, kept for the module: the same people throughout. The public endpoints' rate limit is
    off: the module's tests together send more public requests than one client may in a minute (the limit has tests
    of its own)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(RATE_VARIABLE, "off")
        yield from shared_api(request, tmp_path_factory)


@pytest.fixture
def con(shared: DocApi) -> ConApi:
    """A draft policy with its interpretation in an organ of the test's own, the clock on Monday 10 March 2025."""
    return ConApi.open(shared.fresh())


class NothingWritten:
    """The log's position before a refused step: it must not move."""

    def __init__(self, con: ConApi) -> None:
        self.con = con
        self.position = con.api.gongkai.store.last_position()

    def check(self) -> None:
        """The log did not move."""
        assert self.con.api.gongkai.store.last_position() == self.position


def test_a_consultation_puts_the_draft_and_its_interpretation_before_the_public(con: ConApi) -> None:
    opened = con.consult()
    assert (opened["document_id"], opened["revision"], opened["closes_on"]) == (con.policy, 1, CLOSES)
    assert opened["opened_by"]["role"] == "drafter"
    assert opened["position"] > 0
    public = con.public(f"/{opened['id']}")
    assert public["text"].startswith("为做好高校毕业生就业创业工作")
    assert public["draft_interpretation"].startswith("一问一答")
    assert (public["open"], public["report_published"], public["urgency_reason"]) == (True, False, None)
    assert public["closes_at"] == "2025-03-20T00:00:00+08:00"  # the end of 19 March in Shanghai
    listed = con.public("", organ=con.docs.organ, position=opened["position"])
    assert [c["id"] for c in listed["items"]] == [opened["id"]]


def test_the_public_comments_without_a_token_and_gets_a_receipt(con: ConApi) -> None:
    consultation = con.consult()["id"]  # at 10:00
    con.docs.clock.advance(minutes=30)
    receipt = con.comment_online(consultation)
    assert receipt["consultation_id"] == consultation
    letter = con.comment_by_letter(consultation, received_at="2025-03-10T10:10:00+08:00")
    comments = con.read(consultation, con.api.clerk)["comments"]
    assert [c["id"] for c in comments] == [letter["id"], receipt["comment_id"]]  # oldest first
    assert [c["channel"] for c in comments] == ["letter", "online"]
    assert comments[1]["commenter"]["name"] == "张三"


def test_drafters_see_comments_without_who_made_them(con: ConApi) -> None:
    consultation = con.consult()["id"]
    con.comment_online(consultation)
    [comment] = con.read(consultation, con.docs.drafter)["comments"]
    assert comment["commenter"] is None
    assert comment["comment"] == "建议简化申领材料。"


def test_no_comment_after_the_closing_day(con: ConApi) -> None:
    consultation = con.consult()["id"]
    con.docs.clock.set_business_day(date(2025, 3, 20))
    unchanged = NothingWritten(con)
    body = {"commenter": COMMENTER, "comment": "迟到的意见"}
    assert_problem(con.client.post(f"{PUBLIC}/{consultation}/comments", json=body), 422, "R-CON-WINDOW")
    staff_body = {"channel": "letter", "commenter": COMMENTER, "comment": "迟到的信"}
    response = con.client.post(f"{STAFF}/{consultation}/comments", json=staff_body, headers=con.api.clerk.headers)
    assert_problem(response, 422, "R-CON-WINDOW")
    unchanged.check()
    assert con.public(f"/{consultation}")["open"] is False


def test_a_period_shorter_than_the_rule_needs_a_published_urgency_reason(con: ConApi) -> None:
    unchanged = NothingWritten(con)
    body = {
        "document_id": con.policy,
        "revision": 1,
        "category": "other_normative",
        "draft_interpretation": "解读",
        "closes_on": "2025-03-18",
        "channels": ["online"],
    }
    response = con.client.post(STAFF, json=body, headers=con.docs.drafter.headers)
    problem = assert_problem(response, 422, "R-CON-PERIOD", "closes_on")
    assert "2025-03-19" in problem["detail"]
    unchanged.check()
    urgent = con.consult(closes_on="2025-03-14", urgency_reason="落实上级部署，须于三月下旬出台")
    assert con.public(f"/{urgent['id']}")["urgency_reason"] == "落实上级部署，须于三月下旬出台"


def test_a_consultation_is_on_a_document_that_exists_and_is_a_draft(con: ConApi) -> None:
    body = {
        "document_id": "7d4e1c52-3f7a-4b8e-9c1d-2a6b5e8f0c13",
        "revision": 1,
        "category": "major_decision",
        "draft_interpretation": "解读",
        "closes_on": "2025-04-30",
        "channels": ["online"],
    }
    assert_problem(con.client.post(STAFF, json=body, headers=con.docs.drafter.headers), 404, "R-NOT-FOUND")
    body |= {"document_id": con.policy, "revision": 2}
    assert_problem(con.client.post(STAFF, json=body, headers=con.docs.drafter.headers), 422, "R-CON-DRAFT", "revision")
    con.publish_final(date(2025, 3, 10))
    body |= {"revision": 1}
    assert_problem(con.client.post(STAFF, json=body, headers=con.docs.drafter.headers), 409, "R-CON-DRAFT")


def test_bad_input_is_refused_naming_the_field(con: ConApi) -> None:
    consultation = con.consult()["id"]
    unchanged = NothingWritten(con)
    url = f"{PUBLIC}/{consultation}/comments"
    extra = {"commenter": COMMENTER, "comment": "意见", "channel": "letter"}
    assert_problem(con.client.post(url, json=extra), 400, "R-INPUT")
    too_long = {"commenter": COMMENTER, "comment": "长" * 10_001}
    assert_problem(con.client.post(url, json=too_long), 400, "R-INPUT")
    blank = {"commenter": COMMENTER, "comment": "   "}
    assert_problem(con.client.post(url, json=blank), 422, "R-VALUE", "comment")
    nameless = {"commenter": {"name": " "}, "comment": "意见"}
    assert_problem(con.client.post(url, json=nameless), 422, "R-VALUE")
    fax = {"channel": "fax", "commenter": COMMENTER, "comment": "传真意见"}
    response = con.client.post(f"{STAFF}/{consultation}/comments", json=fax, headers=con.api.clerk.headers)
    assert_problem(response, 422, "R-CON-WINDOW", "channel")
    unchanged.check()


def test_unknown_consultations_and_unpublished_reports_are_not_found(con: ConApi) -> None:
    unknown = "0b7c9a3e-5d21-4f6a-8e0b-1c2d3e4f5a6b"
    assert_problem(con.client.get(f"{PUBLIC}/{unknown}"), 404, "R-NOT-FOUND")
    body = {"commenter": COMMENTER, "comment": "意见"}
    assert_problem(con.client.post(f"{PUBLIC}/{unknown}/comments", json=body), 404, "R-NOT-FOUND")
    consultation = con.consult()["id"]
    assert_problem(con.client.get(f"{PUBLIC}/{consultation}/adoption-report"), 404, "R-NOT-FOUND")


def _disposed_and_published(con: ConApi) -> tuple[str, list[str]]:
    consultation = con.consult()["id"]
    first = con.comment_online(consultation)["comment_id"]
    con.docs.clock.advance(minutes=5)
    second = con.comment_by_letter(consultation)["id"]
    con.dispose(consultation, first, "adopted", "已在第三条中简化申领材料")
    con.dispose(consultation, second, "not_adopted", "申领期限由上级文件规定")
    con.publish_final(date(2025, 3, 24))
    return consultation, [first, second]


def test_the_adoption_report_is_published_after_the_final_document_with_no_personal_data(con: ConApi) -> None:
    consultation, [first, second] = _disposed_and_published(con)
    body = {"summary": "共收到意见2条，采纳1条，未采纳1条。"}
    response = con.client.post(f"{STAFF}/{consultation}/adoption-report", json=body, headers=con.docs.publisher.headers)
    assert response.status_code == 200, response.text
    assert response.json()["report"]["adopted"] == 1
    report = con.public(f"/{consultation}/adoption-report")
    assert (report["adopted"], report["partly_adopted"], report["not_adopted"]) == (1, 0, 1)
    assert [(i["comment_id"], i["disposition"]) for i in report["items"]] == [
        (first, "adopted"),
        (second, "not_adopted"),
    ]
    assert report["items"][1]["reason"] == "申领期限由上级文件规定"
    text = str(report)
    for private in ("张三", "13912345678", "李四", "建议简化申领材料"):
        assert private not in text
    assert con.public(f"/{consultation}")["report_published"] is True


def test_no_report_before_the_final_document_or_while_a_comment_lacks_its_disposition(con: ConApi) -> None:
    consultation = con.consult()["id"]
    waiting = con.comment_online(consultation)["comment_id"]
    con.docs.clock.set_business_day(date(2025, 3, 20))
    url = f"{STAFF}/{consultation}/adoption-report"
    unchanged = NothingWritten(con)
    response = con.client.post(url, json={}, headers=con.docs.publisher.headers)
    assert "final document" in assert_problem(response, 422, "R-CON-ADOPT")["detail"]
    unchanged.check()
    con.publish_final(date(2025, 3, 24))
    unchanged = NothingWritten(con)
    response = con.client.post(url, json={}, headers=con.docs.publisher.headers)
    assert "disposition" in assert_problem(response, 422, "R-CON-ADOPT")["detail"]
    unchanged.check()
    con.dispose(consultation, waiting, "partly_adopted", "部分采纳")
    assert con.client.post(url, json={}, headers=con.docs.publisher.headers).status_code == 200


def test_a_disposition_needs_a_reason_and_is_given_once(con: ConApi) -> None:
    consultation = con.consult()["id"]
    comment = con.comment_online(consultation)["comment_id"]
    url = f"{STAFF}/{consultation}/comments/{comment}/disposition"
    headers = con.docs.drafter.headers
    unchanged = NothingWritten(con)
    response = con.client.post(url, json={"disposition": "adopted", "reason": " "}, headers=headers)
    assert_problem(response, 422, "R-CON-ADOPT", "reason")
    unchanged.check()
    disposed = con.dispose(consultation, comment, "adopted", "采纳")
    assert (disposed["disposition"], disposed["disposed_by"]["role"]) == ("adopted", "drafter")
    response = con.client.post(url, json={"disposition": "not_adopted", "reason": "改"}, headers=headers)
    assert_problem(response, 409, "R-CON-ADOPT")
    other = con.consult()["id"]
    wrong = f"{STAFF}/{other}/comments/{comment}/disposition"
    response = con.client.post(wrong, json={"disposition": "adopted", "reason": "采纳"}, headers=headers)
    assert_problem(response, 404, "R-NOT-FOUND")


def test_staff_lists_consultations_closing_soon_and_those_awaiting_their_report(con: ConApi) -> None:
    soon = con.consult()["id"]  # closes Wed 19 March
    later = con.consult(closes_on="2025-04-30", category="major_decision")["id"]
    drafter = con.docs.drafter.headers
    organ = con.docs.organ

    def ids(**params: Any) -> list[str]:
        response = con.client.get(STAFF, params={"organ": organ, **params}, headers=drafter)
        assert response.status_code == 200, response.text
        return [c["id"] for c in response.json()["items"]]

    assert ids() == [soon, later]
    assert ids(closing_within=7) == [soon]
    con.docs.clock.set_business_day(date(2025, 3, 20))
    assert ids(awaiting_report="true") == [soon]
    assert con.public("", organ=organ)["items"][0]["id"] == later


def test_comments_awaiting_a_disposition_after_the_close_are_listed_without_who_made_them(con: ConApi) -> None:
    consultation = con.consult()["id"]
    waiting = con.comment_online(consultation)["comment_id"]
    done = con.comment_by_letter(consultation)["id"]
    con.dispose(consultation, done)
    url = f"{STAFF}/comments-awaiting-disposition"
    params = {"organ": con.docs.organ}
    before = con.client.get(url, params=params, headers=con.docs.drafter.headers).json()
    assert before["items"] == []
    con.docs.clock.set_business_day(date(2025, 3, 20))
    after = con.client.get(url, params=params, headers=con.docs.drafter.headers).json()
    assert [c["id"] for c in after["items"]] == [waiting]
    assert "commenter" not in after["items"][0]


def test_roles_outside_the_table_are_refused(con: ConApi) -> None:
    consultation = con.consult()["id"]
    clerk_opens = con.client.post(
        STAFF,
        json={
            "document_id": con.policy,
            "revision": 1,
            "category": "other_normative",
            "draft_interpretation": "解读",
            "closes_on": CLOSES,
            "channels": ["online"],
        },
        headers=con.api.clerk.headers,
    )
    assert_problem(clerk_opens, 403, "R-ROLE")
    body = {"channel": "letter", "commenter": COMMENTER, "comment": "意见"}
    drafter_enters = con.client.post(f"{STAFF}/{consultation}/comments", json=body, headers=con.docs.drafter.headers)
    assert_problem(drafter_enters, 403, "R-ROLE")
    integrator = staff(con.api, "对接系统", Role.INTEGRATOR)
    assert_problem(con.client.get(f"{STAFF}/{consultation}", headers=integrator.headers), 403, "R-ROLE")


def test_a_commenters_personal_data_is_sealed_per_person_and_erased_like_an_applicants(con: ConApi) -> None:
    consultation = con.consult()["id"]
    con.comment_online(consultation)
    [comment] = con.read(consultation, con.api.clerk)["comments"]
    person = comment["commenter"]["person_id"]
    assert person
    head = credential(Role.OFFICE_HEAD)
    exported = con.api.gongkai.privacy.export(person, head)
    assert "13912345678" in str(exported)
    con.api.gongkai.privacy.erase(person, "意见人要求删除个人信息", head)
    [erased] = con.read(consultation, con.api.clerk)["comments"]
    assert erased["commenter"]["name"] == "（已删除）"
    assert erased["commenter"]["phone"] is None
    assert erased["comment"] == comment["comment"]


def test_the_consultation_lists_say_how_far_they_are_behind(con: ConApi) -> None:
    body = con.client.get("/health/ready").json()
    assert {"consultations", "comments"} <= set(body["read_models"])


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)
COMMENT_LIKE = st.fixed_dictionaries(
    {},
    optional={
        "commenter": st.one_of(JSON, st.fixed_dictionaries({"name": st.text(max_size=5)}, optional={"phone": JSON})),
        "comment": st.one_of(JSON, st.text(max_size=30)),
        "channel": JSON,
    },
)


@pytest.fixture
def consulting(con: ConApi) -> tuple[ConApi, str]:
    """An open consultation."""
    return con, con.consult()["id"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(JSON, COMMENT_LIKE))
def test_whatever_the_public_sends_is_answered_without_a_500(consulting: tuple[ConApi, str], body: Any) -> None:
    con, consultation = consulting
    response = con.client.post(f"{PUBLIC}/{consultation}/comments", json=body)
    assert response.status_code in (201, 400, 422), response.text
    if response.status_code != 201:
        assert response.headers["content-type"].startswith("application/problem+json")


def test_staff_list_by_status_and_comments_awaiting_before_the_close(con: ConApi) -> None:
    open_one = con.consult(closes_on="2025-04-30", category="major_decision")["id"]
    waiting = con.comment_online(open_one)["comment_id"]
    consultation, _ = _disposed_and_published(con)  # closed on 19 March; the clock stands on 24 March
    drafter = con.docs.drafter.headers
    url = f"{STAFF}/{consultation}/adoption-report"
    assert con.client.post(url, json={}, headers=con.docs.publisher.headers).status_code == 200

    def ids(path: str, **params: Any) -> list[str]:
        response = con.client.get(path, params={"organ": con.docs.organ, **params}, headers=drafter)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert ids(STAFF, status="reported") == [consultation]
    assert ids(STAFF, status="consulting") == [open_one]
    awaiting = f"{STAFF}/comments-awaiting-disposition"
    assert ids(awaiting) == []  # its consultation is still open
    assert ids(awaiting, after_close="false") == [waiting]
