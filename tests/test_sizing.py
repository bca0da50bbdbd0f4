"""The threads that serve requests and the database pools are sized together, from the environment."""

from __future__ import annotations

import anyio.to_thread
import pytest

from adapters.bootstrap import build
from adapters.persistence.database import DatabaseURL
from adapters.settings_file import SettingsFileError


async def test_the_serving_threads_and_the_write_connections_are_one_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_THREADS", "3")
    monkeypatch.setenv("GONGKAI_READ_CONNECTIONS", "2")
    gongkai = build("memory://")
    try:
        assert (gongkai.store.url.connections, gongkai.store.url.read_connections) == (3, 2)
        assert gongkai.store.url.eventsourcing_env() == {"PERSISTENCE_MODULE": "eventsourcing.popo"}
        await gongkai.start_read_side()
        assert anyio.to_thread.current_default_thread_limiter().total_tokens == 3
    finally:
        await gongkai.aclose()


def test_postgresql_gets_a_write_pool_of_one_connection_a_thread() -> None:
    url = DatabaseURL.parse("postgresql://postgres@127.0.0.1:5432/x")
    env = url.eventsourcing_env()
    assert (env["POSTGRES_POOL_SIZE"], env["POSTGRES_MAX_OVERFLOW"]) == ("16", "0")


@pytest.mark.parametrize("value", ["0", "many", "257", "-1"])
def test_a_thread_count_that_is_not_a_number_in_range_is_refused_naming_it(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("GONGKAI_THREADS", value)
    with pytest.raises(SettingsFileError, match="GONGKAI_THREADS"):
        build("memory://")
