"""The event feed for other systems, on each store: pages in log order, filters that move past what they skip, the
integrator's public-safe form and the auditor's full one, schemas every envelope validates against, and the SSE
stream resuming after Last-Event-ID."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import attrs
import jsonschema
import pytest

from domain.actors import SYSTEM, Role
from tests.conftest import create_database, drop_database
from tests.http.conftest import Api, Person, application, assert_problem, open_api
from tests.support import unique

EVENTS = "/api/v1/events"
STREAM = "/api/v1/events/stream"


@attrs.frozen
class Feed:
    """The API with two organs' applications in the log, and the feed's readers."""

    api: Api
    auditor: Person
    integrator: Person
    organs: tuple[str, str]
    request_ids: tuple[str, ...]

    def page(self, who: Person | None = None, **params: Any) -> dict[str, Any]:
        """A page that must be answered."""
        response = self.api.client.get(EVENTS, params=params, headers=(who or self.integrator).headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def every_page(self, who: Person | None = None, **params: Any) -> tuple[list[dict[str, Any]], int]:
        """Every event from the start, page by page; and how many pages it took."""
        events, after, pages = [], 0, 0
        while True:
            page = self.page(who, after=after, **params)
            pages += 1
            events += page["events"]
            assert page["next_after"] >= after
            after = page["next_after"]
            if after >= page["head"]:
                return events, pages


def _person(api: Api, name: str, role: Role) -> Person:
    person_id, token = api.gongkai.staff.add(name, (role,), SYSTEM)
    return Person(person_id=person_id, name=name, token=token)


@pytest.fixture(scope="module", params=["sqlite", "postgresql", "memory"])
def feed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Feed]:
    """On each store, empty before (the module's tests only read): applications to two organs, one of them handed to
    a department."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('feed') / 'gongkai.sqlite3'}"
    elif request.param == "memory":
        url = "memory://"
    else:
        url = create_database()
        request.addfinalizer(lambda: drop_database(url))
    for api in open_api(url):
        organs = (unique("某区人社局"), unique("某区民政局"))
        ids = []
        for organ in (*organs, organs[0]):
            ids.append(api.new_request(**application(organ=organ))["id"])
        api.step(ids[0], "handler", {"handler_id": "li", "handler_name": "李强", "department": "就业促进科"})
        auditor = _person(api, "审计员甲", Role.AUDITOR)
        integrator = _person(api, "一网通办", Role.INTEGRATOR)
        yield Feed(api, auditor, integrator, organs, tuple(ids))


def _log_positions(feed: Feed) -> list[int]:
    return [logged.position for logged in feed.api.gongkai.store.read_log(0, 10_000)]


def test_pages_walk_the_whole_log_in_order_each_event_once(feed: Feed) -> None:
    events, pages = feed.every_page(limit=7)
    positions = [e["position"] for e in events]
    assert positions == _log_positions(feed)
    assert pages >= len(positions) // 7
    assert len({e["id"] for e in events}) == len(events)
    last = feed.page(after=positions[-1])
    assert last == {"events": [], "next_after": positions[-1], "head": positions[-1]}


def test_a_position_past_the_head_is_no_error_only_nothing_yet(feed: Feed) -> None:
    head = feed.page()["head"]
    assert feed.page(after=head + 1000) == {"events": [], "next_after": head + 1000, "head": head}


def test_a_stream_type_filter_sends_only_those_and_moves_past_the_rest(feed: Feed) -> None:
    events, _ = feed.every_page(stream_type="disclosure_request", limit=2)
    assert {e["streamtype"] for e in events} == {"disclosure_request"}
    assert [e["subject"] for e in events if e["streamversion"] == 1] == list(feed.request_ids)
    # The first page holds the first two of them, and continues after the second: the calendar's and the staff's
    # events before it are never read again.
    first = feed.page(stream_type="disclosure_request", limit=2)
    assert first["next_after"] == first["events"][-1]["position"]
    both = feed.page(stream_type=["disclosure_request", "request_register"], limit=1000)["events"]
    assert {e["streamtype"] for e in both} == {"disclosure_request", "request_register"}


def test_an_organ_filter_follows_the_organ_of_each_record_from_its_first_event(feed: Feed) -> None:
    events, _ = feed.every_page(organ=feed.organs[0])
    assert {e["organ"] for e in events} == {feed.organs[0]}
    assert {e["source"] for e in events} == {f"/gongkai/organs/{quote(feed.organs[0], safe='')}"}
    types = [e["type"] for e in events]
    # The handler's assignment names no organ itself: it belongs to its application's.
    assert "gongkai.disclosure_request.handler_assigned" in types
    assert types.count("gongkai.disclosure_request.received") == 2
    assert "gongkai.working_calendar.year_loaded" not in types  # a record of no organ never matches one


def test_an_organ_filter_with_nothing_in_reach_moves_on_in_bounded_steps(feed: Feed) -> None:
    page = feed.page(organ="没有这个机关")
    assert page["events"] == [] and page["next_after"] == page["head"]


def test_integrators_get_the_public_safe_form_without_applicants_or_staff_names(feed: Feed) -> None:
    events, _ = feed.every_page(feed.integrator, stream_type="disclosure_request")
    received = next(e for e in events if e["type"] == "gongkai.disclosure_request.received")
    assert "applicant" not in received["data"]
    assert "information_requested" not in received["data"]
    assert received["data"]["actor"] == {"role": "clerk"}
    assigned = next(e for e in events if e["type"] == "gongkai.disclosure_request.handler_assigned")
    assert "handler_name" not in assigned["data"]
    text = str(events)
    assert "陈静" not in text and "王敏" not in text and "李强" not in text
    assert all(e["dataschema"].endswith("/public") for e in events)


def test_auditors_get_every_field(feed: Feed) -> None:
    events, _ = feed.every_page(feed.auditor, stream_type="disclosure_request")
    received = next(e for e in events if e["type"] == "gongkai.disclosure_request.received")
    assert received["data"]["applicant"]["name"] == "陈静"
    assert received["data"]["actor"]["name"] == "王敏"
    assert received["data"]["information_requested"]
    assert all(e["dataschema"].endswith("/full") for e in events)


def test_staff_who_are_not_auditors_are_refused_and_strangers_asked_to_authenticate(feed: Feed) -> None:
    client = feed.api.client
    assert_problem(client.get(EVENTS, headers=feed.api.clerk.headers), 403, "R-ROLE")
    assert_problem(client.get(STREAM, params={"until": 0}, headers=feed.api.clerk.headers), 403, "R-ROLE")
    assert_problem(client.get(EVENTS), 401, "R-AUTH")
    assert_problem(client.get(STREAM, params={"until": 0}), 401, "R-AUTH")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"after": -1}, "after"),
        ({"after": "x"}, "after"),
        ({"stream_type": "case"}, "stream_type"),
        ({"organ": "x" * 101}, "organ"),
        ({"position": 3}, "position"),
    ],
)
def test_a_bad_parameter_is_refused_naming_it(feed: Feed, params: dict[str, Any], field: str) -> None:
    response = feed.api.client.get(EVENTS, params=params, headers=feed.integrator.headers)
    assert_problem(response, 400, "R-INPUT", field)


def test_every_envelope_validates_against_the_schema_it_names(feed: Feed) -> None:
    client = feed.api.client
    index = client.get("/api/v1/events/schemas").json()["types"]
    assert {t["type"] for t in index} >= {"disclosure_request.received", "working_calendar.year_loaded"}
    schemas: dict[str, Any] = {}
    for who in (feed.integrator, feed.auditor):
        for event in feed.every_page(who)[0]:
            url = event["dataschema"]
            if url not in schemas:
                response = client.get(url.removeprefix("http://testserver.local"))
                assert response.status_code == 200, url
                schemas[url] = response.json()
            jsonschema.validate(event["data"], schemas[url], cls=jsonschema.Draft202012Validator)
            assert event["specversion"] == "1.0" and event["datacontenttype"] == "application/json"
            assert event["id"] == f"{event['subject']}/{event['streamversion']}"
    assert any(url.endswith("/full") for url in schemas) and any(url.endswith("/public") for url in schemas)


def test_an_unknown_schema_is_not_found(feed: Feed) -> None:
    client = feed.api.client
    for path in ("nothing.happened/v1/public", "disclosure_request.received/v99/public",
                 "disclosure_request.received/v1/staff", "disclosure_request.received/1/full"):  # fmt: skip
        assert_problem(client.get(f"/api/v1/events/schemas/{path}"), 404, "R-NOT-FOUND")


def _sse(text: str) -> list[dict[str, str]]:
    """The messages of an event stream: each one's fields (comments left out)."""
    messages = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.split("\n") if line and not line.startswith(":"))
        if fields:
            messages.append(fields)
    return messages


def test_the_stream_sends_each_event_with_its_position_as_id_and_resumes_after_last_event_id(feed: Feed) -> None:
    head = feed.page()["head"]
    response = feed.api.client.get(STREAM, params={"until": head}, headers=feed.integrator.headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    messages = [m for m in _sse(response.text) if "data" in m]
    assert [int(m["id"]) for m in messages] == _log_positions(feed)
    assert messages[0]["event"] == "gongkai.working_calendar.year_loaded"
    middle = int(messages[len(messages) // 2]["id"])
    headers = {**feed.integrator.headers, "Last-Event-ID": str(middle)}
    resumed = feed.api.client.get(STREAM, params={"until": head, "after": 0}, headers=headers)
    assert [int(m["id"]) for m in _sse(resumed.text) if "data" in m] == [p for p in _log_positions(feed) if p > middle]


def test_a_filtered_stream_moves_its_last_event_id_past_what_it_skipped(feed: Feed) -> None:
    head = feed.page()["head"]
    params = {"until": head, "organ": feed.organs[1]}
    messages = _sse(feed.api.client.get(STREAM, params=params, headers=feed.auditor.headers).text)
    assert {m["event"] for m in messages if "data" in m} == {
        "gongkai.disclosure_request.received",
        "gongkai.request_register.number_assigned",
    }
    assert int(messages[-1]["id"]) == head


def test_a_bad_last_event_id_is_refused_naming_it(feed: Feed) -> None:
    headers = {**feed.integrator.headers, "Last-Event-ID": "yesterday"}
    assert_problem(feed.api.client.get(STREAM, params={"until": 0}, headers=headers), 400, "R-INPUT", "Last-Event-ID")


def test_an_empty_last_event_id_is_as_if_it_were_not_sent(feed: Feed) -> None:
    # The document allows it (a schema-driven fuzzer sent it): the stream starts after `after`.
    headers = {**feed.integrator.headers, "Last-Event-ID": ""}
    response = feed.api.client.get(STREAM, params={"after": 0, "until": 0}, headers=headers)
    assert response.status_code == 200 and ": gongkai events after 0" in response.text


def test_the_document_says_the_stream_is_text_event_stream(feed: Feed) -> None:
    document = feed.api.client.get("/schema/openapi.json").json()
    stream = document["paths"][STREAM]["get"]
    assert list(stream["responses"]["200"]["content"]) == ["text/event-stream"]
    assert {"name": "Last-Event-ID", "in": "header"}.items() <= next(
        p for p in stream["parameters"] if p["name"] == "Last-Event-ID"
    ).items()
    assert document["paths"]["/api/v1/events/schemas"]["get"]["security"] == [{}]
