"""Use cases, ports and read models of gongkai."""
