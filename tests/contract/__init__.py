"""Contract tests: each adapter of a port passes the same assertions on every store."""
