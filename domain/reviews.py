"""行政复议 and 行政诉讼: challenges to a reply, to a failure to reply, or to proactive disclosure (R-REQ-REVIEW).

Disclosure requests and documents both keep their reviews with these values and rules, so the annual report's
table 4 counts them alike.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from domain.context import Context
from domain.deciding import not_blank, step_dated
from domain.errors import InvalidValue, RuleViolation
from domain.events import DomainEvent

CODE = "R-REQ-REVIEW"


class ReviewKind(enum.StrEnum):
    """How a decision is challenged (R-REQ-REVIEW)."""

    RECONSIDERATION = "reconsideration"
    """行政复议"""
    DIRECT_LITIGATION = "direct_litigation"
    """未经复议直接起诉"""
    LITIGATION_AFTER_RECONSIDERATION = "litigation_after_reconsideration"
    """复议后起诉: names the reconsideration it follows."""


class ReviewResult(enum.StrEnum):
    """The result of a reconsideration or lawsuit."""

    UPHELD = "upheld"
    """维持"""
    CORRECTED = "corrected"
    """纠正"""
    OTHER = "other"
    """其他"""


class ReviewTarget(enum.StrEnum):
    """What is challenged."""

    REPLY = "reply"
    """The reply to an application."""
    FAILURE_TO_REPLY = "failure_to_reply"
    """不作为: no reply in time; may be filed while the application is still open."""
    PROACTIVE_DISCLOSURE = "proactive_disclosure"
    """A document's proactive disclosure, e.g. one not published."""


@attrs.frozen
class ReviewDecision:
    """One decision on a review; a later one (appeal, retrial) supersedes it, and both are kept."""

    result: ReviewResult
    decided_on: date


@attrs.frozen
class Review:
    """A reconsideration or lawsuit with its decisions so far; pending (尚未审结) until the first."""

    review_id: str
    kind: ReviewKind
    filed_on: date
    against: ReviewTarget = ReviewTarget.REPLY
    follows: str | None = None
    """For litigation after reconsideration: the reconsideration it follows."""
    decisions: tuple[ReviewDecision, ...] = ()

    @property
    def result(self) -> ReviewResult | None:
        """The result in force: that of the latest decision, or None while pending."""
        return self.decisions[-1].result if self.decisions else None

    @property
    def decided_on(self) -> date | None:
        """The day of the latest decision."""
        return self.decisions[-1].decided_on if self.decisions else None


@attrs.frozen(kw_only=True)
class FileReview:
    """Record a reconsideration or lawsuit; `against` defaults to the reply (a request) or the proactive disclosure
    (a document); litigation after reconsideration names the reconsideration it `follows`."""

    kind: ReviewKind
    filed_on: date
    body: str
    against: ReviewTarget | None = None
    follows: str | None = None


@attrs.frozen(kw_only=True)
class DecideReview:
    """Record a decision on a reconsideration or lawsuit; a later one (appeal, retrial) supersedes the earlier."""

    review_id: str
    result: ReviewResult
    decided_on: date


@attrs.frozen(kw_only=True)
class ReviewFiledFields(DomainEvent):
    """The fields of a review filed, on whichever aggregate it challenges."""

    review_id: str
    kind: ReviewKind
    filed_on: date
    body: str
    against: ReviewTarget
    follows: str | None


@attrs.frozen(kw_only=True)
class ReviewDecidedFields(DomainEvent):
    """The fields of a decision on a review, on whichever aggregate it challenges."""

    review_id: str
    result: ReviewResult
    decided_on: date


def check_filing(
    reviews: tuple[Review, ...], c: FileReview, against: ReviewTarget, earliest: date, ctx: Context
) -> str:
    """The new review's id, once the filing is checked against the reviews before it (R-REQ-REVIEW): litigation
    after reconsideration challenges what that reconsideration challenged, after its decision."""
    not_blank(c.body, "body")
    after_reconsideration = c.kind is ReviewKind.LITIGATION_AFTER_RECONSIDERATION
    if after_reconsideration:
        followed = _followed_reconsideration(reviews, c.follows)
        if followed.against is not against:
            message = f"{followed.review_id} challenged the {followed.against}; litigation after it challenges the same"
            raise RuleViolation(message, code=CODE, field="against")
        earliest = max(earliest, followed.decided_on or earliest)
    elif c.follows is not None:
        raise InvalidValue("only litigation after reconsideration follows a reconsideration", field="follows")
    step_dated(c.filed_on, earliest, ctx, "filed_on", CODE)
    return f"R{len(reviews) + 1}"


def _followed_reconsideration(reviews: tuple[Review, ...], follows: str | None) -> Review:
    if follows is None:
        message = "litigation after reconsideration names the reconsideration it follows"
        raise RuleViolation(message, code=CODE, field="follows")
    found = next((r for r in reviews if r.review_id == follows), None)
    if found is None or found.kind is not ReviewKind.RECONSIDERATION:
        raise RuleViolation(f"{follows} is not a reconsideration of this record", code=CODE, field="follows")
    if found.result is None:
        raise RuleViolation(f"reconsideration {follows} is not decided yet", code=CODE, field="follows")
    return found


def check_decision(reviews: tuple[Review, ...], c: DecideReview, ctx: Context) -> None:
    """A decision on a filed review, on or after its filing and any decision it supersedes (R-REQ-REVIEW)."""
    found = next((r for r in reviews if r.review_id == c.review_id), None)
    if found is None:
        raise InvalidValue(f"no review {c.review_id} on this record", field="review_id")
    earliest = found.decided_on or found.filed_on
    step_dated(c.decided_on, earliest, ctx, "decided_on", CODE)


def filed(reviews: tuple[Review, ...], event: ReviewFiledFields) -> tuple[Review, ...]:
    """The reviews after one more is filed."""
    review = Review(event.review_id, event.kind, event.filed_on, event.against, event.follows)
    return (*reviews, review)


def decided(reviews: tuple[Review, ...], event: ReviewDecidedFields) -> tuple[Review, ...]:
    """The reviews after one is decided; a later decision supersedes the earlier, both kept."""
    decision = ReviewDecision(event.result, event.decided_on)
    return tuple(
        attrs.evolve(r, decisions=(*r.decisions, decision)) if r.review_id == event.review_id else r for r in reviews
    )
