"""R-REQ-EXTEND, R-REQ-THIRDPARTY and R-REQ-ORGANS on the real calendar.

Most cases are received on Mon 2025-09-01; their reply is due on the 调休 Sunday 2025-09-28:
9/2–9/5 = 1–4, 9/8–9/12 = 5–9, 9/15–9/19 = 10–14, 9/22–9/26 = 15–19, Sun 9/28 = 20.
National Day + Mid-Autumn 2025: 10/1–10/8 off, Sun 9/28 and Sat 10/11 worked.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.actors import Role
from domain.disclosure_request import events as ev
from domain.disclosure_request.commands import (
    AssignHandler,
    GrantExtension,
    NotifyPublicInterestOverride,
    RecordConsultationAnswer,
    RecordLetterReceived,
    StartConsultation,
)
from domain.disclosure_request.rules import RequestRules
from domain.disclosure_request.values import ConsultedParty, Outcome, OutcomeCategory, Position
from domain.personal_data import PersonalData
from tests.domain.builders import (
    CLERK,
    DISCLOSED,
    HEAD,
    applied,
    at,
    clock,
    due,
    given,
    only_event,
    refusal,
    reply,
    then,
)
from tests.support import actor

RECEIVED = date(2025, 9, 1)
DUE = date(2025, 9, 28)

PARTIALLY_DISCLOSED = Outcome(
    category=OutcomeCategory.PARTIALLY_DISCLOSED, withheld="中标企业报价明细（商业秘密）", withheld_grounds=(4,)
)
THIRD_PARTY_RIGHTS = Outcome(category=OutcomeCategory.NOT_DISCLOSED, ground=4)


def extension(working_days: int, notified_on: date, reason: str = "涉及多个部门，需调取历年档案") -> GrantExtension:
    """An extension notified to the applicant on a day."""
    return GrantExtension(working_days=working_days, reason=reason, notified_on=notified_on)


def consult_third_party(letter_sent_on: date) -> StartConsultation:
    """A letter to the contractor whose bid is asked for."""
    return StartConsultation(
        party=ConsultedParty.THIRD_PARTY,
        subject="是否同意公开贵公司投标报价",
        letter_sent_on=letter_sent_on,
        third_party=PersonalData(name="上海某建设工程有限公司", address="上海市某区某路1号"),
    )


def consult_organ(letter_sent_on: date, *, jointly_produced: bool = True) -> StartConsultation:
    """A letter to the organ that produced the information jointly."""
    return StartConsultation(
        party=ConsultedParty.ORGAN,
        subject="联合发文是否可以公开",
        letter_sent_on=letter_sent_on,
        organ_name="某区住房保障和房屋管理局",
        jointly_produced=jointly_produced,
    )


def answer(consultation_id: str, answered_on: date, position: Position, reason: str = "") -> RecordConsultationAnswer:
    """A consulted party's answer."""
    return RecordConsultationAnswer(
        consultation_id=consultation_id, answered_on=answered_on, position=position, reason=reason
    )


def objection(consultation_id: str, answered_on: date) -> RecordConsultationAnswer:
    """The third party objects with a reason."""
    return answer(consultation_id, answered_on, Position.OBJECTS, "报价属于商业秘密，公开将损害我司竞争地位")


def override(consultation_id: str, notified_on: date) -> NotifyPublicInterestOverride:
    """The objecting third party is told what will be disclosed and why."""
    return NotifyPublicInterestOverride(
        consultation_id=consultation_id,
        to_be_disclosed="中标总价",
        reason="涉及公共财政资金使用，公共利益大于商业利益",
        notified_on=notified_on,
    )


def test_a_request_received_on_the_first_of_september_2025_is_due_on_the_adjusted_sunday() -> None:
    assert due(given(applied(RECEIVED))) == DUE


# R-REQ-EXTEND ---------------------------------------------------------------------------------------------


def test_the_office_head_extends_by_twenty_working_days_across_national_day() -> None:
    # From Sun 9/28 (= 20): 9/29 = 21, 9/30 = 22, 10/1–10/8 off, 10/9 = 23, 10/10 = 24, Sat 10/11 = 25,
    # 10/13–10/17 = 26–30, 10/20–10/24 = 31–35, 10/27–10/31 = 36–40.
    state = given(applied(RECEIVED), at(date(2025, 9, 15), extension(20, date(2025, 9, 15)), by=HEAD))
    assert due(state) == date(2025, 10, 31)


def test_an_extension_across_the_spring_festival() -> None:
    # Received Fri 2025-01-24, due 2/27 (see test_receipt_and_correction); 5 more: 2/28 = 21, 3/3 = 22,
    # 3/4 = 23, 3/5 = 24, 3/6 = 25.
    state = given(applied(date(2025, 1, 24)), at(date(2025, 2, 20), extension(5, date(2025, 2, 20)), by=HEAD))
    assert due(state) == date(2025, 3, 6)


def test_the_extension_records_who_approved_it_and_for_which_handler() -> None:
    state = given(applied(RECEIVED))
    granted = only_event(state, at(date(2025, 9, 15), extension(1, date(2025, 9, 15)), by=HEAD))
    assert isinstance(granted, ev.ExtensionGranted)
    assert granted.actor == HEAD
    assert granted.handler_id == CLERK.person_id
    assert (granted.working_days, granted.notified_on) == (1, date(2025, 9, 15))
    # One more working day after Sun 9/28.
    assert due(then(state, at(date(2025, 9, 15), extension(1, date(2025, 9, 15)), by=HEAD))) == date(2025, 9, 29)


def test_the_handler_may_not_approve_their_own_extension_even_as_office_head() -> None:
    reassigned = AssignHandler(department="政务公开办公室", handler_id=HEAD.person_id, handler_name=HEAD.name)
    state = given(applied(RECEIVED), at(date(2025, 9, 2), reassigned))
    assert refusal(state, at(date(2025, 9, 15), extension(10, date(2025, 9, 15)), by=HEAD)).code == "R-REQ-EXTEND"


def test_a_request_received_by_the_office_head_is_extended_by_another_head() -> None:
    state = given(at(RECEIVED, applied(RECEIVED).command, by=HEAD))
    assert refusal(state, at(date(2025, 9, 15), extension(10, date(2025, 9, 15)), by=HEAD)).code == "R-REQ-EXTEND"
    deputy = actor(Role.OFFICE_HEAD, person_id="head-qian-li", name="钱丽")
    assert due(then(state, at(date(2025, 9, 15), extension(1, date(2025, 9, 15)), by=deputy))) == date(2025, 9, 29)


def test_a_request_is_extended_once_only() -> None:
    state = given(applied(RECEIVED), at(date(2025, 9, 15), extension(5, date(2025, 9, 15)), by=HEAD))
    assert refusal(state, at(date(2025, 9, 16), extension(5, date(2025, 9, 16)), by=HEAD)).code == "R-REQ-EXTEND"


@pytest.mark.parametrize("working_days", [0, -1, 21])
def test_an_extension_is_one_to_twenty_working_days(working_days: int) -> None:
    state = given(applied(RECEIVED))
    error = refusal(state, at(date(2025, 9, 15), extension(working_days, date(2025, 9, 15)), by=HEAD))
    assert (error.code, error.field) == ("R-REQ-EXTEND", "working_days")


def test_the_longest_extension_is_read_from_the_organs_settings() -> None:
    rules = RequestRules(max_extension_working_days=10)
    state = given(applied(RECEIVED), rules=rules)
    step = at(date(2025, 9, 15), extension(11, date(2025, 9, 15)), by=HEAD)
    assert refusal(state, step, rules=rules).code == "R-REQ-EXTEND"


def test_an_extension_after_the_due_date_is_refused() -> None:
    state = given(applied(RECEIVED))
    assert refusal(state, at(date(2025, 9, 29), extension(10, date(2025, 9, 29)), by=HEAD)).code == "R-REQ-EXTEND"


def test_an_extension_decided_on_paper_before_the_due_date_is_entered_afterwards() -> None:
    # Approved and notified on Fri 9/26, typed in on Tue 9/30, two days after the due date of Sun 9/28: the day it
    # was decided is what the rule judges. 9/29 = 21, 9/30 = 22, 10/9 = 23, 10/10 = 24, Sat 10/11 = 25.
    paper = GrantExtension(
        working_days=5, reason="需调取历年档案", notified_on=date(2025, 9, 26), decided_on=date(2025, 9, 26)
    )
    granted = only_event(given(applied(RECEIVED)), at(date(2025, 9, 30), paper, by=HEAD))
    assert isinstance(granted, ev.ExtensionGranted)
    assert (granted.decided_on, granted.notified_on) == (date(2025, 9, 26), date(2025, 9, 26))
    assert due(given(applied(RECEIVED), at(date(2025, 9, 30), paper, by=HEAD))) == date(2025, 10, 11)


def test_an_extension_decided_after_the_due_date_is_refused_however_it_is_entered() -> None:
    late = GrantExtension(
        working_days=5, reason="需调取历年档案", notified_on=date(2025, 9, 29), decided_on=date(2025, 9, 29)
    )
    error = refusal(given(applied(RECEIVED)), at(date(2025, 9, 30), late, by=HEAD))
    assert (error.code, error.field) == ("R-REQ-EXTEND", "decided_on")


def test_an_extension_is_not_decided_in_the_future_nor_notified_before_it_was_decided() -> None:
    state = given(applied(RECEIVED))
    ahead = GrantExtension(
        working_days=5, reason="需调取历年档案", notified_on=date(2025, 9, 15), decided_on=date(2025, 9, 16)
    )
    assert refusal(state, at(date(2025, 9, 15), ahead, by=HEAD)).code == "R-VALUE"
    early = GrantExtension(
        working_days=5, reason="需调取历年档案", notified_on=date(2025, 9, 12), decided_on=date(2025, 9, 15)
    )
    error = refusal(state, at(date(2025, 9, 15), early, by=HEAD))
    assert (error.code, error.field) == ("R-REQ-EXTEND", "notified_on")


def test_an_extension_decided_and_notified_on_the_due_date_itself_is_still_in_time() -> None:
    # The due date is the last day of the reply period; the extension is decided within the period.
    state = given(applied(RECEIVED), at(DUE, extension(10, DUE), by=HEAD))
    # From Sun 9/28: 9/29 = 1, 9/30 = 2, 10/9 = 3, 10/10 = 4, Sat 10/11 = 5, 10/13–10/17 = 6–10.
    assert due(state) == date(2025, 10, 17)


def test_an_extension_must_state_its_reason() -> None:
    state = given(applied(RECEIVED))
    assert refusal(state, at(date(2025, 9, 15), extension(5, date(2025, 9, 15), reason=" "), by=HEAD)).field == (
        "reason"
    )


def test_an_extension_is_decided_before_the_due_date_as_moved_by_a_consultation() -> None:
    # The consultation moved the due date from 9/28 to 10/11 (see the third-party tests below), so an
    # extension on 10/10 is still before the current due date.
    state = given(
        applied(RECEIVED),
        at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))),
        at(date(2025, 9, 12), answer("C1", date(2025, 9, 12), Position.CONSENTS)),
    )
    extended = then(state, at(date(2025, 10, 10), extension(1, date(2025, 10, 10)), by=HEAD))
    assert due(extended) == date(2025, 10, 13)  # Sat 10/11 = 20, Mon 10/13 = 21
    assert refusal(state, at(date(2025, 10, 13), extension(1, date(2025, 10, 13)), by=HEAD)).code == "R-REQ-EXTEND"


# R-REQ-THIRDPARTY: the clock stands still -------------------------------------------------------------------


def test_a_third_party_consultation_adds_the_working_days_until_its_answer() -> None:
    # Letter sent Fri 9/5, answer Fri 9/12: 9/8–9/12 = 5 working days not counted.
    # 9/2–9/5 = 1–4, 9/15–9/19 = 5–9, 9/22–9/26 = 10–14, Sun 9/28 = 15, 9/29 = 16, 9/30 = 17, 10/9 = 18,
    # 10/10 = 19, Sat 10/11 = 20.
    state = given(
        applied(RECEIVED),
        at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))),
        at(date(2025, 9, 12), answer("C1", date(2025, 9, 12), Position.CONSENTS)),
    )
    assert due(state) == date(2025, 10, 11)
    assert not clock(state).stopped


def test_the_clock_is_stopped_while_a_consultation_awaits_its_answer() -> None:
    state = given(applied(RECEIVED), at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))))
    assert clock(state).stopped


def test_without_an_answer_the_pause_runs_through_the_fifteenth_working_day_after_the_letter_was_received() -> None:
    # Letter sent Fri 9/5, received Mon 9/8. Its 15 wd: 9/9–9/12 = 1–4, 9/15–9/19 = 5–9, 9/22–9/26 = 10–14,
    # Sun 9/28 = 15. Not counted: 9/8 through 9/28 = 16 working days.
    # Reply: 9/2–9/5 = 1–4, 9/29 = 5, 9/30 = 6, 10/9 = 7, 10/10 = 8, Sat 10/11 = 9, 10/13–10/17 = 10–14,
    # 10/20–10/24 = 15–19, 10/27 = 20.
    state = given(
        applied(RECEIVED),
        at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))),
        at(date(2025, 9, 8), RecordLetterReceived(consultation_id="C1", received_on=date(2025, 9, 8))),
    )
    assert due(state) == date(2025, 10, 27)


def test_without_an_answer_or_known_receipt_the_pause_runs_through_the_fifteenth_working_day_after_sending() -> None:
    # Letter sent Fri 9/5: 9/8–9/12 = 1–5, 9/15–9/19 = 6–10, 9/22–9/26 = 11–15; not counted: 9/8–9/26 = 15.
    # Reply: 9/2–9/5 = 1–4, Sun 9/28 = 5, 9/29 = 6, 9/30 = 7, 10/9 = 8, 10/10 = 9, Sat 10/11 = 10,
    # 10/13–10/17 = 11–15, 10/20–10/24 = 16–20.
    state = given(applied(RECEIVED), at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))))
    assert due(state) == date(2025, 10, 24)


def test_a_late_answer_moves_the_due_date_no_further_than_the_answer_period() -> None:
    # Answer period ended Fri 9/26 (see above); the answer arrived Fri 10/10 and is capped at 9/26.
    state = given(
        applied(RECEIVED),
        at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))),
        at(date(2025, 10, 10), answer("C1", date(2025, 10, 10), Position.CONSENTS)),
    )
    assert due(state) == date(2025, 10, 24)


def test_overlapping_consultations_do_not_count_the_same_day_twice() -> None:
    # Third party: letter 9/5, answer 9/12 → 9/8–9/12. Organ: letter 9/10, answer 9/17 → 9/11–9/17.
    # Not counted: 9/8–9/17 = 8 working days. Reply: 9/2–9/5 = 1–4, 9/18 = 5, 9/19 = 6, 9/22–9/26 = 7–11,
    # Sun 9/28 = 12, 9/29 = 13, 9/30 = 14, 10/9 = 15, 10/10 = 16, Sat 10/11 = 17, 10/13 = 18, 10/14 = 19,
    # 10/15 = 20.
    state = given(
        applied(RECEIVED),
        at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))),
        at(date(2025, 9, 10), consult_organ(date(2025, 9, 10))),
        at(date(2025, 9, 12), answer("C1", date(2025, 9, 12), Position.CONSENTS)),
        at(date(2025, 9, 17), answer("C2", date(2025, 9, 17), Position.CONSENTS)),
    )
    assert due(state) == date(2025, 10, 15)


def test_the_answer_period_is_read_from_the_organs_settings() -> None:
    # 10 wd from Fri 9/5: 9/8–9/12 = 1–5, 9/15–9/19 = 6–10; not counted 9/8–9/19 = 10.
    # Reply: 9/2–9/5 = 1–4, 9/22–9/26 = 5–9, Sun 9/28 = 10, 9/29 = 11, 9/30 = 12, 10/9 = 13, 10/10 = 14,
    # Sat 10/11 = 15, 10/13–10/17 = 16–20.
    rules = RequestRules(consultation_answer_working_days=10)
    state = given(applied(RECEIVED), at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))), rules=rules)
    assert due(state, rules) == date(2025, 10, 17)


def test_a_consultation_letter_dated_before_receipt_is_refused() -> None:
    state = given(applied(RECEIVED))
    assert refusal(state, at(date(2025, 9, 2), consult_third_party(date(2025, 8, 29)))).code == "R-REQ-THIRDPARTY"
    assert refusal(state, at(date(2025, 9, 2), consult_organ(date(2025, 8, 29)))).code == "R-REQ-ORGANS"


def test_a_letter_cannot_be_received_before_it_was_sent() -> None:
    state = given(applied(RECEIVED), at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))))
    step = at(date(2025, 9, 8), RecordLetterReceived(consultation_id="C1", received_on=date(2025, 9, 4)))
    assert refusal(state, step).code == "R-REQ-THIRDPARTY"


def test_an_answer_cannot_precede_the_letter() -> None:
    state = given(applied(RECEIVED), at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))))
    assert refusal(state, at(date(2025, 9, 8), answer("C1", date(2025, 9, 4), Position.CONSENTS))).code == (
        "R-REQ-THIRDPARTY"
    )


def test_a_consultation_is_answered_once() -> None:
    state = given(
        applied(RECEIVED),
        at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))),
        at(date(2025, 9, 12), answer("C1", date(2025, 9, 12), Position.CONSENTS)),
    )
    assert refusal(state, at(date(2025, 9, 15), objection("C1", date(2025, 9, 15)))).code == "R-STEP"


def test_an_objection_states_its_reason() -> None:
    state = given(applied(RECEIVED), at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))))
    error = refusal(state, at(date(2025, 9, 12), answer("C1", date(2025, 9, 12), Position.OBJECTS)))
    assert (error.code, error.field) == ("R-VALUE", "reason")


# R-REQ-THIRDPARTY: objection and public interest ---------------------------------------------------------


def test_no_disclosure_while_the_third_party_may_still_answer() -> None:
    # Its answer period ends Fri 9/26 (15 wd after the letter of 9/5).
    state = given(applied(RECEIVED), at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))))
    assert refusal(state, at(date(2025, 9, 26), reply(date(2025, 9, 26), DISCLOSED))).code == "R-REQ-THIRDPARTY"


def test_after_the_third_partys_silent_period_the_organ_may_disclose() -> None:
    state = given(applied(RECEIVED), at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))))
    replied = then(state, at(date(2025, 9, 29), reply(date(2025, 9, 29), DISCLOSED)))
    assert replied.outcome == DISCLOSED


PARTIALLY_DISCLOSED_AS_PROCESS_INFORMATION = Outcome(
    category=OutcomeCategory.PARTIALLY_DISCLOSED, withheld="内部讨论记录", withheld_grounds=(6,)
)
"""A partial disclosure that withholds something else, so the third party's part would go out."""


@pytest.mark.parametrize(
    "outcome", [DISCLOSED, PARTIALLY_DISCLOSED_AS_PROCESS_INFORMATION], ids=["disclosed", "partially-other-ground"]
)
def test_a_third_party_objection_blocks_disclosure_of_its_part(outcome: Outcome) -> None:
    state = given(
        applied(RECEIVED),
        at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))),
        at(date(2025, 9, 12), objection("C1", date(2025, 9, 12))),
    )
    assert refusal(state, at(date(2025, 9, 15), reply(date(2025, 9, 15), outcome))).code == "R-REQ-THIRDPARTY"


def test_after_an_objection_withholding_only_the_third_partys_part_discloses_the_rest() -> None:
    # Art. 37: the usual answer to an objection is to withhold the third party's part (ground 4) and disclose the rest.
    state = given(
        applied(RECEIVED),
        at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))),
        at(date(2025, 9, 12), objection("C1", date(2025, 9, 12))),
        at(date(2025, 9, 15), reply(date(2025, 9, 15), PARTIALLY_DISCLOSED)),
    )
    assert state.outcome == PARTIALLY_DISCLOSED


def test_a_third_party_objection_allows_non_disclosure_for_third_party_rights() -> None:
    state = given(
        applied(RECEIVED),
        at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))),
        at(date(2025, 9, 12), objection("C1", date(2025, 9, 12))),
        at(date(2025, 9, 15), reply(date(2025, 9, 15), THIRD_PARTY_RIGHTS)),
    )
    assert state.outcome == THIRD_PARTY_RIGHTS


def test_the_public_interest_override_allows_disclosure_after_telling_the_third_party() -> None:
    state = given(
        applied(RECEIVED),
        at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))),
        at(date(2025, 9, 12), objection("C1", date(2025, 9, 12))),
    )
    notified = only_event(state, at(date(2025, 9, 15), override("C1", date(2025, 9, 15))))
    assert isinstance(notified, ev.PublicInterestOverrideNotified)
    assert (notified.to_be_disclosed, notified.notified_on) == ("中标总价", date(2025, 9, 15))
    replied = then(
        state,
        at(date(2025, 9, 15), override("C1", date(2025, 9, 15))),
        at(date(2025, 9, 16), reply(date(2025, 9, 16), DISCLOSED)),
    )
    assert replied.outcome == DISCLOSED


def test_the_public_interest_override_is_notified_once() -> None:
    state = given(
        applied(RECEIVED),
        at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))),
        at(date(2025, 9, 12), objection("C1", date(2025, 9, 12))),
        at(date(2025, 9, 15), override("C1", date(2025, 9, 15))),
    )
    assert refusal(state, at(date(2025, 9, 16), override("C1", date(2025, 9, 16)))).code == "R-STEP"


def test_there_is_no_override_without_a_third_party_objection() -> None:
    consented = given(
        applied(RECEIVED),
        at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))),
        at(date(2025, 9, 12), answer("C1", date(2025, 9, 12), Position.CONSENTS)),
    )
    unanswered = given(applied(RECEIVED), at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))))
    organ_objected = given(
        applied(RECEIVED),
        at(date(2025, 9, 5), consult_organ(date(2025, 9, 5))),
        at(date(2025, 9, 12), answer("C1", date(2025, 9, 12), Position.OBJECTS, "尚在研究")),
    )
    for state in (consented, unanswered, organ_objected):
        assert refusal(state, at(date(2025, 9, 15), override("C1", date(2025, 9, 15)))).code == "R-REQ-THIRDPARTY"
    assert refusal(consented, at(date(2025, 9, 15), override("C9", date(2025, 9, 15)))).code == "R-REQ-THIRDPARTY"


def test_the_override_is_notified_after_the_objection() -> None:
    state = given(
        applied(RECEIVED),
        at(date(2025, 9, 5), consult_third_party(date(2025, 9, 5))),
        at(date(2025, 9, 12), objection("C1", date(2025, 9, 12))),
    )
    assert refusal(state, at(date(2025, 9, 15), override("C1", date(2025, 9, 11)))).code == "R-REQ-THIRDPARTY"


# R-REQ-ORGANS ----------------------------------------------------------------------------------------------


def test_an_organ_consultation_stops_the_clock_like_a_third_party_one() -> None:
    # As for the third party: letter 9/5, answer 9/12 → 5 working days not counted → due Sat 10/11.
    state = given(
        applied(RECEIVED),
        at(date(2025, 9, 5), consult_organ(date(2025, 9, 5))),
        at(date(2025, 9, 12), answer("C1", date(2025, 9, 12), Position.CONSENTS)),
    )
    assert due(state) == date(2025, 10, 11)


def test_no_disclosure_while_a_consulted_organ_may_still_answer() -> None:
    # 15 wd after the letter of Fri 9/5: 9/8–9/26; on 9/26 the organ may still answer.
    state = given(applied(RECEIVED), at(date(2025, 9, 5), consult_organ(date(2025, 9, 5))))
    assert refusal(state, at(date(2025, 9, 26), reply(date(2025, 9, 26), DISCLOSED))).code == "R-REQ-ORGANS"


def test_an_organs_silence_counts_as_consent_after_its_period() -> None:
    state = given(
        applied(RECEIVED),
        at(date(2025, 9, 5), consult_organ(date(2025, 9, 5))),
        at(date(2025, 9, 28), reply(date(2025, 9, 28), DISCLOSED)),
    )
    assert state.outcome == DISCLOSED


def test_a_refused_step_of_an_organ_consultation_names_the_organs_rule() -> None:
    state = given(applied(RECEIVED), at(date(2025, 9, 5), consult_organ(date(2025, 9, 5))))
    early_receipt = RecordLetterReceived(consultation_id="C1", received_on=date(2025, 9, 4))
    assert refusal(state, at(date(2025, 9, 8), early_receipt)).code == "R-REQ-ORGANS"
    assert refusal(state, at(date(2025, 9, 8), answer("C1", date(2025, 9, 4), Position.CONSENTS))).code == (
        "R-REQ-ORGANS"
    )


def test_an_organ_consultation_names_the_organ() -> None:
    state = given(applied(RECEIVED))
    nameless = StartConsultation(party=ConsultedParty.ORGAN, subject="联合发文", letter_sent_on=date(2025, 9, 5))
    assert refusal(state, at(date(2025, 9, 5), nameless)).field == "organ_name"


def test_a_third_party_consultation_names_the_third_party() -> None:
    state = given(applied(RECEIVED))
    nameless = StartConsultation(party=ConsultedParty.THIRD_PARTY, subject="报价", letter_sent_on=date(2025, 9, 5))
    assert refusal(state, at(date(2025, 9, 5), nameless)).field == "third_party"


def test_a_non_disclosing_reply_need_not_wait_for_a_consultation() -> None:
    state = given(
        applied(RECEIVED),
        at(date(2025, 9, 5), consult_organ(date(2025, 9, 5))),
        at(date(2025, 9, 8), reply(date(2025, 9, 8), Outcome(category=OutcomeCategory.NOT_DISCLOSED, ground=6))),
    )
    assert state.outcome == Outcome(category=OutcomeCategory.NOT_DISCLOSED, ground=6)
