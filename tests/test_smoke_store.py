from adapters.bootstrap import build


def test_the_seed_tables_are_in_the_log_after_the_first_start(database_url: str) -> None:
    gongkai = build(database_url)
    try:
        assert gongkai.calendar.current().knows(2026)
    finally:
        gongkai.close()
