"""A step is never dated before the facts it follows (R-REQ-OUTCOME, R-REQ-THIRDPARTY, R-REQ-EXCESS, R-REQ-REVIEW).

Found by the stateful property; each test pins one of its minimal sequences.
"""

from __future__ import annotations

from datetime import date

from domain.disclosure_request import commands as cmd
from domain.disclosure_request.values import (
    ConsultedParty,
    DeliveryMethod,
    Outcome,
    OutcomeCategory,
    Position,
)
from domain.personal_data import PersonalData
from domain.reviews import ReviewKind, ReviewResult
from tests.domain.builders import DISCLOSED, HEAD, applied, at, given, refusal, reply, then

RECEIVED = date(2025, 3, 3)


def consulted(on: date) -> cmd.StartConsultation:
    """A third party asked in writing."""
    return cmd.StartConsultation(
        party=ConsultedParty.THIRD_PARTY,
        subject="涉及企业经营信息",
        letter_sent_on=on,
        third_party=PersonalData("某公司"),
    )


def test_a_reply_is_not_dated_before_the_consulted_party_answered() -> None:
    case = given(
        applied(RECEIVED),
        at(date(2025, 3, 4), consulted(date(2025, 3, 4))),
        at(
            date(2025, 3, 10),
            cmd.RecordConsultationAnswer(
                consultation_id="C1", answered_on=date(2025, 3, 10), position=Position.CONSENTS
            ),
        ),
    )
    assert refusal(case, at(date(2025, 3, 11), reply(date(2025, 3, 7), DISCLOSED))).code == "R-REQ-OUTCOME"
    assert then(case, at(date(2025, 3, 11), reply(date(2025, 3, 10), DISCLOSED))).outcome == DISCLOSED


def test_an_answer_is_not_dated_before_the_letter_was_received() -> None:
    case = given(
        applied(RECEIVED),
        at(date(2025, 3, 4), consulted(date(2025, 3, 4))),
        at(date(2025, 3, 6), cmd.RecordLetterReceived(consultation_id="C1", received_on=date(2025, 3, 6))),
    )
    answer = cmd.RecordConsultationAnswer(
        consultation_id="C1", answered_on=date(2025, 3, 5), position=Position.CONSENTS
    )
    assert refusal(case, at(date(2025, 3, 7), answer)).code == "R-REQ-THIRDPARTY"


def refused_for_third_party() -> Outcome:
    """Not disclosed: third-party rights (Art. 15)."""
    return Outcome(category=OutcomeCategory.NOT_DISCLOSED, ground=4)


def test_no_override_is_notified_once_the_case_is_closed() -> None:
    objection = cmd.RecordConsultationAnswer(
        consultation_id="C1", answered_on=date(2025, 3, 6), position=Position.OBJECTS, reason="商业秘密"
    )
    case = given(
        applied(RECEIVED),
        at(date(2025, 3, 4), consulted(date(2025, 3, 4))),
        at(date(2025, 3, 6), objection),
        at(date(2025, 3, 7), reply(date(2025, 3, 7), refused_for_third_party())),
    )
    override = cmd.NotifyPublicInterestOverride(
        consultation_id="C1", to_be_disclosed="补贴金额", reason="公共利益", notified_on=date(2025, 3, 10)
    )
    assert refusal(case, at(date(2025, 3, 10), override)).code == "R-STEP"


def test_a_later_due_date_is_a_working_day() -> None:
    case = given(
        applied(RECEIVED), at(date(2025, 3, 4), cmd.RequestReasons(sent_on=date(2025, 3, 4), note="一月内申请60件"))
    )
    saturday = cmd.SetLaterDueDate(due=date(2025, 5, 10), reason="数量过大", notified_on=date(2025, 3, 5))
    assert refusal(case, at(date(2025, 3, 5), saturday)).code == "R-REQ-EXCESS"
    monday = cmd.SetLaterDueDate(due=date(2025, 5, 12), reason="数量过大", notified_on=date(2025, 3, 5))
    assert then(case, at(date(2025, 3, 5), monday)).later_due == date(2025, 5, 12)


def test_litigation_after_reconsideration_is_filed_after_the_decision() -> None:
    case = given(
        applied(RECEIVED),
        at(date(2025, 3, 10), reply(date(2025, 3, 10), DISCLOSED)),
        at(date(2025, 3, 11), cmd.RecordDelivery(method=DeliveryMethod.POSTED, delivered_on=date(2025, 3, 11))),
        at(date(2025, 4, 1), cmd.FileReview(kind=ReviewKind.RECONSIDERATION, filed_on=date(2025, 4, 1), body="区政府")),
        at(date(2025, 6, 2), cmd.DecideReview(review_id="R1", result=ReviewResult.UPHELD, decided_on=date(2025, 6, 2))),
    )
    early = cmd.FileReview(kind=ReviewKind.LITIGATION_AFTER_RECONSIDERATION, filed_on=date(2025, 5, 20), body="区法院")
    assert refusal(case, at(date(2025, 6, 3), early)).code == "R-REQ-REVIEW"


def test_head_may_still_act_after_dates_are_checked() -> None:
    case = given(applied(RECEIVED))
    extension = cmd.GrantExtension(working_days=10, reason="需要会商", notified_on=date(2025, 3, 20))
    assert then(case, at(date(2025, 3, 20), extension, by=HEAD)).extension_days == 10


def test_the_clock_runs_again_once_a_silent_partys_period_has_ended() -> None:
    from domain.disclosure_request.clock import consultation_answer_due, reply_clock
    from tests.domain.builders import CALENDAR, RULES

    case = given(applied(RECEIVED), at(date(2025, 3, 4), consulted(date(2025, 3, 4))))
    answer_due = consultation_answer_due(case.consultations[0], CALENDAR, RULES).due
    # Letter sent Tue 3/4: 3/5–3/7 = 1–3, 3/10–3/14 = 4–8, 3/17–3/21 = 9–13, 3/24–3/25 = 14–15.
    assert answer_due == date(2025, 3, 25)
    assert reply_clock(case, CALENDAR, RULES, today=answer_due).stopped
    assert not reply_clock(case, CALENDAR, RULES, today=date(2025, 3, 26)).stopped
    assert reply_clock(case, CALENDAR, RULES, today=date(2025, 3, 26)).due == reply_clock(case, CALENDAR, RULES).due
