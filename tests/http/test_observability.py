"""Running unattended: health for load balancers, Prometheus metrics, and one log line per request with its id."""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from litestar import Litestar, get
from litestar.exceptions import HTTPException
from litestar.testing import TestClient

from adapters.bootstrap import Gongkai, build
from adapters.http.app import create_app
from adapters.http.observability import LineFormatter
from adapters.http.problems import EXCEPTION_HANDLERS
from adapters.settings_file import SettingsFileError
from application.errors import Unavailable
from domain.actors import SYSTEM, Role
from tests.http.conftest import API, application, assert_problem


@pytest.fixture
def core(tmp_path: Path) -> Iterator[Gongkai]:
    """gongkai on an embedded store of its own."""
    gongkai = build(f"sqlite:///{tmp_path / 'gongkai.sqlite3'}")
    yield gongkai
    gongkai.close()


@pytest.fixture
def client(core: Gongkai) -> Iterator[TestClient[Any]]:
    """The app over it."""
    with TestClient(create_app(core)) as test_client:
        yield test_client


def clerk(core: Gongkai) -> dict[str, str]:
    """The Authorization header of a new clerk."""
    _, token = core.staff.add("王敏", (Role.CLERK,), SYSTEM)
    return {"Authorization": f"Bearer {token}"}


def metric(text: str, name: str, **labels: str) -> float:
    """One sample of the Prometheus text, by name and labels."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        found = re.fullmatch(r"([a-z_]+)(?:\{(.*)\})? (\S+)", line)
        if found and found[1] == name and ",".join(sorted((found[2] or "").split(","))) == wanted:
            return float(found[3])
    raise AssertionError(f"no sample {name} {labels} in\n{text}")


def unreachable(*_: object) -> int:
    """The store's answer while PostgreSQL restarts (asyncpg's error)."""
    raise asyncpg.CannotConnectNowError("the database system is starting up")


def test_live_answers_without_touching_the_store(core: Gongkai, client: TestClient[Any]) -> None:
    core.store.last_position = unreachable  # type: ignore[method-assign]
    response = client.get("/health/live")
    assert response.status_code == 200 and response.json() == {"status": "live"}


def test_ready_gives_the_head_and_each_read_models_lag(core: Gongkai, client: TestClient[Any]) -> None:
    client.post(API, json=application(), headers=clerk(core))
    head = core.store.last_position()
    for path in ("/health/ready", "/healthz"):
        body = client.get(path).json()
        assert body["status"] == "ready" and body["position"] == head
        assert set(body["read_models"]) == set(core.read_models) >= {"worklist", "documents", "publications"}
        for lag in body["read_models"].values():
            assert lag["lag"] == head - lag["position"] >= 0


def test_ready_says_how_long_ago_the_oldest_event_a_read_model_has_not_applied_was_logged(
    core: Gongkai, client: TestClient[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = threading.Event()

    async def never() -> bool:  # no process advances the worklist any more
        asked.set()
        return False

    monkeypatch.setattr(core.worklist_store, "lead", never)
    assert asked.wait(timeout=10)  # the runner has finished the catch-up it was in
    logged_at = datetime.now(UTC) - timedelta(seconds=90)
    core.clock.now = lambda: logged_at  # type: ignore[method-assign]  # the step was taken 90 s ago
    try:
        client.post(API, json=application(), headers=clerk(core))
    finally:
        del core.clock.now
    lags = client.get("/health/ready").json()["read_models"]
    assert lags["worklist"]["lag"] > 0 and 89 <= lags["worklist"]["lag_seconds"] < 600
    assert 'gongkai_read_model_lag_seconds{read_model="worklist"}' in client.get("/metrics").text


def test_ready_is_a_503_problem_with_retry_after_when_the_store_cannot_be_reached(
    core: Gongkai, client: TestClient[Any]
) -> None:
    core.store.last_position = unreachable  # type: ignore[method-assign]
    response = client.get("/health/ready")
    body = assert_problem(response, 503, "R-UNAVAILABLE")
    assert int(response.headers["retry-after"]) > 0
    assert body["request_id"] == response.headers["x-request-id"]


def test_a_read_model_behind_is_a_503_with_its_own_retry_after(core: Gongkai, client: TestClient[Any]) -> None:
    def behind() -> int:
        raise Unavailable("the worklist has not yet caught up with the log", retry_after=7)

    core.store.last_position = behind  # type: ignore[method-assign]
    response = client.get("/health/ready")
    assert_problem(response, 503, "R-UNAVAILABLE")
    assert response.headers["retry-after"] == "7"


def test_a_store_unreachable_during_a_step_is_a_503_not_a_500(core: Gongkai, client: TestClient[Any]) -> None:
    headers = clerk(core)
    core.store.append = unreachable  # type: ignore[method-assign]
    response = client.post(API, json=application(), headers=headers)
    assert_problem(response, 503, "R-UNAVAILABLE")
    assert response.headers["retry-after"]


def test_the_request_id_is_the_callers_when_usable_else_a_new_one(client: TestClient[Any]) -> None:
    assert client.get("/health/live", headers={"X-Request-ID": "lb-7f3a:42"}).headers["x-request-id"] == "lb-7f3a:42"
    for unusable in ("x" * 129, "two words", ""):
        given = client.get("/health/live", headers={"X-Request-ID": unusable}).headers["x-request-id"]
        assert re.fullmatch("[0-9a-f]{32}", given)
    first, second = (client.get("/health/live").headers["x-request-id"] for _ in range(2))
    assert first != second


def test_every_problem_names_the_request_id_also_where_no_route_answers(client: TestClient[Any]) -> None:
    response = client.get("/no/such/path", headers={"X-Request-ID": "abc-123"})
    assert assert_problem(response, 404)["request_id"] == "abc-123"
    response = client.post(API, json={}, headers={"X-Request-ID": "abc-124"})
    assert assert_problem(response, 401)["request_id"] == "abc-124"


def test_one_log_line_per_request_with_its_id(client: TestClient[Any], caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="gongkai.access"):
        client.get("/no/such/path", headers={"X-Request-ID": "abc-125"})
    [record] = [r for r in caplog.records if r.name == "gongkai.access"]
    fields = record.fields  # type: ignore[attr-defined]
    assert fields["request_id"] == "abc-125" and fields["status"] == 404 and fields["route"] == "unmatched"
    assert "abc-125" in LineFormatter(as_json=False).format(record)
    line = json.loads(LineFormatter(as_json=True).format(record))
    assert line["request_id"] == "abc-125" and line["method"] == "GET" and line["path"] == "/no/such/path"
    assert line["level"] == "info" and line["duration_ms"] >= 0


def test_the_log_format_is_json_when_asked_and_nothing_else_is_taken(
    core: Gongkai, monkeypatch: pytest.MonkeyPatch
) -> None:
    def formats() -> set[bool]:
        handlers = logging.getLogger("gongkai").handlers
        return {h.formatter.as_json for h in handlers if isinstance(h.formatter, LineFormatter)}

    monkeypatch.setenv("GONGKAI_LOG_FORMAT", "json")
    create_app(core)
    assert formats() == {True}
    monkeypatch.setenv("GONGKAI_LOG_FORMAT", "plain")
    create_app(core)
    assert formats() == {False}
    monkeypatch.setenv("GONGKAI_LOG_FORMAT", "xml")
    with pytest.raises(SettingsFileError, match="GONGKAI_LOG_FORMAT"):
        create_app(core)


def test_metrics_count_requests_by_route_template_and_status_and_the_events_appended(
    core: Gongkai, client: TestClient[Any]
) -> None:
    headers = clerk(core)
    appended_before = metric(client.get("/metrics").text, "gongkai_events_appended_total")
    case = client.post(API, json=application(), headers=headers).json()["id"]
    client.get(f"{API}/{case}", headers=headers)
    client.get(f"{API}/00000000-0000-4000-8000-000000000000", headers=headers)
    client.get("/no/such/path")
    response = client.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain; version=")
    text = response.text
    route = "/api/v1/disclosure-requests/{request_id}"
    assert metric(text, "gongkai_http_requests_total", method="POST", route=API, status="201") == 1
    assert metric(text, "gongkai_http_requests_total", method="GET", route=route, status="200") == 1
    assert metric(text, "gongkai_http_requests_total", method="GET", route=route, status="404") == 1
    assert metric(text, "gongkai_http_requests_total", method="GET", route="unmatched", status="404") == 1
    assert metric(text, "gongkai_http_request_duration_seconds_count", method="GET", route=route) == 2
    # The application and its entry in the register:
    assert metric(text, "gongkai_events_appended_total") == appended_before + 2
    assert metric(text, "gongkai_log_head_position") == core.store.last_position()
    assert metric(text, "gongkai_read_model_lag_events", read_model="worklist") >= 0
    assert metric(text, "gongkai_store_up") == 1


def test_metrics_answer_while_the_store_is_unreachable(core: Gongkai, client: TestClient[Any]) -> None:
    core.store.last_position = unreachable  # type: ignore[method-assign]
    response = client.get("/metrics")
    assert response.status_code == 200
    assert metric(response.text, "gongkai_store_up") == 0


def test_metrics_show_the_write_pool_on_postgresql(postgres_url: str) -> None:
    gongkai = build(postgres_url)
    try:
        with TestClient(create_app(gongkai)) as client:
            text = client.get("/metrics").text
        assert metric(text, "gongkai_pool_connections", pool="write", state="size") >= 1
        assert metric(text, "gongkai_pool_connections", pool="write", state="waiting") == 0
    finally:
        gongkai.close()


def test_the_app_adds_no_handler_of_its_own_to_the_root_logger(core: Gongkai) -> None:
    # Litestar's default logging config adds one, which printed every request line a second time.
    before = list(logging.getLogger().handlers)
    with TestClient(create_app(core)) as client:
        client.get("/health/live")
        assert logging.getLogger().handlers == before


def test_a_500_litestar_raises_itself_is_logged_with_its_cause_and_answered_without_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    @get("/broken", sync_to_thread=False)
    def broken() -> None:
        raise HTTPException(status_code=500, detail="dependency 'gongkai' could not be provided: secret detail")

    app = Litestar([broken], exception_handlers=EXCEPTION_HANDLERS, logging_config=None)  # type: ignore[arg-type]
    with TestClient(app) as test_client, caplog.at_level(logging.ERROR, logger="gongkai.http"):
        response = test_client.get("/broken")
    body = assert_problem(response, 500, "R-INTERNAL")
    assert "secret detail" not in body["detail"]
    assert any("secret detail" in record.getMessage() for record in caplog.records)
