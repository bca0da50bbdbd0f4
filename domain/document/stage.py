"""Where a document stands in its way to publication, derived from its state."""

from __future__ import annotations

import enum

from domain.document.state import Document


class Stage(enum.StrEnum):
    """The step a document waits for."""

    AWAITING_ATTRIBUTE = "awaiting_attribute"
    """The drafting unit has not set the disclosure attribute yet."""
    AWAITING_CONFIDENTIALITY_REVIEW = "awaiting_confidentiality_review"
    AWAITING_DISCLOSURE_REVIEW = "awaiting_disclosure_review"
    NOT_CLEARED = "not_cleared"
    """A review of the current revision failed: a new revision is needed."""
    READY = "ready"
    """Cleared, not yet published (or not to be published: not proactive)."""
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


def stage(doc: Document) -> Stage:
    """The stage of a document."""
    revision = doc.current
    if doc.current_revision_is_out:
        return Stage.PUBLISHED
    if doc.current_revision_withdrawn:
        return Stage.WITHDRAWN
    if doc.attribute is None:
        return Stage.AWAITING_ATTRIBUTE
    if revision.confidentiality is None:
        return Stage.AWAITING_CONFIDENTIALITY_REVIEW
    if not revision.confidentiality.passed:
        return Stage.NOT_CLEARED
    if revision.disclosure is None:
        return Stage.AWAITING_DISCLOSURE_REVIEW
    return Stage.READY if revision.disclosure.passed else Stage.NOT_CLEARED
