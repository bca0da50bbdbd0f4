"""R-REQ-OUTCOME, R-REQ-DELIVERY, R-REQ-CONFERENCE, R-REQ-CONTACT, R-REQ-REVIEW and R-REQ-APPLICANT.

Most cases are received on Mon 2024-09-23; with National Day 2024 (10/1–10/7 off, Sun 9/29 and Sat 10/12
worked) the reply is due Thu 2024-10-24: 9/24–9/27 = 1–4, Sun 9/29 = 5, 9/30 = 6, 10/8–10/11 = 7–10,
Sat 10/12 = 11, 10/14–10/18 = 12–16, 10/21–10/24 = 17–20.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import attrs
import pytest

from domain.disclosure_request import events as ev
from domain.disclosure_request.clock import delivered_on_time
from domain.disclosure_request.commands import (
    CorrectReply,
    DecideReview,
    DeclareAbandoned,
    FileReview,
    GrantExtension,
    HoldConference,
    ReceiveCorrection,
    RecordContact,
    RecordDelivery,
    RequestCorrection,
    RequestReasons,
    SendFeeNotice,
)
from domain.disclosure_request.state import DisclosureRequest
from domain.disclosure_request.values import (
    ApplicantType,
    ConferenceMember,
    ConferenceSide,
    ContactKind,
    DeliveryForm,
    DeliveryMethod,
    FeeScale,
    Outcome,
    OutcomeCategory,
    Status,
)
from domain.reviews import ReviewKind, ReviewResult, ReviewTarget
from tests.domain.builders import (
    CALENDAR,
    DISCLOSED,
    HEAD,
    RULES,
    applied,
    at,
    given,
    instant,
    only_event,
    refusal,
    reply,
    then,
)

RECEIVED = date(2024, 9, 23)
DUE = date(2024, 10, 24)
REPLIED_ON = date(2024, 10, 15)

# R-REQ-OUTCOME: the annual report's rows, written out from RULES.md rather than read from the code.
ACCEPTED_GROUNDS: dict[OutcomeCategory, set[int | None]] = {
    OutcomeCategory.DISCLOSED: {None},
    OutcomeCategory.PARTIALLY_DISCLOSED: {None},
    OutcomeCategory.NOT_DISCLOSED: {1, 2, 3, 4, 5, 6, 7, 8},
    OutcomeCategory.CANNOT_PROVIDE: {1, 2, 3},
    OutcomeCategory.NOT_PROCESSED: {1, 2, 3, 4, 5},
    OutcomeCategory.OTHER: {3},  # 1 and 2 close the case by DeclareAbandoned, never by a reply
}
TRIED_GROUNDS: tuple[int | None, ...] = (None, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)


def outcome_with_particulars(category: OutcomeCategory, ground: int | None) -> Outcome:
    """An outcome carrying whatever particulars its category and ground need."""
    if category is OutcomeCategory.PARTIALLY_DISCLOSED:
        return Outcome(category=category, ground=ground, withheld="第三页个人身份信息", withheld_grounds=(4,))
    if category is OutcomeCategory.OTHER and ground == 3:
        return Outcome(category=category, ground=ground, description="申请人书面撤回申请")
    return Outcome(category=category, ground=ground)


def replied_after_correction_and_reasons() -> DisclosureRequest:
    """A request whose history allows every ground: corrected once, and asked for reasons."""
    return given(
        applied(RECEIVED),
        at(
            date(2024, 9, 24),
            RequestCorrection(sent_on=date(2024, 9, 24), what_to_correct="写明年份", correct_by=date(2024, 10, 11)),
        ),
        at(date(2024, 9, 26), ReceiveCorrection(received_on=date(2024, 9, 26), summary="2024年")),
        at(date(2024, 9, 27), RequestReasons(sent_on=date(2024, 9, 27), note="本月申请40件，请说明理由")),
    )


def replied(outcome: Outcome = DISCLOSED) -> DisclosureRequest:
    """A request replied to on 2024-10-15."""
    return given(applied(RECEIVED), at(REPLIED_ON, reply(REPLIED_ON, outcome)))


# R-REQ-OUTCOME ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("category", list(OutcomeCategory))
@pytest.mark.parametrize("ground", TRIED_GROUNDS, ids=lambda g: f"ground-{g}")
def test_every_category_takes_exactly_the_grounds_of_the_annual_report(
    category: OutcomeCategory, ground: int | None
) -> None:
    state = replied_after_correction_and_reasons()
    outcome = outcome_with_particulars(category, ground)
    step = at(REPLIED_ON, reply(REPLIED_ON, outcome))
    if ground in ACCEPTED_GROUNDS[category]:
        assert then(state, step).outcome == outcome
    else:
        error = refusal(state, step)
        assert (error.code, error.field) == ("R-REQ-OUTCOME", "outcome.ground")


def test_the_outcome_categories_are_the_six_rows_of_table_3() -> None:
    assert {c.value for c in OutcomeCategory} == {
        "disclosed",
        "partially_disclosed",
        "not_disclosed",
        "cannot_provide",
        "not_processed",
        "other",
    }


def test_a_reply_records_its_one_outcome_and_closes_the_request() -> None:
    state = given(applied(RECEIVED))
    replied_event = only_event(state, at(REPLIED_ON, reply(REPLIED_ON, DISCLOSED)))
    assert isinstance(replied_event, ev.Replied)
    assert (replied_event.replied_on, replied_event.outcome) == (REPLIED_ON, DISCLOSED)
    after = then(state, at(REPLIED_ON, reply(REPLIED_ON, DISCLOSED)))
    assert (after.status, after.is_open) == (Status.REPLIED, False)


def test_a_request_is_replied_to_once() -> None:
    not_held = Outcome(category=OutcomeCategory.CANNOT_PROVIDE, ground=1)
    assert refusal(replied(), at(date(2024, 10, 16), reply(date(2024, 10, 16), not_held))).code == "R-STEP"


def test_a_reply_dated_before_receipt_is_refused() -> None:
    state = given(applied(RECEIVED))
    assert refusal(state, at(REPLIED_ON, reply(date(2024, 9, 20), DISCLOSED))).field == "replied_on"


def test_a_disclosure_of_information_already_public_says_where_to_obtain_it() -> None:
    already = Outcome(category=OutcomeCategory.DISCLOSED, already_public_at="区政府门户网站“政府信息公开”栏目")
    assert replied(already).outcome == already


@pytest.mark.parametrize(
    "outcome",
    [
        Outcome(category=OutcomeCategory.PARTIALLY_DISCLOSED, withheld_grounds=(4,)),
        Outcome(category=OutcomeCategory.PARTIALLY_DISCLOSED, withheld=" ", withheld_grounds=(4,)),
    ],
    ids=["missing", "blank"],
)
def test_a_partial_disclosure_states_what_is_withheld(outcome: Outcome) -> None:
    error = refusal(given(applied(RECEIVED)), at(REPLIED_ON, reply(REPLIED_ON, outcome)))
    assert (error.code, error.field) == ("R-REQ-OUTCOME", "outcome.withheld")


def test_a_partial_disclosure_names_the_grounds_of_what_is_withheld() -> None:
    outcome = Outcome(category=OutcomeCategory.PARTIALLY_DISCLOSED, withheld="第三页个人身份信息")
    error = refusal(given(applied(RECEIVED)), at(REPLIED_ON, reply(REPLIED_ON, outcome)))
    assert (error.code, error.field) == ("R-REQ-OUTCOME", "outcome.withheld_grounds")


@pytest.mark.parametrize("withheld_grounds", [(0,), (9,), (4, 9)])
def test_withheld_grounds_are_the_non_disclosure_grounds_one_to_eight(withheld_grounds: tuple[int, ...]) -> None:
    outcome = Outcome(
        category=OutcomeCategory.PARTIALLY_DISCLOSED, withheld="第三页个人身份信息", withheld_grounds=withheld_grounds
    )
    error = refusal(given(applied(RECEIVED)), at(REPLIED_ON, reply(REPLIED_ON, outcome)))
    assert (error.code, error.field) == ("R-REQ-OUTCOME", "outcome.withheld_grounds")


def test_a_partial_disclosure_may_withhold_on_several_grounds() -> None:
    outcome = Outcome(
        category=OutcomeCategory.PARTIALLY_DISCLOSED, withheld="个人信息及内部讨论记录", withheld_grounds=(4, 6)
    )
    assert replied(outcome).outcome == outcome


@pytest.mark.parametrize(
    "outcome",
    [
        Outcome(category=OutcomeCategory.DISCLOSED, withheld="第三页"),
        Outcome(category=OutcomeCategory.NOT_DISCLOSED, ground=1, withheld_grounds=(1,)),
        Outcome(category=OutcomeCategory.NOT_DISCLOSED, ground=6, already_public_at="门户网站"),
        Outcome(category=OutcomeCategory.CANNOT_PROVIDE, ground=2, responsible_organ="区财政局"),
        Outcome(category=OutcomeCategory.NOT_PROCESSED, ground=1, description="信访件"),
    ],
    ids=["withheld-on-disclosure", "withheld-grounds-on-refusal", "public-at-on-refusal", "organ-on-2", "description"],
)
def test_particulars_belong_only_to_their_own_outcome(outcome: Outcome) -> None:
    assert refusal(given(applied(RECEIVED)), at(REPLIED_ON, reply(REPLIED_ON, outcome))).code == "R-REQ-OUTCOME"


def test_information_not_held_may_name_the_responsible_organ() -> None:
    outcome = Outcome(category=OutcomeCategory.CANNOT_PROVIDE, ground=1, responsible_organ="区规划和自然资源局")
    assert replied(outcome).outcome == outcome


@pytest.mark.parametrize("description", [None, "", "  "])
def test_the_ground_other_needs_a_description(description: str | None) -> None:
    outcome = Outcome(category=OutcomeCategory.OTHER, ground=3, description=description)
    error = refusal(given(applied(RECEIVED)), at(REPLIED_ON, reply(REPLIED_ON, outcome)))
    assert (error.code, error.field) == ("R-REQ-OUTCOME", "outcome.description")


def test_still_unclear_after_correction_needs_a_correction_first() -> None:
    outcome = Outcome(category=OutcomeCategory.CANNOT_PROVIDE, ground=3)
    error = refusal(given(applied(RECEIVED)), at(REPLIED_ON, reply(REPLIED_ON, outcome)))
    assert (error.code, error.field) == ("R-REQ-OUTCOME", "outcome.ground")


@pytest.mark.parametrize("ground", [1, 2])
def test_no_correction_or_no_fee_in_time_is_never_a_reply(ground: int) -> None:
    outcome = Outcome(category=OutcomeCategory.OTHER, ground=ground)
    state = replied_after_correction_and_reasons()
    assert refusal(state, at(REPLIED_ON, reply(REPLIED_ON, outcome))).code == "R-REQ-OUTCOME"


# R-REQ-DELIVERY ------------------------------------------------------------------------------------------


def delivered(method: DeliveryMethod, on: date, state: DisclosureRequest | None = None) -> DisclosureRequest:
    """The reply of 2024-10-15 delivered on a day."""
    return then(state or replied(), at(on, RecordDelivery(method=method, delivered_on=on)))


@pytest.mark.parametrize("method", list(DeliveryMethod))
def test_a_reply_delivered_on_the_due_date_is_on_time(method: DeliveryMethod) -> None:
    state = delivered(method, DUE)
    assert state.status is Status.DELIVERED
    assert delivered_on_time(state, CALENDAR, RULES) is True


@pytest.mark.parametrize("method", list(DeliveryMethod))
def test_a_reply_delivered_the_day_after_the_due_date_is_late(method: DeliveryMethod) -> None:
    assert delivered_on_time(delivered(method, date(2024, 10, 25)), CALENDAR, RULES) is False


def test_a_reply_decided_in_time_but_posted_late_is_late() -> None:
    # Decided on the due date, posted the next day: the posting date counts.
    state = given(applied(RECEIVED), at(DUE, reply(DUE, DISCLOSED)))
    assert delivered_on_time(delivered(DeliveryMethod.POSTED, date(2024, 10, 25), state), CALENDAR, RULES) is False


def test_delivery_is_on_time_by_the_extended_due_date() -> None:
    # Extended by 5: 10/25 = 21, 10/28 = 22, 10/29 = 23, 10/30 = 24, 10/31 = 25.
    state = given(
        applied(RECEIVED),
        at(
            date(2024, 10, 18), GrantExtension(working_days=5, reason="需会商", notified_on=date(2024, 10, 18)), by=HEAD
        ),
        at(date(2024, 10, 30), reply(date(2024, 10, 30), DISCLOSED)),
    )
    assert delivered_on_time(delivered(DeliveryMethod.HANDED_OVER, date(2024, 10, 31), state), CALENDAR, RULES)
    late = delivered(DeliveryMethod.HANDED_OVER, date(2024, 11, 1), state)
    assert delivered_on_time(late, CALENDAR, RULES) is False


def test_an_undelivered_reply_is_neither_on_time_nor_late() -> None:
    assert delivered_on_time(replied(), CALENDAR, RULES) is None


def test_only_a_decided_reply_is_delivered() -> None:
    state = given(applied(RECEIVED))
    step = at(REPLIED_ON, RecordDelivery(method=DeliveryMethod.POSTED, delivered_on=REPLIED_ON))
    assert refusal(state, step).code == "R-STEP"


def test_a_reply_is_delivered_once() -> None:
    state = delivered(DeliveryMethod.POSTED, date(2024, 10, 16))
    step = at(date(2024, 10, 17), RecordDelivery(method=DeliveryMethod.POSTED, delivered_on=date(2024, 10, 17)))
    assert refusal(state, step).code == "R-STEP"


def test_a_delivery_dated_before_the_reply_is_refused() -> None:
    step = at(date(2024, 10, 16), RecordDelivery(method=DeliveryMethod.HANDED_OVER, delivered_on=date(2024, 10, 14)))
    assert refusal(replied(), step).code == "R-REQ-DELIVERY"


# R-REQ-CONFERENCE ------------------------------------------------------------------------------------------

MEMBERS = (
    ConferenceMember(name="李娜", department="政务公开办公室", side=ConferenceSide.DISCLOSURE),
    ConferenceMember(name="周军", department="法制科", side=ConferenceSide.LEGAL),
    ConferenceMember(name="吴芳", department="征收事务科", side=ConferenceSide.BUSINESS),
)


def conference(members: tuple[ConferenceMember, ...] = MEMBERS, held_on: date = date(2024, 10, 10)) -> HoldConference:
    """A joint conference on whether the compensation ledger may be disclosed."""
    return HoldConference(held_on=held_on, members=members, conclusion="补偿台账去除个人信息后部分公开")


def test_a_joint_conference_records_its_members_and_conclusion() -> None:
    held = only_event(given(applied(RECEIVED)), at(date(2024, 10, 10), conference()))
    assert isinstance(held, ev.ConferenceHeld)
    assert (held.members, held.conclusion) == (MEMBERS, "补偿台账去除个人信息后部分公开")


@pytest.mark.parametrize("missing", list(ConferenceSide))
def test_a_joint_conference_needs_the_disclosure_legal_and_business_sides(missing: ConferenceSide) -> None:
    members = tuple(m for m in MEMBERS if m.side is not missing)
    error = refusal(given(applied(RECEIVED)), at(date(2024, 10, 10), conference(members)))
    assert (error.code, error.field) == ("R-REQ-CONFERENCE", "members")


def test_a_joint_conference_may_bring_several_people_from_one_side() -> None:
    members = (*MEMBERS, ConferenceMember(name="郑华", department="法律顾问", side=ConferenceSide.LEGAL))
    assert isinstance(
        only_event(given(applied(RECEIVED)), at(date(2024, 10, 10), conference(members))), ev.ConferenceHeld
    )


def test_a_joint_conference_before_receipt_is_refused() -> None:
    error = refusal(given(applied(RECEIVED)), at(date(2024, 10, 10), conference(held_on=date(2024, 9, 20))))
    assert error.code == "R-REQ-CONFERENCE"


def test_a_joint_conference_records_a_conclusion() -> None:
    blank = attrs.evolve(conference(), conclusion=" ")
    assert refusal(given(applied(RECEIVED)), at(date(2024, 10, 10), blank)).field == "conclusion"


# R-REQ-CONTACT ---------------------------------------------------------------------------------------------


def _awaiting_correction() -> DisclosureRequest:
    notice = RequestCorrection(sent_on=date(2024, 9, 24), what_to_correct="写明年份", correct_by=date(2024, 10, 11))
    return given(applied(RECEIVED), at(date(2024, 9, 24), notice))


def _awaiting_fee() -> DisclosureRequest:
    notice = SendFeeNotice(sent_on=date(2024, 9, 27), scale=FeeScale.PER_ITEM, quantity=12, form=DeliveryForm.PAPER)
    return given(applied(RECEIVED), at(date(2024, 9, 27), notice))


def _abandoned() -> DisclosureRequest:
    return then(_awaiting_correction(), at(date(2024, 10, 14), DeclareAbandoned()))


STATES: dict[Status, Callable[[], DisclosureRequest]] = {
    Status.IN_PROGRESS: lambda: given(applied(RECEIVED)),
    Status.AWAITING_CORRECTION: _awaiting_correction,
    Status.AWAITING_FEE: _awaiting_fee,
    Status.REPLIED: replied,
    Status.DELIVERED: lambda: delivered(DeliveryMethod.POSTED, date(2024, 10, 16)),
    Status.CLOSED: _abandoned,
}


@pytest.mark.parametrize("status", list(Status))
def test_a_contact_with_the_applicant_is_recorded_in_any_status(status: Status) -> None:
    state = STATES[status]()
    assert state.status is status
    when = instant(date(2024, 11, 4))
    contact = RecordContact(kind=ContactKind.CALL, occurred_at=when, summary="申请人来电询问办理进度")
    recorded = only_event(state, at(date(2024, 11, 4), contact))
    assert isinstance(recorded, ev.ContactRecorded)
    assert (recorded.kind, recorded.occurred_at, recorded.summary) == (ContactKind.CALL, when, "申请人来电询问办理进度")


@pytest.mark.parametrize("kind", list(ContactKind))
def test_every_kind_of_contact_is_recorded(kind: ContactKind) -> None:
    contact = RecordContact(kind=kind, occurred_at=instant(date(2024, 9, 24)), summary="指导申请人明确所需信息")
    assert isinstance(only_event(given(applied(RECEIVED)), at(date(2024, 9, 24), contact)), ev.ContactRecorded)


def test_a_contact_in_the_future_is_refused() -> None:
    contact = RecordContact(kind=ContactKind.CALL, occurred_at=instant(date(2024, 9, 25)), summary="来电")
    assert refusal(given(applied(RECEIVED)), at(date(2024, 9, 24), contact)).code == "R-VALUE"


# R-REQ-REVIEW ----------------------------------------------------------------------------------------------


def review(
    kind: ReviewKind,
    filed_on: date = date(2024, 11, 20),
    *,
    against: ReviewTarget | None = None,
    follows: str | None = None,
) -> FileReview:
    """A reconsideration or lawsuit against the reply, unless told otherwise."""
    body = "区人民法院" if kind is not ReviewKind.RECONSIDERATION else "区人民政府行政复议办公室"
    return FileReview(kind=kind, filed_on=filed_on, body=body, against=against, follows=follows)


def decided(review_id: str, result: ReviewResult, on: date = date(2025, 1, 15)) -> DecideReview:
    """The result of a review."""
    return DecideReview(review_id=review_id, result=result, decided_on=on)


@pytest.mark.parametrize("status", [Status.IN_PROGRESS, Status.AWAITING_CORRECTION, Status.AWAITING_FEE])
def test_a_review_needs_a_reply_to_challenge(status: Status) -> None:
    assert refusal(STATES[status](), at(date(2024, 11, 20), review(ReviewKind.RECONSIDERATION))).code == "R-REQ-REVIEW"


@pytest.mark.parametrize("kind", [ReviewKind.RECONSIDERATION, ReviewKind.DIRECT_LITIGATION])
def test_a_reconsideration_or_direct_lawsuit_against_a_reply_is_recorded_pending(kind: ReviewKind) -> None:
    state = then(replied(), at(date(2024, 11, 20), review(kind)))
    assert [(r.review_id, r.kind, r.filed_on, r.result) for r in state.reviews] == [
        ("R1", kind, date(2024, 11, 20), None)
    ]


def test_a_review_of_a_delivered_reply_is_recorded() -> None:
    state = then(STATES[Status.DELIVERED](), at(date(2024, 11, 20), review(ReviewKind.DIRECT_LITIGATION)))
    assert len(state.reviews) == 1


def test_a_review_filed_before_the_reply_is_refused() -> None:
    assert refusal(replied(), at(date(2024, 11, 20), review(ReviewKind.RECONSIDERATION, date(2024, 10, 14)))).code == (
        "R-REQ-REVIEW"
    )


@pytest.mark.parametrize("result", list(ReviewResult))
def test_the_result_of_a_review_is_recorded(result: ReviewResult) -> None:
    state = then(
        replied(),
        at(date(2024, 11, 20), review(ReviewKind.RECONSIDERATION)),
        at(date(2025, 1, 15), decided("R1", result)),
    )
    assert [(r.review_id, r.result) for r in state.reviews] == [("R1", result)]


def test_a_later_decision_on_appeal_supersedes_the_earlier_and_both_are_kept() -> None:
    state = then(
        replied(),
        at(date(2024, 11, 20), review(ReviewKind.DIRECT_LITIGATION)),
        at(date(2025, 1, 15), decided("R1", ReviewResult.UPHELD)),
        at(date(2025, 6, 10), decided("R1", ReviewResult.CORRECTED, date(2025, 6, 10))),
    )
    [lawsuit] = state.reviews
    assert (lawsuit.result, lawsuit.decided_on) == (ReviewResult.CORRECTED, date(2025, 6, 10))
    assert [d.result for d in lawsuit.decisions] == [ReviewResult.UPHELD, ReviewResult.CORRECTED]


def test_a_later_decision_is_not_dated_before_the_one_it_supersedes() -> None:
    state = then(
        replied(),
        at(date(2024, 11, 20), review(ReviewKind.DIRECT_LITIGATION)),
        at(date(2025, 1, 15), decided("R1", ReviewResult.UPHELD)),
    )
    refused = refusal(state, at(date(2025, 6, 10), decided("R1", ReviewResult.CORRECTED, date(2025, 1, 14))))
    assert (refused.code, refused.field) == ("R-REQ-REVIEW", "decided_on")


@pytest.mark.parametrize("status", [Status.IN_PROGRESS, Status.AWAITING_CORRECTION, Status.AWAITING_FEE])
def test_a_failure_to_reply_is_challenged_while_the_case_is_open(status: Status) -> None:
    state = STATES[status]()
    challenge = review(ReviewKind.RECONSIDERATION, date(2024, 11, 20), against=ReviewTarget.FAILURE_TO_REPLY)
    [filed] = then(state, at(date(2024, 11, 20), challenge)).reviews
    assert (filed.against, filed.result) == (ReviewTarget.FAILURE_TO_REPLY, None)


def test_a_failure_to_reply_is_not_challenged_after_the_reply() -> None:
    challenge = review(ReviewKind.DIRECT_LITIGATION, date(2024, 11, 20), against=ReviewTarget.FAILURE_TO_REPLY)
    refused = refusal(replied(), at(date(2024, 11, 20), challenge))
    assert (refused.code, refused.field) == ("R-REQ-REVIEW", "filed_on")


def test_a_failure_to_reply_filed_while_open_may_be_entered_after_the_reply() -> None:
    # Filed on 10/10, before the reply of 10/15, and entered on 11/20.
    challenge = review(ReviewKind.RECONSIDERATION, date(2024, 10, 10), against=ReviewTarget.FAILURE_TO_REPLY)
    [filed] = then(replied(), at(date(2024, 11, 20), challenge)).reviews
    assert filed.filed_on == date(2024, 10, 10)


def test_a_request_does_not_take_a_challenge_to_proactive_disclosure() -> None:
    challenge = review(ReviewKind.RECONSIDERATION, against=ReviewTarget.PROACTIVE_DISCLOSURE)
    assert refusal(replied(), at(date(2024, 11, 20), challenge)).field == "against"


def test_a_review_is_decided_after_it_was_filed() -> None:
    state = then(replied(), at(date(2024, 11, 20), review(ReviewKind.RECONSIDERATION)))
    step = at(date(2025, 1, 15), decided("R1", ReviewResult.UPHELD, date(2024, 11, 19)))
    assert refusal(state, step).code == "R-REQ-REVIEW"


def test_an_unknown_review_cannot_be_decided() -> None:
    assert refusal(replied(), at(date(2025, 1, 15), decided("R1", ReviewResult.UPHELD))).field == "review_id"


def test_litigation_after_reconsideration_names_the_reconsideration_it_follows() -> None:
    error = refusal(replied(), at(date(2024, 11, 20), review(ReviewKind.LITIGATION_AFTER_RECONSIDERATION)))
    assert (error.code, error.field) == ("R-REQ-REVIEW", "follows")


@pytest.mark.parametrize("follows", ["R2", "R1"], ids=["unknown", "not-a-reconsideration"])
def test_litigation_after_reconsideration_follows_a_reconsideration_of_this_case(follows: str) -> None:
    state = then(
        replied(),
        at(date(2024, 11, 20), review(ReviewKind.DIRECT_LITIGATION)),
        at(date(2025, 1, 15), decided("R1", ReviewResult.UPHELD)),
    )
    step = at(
        date(2025, 1, 20), review(ReviewKind.LITIGATION_AFTER_RECONSIDERATION, date(2025, 1, 20), follows=follows)
    )
    assert (refusal(state, step).code, refusal(state, step).field) == ("R-REQ-REVIEW", "follows")


def test_litigation_after_reconsideration_needs_the_reconsideration_decided() -> None:
    state = then(replied(), at(date(2024, 11, 20), review(ReviewKind.RECONSIDERATION)))
    step = at(date(2024, 12, 20), review(ReviewKind.LITIGATION_AFTER_RECONSIDERATION, date(2024, 12, 20), follows="R1"))
    assert refusal(state, step).code == "R-REQ-REVIEW"


def test_litigation_after_reconsideration_is_filed_after_its_decision() -> None:
    state = then(
        replied(),
        at(date(2024, 11, 20), review(ReviewKind.RECONSIDERATION)),
        at(date(2025, 1, 15), decided("R1", ReviewResult.UPHELD)),
    )
    early = review(ReviewKind.LITIGATION_AFTER_RECONSIDERATION, date(2025, 1, 14), follows="R1")
    assert refusal(state, at(date(2025, 1, 20), early)).field == "filed_on"


def test_only_litigation_after_reconsideration_follows_one() -> None:
    step = at(date(2024, 11, 20), review(ReviewKind.DIRECT_LITIGATION, follows="R1"))
    assert refusal(replied(), step).field == "follows"


def test_litigation_after_a_decided_reconsideration_is_recorded() -> None:
    state = then(
        replied(),
        at(date(2024, 11, 20), review(ReviewKind.RECONSIDERATION)),
        at(date(2025, 1, 15), decided("R1", ReviewResult.UPHELD)),
        at(date(2025, 1, 20), review(ReviewKind.LITIGATION_AFTER_RECONSIDERATION, date(2025, 1, 20), follows="R1")),
        at(date(2025, 6, 3), decided("R2", ReviewResult.CORRECTED, date(2025, 6, 3))),
    )
    assert [(r.kind, r.follows, r.result) for r in state.reviews] == [
        (ReviewKind.RECONSIDERATION, None, ReviewResult.UPHELD),
        (ReviewKind.LITIGATION_AFTER_RECONSIDERATION, "R1", ReviewResult.CORRECTED),
    ]


# R-REQ-APPLICANT -------------------------------------------------------------------------------------------


def test_the_applicant_types_are_the_columns_of_table_3() -> None:
    assert {t.value for t in ApplicantType} == {
        "natural_person",
        "business",
        "research_institution",
        "public_interest_organisation",
        "legal_services",
        "other",
    }


@pytest.mark.parametrize("applicant_type", list(ApplicantType))
def test_every_application_records_its_applicant_type(applicant_type: ApplicantType) -> None:
    received = only_event(None, applied(RECEIVED, applicant_type=applicant_type))
    assert isinstance(received, ev.Received)
    assert received.applicant_type is applicant_type
    assert given(applied(RECEIVED, applicant_type=applicant_type)).applicant_type is applicant_type


# A reply recorded by mistake --------------------------------------------------------------------------------


def test_the_head_of_office_corrects_a_reply_recorded_with_the_wrong_outcome_and_both_are_kept() -> None:
    not_held = Outcome(category=OutcomeCategory.CANNOT_PROVIDE, ground=1)
    state = replied()
    fix = CorrectReply(
        outcome=not_held, reason="误点“予以公开”，答复书实为“本机关不掌握”", corrected_on=date(2024, 10, 16)
    )
    corrected = only_event(state, at(date(2024, 10, 16), fix, by=HEAD))
    assert isinstance(corrected, ev.ReplyCorrected)
    after = then(state, at(date(2024, 10, 16), fix, by=HEAD))
    assert after.outcome == not_held
    assert [(c.previous, c.outcome, c.reason) for c in after.reply_corrections] == [
        (state.outcome, not_held, "误点“予以公开”，答复书实为“本机关不掌握”")
    ]
    assert (after.status, after.closed_on) == (state.status, state.closed_on)


def test_only_a_reply_is_corrected_and_only_to_another_valid_outcome() -> None:
    not_held = Outcome(category=OutcomeCategory.CANNOT_PROVIDE, ground=1)
    fix = CorrectReply(outcome=not_held, reason="误选")
    assert refusal(STATES[Status.IN_PROGRESS](), at(date(2024, 10, 16), fix, by=HEAD)).code == "R-REQ-OUTCOME"
    unchanged = CorrectReply(outcome=DISCLOSED, reason="误选")
    assert refusal(replied(), at(date(2024, 10, 16), unchanged, by=HEAD)).code == "R-REQ-OUTCOME"
    partial = Outcome(category=OutcomeCategory.PARTIALLY_DISCLOSED)
    assert refusal(replied(), at(date(2024, 10, 16), CorrectReply(outcome=partial, reason="误选"), by=HEAD)).field == (
        "outcome.withheld"
    )
    assert refusal(replied(), at(date(2024, 10, 16), CorrectReply(outcome=not_held, reason=" "), by=HEAD)).field == (
        "reason"
    )
    early = CorrectReply(outcome=not_held, reason="误选", corrected_on=date(2024, 10, 14))
    assert refusal(replied(), at(date(2024, 10, 16), early, by=HEAD)).field == "corrected_on"
