"""Full-text search of published documents."""
