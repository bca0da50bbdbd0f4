"""/metrics: the app's Prometheus metrics in the text format, the read models' lag looked up as it is scraped."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from litestar import Request, Response, get
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from adapters.http.health import READY_SECONDS, read_model_lags
from adapters.http.markers import Core
from adapters.http.observability import Metrics
from adapters.outages import store_unreachable

logger = logging.getLogger("gongkai.metrics")
MEDIA_TYPE = CONTENT_TYPE_LATEST.replace("; charset=utf-8", "")
"""Prometheus's text format (Litestar adds the charset)."""


async def refresh_lags(gongkai: Any, metrics: Metrics) -> None:
    """Set the log's head and the read models' lag; with the store unreachable, `gongkai_store_up` 0 and the last
    figures kept (a scrape must answer even then)."""
    try:
        lags = await asyncio.wait_for(read_model_lags(gongkai), READY_SECONDS)
    except Exception as error:
        if not store_unreachable(error):
            raise
        metrics.store_up.set(0)
        logger.warning("metrics: the store did not answer: %s: %s", type(error).__name__, error)
        return
    metrics.store_up.set(1)
    metrics.log_head.set(lags.head)
    for name, lag in lags.read_models.items():
        metrics.read_model_lag.labels(name).set(lag.lag)
        metrics.read_model_lag_seconds.labels(name).set(lag.lag_seconds)


@get("/metrics", operation_id="metrics", include_in_schema=False)
async def metrics_page(gongkai: Core, request: Request[Any, Any, Any]) -> Response[bytes]:
    """Every metric of this process, in Prometheus's text format."""
    metrics: Metrics = request.app.state.metrics
    await refresh_lags(gongkai, metrics)
    return Response(generate_latest(metrics.registry), media_type=MEDIA_TYPE)
