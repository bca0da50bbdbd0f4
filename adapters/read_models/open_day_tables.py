"""Where the open-day worklist's rows live."""

from __future__ import annotations

from typing import Any

from adapters.read_models.common import WorklistTable
from application.open_day_worklist import OPEN_DAYS
from application.settings import Settings


def open_day_worklist(settings: Settings) -> WorklistTable[Any]:
    """Where the open-day worklist's rows live."""
    return WorklistTable(OPEN_DAYS, "open_day_worklist", "gongkai_open_day_worklist", settings.digest())
