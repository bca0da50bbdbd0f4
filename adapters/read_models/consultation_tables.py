"""Where the consultation lists' rows live: consultations by closing day, and comments awaiting a disposition."""

from __future__ import annotations

from typing import Any

from adapters.read_models.common import WorklistTable
from application.consultation_worklist import COMMENTS, CONSULTATIONS
from application.settings import Settings


def consultation_worklist(settings: Settings) -> WorklistTable[Any]:
    """Where the consultation list's rows live."""
    return WorklistTable(CONSULTATIONS, "consultation_worklist", "gongkai_consultation_worklist", settings.digest())


def comment_worklist(settings: Settings) -> WorklistTable[Any]:
    """Where the rows of comments awaiting a disposition live."""
    return WorklistTable(COMMENTS, "comment_worklist", "gongkai_comment_worklist", settings.digest())
