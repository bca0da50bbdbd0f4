"""Personal data is sealed per person at rest, and erasing a person makes it unreadable everywhere while every event
stays in the log: over the application, the web API, the command line and a second serving process, on each store."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from adapters.bootstrap import build
from adapters.cli import main
from adapters.persistence.audited_log import audited_log
from adapters.persistence.database import DatabaseURL
from adapters.persistence.key_ring import KEY_VARIABLE, REFRESH_SECONDS, KeyEncryptingKeyError
from application.audit_verify import verify
from application.event_forms import Audience
from application.feed import FeedQuery
from application.privacy import erasure_id
from application.streams import ERASURE
from application.worklists import RowFilter
from domain.personal_data import ERASED_NAME
from tests.http.conftest import API, Api, application, assert_problem, open_api
from tests.personal_data_support import (
    HEAD,
    catch_up_and_close,
    consult,
    contact,
    details,
    opened,
    receive,
    rows_holding,
)

ERASED = {
    "name": ERASED_NAME,
    "id_number": None,
    "phone": None,
    "address": None,
    "email": None,
    "erased": True,
}


@pytest.fixture
def api(empty_store_url: str) -> Iterator[Api]:
    """The web API on an empty store of its own."""
    yield from open_api(empty_store_url)


def _secret_values(data: object) -> list[str]:
    return [v for v in (getattr(data, k) for k in ("name", "phone", "id_number", "address", "email")) if v]


def test_the_store_holds_no_personal_value_in_the_plain(empty_store_url: str) -> None:
    gongkai = opened(empty_store_url)
    applicant, third_party = details(), details()
    saved = consult(gongkai, receive(gongkai, applicant), third_party)
    for _ in range(48):
        saved = contact(gongkai, saved)
    assert saved.version == 50  # the case's snapshot is taken at version 50
    person = saved.state.applicant.person_id
    assert person is not None
    catch_up_and_close(gongkai)

    for value in _secret_values(applicant) + _secret_values(third_party):
        assert rows_holding(empty_store_url, value) == [], value
    # The sealed forms are where the data was: the log, the snapshot and the worklist's rows all name the person.
    holding_the_person = rows_holding(empty_store_url, person)
    assert any("worklist" in table for table in holding_the_person), holding_the_person
    assert rows_holding(empty_store_url, "disclosure_request.snapshot"), "no snapshot was taken"


def test_a_store_that_does_not_seal_shows_the_search_finds_plain_data(empty_store_url: str) -> None:
    gongkai = opened(empty_store_url, seal=False)
    applicant = details()
    saved = receive(gongkai, applicant)
    for _ in range(49):
        saved = contact(gongkai, saved)
    catch_up_and_close(gongkai)

    tables = rows_holding(empty_store_url, applicant.phone or "")
    assert len(tables) >= 3, tables  # the log, the snapshots and the worklist: what the test above finds nothing in


def test_after_erasure_the_case_reads_erased_over_the_api_with_every_event(api: Api) -> None:
    applicant = details()
    given = {"name": applicant.name, "phone": applicant.phone, "id_number": applicant.id_number}
    case = api.new_request(applicant=given)
    rid, organ, person = case["id"], case["organ"], case["applicant"]["person_id"]
    third = {"name": "某建设公司", "address": "某路1号"}
    letter = {"party": "third_party", "subject": "是否同意公开", "letter_sent_on": "2025-03-03", "third_party": third}
    api.step(rid, "consultations", letter)
    before = api.read(rid)
    assert before["applicant"]["name"] == applicant.name and before["applicant"]["person_id"] == person

    api.gongkai.privacy.erase(person, "申请人要求删除个人信息", HEAD)

    after = api.read(rid)
    assert after["applicant"] == {**ERASED, "person_id": person}
    # The history: every event still there, in order, the applicant's fields marked erased; the third party is
    # another person, untouched.
    assert [(e["version"], e["type"]) for e in after["history"]] == [
        (e["version"], e["type"]) for e in before["history"]
    ]
    assert after["history"][0]["type"] == "disclosure_request.received"
    assert after["history"][0]["data"]["applicant"] == {**ERASED, "person_id": person}
    assert after["history"][0]["data"]["applicant_key"] == before["history"][0]["data"]["applicant_key"]
    assert after["history"][1]["data"]["third_party"]["name"] == "某建设公司"
    [line] = api.client.get(API, params={"organ": organ}, headers=api.clerk.headers).json()["items"]
    assert line["applicant_name"] == ERASED_NAME
    assert len(api.gongkai.store.history(UUID(rid))) == len(before["history"])
    record = api.gongkai.store.load(ERASURE, erasure_id(person))
    assert (record.person_id, record.reason, record.erased_by.role) == (person, "申请人要求删除个人信息", "office_head")


def test_the_applicant_key_counts_an_erased_applicants_items_for_the_fee(api: Api) -> None:
    applicant = {"name": "陈静", "id_number": details().id_number}
    first = api.new_request(applicant=applicant, items=12)
    api.gongkai.privacy.erase(first["applicant"]["person_id"], "申请人要求删除个人信息", HEAD)

    second = api.new_request(applicant=applicant, items=5, organ=first["organ"])

    assert second["applicant"]["person_id"] != first["applicant"]["person_id"]  # an erased person is never reused
    notice = {"sent_on": "2025-03-03", "scale": "per_item", "form": "email"}
    fee = api.step(second["id"], "fee-notice", notice)["fee"]
    assert (fee["items_before"], fee["quantity"]) == (12, 5)


def test_a_request_may_not_send_a_person_id(api: Api) -> None:
    body = application(applicant={"name": "陈静", "person_id": "someone-else", "erased": True})
    response = api.client.post(API, json=body, headers=api.clerk.headers)
    problem = assert_problem(response, 400, "R-INPUT", "applicant.person_id")
    assert "applicant.erased" in [error["field"] for error in problem["errors"]]


def test_export_prints_every_occurrence_then_refuses_once_erased(
    empty_store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    gongkai = opened(empty_store_url)
    applicant = details()
    first = consult(gongkai, receive(gongkai, applicant), details())
    second = receive(gongkai, applicant)  # the same identity number: the same person
    person = first.state.applicant.person_id
    assert person is not None and second.state.applicant.person_id == person
    gongkai.close()
    where = ["--database", empty_store_url]

    assert main(["privacy", "export", person, *where]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["person_id"] == person
    assert [(o["record_id"], o["event_type"], o["field"]) for o in exported["occurrences"]] == [
        (str(first.request_id), "disclosure_request.received", "applicant"),
        (str(second.request_id), "disclosure_request.received", "applicant"),
    ]
    assert exported["occurrences"][0]["data"]["phone"] == applicant.phone
    assert exported["occurrences"][0]["recorded_at"].startswith("2025-03-03T")

    assert main(["privacy", "erase", person, "--reason", "申请人要求删除", *where]) == 0
    assert "erased the personal data of " + person in capsys.readouterr().out
    assert main(["privacy", "export", person, *where]) == 2
    assert "was erased" in capsys.readouterr().err
    assert main(["privacy", "erase", person, "--reason", "again", *where]) == 2
    assert "erased already" in capsys.readouterr().err
    assert main(["privacy", "export", "nobody-by-this-id", *where]) == 2
    assert "no person nobody-by-this-id" in capsys.readouterr().err


def test_a_second_process_stops_showing_erased_data_within_the_bound(empty_store_url: str) -> None:
    serving, other = opened(empty_store_url), opened(empty_store_url)
    try:
        applicant = details()
        saved = receive(serving, applicant)
        person = saved.state.applicant.person_id
        assert person is not None
        assert serving.requests.view(saved.request_id, HEAD).state.applicant == saved.state.applicant  # remembered

        other.privacy.erase(person, "申请人要求删除", HEAD)
        erased_at = time.monotonic()
        while not serving.requests.get(saved.request_id).applicant.erased:
            assert time.monotonic() - erased_at < REFRESH_SECONDS + 0.5, "still shown past the bound"
            time.sleep(0.05)

        view = serving.requests.view(saved.request_id, HEAD)
        assert view.state.applicant.name == ERASED_NAME
        assert view.history[0].applicant.erased  # type: ignore[attr-defined]
        assert not contact(serving, saved).state.applicant.phone  # a step decided on its memory shows no data
    finally:
        other.close()

    async def worklist_of_the_serving_process() -> list[object]:
        try:
            await serving.worklist.rows.catch_up()
            states, _ = await serving.worklist_store.page(RowFilter(organ=saved.state.organ), 0, 10)
            return [s.applicant for s in states]
        finally:
            await serving.aclose()

    assert [a.erased for a in asyncio.run(worklist_of_the_serving_process())] == [True]  # type: ignore[attr-defined]
    assert rows_holding(empty_store_url, applicant.phone or "") == []


def test_a_wrong_key_encrypting_key_is_refused_at_start(
    empty_store_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(KEY_VARIABLE, base64.b64encode(secrets.token_bytes(32)).decode())
    first = opened(empty_store_url)
    receive(first, details())
    first.close()

    monkeypatch.setenv(KEY_VARIABLE, base64.b64encode(secrets.token_bytes(32)).decode())
    with pytest.raises(KeyEncryptingKeyError, match="not the key this database's personal-data keys were wrapped"):
        build(empty_store_url)
    assert main(["privacy", "export", "anyone", "--database", empty_store_url]) == 2
    assert KEY_VARIABLE in capsys.readouterr().err

    monkeypatch.setenv(KEY_VARIABLE, "not a key")
    with pytest.raises(KeyEncryptingKeyError, match="base64 of 32 random bytes"):
        build(empty_store_url)


def test_the_embedded_store_keeps_its_key_beside_its_file_for_its_owner_alone(sqlite_url: str) -> None:
    os.environ.pop(KEY_VARIABLE, None)
    build(sqlite_url).close()

    key_file = Path(sqlite_url.removeprefix("sqlite:///") + ".personal-data-key")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_bytes()) == 32


def test_after_erasure_the_chain_still_verifies_and_the_feed_shows_the_data_erased(empty_store_url: str) -> None:
    gongkai = opened(empty_store_url)
    case = receive(gongkai, details())
    person = case.state.applicant.person_id
    assert person is not None
    gongkai.privacy.erase(person, "申请人要求删除个人信息", HEAD)

    async def feed() -> list[dict[str, Any]]:
        try:
            events = []
            for audience in (Audience.FULL, Audience.PUBLIC):
                page = await gongkai.feed.page_for(audience, FeedQuery(after=0, limit=1000), "http://gongkai.test")
                events += [e for e in page.events if e["subject"] == str(case.request_id)]
            return events
        finally:
            await gongkai.aclose()

    full, public = asyncio.run(feed())
    assert full["data"]["applicant"] == {**ERASED, "person_id": person}
    assert "applicant" not in public["data"]
    # every event is still in the log, byte for byte as chained: the key was destroyed, nothing rewritten
    with audited_log(DatabaseURL.parse(empty_store_url)) as log:
        result = verify(log)
    assert result.intact, result.problem
