"""Health for load balancers and orchestrators: `/health/live` (the process answers) and `/health/ready` (the store
answers, and how far each read model is behind the log's head)."""

from __future__ import annotations

import asyncio
from typing import Any

import anyio.to_thread
import attrs
from litestar import get

from adapters.bootstrap import Gongkai
from adapters.http.markers import Core
from adapters.outages import RETRY_AFTER_SECONDS
from application.errors import Unavailable

READY_SECONDS = 3.0
"""How long the readiness check waits for the store before it answers 503."""


@attrs.frozen
class ReadModelLag:
    """One read model's position, how many positions it is behind the log's head, and for how long."""

    position: int
    lag: int
    lag_seconds: float
    """How long ago the oldest event it has not applied was logged; 0 when it is at the head."""


@attrs.frozen
class Lags:
    """The log's head and each read model's lag behind it."""

    head: int
    read_models: dict[str, ReadModelLag]


def read_models(gongkai: Gongkai) -> dict[str, Any]:
    """Every read model's store, by the name `gongkai rebuild` gives it."""
    return {name: runner.store for name, runner in gongkai.read_models.items()}


async def read_model_lags(gongkai: Gongkai) -> Lags:
    """The log's head (one cheap query on the write side) and each read model's position: the one place that says how
    far the read models are behind, for /health/ready and /metrics. Lag is counted in positions, which are not
    contiguous, so it is at least the number of events not yet applied."""
    head = await anyio.to_thread.run_sync(gongkai.store.last_position)
    lags = {}
    for name, store in read_models(gongkai).items():
        position = int(await store.position())
        seconds = 0.0
        if position < head:  # as old as the first event it has not applied (one row, by the log's index)
            oldest = await store.events_after(position, 1)
            if oldest:
                seconds = max((gongkai.clock.now() - oldest[0].event.timestamp).total_seconds(), 0.0)
        lags[name] = ReadModelLag(position=position, lag=max(head - position, 0), lag_seconds=round(seconds, 3))
    return Lags(head=head, read_models=lags)


@get("/health/live", operation_id="live", include_in_schema=False)
async def live() -> dict[str, str]:
    """The process answers (it touches nothing else)."""
    return {"status": "live"}


@get(["/health/ready", "/healthz"], operation_id="ready", include_in_schema=False)
async def ready(gongkai: Core) -> dict[str, Any]:
    """The store answers, with the log's head (`position`) and each read model's lag; 503 (R-UNAVAILABLE) when the
    store cannot be reached within READY_SECONDS. /healthz is the same check under its older name."""
    try:
        lags = await asyncio.wait_for(read_model_lags(gongkai), READY_SECONDS)
    except TimeoutError:
        raise Unavailable(
            f"the store did not answer within {READY_SECONDS:g} s", retry_after=RETRY_AFTER_SECONDS
        ) from None
    return {
        "status": "ready",
        "position": lags.head,
        "read_models": {name: attrs.asdict(lag) for name, lag in lags.read_models.items()},
    }
