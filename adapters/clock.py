"""The system clock, the one place that reads the time."""

from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    """Tells the current instant in UTC."""

    def now(self) -> datetime:
        """The current instant."""
        return datetime.now(UTC)
