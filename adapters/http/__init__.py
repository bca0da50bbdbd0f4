"""The web API: Litestar app factory, one controller per resource, problem details."""
