"""What the server tells its operators: one log line per request with its id, and Prometheus metrics at /metrics.

Around the whole app (outside Litestar's routing, so unknown paths count too): each request gets its id
(request_ids.py), echoed in the answer's X-Request-ID; when the answer is sent, its line is logged and the request
is counted by method, route template (never the raw path, which would make a series per case) and status.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from adapters.http.request_ids import HEADER, assign_request_id
from adapters.settings_file import SettingsFileError

ACCESS = logging.getLogger("gongkai.access")
UNMATCHED = "unmatched"
"""The route label of a request no route answers (404, 405): one series for all of them."""
LOG_FORMATS = ("plain", "json")


class Metrics:
    """The metrics of one app, in a registry of its own (an app per test must not clash with another's)."""

    def __init__(self) -> None:
        disable_created_metrics()  # type: ignore[no-untyped-call]  # a `_created` series beside every counter says nothing a scraper needs
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "gongkai_http_requests", "HTTP requests answered, by method, route template and status",
            ["method", "route", "status"], registry=self.registry,
        )  # fmt: skip
        self.latency = Histogram(
            "gongkai_http_request_duration_seconds", "Time from a request's arrival to its answer's last byte",
            ["method", "route"], registry=self.registry,
        )  # fmt: skip
        self.events_appended = Counter(
            "gongkai_events_appended", "Events this process appended to the log", registry=self.registry
        )
        self.log_head = Gauge("gongkai_log_head_position", "The log's newest position", registry=self.registry)
        self.read_model_lag = Gauge(
            "gongkai_read_model_lag_events", "Positions a read model is behind the log's head (at least the events)",
            ["read_model"], registry=self.registry,
        )  # fmt: skip
        self.read_model_lag_seconds = Gauge(
            "gongkai_read_model_lag_seconds", "How long ago the oldest event a read model has not applied was logged",
            ["read_model"], registry=self.registry,
        )  # fmt: skip
        self.store_up = Gauge(
            "gongkai_store_up", "1 when the store answered the last scrape of /metrics, else 0", registry=self.registry
        )
        self._series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}
        """Each method, route and status's series, found once (labels() costs more than counting)."""

    def count_request(self, method: str, route: str, status: int, seconds: float) -> None:
        """One request answered."""
        series = self._series.get((method, route, status))
        if series is None:
            series = (self.requests.labels(method, route, str(status)), self.latency.labels(method, route))
            self._series[(method, route, status)] = series
        series[0].inc()
        series[1].observe(seconds)


class PoolCollector(Collector):
    """Connections of the write side's psycopg pool and the read models' asyncpg pools, read when scraped."""

    def __init__(self, pools: Callable[[], Iterator[tuple[str, str, int]]]) -> None:
        self._pools = pools

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """One gauge, by pool and state (size, idle, waiting)."""
        family = GaugeMetricFamily(
            "gongkai_pool_connections", "Connections of each database pool, by state", labels=["pool", "state"]
        )
        for pool, state, value in self._pools():
            family.add_metric([pool, state], value)
        yield family


def pool_figures(write_pool: Any, read_stores: dict[str, Any]) -> Iterator[tuple[str, str, int]]:
    """(pool, state, connections) of the pools that are there: psycopg_pool's statistics for the write side,
    asyncpg's sizes for the read models' stores that keep one as `_pool` (made on first use; SQLite has none)."""
    if write_pool is not None and hasattr(write_pool, "get_stats"):
        stats = write_pool.get_stats()
        yield "write", "size", int(stats.get("pool_size", 0))
        yield "write", "idle", int(stats.get("pool_available", 0))
        yield "write", "waiting", int(stats.get("requests_waiting", 0))
    for name, store in read_stores.items():
        pool = getattr(store, "_pool", None)
        if pool is not None and hasattr(pool, "get_size") and hasattr(pool, "get_idle_size"):
            yield name, "size", int(pool.get_size())
            yield name, "idle", int(pool.get_idle_size())


class LineFormatter(logging.Formatter):
    """A log record as one line: plain text, or a JSON object (GONGKAI_LOG_FORMAT=json) with the request's fields."""

    def __init__(self, as_json: bool) -> None:
        super().__init__()
        self.as_json = as_json

    def format(self, record: logging.LogRecord) -> str:
        """The record's line, its traceback (if any) folded into it as JSON, or on the lines after it as text."""
        fields: dict[str, Any] = getattr(record, "fields", {})
        moment = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        if self.as_json:
            line = {"time": moment, "level": record.levelname.lower(), "logger": record.name,
                    "message": record.getMessage(), **fields}  # fmt: skip
            if record.exc_info:
                line["error"] = self.formatException(record.exc_info)
            return json.dumps(line, ensure_ascii=False, default=str)
        text = f"{moment} {record.levelname} {record.name} {record.getMessage()}"
        return text + ("\n" + self.formatException(record.exc_info) if record.exc_info else "")


def log_format_from_env() -> str:
    """GONGKAI_LOG_FORMAT: `plain` (the default) or `json`."""
    chosen = os.environ.get("GONGKAI_LOG_FORMAT") or "plain"
    if chosen not in LOG_FORMATS:
        raise SettingsFileError(f"GONGKAI_LOG_FORMAT is plain or json, not {chosen!r}")
    return chosen


def configure_logging(log_format: str) -> None:
    """Send the `gongkai` loggers' lines (requests at INFO, faults) to stderr in the format chosen; once per process,
    whatever number of apps it makes."""
    logger = logging.getLogger("gongkai")
    ours = [h for h in logger.handlers if isinstance(h.formatter, LineFormatter)]
    handler = ours[0] if ours else logging.StreamHandler()
    handler.setFormatter(LineFormatter(log_format == "json"))
    if not ours:
        logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)


def quiet_uvicorn_access_log(log_format: str) -> None:
    """At startup: uvicorn's own access line would repeat ours without the request id; in JSON, its other lines are
    JSON too."""
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
    if log_format == "json":
        for handler in logging.getLogger("uvicorn").handlers:
            handler.setFormatter(LineFormatter(as_json=True))


def observed(app: ASGIApp, metrics: Metrics) -> ASGIApp:
    """The app with every HTTP request given its id, logged in one line and counted."""

    async def observe(scope: Scope, receive: Receive, send: Send) -> None:
        if str(scope["type"]) != "http":
            await app(scope, receive, send)
            return
        request_id = assign_request_id(scope)  # type: ignore[arg-type]
        started = time.perf_counter()
        status = 500  # what the server sends if the app fails before it answers

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (HEADER.encode(), request_id.encode())]
            await send(message)

        try:
            await app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = str(scope.get("path_template") or UNMATCHED)
            method = str(scope.get("method", ""))
            metrics.count_request(method, route, status, seconds)
            fields = {"request_id": request_id, "method": method, "path": scope.get("path", ""), "route": route,
                      "status": status, "duration_ms": round(seconds * 1000, 2)}  # fmt: skip
            ACCESS.info(
                "%s %s %s %d %.1f ms", request_id, method, fields["path"], status, seconds * 1000,
                extra={"fields": fields},
            )  # fmt: skip

    return observe


def count_appends(store: Any, metrics: Metrics) -> None:
    """Count the events each save appends, by wrapping the store's `append` (once: an app made again over the same
    store counts in its own metrics instead)."""
    inner = getattr(store.append, "unwrapped", store.append)

    def append(events: Any, states: Any = ()) -> int:
        position: int = inner(events, states)
        metrics.events_appended.inc(len(events))
        return position

    append.unwrapped = inner  # type: ignore[attr-defined]
    store.append = append
