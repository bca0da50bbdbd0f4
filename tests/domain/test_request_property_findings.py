"""What the disclosure-request properties (tests/properties/) and their oracle found the domain doing against
RULES.md, each pinned once the domain was fixed.
"""

from __future__ import annotations

from datetime import date

from domain.calendar import Assumed
from domain.disclosure_request import commands as cmd
from domain.disclosure_request.clock import correction_deadline
from domain.disclosure_request.values import DeliveryMethod
from domain.reviews import ReviewKind, ReviewResult, ReviewTarget
from tests.domain.builders import CALENDAR, DISCLOSED, applied, at, given, refusal, reply

RECEIVED = date(2025, 3, 3)


def test_a_lawsuit_after_reconsideration_of_the_reply_is_not_against_a_failure_to_reply() -> None:
    # Replied Mon 3/10; the applicant sought reconsideration of the reply on 4/1, upheld 6/2. A lawsuit after that
    # reconsideration challenges the reply: a failure to reply cannot be challenged three months after the reply.
    case = given(
        applied(RECEIVED),
        at(date(2025, 3, 10), reply(date(2025, 3, 10), DISCLOSED)),
        at(date(2025, 3, 11), cmd.RecordDelivery(method=DeliveryMethod.POSTED, delivered_on=date(2025, 3, 11))),
        at(date(2025, 4, 1), cmd.FileReview(kind=ReviewKind.RECONSIDERATION, filed_on=date(2025, 4, 1), body="区政府")),
        at(date(2025, 6, 2), cmd.DecideReview(review_id="R1", result=ReviewResult.UPHELD, decided_on=date(2025, 6, 2))),
    )
    lawsuit = cmd.FileReview(
        kind=ReviewKind.LITIGATION_AFTER_RECONSIDERATION,
        filed_on=date(2025, 6, 10),
        body="区人民法院",
        against=ReviewTarget.FAILURE_TO_REPLY,
        follows="R1",
    )
    assert refusal(case, at(date(2025, 6, 10), lawsuit)).code == "R-REQ-REVIEW"


def sensible(assumed: Assumed) -> bool:
    """An assumption about one year without a table, over days of that year."""
    return (
        assumed.first <= assumed.last
        and assumed.first.year == assumed.last.year
        and not CALENDAR.knows(assumed.first.year)
    )


def test_a_correction_deadline_moved_within_a_loaded_year_assumes_nothing() -> None:
    # The tables start in 2004. A correction due Thu 1 January 2004 (元旦) moves to Fri 2 January: every day looked
    # at is in 2004, whose table is loaded, so nothing is assumed and the deadline is not provisional.
    case = given(
        applied(date(2003, 12, 10)),
        at(
            date(2003, 12, 11),
            cmd.RequestCorrection(sent_on=date(2003, 12, 11), what_to_correct="写明年份", correct_by=date(2004, 1, 1)),
        ),
    )
    deadline = correction_deadline(case, CALENDAR)
    assert deadline is not None and deadline.due == date(2004, 1, 2)
    assert all(sensible(a) for a in deadline.assumed), deadline.assumption
    assert not deadline.provisional


def test_a_period_from_the_last_day_of_a_year_without_a_table_assumes_only_days_of_that_year() -> None:
    # From Wed 31 December 2003, one working day: Thu 1 January 2004 is 元旦, so Fri 2 January. Whatever is
    # assumed of 2003 (no table) is about days of 2003, none of which is counted.
    assert all(sensible(a) for a in CALENDAR.add_working_days(date(2003, 12, 31), 1).assumed)
