"""Every refusal on a document reaches the client as an RFC 9457 problem with the right status and code, on
both stores, and nothing is written: neither the log's last position nor any document's version moves.

Rule refusals are 422 with the R-DOC code; the drafter of a revision reviewing it and a person without the
role are 403; a step out of order is 409; malformed input is 400 naming the field; never a 500.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from tests.http.conftest import assert_problem
from tests.http.document_support import DOCS, DocApi, NothingWritten, new_document, shared_api
from tests.support import unique


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DocApi]:
    """The API on each store, kept for the module: the same people throughout."""
    yield from shared_api(request, tmp_path_factory)


@pytest.fixture
def docs(shared: DocApi) -> DocApi:
    """An organ of the test's own, with a catalogue of one open column ('work') and one retired ('old')."""
    d = shared.fresh()
    d.column("work", "工作动态")
    d.column("old", "旧栏目")
    ok = d.client.post(
        f"/api/v1/catalogue/{d.organ}/columns/old/retirement", json={"reason": "栏目调整"}, headers=d.publisher.headers
    )
    assert ok.status_code == 200, ok.text
    return d


def _who(docs: DocApi, who: str | None) -> dict[str, str]:
    if who is None:
        return {}
    if who == "stranger":
        return {"Authorization": "Bearer not-a-token-anyone-was-given"}
    person = getattr(docs, who)
    return dict(person.headers)


REVISION_2 = {"title": "修订稿", "text": "修订后的正文", "changed_on": "2025-03-10", "reason": "补充内容"}


def _publish(d: DocApi, doc_id: str) -> None:
    d.publish(doc_id, "work")


# Each state prepares documents and returns their ids; "doc" is the one the step is taken on.
State = Callable[[DocApi], dict[str, str]]


def _registered(d: DocApi) -> dict[str, str]:
    return {"doc": d.register()["id"]}


def _attributed(d: DocApi) -> dict[str, str]:
    ids = _registered(d)
    d.attribute(ids["doc"])
    return ids


def _unattributed_confidential(d: DocApi) -> dict[str, str]:
    ids = _registered(d)
    d.step(ids["doc"], "confidentiality-review", {"revision": 1, "passed": True}, d.cr)
    return ids


def _confidential(d: DocApi) -> dict[str, str]:
    ids = _attributed(d)
    d.step(ids["doc"], "confidentiality-review", {"revision": 1, "passed": True}, d.cr)
    return ids


def _failed_confidential(d: DocApi) -> dict[str, str]:
    ids = _attributed(d)
    d.step(ids["doc"], "confidentiality-review", {"revision": 1, "passed": False, "findings": "含个人信息"}, d.cr)
    return ids


def _refused(d: DocApi) -> dict[str, str]:
    ids = _confidential(d)
    d.step(ids["doc"], "disclosure-review", {"revision": 1, "approved": False, "opinion": "涉及个人信息"}, d.dr)
    return ids


def _cleared(d: DocApi) -> dict[str, str]:
    return {"doc": d.cleared()}


def _on_request_cleared(d: DocApi) -> dict[str, str]:
    ids = _registered(d)
    d.step(ids["doc"], "attribute", {"attribute": "on_request", "legal_ground": "《条例》第二十七条"})
    d.review(ids["doc"])
    return ids


def _published(d: DocApi) -> dict[str, str]:
    ids = _cleared(d)
    _publish(d, ids["doc"])
    return ids


def _withdrawn(d: DocApi) -> dict[str, str]:
    ids = _published(d)
    d.step(ids["doc"], "withdrawal", {"withdrawn_on": "2025-03-10", "reason": "内容有误"}, d.publisher)
    return ids


def _revised_after_publication(d: DocApi) -> dict[str, str]:
    ids = _published(d)
    d.step(ids["doc"], "revisions", REVISION_2)
    return ids


def _revised(d: DocApi) -> dict[str, str]:
    ids = _attributed(d)
    d.step(ids["doc"], "revisions", REVISION_2)
    return ids


def _mine(d: DocApi) -> dict[str, str]:
    """Drafted by the person who is also a reviewer."""
    doc_id = d.register(who=d.both)["id"]
    d.attribute(doc_id, who=d.both)
    return {"doc": doc_id}


def _mine_confidential(d: DocApi) -> dict[str, str]:
    ids = _mine(d)
    d.step(ids["doc"], "confidentiality-review", {"revision": 1, "passed": True}, d.cr)
    return ids


def _mine_revised(d: DocApi) -> dict[str, str]:
    """Revision 1 by the drafter, revision 2 by the person who is also a reviewer."""
    ids = _attributed(d)
    d.step(ids["doc"], "revisions", REVISION_2, d.both)
    return ids


def _policy_cleared(d: DocApi) -> dict[str, str]:
    return {"doc": d.cleared("policy")}


def _interpretation_of(d: DocApi, policy: str, cleared: bool = True) -> str:
    fields = {"title": "政策问答", "interprets": policy, "interpretation_form": "qa"}
    if cleared:
        return d.cleared("interpretation", **fields)
    doc_id = str(d.register("interpretation", **fields)["id"])
    d.attribute(doc_id)
    return doc_id


def _policy_with_uncleared(d: DocApi) -> dict[str, str]:
    policy = d.cleared("policy")
    interpretation = _interpretation_of(d, policy, cleared=False)
    d.step(policy, "interpretations", {"interpretation_id": interpretation})
    return {"doc": policy, "interp": interpretation}


def _policy_pair(d: DocApi) -> dict[str, str]:
    policy, interpretation = d.policy_pair()
    return {"doc": policy, "interp": interpretation}


def _policy_and_others(d: DocApi) -> dict[str, str]:
    """A policy, its interpretation (not attached), an interpretation of another policy, a work document."""
    policy = d.register("policy")["id"]
    other = d.register("policy", title="另一政策")["id"]
    return {
        "doc": policy,
        "interp": d.register("interpretation", interprets=policy, interpretation_form="qa")["id"],
        "other_interp": d.register("interpretation", interprets=other, interpretation_form="qa")["id"],
        "work": d.register()["id"],
    }


def _work_and_interpretation(d: DocApi) -> dict[str, str]:
    ids = _policy_and_others(d)
    return {"doc": ids["work"], "interp": ids["interp"]}


def _interpretation_alone(d: DocApi) -> dict[str, str]:
    policy = d.cleared("policy")
    return {"doc": _interpretation_of(d, policy), "policy": policy}


def _normative_with_items(d: DocApi) -> dict[str, str]:
    return {"doc": d.cleared("normative", has_service_items=True)}


def _penalty(d: DocApi) -> dict[str, str]:
    return {"doc": d.cleared("penalty_decision", title="行政处罚决定书")}


def _penalty_changed(d: DocApi) -> dict[str, str]:
    doc_id = _penalty(d)["doc"]
    d.step(doc_id, "penalty-change", {"change": "void", "changed_on": "2025-03-10", "reason": "确认无效"})
    return {"doc": doc_id}


def _foreign(d: DocApi) -> dict[str, str]:
    """A cleared document of an organ that has no catalogue."""
    return {"doc": d.cleared(organ=unique("外区人社局"))}


def _foreign_catalogue(d: DocApi) -> dict[str, str]:
    """A cleared document of an organ with a catalogue of its own, without this organ's 'work' column."""
    organ = unique("外区人社局")
    d.column("news", "新闻", organ=organ)
    return {"doc": d.cleared(organ=organ)}


PUBLISH = {"column_id": "work", "published_on": "2025-03-10"}
WITHDRAW = {"withdrawn_on": "2025-03-10", "reason": "内容调整"}
CONFIDENTIAL = {"revision": 1, "passed": True}
APPROVE = {"revision": 1, "approved": True}
LINK = {"title": "补贴申领", "url": "https://zwdt.sh.gov.cn/item/1"}
PENALTY = {"change": "changed", "changed_on": "2025-03-10", "reason": "复议变更"}

# name, state, path, body (or bytes; "$name" is replaced by that id), who, status, code, field
STEP_CASES: list[tuple[str, State, str, Any, str | None, int, str | None, str | None]] = [
    # 公开属性认定 (R-DOC-ATTR)
    (
        "withheld without legal ground",
        _registered,
        "attribute",
        {"attribute": "withheld"},
        "drafter",
        422,
        "R-DOC-ATTR",
        "legal_ground",
    ),
    (
        "on request, blank ground",
        _registered,
        "attribute",
        {"attribute": "on_request", "legal_ground": "  "},
        "drafter",
        422,
        "R-DOC-ATTR",
        "legal_ground",
    ),
    (
        "attribute after its review",
        _cleared,
        "attribute",
        {"attribute": "withheld", "legal_ground": "g"},
        "drafter",
        409,
        "R-DOC-ATTR",
        None,
    ),
    (
        "attribute of a published document",
        _published,
        "attribute",
        {"attribute": "proactive"},
        "drafter",
        409,
        "R-DOC-ATTR",
        None,
    ),
    ("unknown attribute", _registered, "attribute", {"attribute": "secret"}, "drafter", 400, "R-INPUT", "attribute"),
    ("attribute by a clerk", _registered, "attribute", {"attribute": "proactive"}, "clerk", 403, "R-ROLE", None),
    (
        "attribute by a publisher",
        _registered,
        "attribute",
        {"attribute": "proactive"},
        "publisher",
        403,
        "R-ROLE",
        None,
    ),
    # revisions (R-DOC-WITHDRAW: corrections are revisions)
    (
        "revision without a reason",
        _attributed,
        "revisions",
        {**REVISION_2, "reason": " "},
        "drafter",
        422,
        "R-VALUE",
        "reason",
    ),
    (
        "revision with a blank title",
        _attributed,
        "revisions",
        {**REVISION_2, "title": ""},
        "drafter",
        422,
        "R-VALUE",
        "title",
    ),
    (
        "revision changed in the future",
        _attributed,
        "revisions",
        {**REVISION_2, "changed_on": "2025-03-11"},
        "drafter",
        422,
        "R-VALUE",
        "changed_on",
    ),
    (
        "revision changed before the last",
        _attributed,
        "revisions",
        {**REVISION_2, "changed_on": "2025-03-06"},
        "drafter",
        422,
        "R-DOC-TIMELY",
        "changed_on",
    ),
    (
        "revision date in the wrong form",
        _attributed,
        "revisions",
        {**REVISION_2, "changed_on": "10/03/2025"},
        "drafter",
        400,
        "R-INPUT",
        "changed_on",
    ),
    (
        "revision flag of the wrong type",
        _attributed,
        "revisions",
        {**REVISION_2, "is_correction": "yes"},
        "drafter",
        400,
        "R-INPUT",
        "is_correction",
    ),
    ("revision by a reviewer", _attributed, "revisions", REVISION_2, "cr", 403, "R-ROLE", None),
    # 保密审查 (R-DOC-SECRET, R-DOC-SOD)
    (
        "drafter reviews confidentiality of own revision",
        _mine,
        "confidentiality-review",
        CONFIDENTIAL,
        "both",
        403,
        "R-DOC-SOD",
        None,
    ),
    (
        "drafter of revision 2 reviews it",
        _mine_revised,
        "confidentiality-review",
        {"revision": 2, "passed": True},
        "both",
        403,
        "R-DOC-SOD",
        None,
    ),
    (
        "review of a revision not current",
        _revised,
        "confidentiality-review",
        CONFIDENTIAL,
        "cr",
        422,
        "R-DOC-REVIEW",
        "revision",
    ),
    (
        "review of a revision never made",
        _attributed,
        "confidentiality-review",
        {"revision": 7, "passed": True},
        "cr",
        422,
        "R-DOC-REVIEW",
        "revision",
    ),
    (
        "second confidentiality review",
        _confidential,
        "confidentiality-review",
        CONFIDENTIAL,
        "cr",
        409,
        "R-DOC-SECRET",
        None,
    ),
    (
        "confidentiality review of what is out",
        _published,
        "confidentiality-review",
        CONFIDENTIAL,
        "cr",
        409,
        "R-DOC-SECRET",
        None,
    ),
    (
        "failed review without findings",
        _attributed,
        "confidentiality-review",
        {"revision": 1, "passed": False},
        "cr",
        422,
        "R-VALUE",
        "findings",
    ),
    (
        "confidentiality review by a disclosure reviewer",
        _attributed,
        "confidentiality-review",
        CONFIDENTIAL,
        "dr",
        403,
        "R-ROLE",
        None,
    ),
    (
        "confidentiality review by a drafter",
        _attributed,
        "confidentiality-review",
        CONFIDENTIAL,
        "drafter2",
        403,
        "R-ROLE",
        None,
    ),
    (
        "revision number of the wrong type",
        _attributed,
        "confidentiality-review",
        {"revision": "first", "passed": True},
        "cr",
        400,
        "R-INPUT",
        "revision",
    ),
    (
        "review without its outcome",
        _attributed,
        "confidentiality-review",
        {"revision": 1},
        "cr",
        400,
        "R-INPUT",
        "passed",
    ),
    # 公开审查 (R-DOC-REVIEW, R-DOC-SOD)
    (
        "approval before confidentiality review",
        _attributed,
        "disclosure-review",
        APPROVE,
        "dr",
        422,
        "R-DOC-SECRET",
        "revision",
    ),
    (
        "approval of a failed confidentiality review",
        _failed_confidential,
        "disclosure-review",
        APPROVE,
        "dr",
        422,
        "R-DOC-SECRET",
        "revision",
    ),
    (
        "approval before the attribute",
        _unattributed_confidential,
        "disclosure-review",
        APPROVE,
        "dr",
        422,
        "R-DOC-ATTR",
        None,
    ),
    ("drafter approves own revision", _mine_confidential, "disclosure-review", APPROVE, "both", 403, "R-DOC-SOD", None),
    ("second disclosure review", _cleared, "disclosure-review", APPROVE, "dr", 409, "R-DOC-REVIEW", None),
    ("approval of an old revision", _revised, "disclosure-review", APPROVE, "dr", 422, "R-DOC-REVIEW", "revision"),
    ("approval by a publisher", _confidential, "disclosure-review", APPROVE, "publisher", 403, "R-ROLE", None),
    ("approval by the office head", _confidential, "disclosure-review", APPROVE, "head", 403, "R-ROLE", None),
    # 阅办联动 (R-DOC-LINK)
    (
        "links on a document without service items",
        _registered,
        "service-links",
        {"links": [LINK]},
        "drafter",
        422,
        "R-DOC-LINK",
        None,
    ),
    ("no links", _normative_with_items, "service-links", {"links": []}, "drafter", 422, "R-VALUE", "links"),
    (
        "link that is not a URL",
        _normative_with_items,
        "service-links",
        {"links": [{"title": "申领", "url": "javascript:alert(1)"}]},
        "drafter",
        422,
        "R-VALUE",
        "links[0].url",
    ),
    (
        "link without a title",
        _normative_with_items,
        "service-links",
        {"links": [{"title": " ", "url": "https://a.b"}]},
        "drafter",
        422,
        "R-VALUE",
        "links[0].title",
    ),
    (
        "link missing its URL",
        _normative_with_items,
        "service-links",
        {"links": [{"title": "申领"}]},
        "drafter",
        400,
        "R-INPUT",
        "links[0].url",
    ),
    # 解读 (R-DOC-INTERPRET)
    (
        "interpretation of a work document",
        _work_and_interpretation,
        "interpretations",
        {"interpretation_id": "$interp"},
        "drafter",
        422,
        "R-DOC-INTERPRET",
        None,
    ),
    (
        "attaching a document that is no interpretation",
        _policy_and_others,
        "interpretations",
        {"interpretation_id": "$work"},
        "drafter",
        422,
        "R-DOC-INTERPRET",
        "interpretation_id",
    ),
    (
        "attaching another policy's interpretation",
        _policy_and_others,
        "interpretations",
        {"interpretation_id": "$other_interp"},
        "drafter",
        422,
        "R-DOC-INTERPRET",
        "interpretation_id",
    ),
    (
        "attaching twice",
        _policy_pair,
        "interpretations",
        {"interpretation_id": "$interp"},
        "drafter",
        409,
        "R-DOC-INTERPRET",
        None,
    ),
    (
        "attaching an unknown interpretation",
        _policy_and_others,
        "interpretations",
        {"interpretation_id": str(uuid.UUID(int=7))},
        "drafter",
        404,
        "R-NOT-FOUND",
        "interpretation_id",
    ),
    (
        "attaching a malformed id",
        _policy_and_others,
        "interpretations",
        {"interpretation_id": "解读一"},
        "drafter",
        400,
        "R-INPUT",
        "interpretation_id",
    ),
    (
        "attaching by a publisher",
        _policy_and_others,
        "interpretations",
        {"interpretation_id": "$interp"},
        "publisher",
        403,
        "R-ROLE",
        None,
    ),
    # publication
    (
        "policy without interpretation",
        _policy_cleared,
        "publication",
        PUBLISH,
        "publisher",
        422,
        "R-DOC-INTERPRET",
        None,
    ),
    (
        "policy with an uncleared interpretation",
        _policy_with_uncleared,
        "publication",
        PUBLISH,
        "publisher",
        422,
        "R-DOC-INTERPRET",
        None,
    ),
    (
        "interpretation before its policy",
        _interpretation_alone,
        "publication",
        PUBLISH,
        "publisher",
        422,
        "R-DOC-INTERPRET",
        None,
    ),
    (
        "normative with service items but no links",
        _normative_with_items,
        "publication",
        PUBLISH,
        "publisher",
        422,
        "R-DOC-LINK",
        None,
    ),
    (
        "unknown column",
        _cleared,
        "publication",
        {**PUBLISH, "column_id": "nope"},
        "publisher",
        422,
        "R-DOC-CATALOG",
        "column_id",
    ),
    (
        "retired column",
        _cleared,
        "publication",
        {**PUBLISH, "column_id": "old"},
        "publisher",
        422,
        "R-DOC-CATALOG",
        "column_id",
    ),
    (
        "unknown interpretation column",
        _policy_pair,
        "publication",
        {**PUBLISH, "interpretation_column_id": "nope"},
        "publisher",
        422,
        "R-DOC-CATALOG",
        "column_id",
    ),
    (
        "retired interpretation column",
        _policy_pair,
        "publication",
        {**PUBLISH, "interpretation_column_id": "old"},
        "publisher",
        422,
        "R-DOC-CATALOG",
        "column_id",
    ),
    ("organ without a catalogue", _foreign, "publication", PUBLISH, "publisher", 422, "R-DOC-CATALOG", "column_id"),
    (
        "another organ's column",
        _foreign_catalogue,
        "publication",
        PUBLISH,
        "publisher",
        422,
        "R-DOC-CATALOG",
        "column_id",
    ),
    ("without any review", _attributed, "publication", PUBLISH, "publisher", 422, "R-DOC-SECRET", None),
    ("without disclosure review", _confidential, "publication", PUBLISH, "publisher", 422, "R-DOC-REVIEW", None),
    ("refused in disclosure review", _refused, "publication", PUBLISH, "publisher", 422, "R-DOC-REVIEW", None),
    ("without the attribute", _unattributed_confidential, "publication", PUBLISH, "publisher", 422, "R-DOC-ATTR", None),
    (
        "set for disclosure on request",
        _on_request_cleared,
        "publication",
        PUBLISH,
        "publisher",
        422,
        "R-DOC-ATTR",
        None,
    ),
    (
        "a revision not yet reviewed",
        _revised_after_publication,
        "publication",
        PUBLISH,
        "publisher",
        422,
        "R-DOC-SECRET",
        None,
    ),
    (
        "again after withdrawal without a new approval",
        _withdrawn,
        "publication",
        PUBLISH,
        "publisher",
        422,
        "R-DOC-REVIEW",
        None,
    ),
    ("a penalty decision found void", _penalty_changed, "publication", PUBLISH, "publisher", 422, "R-DOC-DUAL", None),
    ("published twice", _published, "publication", PUBLISH, "publisher", 409, "R-STEP", None),
    (
        "published in the future",
        _cleared,
        "publication",
        {**PUBLISH, "published_on": "2025-03-11"},
        "publisher",
        422,
        "R-VALUE",
        "published_on",
    ),
    (
        "published before it was formed",
        _cleared,
        "publication",
        {**PUBLISH, "published_on": "2025-03-06"},
        "publisher",
        422,
        "R-DOC-REVIEW",
        "published_on",
    ),
    ("no channel", _cleared, "publication", {**PUBLISH, "channels": []}, "publisher", 422, "R-VALUE", "channels"),
    (
        "a blank channel",
        _cleared,
        "publication",
        {**PUBLISH, "channels": ["portal", " "]},
        "publisher",
        422,
        "R-VALUE",
        "channels",
    ),
    (
        "channels not a list",
        _cleared,
        "publication",
        {**PUBLISH, "channels": "portal"},
        "publisher",
        400,
        "R-INPUT",
        "channels",
    ),
    (
        "date not a date",
        _cleared,
        "publication",
        {**PUBLISH, "published_on": "2025-02-30"},
        "publisher",
        400,
        "R-INPUT",
        "published_on",
    ),
    ("no column", _cleared, "publication", {"published_on": "2025-03-10"}, "publisher", 400, "R-INPUT", "column_id"),
    ("published by the drafter", _cleared, "publication", PUBLISH, "drafter", 403, "R-ROLE", None),
    ("published by a reviewer", _cleared, "publication", PUBLISH, "dr", 403, "R-ROLE", None),
    ("malformed JSON", _cleared, "publication", b'{"column_id": "work", ', "publisher", 400, "R-INPUT", None),
    ("a JSON array", _cleared, "publication", [PUBLISH], "publisher", 400, "R-INPUT", None),
    # withdrawal (R-DOC-WITHDRAW)
    ("withdrawing what is not out", _cleared, "withdrawal", WITHDRAW, "publisher", 409, "R-DOC-WITHDRAW", None),
    ("withdrawing twice", _withdrawn, "withdrawal", WITHDRAW, "publisher", 409, "R-DOC-WITHDRAW", None),
    (
        "withdrawal without a reason",
        _published,
        "withdrawal",
        {**WITHDRAW, "reason": "\t"},
        "publisher",
        422,
        "R-VALUE",
        "reason",
    ),
    (
        "withdrawn before publication",
        _published,
        "withdrawal",
        {**WITHDRAW, "withdrawn_on": "2025-03-09"},
        "publisher",
        422,
        "R-DOC-WITHDRAW",
        "withdrawn_on",
    ),
    (
        "withdrawn in the future",
        _published,
        "withdrawal",
        {**WITHDRAW, "withdrawn_on": "2025-03-11"},
        "publisher",
        422,
        "R-VALUE",
        "withdrawn_on",
    ),
    ("withdrawn by the drafter", _published, "withdrawal", WITHDRAW, "drafter", 403, "R-ROLE", None),
    # penalty decisions (R-DOC-DUAL)
    ("penalty change of a work document", _cleared, "penalty-change", PENALTY, "drafter", 422, "R-DOC-DUAL", None),
    ("second penalty change", _penalty_changed, "penalty-change", PENALTY, "drafter", 409, "R-DOC-DUAL", None),
    (
        "penalty changed before the decision",
        _penalty,
        "penalty-change",
        {**PENALTY, "changed_on": "2025-03-06"},
        "drafter",
        422,
        "R-DOC-DUAL",
        "changed_on",
    ),
    (
        "penalty changed in the future",
        _penalty,
        "penalty-change",
        {**PENALTY, "changed_on": "2025-03-11"},
        "drafter",
        422,
        "R-VALUE",
        "changed_on",
    ),
    (
        "penalty change without a reason",
        _penalty,
        "penalty-change",
        {**PENALTY, "reason": ""},
        "drafter",
        422,
        "R-VALUE",
        "reason",
    ),
    (
        "unknown penalty change",
        _penalty_changed,
        "penalty-change",
        {**PENALTY, "change": "pardoned"},
        "drafter",
        400,
        "R-INPUT",
        "change",
    ),
    ("penalty change by a reviewer", _penalty_changed, "penalty-change", PENALTY, "cr", 403, "R-ROLE", None),
    # credentials
    ("no token", _cleared, "publication", PUBLISH, None, 401, "R-AUTH", None),
    ("a token nobody was given", _attributed, "confidentiality-review", CONFIDENTIAL, "stranger", 401, "R-AUTH", None),
    # text no store can hold
    (
        "NUL in a revised title",
        _attributed,
        "revisions",
        {**REVISION_2, "title": "修订\u0000稿"},
        "drafter",
        400,
        "R-INPUT",
        "title",
    ),
    (
        "NUL in a link title",
        _normative_with_items,
        "service-links",
        {"links": [{"title": "a\u0000", "url": "https://a.b"}]},
        "drafter",
        400,
        "R-INPUT",
        "links[0].title",
    ),
]


def _fill(body: Any, ids: dict[str, str]) -> Any:
    if isinstance(body, dict):
        return {k: _fill(v, ids) for k, v in body.items()}
    if isinstance(body, list):
        return [_fill(v, ids) for v in body]
    if isinstance(body, str) and body.startswith("$"):
        return ids[body[1:]]
    return body


@pytest.mark.parametrize(
    ("name", "state", "path", "body", "who", "status", "code", "field"), STEP_CASES, ids=[c[0] for c in STEP_CASES]
)
def test_a_refused_step_is_a_problem_and_nothing_is_written(
    docs: DocApi,
    name: str,
    state: State,
    path: str,
    body: Any,
    who: str | None,
    status: int,
    code: str | None,
    field: str | None,
) -> None:
    ids = state(docs)
    unchanged = NothingWritten(docs, *ids.values())
    headers = _who(docs, who)
    url = f"{DOCS}/{ids['doc']}/{path}"
    if isinstance(body, bytes):
        response = docs.client.post(url, content=body, headers={**headers, "content-type": "application/json"})
    else:
        response = docs.client.post(url, json=_fill(body, ids), headers=headers)
    problem = assert_problem(response, status, code, field)
    assert "Traceback" not in json.dumps(problem)
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"
    if status == 422 and code and code.startswith("R-DOC"):
        assert problem["type"].endswith("/api/v1/reference/rules/" + code)
    unchanged.check()


# name, changes to a new document's body (or bytes), who, status, code, field
REGISTER_CASES: list[tuple[str, Any, str | None, int, str | None, str | None]] = [
    ("malformed JSON", b'{"organ": ', "drafter", 400, "R-INPUT", None),
    ("a JSON array", [1, 2], "drafter", 400, "R-INPUT", None),
    ("JSON null", b"null", "drafter", 400, "R-INPUT", None),
    ("missing title", {"drop": "title"}, "drafter", 400, "R-INPUT", "title"),
    ("missing kind", {"drop": "kind"}, "drafter", 400, "R-INPUT", "kind"),
    ("title of the wrong type", {"title": 5}, "drafter", 400, "R-INPUT", "title"),
    ("unknown kind", {"kind": "memo"}, "drafter", 400, "R-INPUT", "kind"),
    ("kind in capitals", {"kind": "POLICY"}, "drafter", 400, "R-INPUT", "kind"),
    (
        "unknown interpretation form",
        {"kind": "interpretation", "interprets": str(uuid.uuid4()), "interpretation_form": "poem"},
        "drafter",
        400,
        "R-INPUT",
        "interpretation_form",
    ),
    (
        "interprets not an id",
        {"kind": "interpretation", "interprets": "那份政策", "interpretation_form": "qa"},
        "drafter",
        400,
        "R-INPUT",
        "interprets",
    ),
    ("date that does not exist", {"formed_on": "2025-02-29"}, "drafter", 400, "R-INPUT", "formed_on"),
    ("date in the wrong form", {"formed_on": "2025/03/07"}, "drafter", 400, "R-INPUT", "formed_on"),
    ("date with a time", {"formed_on": "2025-03-07T09:00:00+08:00"}, "drafter", 400, "R-INPUT", "formed_on"),
    ("flag of the wrong type", {"has_service_items": "yes"}, "drafter", 400, "R-INPUT", "has_service_items"),
    ("NUL in the title", {"title": "关于\u0000通知"}, "drafter", 400, "R-INPUT", "title"),
    ("NUL in the organ", {"organ": "闵行\u0000人社局"}, "drafter", 400, "R-INPUT", "organ"),
    ("formed in the future", {"formed_on": "2025-03-11"}, "drafter", 422, "R-VALUE", "formed_on"),
    ("blank title", {"title": "  "}, "drafter", 422, "R-VALUE", "title"),
    ("blank text", {"text": ""}, "drafter", 422, "R-VALUE", "text"),
    ("interpretation of nothing", {"kind": "interpretation"}, "drafter", 422, "R-VALUE", "interprets"),
    (
        "interpretation without its form",
        {"kind": "interpretation", "interprets": str(uuid.uuid4())},
        "drafter",
        422,
        "R-VALUE",
        "interprets",
    ),
    (
        "a policy that interprets",
        {"interprets": str(uuid.uuid4()), "interpretation_form": "qa"},
        "drafter",
        422,
        "R-VALUE",
        "interprets",
    ),
    (
        "service items outside a normative document",
        {"kind": "policy", "has_service_items": True},
        "drafter",
        422,
        "R-VALUE",
        "has_service_items",
    ),
    ("registered by a clerk", {}, "clerk", 403, "R-ROLE", None),
    ("registered by a confidentiality reviewer", {}, "cr", 403, "R-ROLE", None),
    ("registered by a publisher", {}, "publisher", 403, "R-ROLE", None),
    ("no token", {}, None, 401, "R-AUTH", None),
    ("a token nobody was given", {}, "stranger", 401, "R-AUTH", None),
]


@pytest.mark.parametrize(
    ("name", "change", "who", "status", "code", "field"), REGISTER_CASES, ids=[c[0] for c in REGISTER_CASES]
)
def test_a_refused_registration_is_a_problem_and_nothing_is_written(
    docs: DocApi, name: str, change: Any, who: str | None, status: int, code: str | None, field: str | None
) -> None:
    unchanged = NothingWritten(docs)
    headers = _who(docs, who)
    if isinstance(change, bytes):
        response = docs.client.post(DOCS, content=change, headers={**headers, "content-type": "application/json"})
    elif isinstance(change, list):
        response = docs.client.post(DOCS, json=change, headers=headers)
    else:
        body = new_document(docs.organ)
        change = dict(change)
        body.pop(change.pop("drop", None), None)
        body.update(change)
        response = docs.client.post(DOCS, json=body, headers=headers)
    assert_problem(response, status, code, field)
    unchanged.check()


STEPS = [
    ("attribute", {"attribute": "proactive"}, "drafter"),
    ("revisions", REVISION_2, "drafter"),
    ("confidentiality-review", CONFIDENTIAL, "cr"),
    ("disclosure-review", APPROVE, "dr"),
    ("service-links", {"links": [LINK]}, "drafter"),
    ("interpretations", {"interpretation_id": str(uuid.uuid4())}, "drafter"),
    ("publication", PUBLISH, "publisher"),
    ("withdrawal", WITHDRAW, "publisher"),
    ("penalty-change", PENALTY, "drafter"),
]


def test_a_step_on_an_unknown_document_is_404_and_nothing_is_written(docs: DocApi) -> None:
    catalogue_id = docs.client.get(f"/api/v1/catalogue/{docs.organ}").json()
    assert catalogue_id["version"] == 3
    unchanged = NothingWritten(docs)
    credential = docs.api.gongkai.staff.authenticate(docs.drafter.token).id
    for path, body, who in STEPS:
        for doc_id in (uuid.uuid4(), credential):
            response = docs.client.post(f"{DOCS}/{doc_id}/{path}", json=body, headers=_who(docs, who))
            assert_problem(response, 404, "R-NOT-FOUND")
    unchanged.check()


def test_reading_an_unknown_document_is_404(docs: DocApi) -> None:
    headers = docs.publisher.headers
    assert_problem(docs.client.get(f"{DOCS}/{uuid.uuid4()}", headers=headers), 404, "R-NOT-FOUND")
    # Nor is a staff credential's stream a document.
    credential = docs.api.gongkai.staff.authenticate(docs.drafter.token).id
    assert_problem(docs.client.get(f"{DOCS}/{credential}", headers=headers), 404, "R-NOT-FOUND")
    assert_problem(docs.client.get(f"{DOCS}/not-a-uuid", headers=headers), 404)


def test_a_document_as_it_never_stood_is_404(docs: DocApi) -> None:
    doc_id = docs.register()["id"]
    headers = docs.publisher.headers
    response = docs.client.get(f"{DOCS}/{doc_id}", params={"as_of_version": 2}, headers=headers)
    assert_problem(response, 404, "R-NOT-FOUND")
    response = docs.client.get(f"{DOCS}/{doc_id}", params={"as_of": "2025-03-09T12:00:00+08:00"}, headers=headers)
    assert_problem(response, 404, "R-NOT-FOUND")


READ_CASES: list[tuple[str, dict[str, str], int, str, str]] = [
    ("as_of in the wrong form", {"as_of": "2025/03/10"}, 400, "R-INPUT", "as_of"),
    ("as_of without offset", {"as_of": "2025-03-10T18:00:00"}, 400, "R-INPUT", "as_of"),
    ("as_of_version zero", {"as_of_version": "0"}, 400, "R-INPUT", "as_of_version"),
    ("as_of_version not a number", {"as_of_version": "first"}, 400, "R-INPUT", "as_of_version"),
]


def test_bad_parameters_of_a_read(docs: DocApi) -> None:
    doc_id = docs.register()["id"]
    for _name, params, status, code, field in READ_CASES:
        response = docs.client.get(f"{DOCS}/{doc_id}", params=params, headers=docs.publisher.headers)
        assert_problem(response, status, code, field)
    assert_problem(docs.client.get(f"{DOCS}/{doc_id}"), 401, "R-AUTH")


WORKLIST_CASES: list[tuple[str, dict[str, str], str]] = [
    ("unknown stage", {"stage": "lost"}, "stage"),
    ("awaiting_my_review not a boolean", {"awaiting_my_review": "perhaps"}, "awaiting_my_review"),
    ("overdue not a boolean", {"overdue": "maybe"}, "overdue"),
    ("due_within zero", {"due_within": "0"}, "due_within"),
    ("due_within over a year", {"due_within": "367"}, "due_within"),
    ("due_within not a number", {"due_within": "soon"}, "due_within"),
    ("page zero", {"page": "0"}, "page"),
    ("page_size too big", {"page_size": "501"}, "page_size"),
    ("department with a NUL character", {"department": "一\u0000科"}, "department"),
]


def test_bad_parameters_of_the_worklist(docs: DocApi) -> None:
    for _name, params, field in WORKLIST_CASES:
        response = docs.client.get(DOCS, params=params, headers=docs.publisher.headers)
        assert_problem(response, 400, "R-INPUT", field)
    assert_problem(docs.client.get(DOCS), 401, "R-AUTH")
    assert_problem(docs.client.get(DOCS, headers={"Authorization": "Bearer nope"}), 401, "R-AUTH")
    # A page far past the end is empty, not an error.
    page = docs.worklist(page=10**9)
    assert page["items"] == [] and page["total"] == 0


def test_a_title_with_a_nul_character_never_reaches_the_store(docs: DocApi) -> None:
    """PostgreSQL cannot hold NUL in text or jsonb; the embedded store refuses it the same way."""
    unchanged = NothingWritten(docs)
    for title in ("\u0000", "关于做好\u0000就业工作的通知", "x" * 50 + "\x00"):
        response = docs.client.post(DOCS, json=new_document(docs.organ, title=title), headers=docs.drafter.headers)
        assert_problem(response, 400, "R-INPUT", "title")
    unchanged.check()
    assert docs.worklist()["total"] == 0
    assert docs.register()["version"] == 1


def test_a_person_with_both_roles_cannot_clear_their_own_revision_at_any_step(docs: DocApi) -> None:
    """R-DOC-SOD for the whole way: neither review of revision 1 by its drafter, and no publication of it."""
    both = docs.both
    doc_id = docs.register(who=both)["id"]
    docs.attribute(doc_id, who=both)
    for path, body in (("confidentiality-review", CONFIDENTIAL), ("disclosure-review", APPROVE)):
        unchanged = NothingWritten(docs, doc_id)
        response = docs.client.post(f"{DOCS}/{doc_id}/{path}", json=body, headers=both.headers)
        problem = assert_problem(response, 403, "R-DOC-SOD")
        assert "drafter" in problem["detail"]
        unchanged.check()
    # Someone else clears it; now it may go out.
    docs.review(doc_id)
    doc = docs.publish(doc_id, "work")
    assert doc["revisions"][0]["drafter_id"] == both.person_id
    assert doc["revisions"][0]["confidentiality"]["reviewer"]["person_id"] == docs.cr.person_id


def test_an_interpretation_of_something_that_is_not_a_policy_is_not_published(docs: DocApi) -> None:
    data = docs.cleared("data_set", title="社区就业服务站点位")
    docs.publish(data, "work")
    interpretation = docs.cleared("interpretation", title="点位解读", interprets=data, interpretation_form="qa")
    unchanged = NothingWritten(docs, interpretation)
    response = docs.client.post(f"{DOCS}/{interpretation}/publication", json=PUBLISH, headers=docs.publisher.headers)
    assert_problem(response, 422, "R-DOC-INTERPRET")
    unchanged.check()


def test_text_that_only_looks_like_an_escaped_nul_is_accepted(docs: DocApi) -> None:
    """A backslash followed by 'u0000' is text, not a NUL: it is stored, published and found on both stores."""
    title = "转义序列\\u0000的说明"
    doc_id = docs.cleared(title=title, text="正文中的 \\u0000 只是六个字符")
    assert docs.read(doc_id)["title"] == title
    docs.publish(doc_id, "work")
    assert docs.titles() == [title]
    assert [item["title"] for item in docs.worklist()["items"]] == [title]


def test_a_republication_is_not_dated_before_the_withdrawal(docs: DocApi) -> None:
    docs.clock.set_business_day(date(2025, 3, 20))
    doc_id = docs.cleared()
    docs.publish(doc_id, "work", "2025-03-18")
    docs.step(doc_id, "withdrawal", {"withdrawn_on": "2025-03-19", "reason": "内容调整"}, docs.publisher)
    docs.step(doc_id, "disclosure-review", APPROVE, docs.dr)
    unchanged = NothingWritten(docs, doc_id)
    response = docs.client.post(f"{DOCS}/{doc_id}/publication", json=PUBLISH, headers=docs.publisher.headers)
    assert_problem(response, 422, "R-DOC-REVIEW", "published_on")
    unchanged.check()


def test_an_interpretation_of_another_organ_is_not_attached_to_this_organs_policy(docs: DocApi) -> None:
    policy = docs.cleared("policy")
    other = unique("外区人社局")
    fields = {"title": "外区解读", "interprets": policy, "interpretation_form": "qa", "organ": other}
    interpretation = docs.cleared("interpretation", **fields)
    unchanged = NothingWritten(docs, policy, interpretation)
    body = {"interpretation_id": interpretation}
    response = docs.client.post(f"{DOCS}/{policy}/interpretations", json=body, headers=docs.drafter.headers)
    assert_problem(response, 422, "R-DOC-INTERPRET", "interpretation_id")
    unchanged.check()
