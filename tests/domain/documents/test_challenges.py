"""R-REQ-REVIEW on documents: reconsideration and litigation against proactive disclosure (e.g. not published)."""

from __future__ import annotations

from datetime import date

from domain.document import events as ev
from domain.reviews import DecideReview, FileReview, ReviewKind, ReviewResult, ReviewTarget
from tests.domain.documents.builders import PUBLISHER, at, drafted, given, only_event, proactive, refusal, then

FORMED = date(2025, 3, 3)


def challenge(kind: ReviewKind, filed_on: date, **fields: object) -> FileReview:
    """A challenge to the document's proactive disclosure."""
    return FileReview(kind=kind, filed_on=filed_on, body="区人民政府行政复议办公室", **fields)  # type: ignore[arg-type]


def test_a_document_not_published_is_challenged_and_the_decisions_are_kept_in_order() -> None:
    doc = given(drafted(FORMED), proactive(FORMED))
    filed = only_event(doc, at(date(2025, 5, 6), challenge(ReviewKind.RECONSIDERATION, date(2025, 5, 6)), PUBLISHER))
    assert isinstance(filed, ev.ReviewFiled)
    assert (filed.review_id, filed.against) == ("R1", ReviewTarget.PROACTIVE_DISCLOSURE)
    doc = then(
        doc,
        at(date(2025, 5, 6), challenge(ReviewKind.RECONSIDERATION, date(2025, 5, 6)), PUBLISHER),
        at(
            date(2025, 7, 1),
            DecideReview(review_id="R1", result=ReviewResult.CORRECTED, decided_on=date(2025, 7, 1)),
            PUBLISHER,
        ),
        at(
            date(2025, 7, 10),
            challenge(ReviewKind.LITIGATION_AFTER_RECONSIDERATION, date(2025, 7, 10), follows="R1"),
            PUBLISHER,
        ),
    )
    assert [(c.review_id, c.kind, c.result) for c in doc.challenges] == [
        ("R1", ReviewKind.RECONSIDERATION, ReviewResult.CORRECTED),
        ("R2", ReviewKind.LITIGATION_AFTER_RECONSIDERATION, None),
    ]


def test_a_document_takes_only_challenges_to_its_proactive_disclosure() -> None:
    doc = given(drafted(FORMED), proactive(FORMED))
    step = at(date(2025, 5, 6), challenge(ReviewKind.RECONSIDERATION, date(2025, 5, 6), against=ReviewTarget.REPLY))
    assert refusal(doc, step).field == "against"


def test_a_challenge_is_not_filed_before_the_document_was_issued() -> None:
    doc = given(drafted(FORMED), proactive(FORMED))
    error = refusal(doc, at(date(2025, 5, 6), challenge(ReviewKind.DIRECT_LITIGATION, date(2025, 3, 2))))
    assert (error.code, error.field) == ("R-REQ-REVIEW", "filed_on")
