"""A reconsideration or lawsuit as the API shows it, on an application or a document (R-REQ-REVIEW)."""

from __future__ import annotations

from datetime import date

import attrs

from domain.reviews import Review, ReviewDecision, ReviewKind, ReviewResult, ReviewTarget


@attrs.frozen(kw_only=True)
class ReviewOut:
    """A reconsideration or lawsuit: pending while `result` is null; a later decision supersedes an earlier one."""

    review_id: str
    kind: ReviewKind
    against: ReviewTarget
    follows: str | None
    """For litigation after reconsideration: the reconsideration it follows."""
    filed_on: date
    result: ReviewResult | None
    """The result in force (the latest decision's), or null while pending (尚未审结)."""
    decided_on: date | None
    decisions: tuple[ReviewDecision, ...]
    """Every decision in order, the superseded ones too."""

    @classmethod
    def of(cls, review: Review) -> ReviewOut:
        """From the domain value."""
        return cls(
            review_id=review.review_id,
            kind=review.kind,
            against=review.against,
            follows=review.follows,
            filed_on=review.filed_on,
            result=review.result,
            decided_on=review.decided_on,
            decisions=review.decisions,
        )
