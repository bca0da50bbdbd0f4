"""The R-REQ rules written again from RULES.md, to check stored disclosure-request histories.

An oracle for `test_disclosure_request_stateful.py`, kept apart from the production code on purpose: it walks
working days over the seed holiday tables itself, has its own fee scales and outcome table, and uses the
domain's state fold only to know what a case looked like when an event was written. `rule_breaches` checks one
request's history; `log_breaches` checks what spans requests, over the whole log: registration numbers and the
per-item fee counted over an applicant's month (R-REQ-FEE, 109号 第四条).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs

from adapters.calendar_data import seed_tables
from domain.actors import Role
from domain.calendar import business_date
from domain.disclosure_request import events as ev
from domain.disclosure_request.state import DisclosureRequest, evolve
from domain.disclosure_request.values import (
    ApplicantType,
    Channel,
    ConferenceSide,
    ConsultedParty,
    DeliveryForm,
    FeeScale,
    Outcome,
    OutcomeCategory,
    Position,
)
from domain.events import DomainEvent
from domain.reviews import ReviewKind, ReviewTarget

ONE_DAY = timedelta(days=1)

# Counting -----------------------------------------------------------------------------------------

TABLES = {table.year: table for table in seed_tables()}
"""The holiday tables gongkai seeds itself with; a year without one counts weekends only (R-COUNT-3)."""

REPLY_WD, CORRECTION_NOTICE_WD, MAX_EXTENSION_WD, ANSWER_WD, FEE_WD = 20, 7, 20, 15, 20
"""The statutory defaults of R-REQ-REPLY, -CORRECT, -EXTEND, -THIRDPARTY/-ORGANS and -FEE."""


def working(day: date) -> bool:
    """Mon–Fri not a holiday, or a weekend day declared worked (调休)."""
    table = TABLES.get(day.year)
    if table is None:
        return day.weekday() < 5
    if day.weekday() >= 5:
        return day in table.adjusted_working_days
    return day not in table.holidays


def nth_working_day(after: date, n: int, skip: frozenset[date] = frozenset()) -> date:
    """The n-th working day strictly after `after`, not counting days in `skip` (R-COUNT-1)."""
    day, counted = after, 0
    while counted < n:
        day += ONE_DAY
        if working(day) and day not in skip:
            counted += 1
    return day


def working_days(after: date, through: date) -> frozenset[date]:
    """The working days d with after < d <= through."""
    days = (after + k * ONE_DAY for k in range(1, (through - after).days + 1))
    return frozenset(d for d in days if working(d))


def on_or_next_working_day(day: date) -> date:
    """A deadline given as a date: that day if it is worked, else the next working day (R-COUNT-2)."""
    while not working(day):
        day += ONE_DAY
    return day


# Fees -----------------------------------------------------------------------------------------------


def item_rate(n: int) -> int:
    """按件: the fee for the n-th item of the month: 1–10 free, 11–30 ¥100, 31–40 ¥200, +¥100 per band of 10."""
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 200 + 100 * ((n - 31) // 10)


def page_rate(n: int) -> int:
    """按量: the fee for the n-th page: ≤30 free, 31–100 ¥10, 101–200 ¥20, 201+ ¥40 (each rate on its band)."""
    if n <= 30:
        return 0
    if n <= 100:
        return 10
    if n <= 200:
        return 20
    return 40


def expected_fee(scale: FeeScale, quantity: int, items_before: int = 0) -> Decimal:
    """R-REQ-FEE, 国办函〔2020〕109号: each rate applies to the part of the quantity in its band; on the per-item
    scale the applicant's `items_before` that month come first."""
    if scale is FeeScale.PER_ITEM:
        return Decimal(sum(item_rate(n) for n in range(items_before + 1, items_before + quantity + 1)))
    return Decimal(sum(page_rate(n) for n in range(1, quantity + 1)))


PER_VOLUME_FORMS = frozenset({DeliveryForm.PAPER, DeliveryForm.EMAIL, DeliveryForm.COPIED_DATA})
"""109号 第五条: the per-volume scale is for paper, e-mail and copied electronic data."""


# Outcomes -------------------------------------------------------------------------------------------

GROUND_TABLE: dict[OutcomeCategory, frozenset[int] | None] = {
    OutcomeCategory.DISCLOSED: None,
    OutcomeCategory.PARTIALLY_DISCLOSED: None,
    OutcomeCategory.NOT_DISCLOSED: frozenset(range(1, 9)),
    OutcomeCategory.CANNOT_PROVIDE: frozenset(range(1, 4)),
    OutcomeCategory.NOT_PROCESSED: frozenset(range(1, 6)),
    OutcomeCategory.OTHER: frozenset(range(1, 4)),
}
"""R-REQ-OUTCOME: table 3's rows, each with the grounds it takes (None: no ground)."""
THIRD_PARTY_RIGHTS = 4
"""不予公开 ground 4, 保护第三方合法权益 (Art. 15): what a partial disclosure withholds after an objection."""


def blank(text: str | None) -> bool:
    """No text, or only whitespace."""
    return not (text or "").strip()


def outcome_problems(outcome: Outcome) -> list[str]:
    """Why an outcome is not a row of table 3 with the particulars it needs, if it is not."""
    problems: list[str] = []
    category, ground = outcome.category, outcome.ground
    grounds = GROUND_TABLE.get(category, frozenset())
    if grounds is None and ground is not None:
        problems.append(f"'{category}' takes no ground, got {ground}")
    if grounds is not None and ground not in grounds:
        problems.append(f"'{category}' needs a ground of {sorted(grounds)}, got {ground}")
    partial = category is OutcomeCategory.PARTIALLY_DISCLOSED
    if partial and (blank(outcome.withheld) or not outcome.withheld_grounds):
        problems.append("a partial disclosure states what is withheld, why, and on which grounds")
    if not set(outcome.withheld_grounds) <= set(range(1, 9)):
        problems.append(f"withheld grounds {outcome.withheld_grounds} are not non-disclosure grounds 1–8")
    if not partial and (outcome.withheld or outcome.withheld_grounds):
        problems.append("only a partial disclosure withholds parts")
    if category is OutcomeCategory.OTHER and ground == 3 and blank(outcome.description):
        problems.append("the ground 'other' needs a description")
    if outcome.description and not (category is OutcomeCategory.OTHER and ground == 3):
        problems.append("a description belongs to other/3")
    if outcome.already_public_at and category is not OutcomeCategory.DISCLOSED:
        problems.append("'already public at' belongs to a disclosure")
    if outcome.responsible_organ and not (category is OutcomeCategory.CANNOT_PROVIDE and ground == 1):
        problems.append("a responsible organ is named only for 'not held'")
    return problems


def withholds_third_party_part(outcome: Outcome) -> bool:
    """A partial disclosure that withholds a third party's part (ground 4): the usual answer to an objection."""
    return outcome.category is OutcomeCategory.PARTIALLY_DISCLOSED and THIRD_PARTY_RIGHTS in outcome.withheld_grounds


# Deadlines of a case as it stands -------------------------------------------------------------------


def answer_due(c: Any) -> date:
    """The last of a consulted party's 15 wd, from receipt of the letter or else from its sending."""
    return nth_working_day(c.letter_received_on or c.letter_sent_on, ANSWER_WD)


def fee_due(notice: Any) -> date:
    """The last day to pay: 20 wd from the day after the applicant received the notice, or after it was sent."""
    return nth_working_day(notice.received_on or notice.sent_on, FEE_WD)


def correction_deadline(s: DisclosureRequest) -> date | None:
    """The last day to correct: the date the notice gave, moved to the next working day when it is not one."""
    return None if s.correct_by is None else on_or_next_working_day(s.correct_by)


def due_in_force(s: DisclosureRequest) -> date | None:
    """The reply due date of a case as it stands; None while a correction is awaited."""
    if s.correction_sent_on is not None and s.corrected_on is None:
        return None
    start = s.corrected_on or s.receipt_date
    paused: set[date] = set()
    for c in s.consultations:
        last = answer_due(c)
        end = c.answered_on if c.answered_on is not None and c.answered_on <= last else last
        paused |= working_days(c.letter_sent_on, end)
    if s.fee_notice is not None:
        paused |= working_days(s.fee_notice.sent_on, s.fee_notice.settled_on or fee_due(s.fee_notice))
    due = nth_working_day(start, REPLY_WD + s.extension_days, frozenset(paused))
    return s.later_due if s.later_due is not None and s.later_due > due else due


# One request's history ------------------------------------------------------------------------------

CLOSING = (ev.Replied, ev.DeemedAbandoned, ev.ApplicationWithdrawn)
OPEN_CASE_EVENTS = (
    ev.HandlerAssigned,
    ev.CorrectionRequested,
    ev.CorrectionReceived,
    ev.DeemedAbandoned,
    ev.ApplicationWithdrawn,
    ev.ExtensionGranted,
    ev.ConsultationStarted,
    ev.PublicInterestOverrideNotified,
    ev.FeeNoticeSent,
    ev.FeeNoticeReceived,
    ev.FeePaid,
    ev.FeeWaived,
    ev.ReasonsRequested,
    ev.LaterDueDateSet,
    ev.Replied,
)
"""Steps in handling a case that a closed case (replied, deemed abandoned or withdrawn) takes no more.

Facts recorded afterwards — a reply's correction, a delivery, a review, a contact, a conference, an applicant
type corrected, a consulted party's late letter receipt or answer — are not among them."""
HANDLING = frozenset({Role.CLERK, Role.OFFICE_HEAD})
HEAD_ONLY = frozenset({Role.OFFICE_HEAD})
ROLES_FOR: dict[type[DomainEvent], frozenset[Role]] = {
    ev.ExtensionGranted: HEAD_ONLY,
    ev.ReplyCorrected: HEAD_ONLY,
    ev.ContactRecorded: HANDLING | {Role.DEPARTMENT_HANDLER},
    ev.ConferenceHeld: HANDLING | {Role.DEPARTMENT_HANDLER},
}
"""Who may record each event; every other event is recorded by a clerk or the office head (and a correction
accepted late by the head alone, checked with the correction)."""
DEADLINE_FIELDS = frozenset({"correct_by", "due"})
"""Date fields that name a day to come; every other date in an event is on or before the day it was recorded."""


def closed_on(event: DomainEvent) -> date:
    """The day a closing event closed the case."""
    if isinstance(event, ev.Replied):
        return event.replied_on
    if isinstance(event, ev.DeemedAbandoned):
        return event.closed_on
    assert isinstance(event, ev.ApplicationWithdrawn)
    return event.withdrawn_on


@attrs.define
class Checker:
    """Walks one request's history, knowing the case as it stood before each event."""

    history: list[DomainEvent]
    problems: list[str] = attrs.field(factory=list)
    state: DisclosureRequest | None = None
    index: int = 0

    def breach(self, code: str, message: str) -> None:
        event = self.history[self.index]
        self.problems.append(f"{code} at v{self.index + 1} {event.type_name}: {message}")

    def earlier(self, kind: type[Any]) -> list[Any]:
        """The events of a kind recorded before the current one."""
        return [x for x in self.history[: self.index] if isinstance(x, kind)]

    def closing(self) -> DomainEvent | None:
        """The event that closed the case before the current one, if any."""
        return next(iter(self.earlier(CLOSING)), None)

    def run(self) -> list[str]:
        if not self.history:
            return ["the request has no events"]
        for index, event in enumerate(self.history):
            self.index = index
            self.general(event)
            closing = self.closing()
            if closing is not None and isinstance(event, OPEN_CASE_EVENTS):
                closed = f"the case was closed by {closing.type_name} at v{closing.originator_version}"
                self.breach("R-REQ-OUTCOME", closed)
            check = getattr(self, "on_" + event.type_name.split(".")[-1], None)
            if check is not None and (self.state is not None or isinstance(event, ev.Received)):
                check(event)
            self.state = evolve(self.state, event)
        closings = [e for e in self.history if isinstance(e, CLOSING)]
        if len(closings) > 1:
            self.problems.append(f"R-REQ-OUTCOME: {len(closings)} closing outcomes: {[e.type_name for e in closings]}")
        return self.problems

    # Every event ---------------------------------------------------------------------------------

    def general(self, event: DomainEvent) -> None:
        first = self.history[0]
        if event.originator_id != first.originator_id or event.originator_version != self.index + 1:
            self.breach("R-LOG", f"id/version {event.originator_id}/{event.originator_version} out of sequence")
        if self.index and event.timestamp < self.history[self.index - 1].timestamp:
            self.breach("R-LOG", "recorded before the event preceding it")
        if self.index == 0 and not isinstance(event, ev.Received):
            self.breach("R-REQ-RECEIPT", "a request starts with its receipt")
        if self.index and isinstance(event, ev.Received):
            self.breach("R-REQ-RECEIPT", "received twice")
        actor = event.actor
        if not isinstance(actor.role, Role) or blank(actor.person_id) or blank(actor.name):
            self.breach("R-ROLE", f"no acting person with a role: {actor}")
        elif actor.role not in ROLES_FOR.get(type(event), HANDLING):
            self.breach("R-ROLE", f"recorded by a {actor.role}")
        on = business_date(event.timestamp)
        for field in attrs.fields(type(event)):
            value = getattr(event, field.name)
            if field.name == "timestamp":
                continue
            if isinstance(value, datetime):
                if value > event.timestamp:
                    self.breach("R-VALUE", f"{field.name} {value} is after the event was recorded")
            elif isinstance(value, date) and field.name not in DEADLINE_FIELDS and value > on:
                self.breach("R-VALUE", f"{field.name} {value} is after the day it was recorded, {on}")

    # One check per event type, on the case as it stood before the event ---------------------------

    @property
    def s(self) -> DisclosureRequest:
        assert self.state is not None
        return self.state

    def start(self) -> date:
        return self.s.corrected_on or self.s.receipt_date

    def on_received(self, e: ev.Received) -> None:
        code, arrived_on = "R-REQ-RECEIPT", business_date(e.arrived_at)
        if e.channel is Channel.IN_PERSON and e.receipt_date != arrived_on:
            self.breach(code, f"handed in on {arrived_on} but received on {e.receipt_date}")
        if e.channel is not Channel.IN_PERSON and e.receipt_date < arrived_on:
            self.breach(code, f"confirmed on {e.receipt_date}, before it arrived on {arrived_on}")
        late = e.channel is Channel.POST_UNSIGNED and e.receipt_date != arrived_on
        if late and blank(e.late_confirmation_reason):
            self.breach(code, f"an ordinary letter of {arrived_on} confirmed on {e.receipt_date} without its reason")
        if not late and e.late_confirmation_reason is not None:
            self.breach(code, f"a late confirmation's reason on a {e.channel} received the day it arrived")
        if not isinstance(e.applicant_type, ApplicantType):
            self.breach("R-REQ-APPLICANT", f"applicant type {e.applicant_type!r}")
        if e.handler_id != e.actor.person_id:
            self.breach(code, "the person who receives an application is its first handler")
        if e.items < 1:
            self.breach("R-REQ-FEE", f"an application of {e.items} items")

    def on_handler_assigned(self, e: ev.HandlerAssigned) -> None:
        if blank(e.handler_id):
            self.breach("R-VALUE", "no handler")

    def on_applicant_type_corrected(self, e: ev.ApplicantTypeCorrected) -> None:
        code = "R-REQ-APPLICANT-FIX"
        if not isinstance(e.applicant_type, ApplicantType) or e.applicant_type is self.s.applicant_type:
            self.breach(code, f"corrected to {e.applicant_type!r}, the type was {self.s.applicant_type}")
        if blank(e.reason):
            self.breach(code, "a correction of the applicant type records its reason")

    def on_correction_requested(self, e: ev.CorrectionRequested) -> None:
        if self.s.correction_sent_on is not None:
            self.breach("R-REQ-CORRECT", "a second correction notice")
        last = nth_working_day(self.s.receipt_date, CORRECTION_NOTICE_WD)
        if not self.s.receipt_date <= e.sent_on <= last:
            self.breach("R-REQ-CORRECT", f"sent {e.sent_on}, outside {self.s.receipt_date}..{last}")
        if e.correct_by <= e.sent_on:
            self.breach("R-REQ-CORRECT", f"deadline {e.correct_by} is not after the notice, {e.sent_on}")

    def on_correction_received(self, e: ev.CorrectionReceived) -> None:
        code, sent, deadline = "R-REQ-CORRECT", self.s.correction_sent_on, correction_deadline(self.s)
        if sent is None or deadline is None or self.s.corrected_on is not None:
            self.breach(code, "no correction notice awaiting an answer")
            return
        if e.received_on < sent:
            self.breach(code, f"received {e.received_on}, before the notice {sent}")
        if e.late_reason is None and e.received_on > deadline:
            self.breach(code, f"received {e.received_on}, after the deadline {deadline} (given {self.s.correct_by})")
        if e.late_reason is None:
            return
        if e.received_on <= deadline:
            self.breach(code, f"accepted as late, but received {e.received_on} by the deadline {deadline}")
        if blank(e.late_reason):
            self.breach(code, "a late correction is accepted for a good reason, recorded")
        if e.actor.role is not Role.OFFICE_HEAD:
            self.breach(code, f"a late correction accepted by a {e.actor.role}, not the head of the office")

    def on_deemed_abandoned(self, e: ev.DeemedAbandoned) -> None:
        s = self.s
        if s.correction_sent_on is not None and s.corrected_on is None:
            deadline, ground, code = correction_deadline(s), 1, "R-REQ-CORRECT"
        elif s.fee_notice is not None and s.fee_notice.settled_on is None:
            deadline, ground, code = fee_due(s.fee_notice), 2, "R-REQ-FEE"
        else:
            self.breach("R-REQ-CORRECT", "abandoned, yet neither a correction nor a fee was awaited")
            return
        assert deadline is not None
        if e.closed_on <= deadline:
            self.breach(code, f"abandoned on {e.closed_on}, but the applicant had until {deadline}")
        if (e.outcome.category, e.outcome.ground) != (OutcomeCategory.OTHER, ground):
            self.breach(code, f"abandonment's outcome is other/{ground}, not {e.outcome}")
        for problem in outcome_problems(e.outcome):
            self.breach("R-REQ-OUTCOME", problem)

    def on_withdrawn(self, e: ev.ApplicationWithdrawn) -> None:
        code = "R-REQ-OUTCOME"
        if (e.outcome.category, e.outcome.ground) != (OutcomeCategory.OTHER, 3):
            self.breach(code, f"a withdrawal closes as other/3, not {e.outcome}")
        for problem in outcome_problems(e.outcome):
            self.breach(code, problem)
        if e.withdrawn_on < self.s.receipt_date:
            self.breach(code, f"withdrawn {e.withdrawn_on}, before it was received {self.s.receipt_date}")

    def on_extension_granted(self, e: ev.ExtensionGranted) -> None:
        code, s = "R-REQ-EXTEND", self.s
        if s.extension_days:
            self.breach(code, "a second extension")
        if not 1 <= e.working_days <= MAX_EXTENSION_WD:
            self.breach(code, f"{e.working_days} wd")
        if e.actor.role is not Role.OFFICE_HEAD:
            self.breach(code, f"approved by a {e.actor.role}")
        if e.actor.person_id == s.handler_id:
            self.breach(code, f"approved by the handler {s.handler_id}")
        if e.handler_id != s.handler_id:
            self.breach(code, f"records handler {e.handler_id}, the case's is {s.handler_id}")
        if blank(e.reason):
            self.breach(code, "no reason")
        due = due_in_force(s)
        if due is None:
            self.breach(code, "extended while a correction was awaited (no reply period running)")
            return
        if not self.start() <= e.decided_on <= due:
            self.breach(code, f"decided {e.decided_on}, outside the reply period {self.start()}..{due}")
        if not e.decided_on <= e.notified_on <= due:
            self.breach(code, f"notified {e.notified_on}, outside {e.decided_on} (decided)..{due} (due)")

    def on_consultation_started(self, e: ev.ConsultationStarted) -> None:
        if any(c.consultation_id == e.consultation_id for c in self.s.consultations):
            self.breach("R-REQ-THIRDPARTY", f"consultation id {e.consultation_id} reused")
        third = e.party is ConsultedParty.THIRD_PARTY
        if third and (e.third_party is None or e.organ_name):
            self.breach("R-REQ-THIRDPARTY", "a third-party consultation names the third party")
        if not third and (blank(e.organ_name) or e.third_party is not None):
            self.breach("R-REQ-ORGANS", "an organ consultation names the organ")
        if e.letter_sent_on < self.s.receipt_date:
            self.breach("R-REQ-THIRDPARTY", f"letter sent {e.letter_sent_on}, before receipt")

    def consultation(self, consultation_id: str) -> Any:
        found = self.s.consultation(consultation_id)
        if found is None:
            self.breach("R-REQ-THIRDPARTY", f"no consultation {consultation_id}")
        return found

    def on_consultation_letter_received(self, e: ev.ConsultationLetterReceived) -> None:
        c = self.consultation(e.consultation_id)
        if c is None:
            return
        if c.letter_received_on is not None or c.answered_on is not None:
            self.breach("R-REQ-THIRDPARTY", "letter receipt recorded twice or after the answer")
        if e.received_on < c.letter_sent_on:
            self.breach("R-REQ-THIRDPARTY", f"letter received {e.received_on}, before it was sent {c.letter_sent_on}")

    def on_consultation_answered(self, e: ev.ConsultationAnswered) -> None:
        c = self.consultation(e.consultation_id)
        if c is None:
            return
        if c.answered_on is not None:
            self.breach("R-REQ-THIRDPARTY", "answered twice")
        if e.answered_on < c.letter_sent_on:
            self.breach("R-REQ-THIRDPARTY", f"answered {e.answered_on}, before the letter was sent {c.letter_sent_on}")
        elif c.letter_received_on is not None and e.answered_on < c.letter_received_on:
            self.breach(
                "R-REQ-THIRDPARTY",
                f"answered {e.answered_on}, before the letter was received {c.letter_received_on}",
            )
        if e.position is Position.OBJECTS and blank(e.reason):
            self.breach("R-REQ-THIRDPARTY", "an objection without its reason")

    def on_public_interest_override_notified(self, e: ev.PublicInterestOverrideNotified) -> None:
        c = self.consultation(e.consultation_id)
        if c is None:
            return
        if c.party is not ConsultedParty.THIRD_PARTY or c.position is not Position.OBJECTS:
            self.breach("R-REQ-THIRDPARTY", "override without a third-party objection")
        if c.override_notified:
            self.breach("R-REQ-THIRDPARTY", "override notified twice")
        if c.answered_on is not None and e.notified_on < c.answered_on:
            self.breach("R-REQ-THIRDPARTY", f"notified {e.notified_on}, before the objection {c.answered_on}")
        if blank(e.to_be_disclosed) or blank(e.reason):
            self.breach("R-REQ-THIRDPARTY", "the third party is told what will be disclosed and why")

    def on_fee_notice_sent(self, e: ev.FeeNoticeSent) -> None:
        code = "R-REQ-FEE"
        if self.s.fee_notice is not None:
            self.breach(code, "a second fee notice")
        if self.s.correction_sent_on is not None and self.s.corrected_on is None:
            self.breach(code, "a fee notice while a correction is awaited")
        if e.scale is FeeScale.PER_VOLUME and e.form not in PER_VOLUME_FORMS:
            self.breach(code, f"per-volume scale for {e.form}")
        if e.scale is FeeScale.PER_VOLUME and e.items_before:
            self.breach(code, f"the per-volume scale counts no earlier items, got {e.items_before}")
        if e.quantity < 1 or e.items_before < 0:
            self.breach(code, f"quantity {e.quantity} after {e.items_before} earlier items")
        expected = expected_fee(e.scale, e.quantity, e.items_before)
        if e.amount != expected or expected <= 0:
            self.breach(
                code,
                f"{e.quantity} on {e.scale} after {e.items_before} earlier items: amount {e.amount}, expected "
                f"{expected} (> 0)",
            )
        if e.sent_on < self.start():
            self.breach(code, f"sent {e.sent_on}, before the reply period started {self.start()}")

    def awaited_fee(self, day: date, what: str) -> None:
        notice = self.s.fee_notice
        if notice is None or notice.settled_on is not None:
            self.breach("R-REQ-FEE", f"{what} without an unsettled fee notice")
        elif day < notice.sent_on:
            self.breach("R-REQ-FEE", f"{what} {day}, before the notice {notice.sent_on}")

    def on_fee_notice_received(self, e: ev.FeeNoticeReceived) -> None:
        self.awaited_fee(e.received_on, "notice received")
        notice = self.s.fee_notice
        if notice is not None and notice.received_on is not None:
            self.breach("R-REQ-FEE", f"the notice's receipt recorded twice ({notice.received_on})")

    def on_fee_paid(self, e: ev.FeePaid) -> None:
        self.awaited_fee(e.paid_on, "paid")
        notice = self.s.fee_notice
        if notice is not None and e.paid_on > fee_due(notice):
            received = notice.received_on or "unknown"
            self.breach("R-REQ-FEE", f"paid {e.paid_on}, after the deadline {fee_due(notice)} (received {received})")

    def on_fee_waived(self, e: ev.FeeWaived) -> None:
        self.awaited_fee(e.waived_on, "waived")
        if blank(e.reason):
            self.breach("R-REQ-FEE", "a waiver records its reason")

    def on_reasons_requested(self, e: ev.ReasonsRequested) -> None:
        if e.sent_on < self.s.receipt_date:
            self.breach("R-REQ-EXCESS", f"sent {e.sent_on}, before receipt")

    def on_later_due_date_set(self, e: ev.LaterDueDateSet) -> None:
        code = "R-REQ-EXCESS"
        if not self.s.reasons_requested:
            self.breach(code, "a later due date without reasons requested first")
        if self.s.later_due is not None:
            self.breach(code, "a second later due date")
        due = due_in_force(self.s)
        if due is None:
            self.breach(code, "set while a correction is awaited")
        else:
            if e.due <= due:
                self.breach(code, f"later due {e.due} is not after the due date {due}")
            if e.notified_on > due:
                self.breach(code, f"notified {e.notified_on}, after the due date {due}")

    def on_conference_held(self, e: ev.ConferenceHeld) -> None:
        sides = {m.side for m in e.members}
        if sides != set(ConferenceSide) or blank(e.conclusion):
            self.breach("R-REQ-CONFERENCE", f"sides {sorted(sides)}, conclusion {e.conclusion!r}")

    def on_contact_recorded(self, e: ev.ContactRecorded) -> None:
        if blank(e.summary):
            self.breach("R-REQ-CONTACT", "a contact without its summary")

    def on_replied(self, e: ev.Replied) -> None:
        if e.replied_on < self.start():
            self.breach("R-REQ-REPLY", f"replied {e.replied_on}, before the reply period started {self.start()}")
        self.reply_allowed(e.outcome, e.replied_on)

    def on_reply_corrected(self, e: ev.ReplyCorrected) -> None:
        code, closing = "R-REQ-OUTCOME", self.closing()
        if not isinstance(closing, ev.Replied):
            self.breach(code, f"a reply corrected, but the case was closed by {closing and closing.type_name}")
            return
        if e.outcome == self.s.outcome:
            self.breach(code, f"corrected to the outcome in force, {e.outcome}")
        if blank(e.reason):
            self.breach(code, "a reply's correction records its reason")
        if e.corrected_on < closing.replied_on:
            self.breach(code, f"corrected {e.corrected_on}, before the reply {closing.replied_on}")
        self.reply_allowed(e.outcome, closing.replied_on)

    def reply_allowed(self, outcome: Outcome, on: date) -> None:
        """What a reply (or a reply's correction) dated `on` may say, given the case's history."""
        s = self.s
        for problem in outcome_problems(outcome):
            self.breach("R-REQ-OUTCOME", problem)
        category, ground = outcome.category, outcome.ground
        if category is OutcomeCategory.OTHER and ground in (1, 2):
            self.breach("R-REQ-OUTCOME", f"other/{ground} is an abandonment, not a reply")
        if category is OutcomeCategory.CANNOT_PROVIDE and ground == 3 and s.corrected_on is None:
            self.breach("R-REQ-OUTCOME", "'still unclear after correction' without a correction")
        if category is OutcomeCategory.NOT_PROCESSED and ground == 4:
            asked = [x.sent_on for x in self.earlier(ev.ReasonsRequested)]
            if not asked:
                self.breach("R-REQ-EXCESS", "refused as excessive without asking for reasons")
            elif on < asked[0]:
                self.breach("R-REQ-EXCESS", f"refused as excessive on {on}, before reasons were asked for {asked[0]}")
        notice = s.fee_notice
        if notice is not None and (notice.settled_on is None or on < notice.settled_on):
            self.breach("R-REQ-FEE", f"replied {on}, before the fee noticed {notice.sent_on} was settled")
        if outcome.discloses:
            self.disclosure_allowed(outcome, on)

    def disclosure_allowed(self, outcome: Outcome, on: date) -> None:
        """No disclosure while a consulted party may still answer; over a third party's objection, only its part
        withheld (a partial disclosure on ground 4) or a public-interest override notified first."""
        overrides = {x.consultation_id: x.notified_on for x in self.earlier(ev.PublicInterestOverrideNotified)}
        for c in self.s.consultations:
            code = "R-REQ-THIRDPARTY" if c.party is ConsultedParty.THIRD_PARTY else "R-REQ-ORGANS"
            if c.answered_on is None and on <= answer_due(c):
                self.breach(code, f"disclosed {on}, while {c.consultation_id} could answer until {answer_due(c)}")
            elif c.answered_on is not None and on < c.answered_on and on <= answer_due(c):
                self.breach(
                    code,
                    f"disclosed {on}, before {c.consultation_id} answered ({c.answered_on}) within its period",
                )
            objected = c.party is ConsultedParty.THIRD_PARTY and c.position is Position.OBJECTS
            if not objected or withholds_third_party_part(outcome):
                continue
            overridden_on = overrides.get(c.consultation_id)
            if overridden_on is None:
                self.breach(code, f"disclosed over {c.consultation_id}'s objection without withholding its part")
            elif on < overridden_on:
                self.breach(
                    code,
                    f"disclosed {on}, before the third party of {c.consultation_id} was told, {overridden_on}",
                )

    def on_delivered(self, e: ev.Delivered) -> None:
        replies = self.earlier(ev.Replied)
        if not replies:
            self.breach("R-REQ-DELIVERY", "delivered without a reply")
        elif e.delivered_on < replies[0].replied_on:
            self.breach("R-REQ-DELIVERY", f"delivered {e.delivered_on}, before the reply {replies[0].replied_on}")
        if self.earlier(ev.Delivered):
            self.breach("R-REQ-DELIVERY", "delivered twice")

    def filed_reviews(self) -> dict[str, ev.ReviewFiled]:
        return {x.review_id: x for x in self.earlier(ev.ReviewFiled)}

    def decisions_of(self, review_id: str) -> list[date]:
        return [x.decided_on for x in self.earlier(ev.ReviewDecided) if x.review_id == review_id]

    def on_review_filed(self, e: ev.ReviewFiled) -> None:
        code, filed = "R-REQ-REVIEW", self.filed_reviews()
        if e.review_id in filed:
            self.breach(code, f"review id {e.review_id} reused")
        if blank(e.body):
            self.breach(code, "a review names the body or court it is filed with")
        self.target_open_to_challenge(e)
        after_reconsideration = e.kind is ReviewKind.LITIGATION_AFTER_RECONSIDERATION
        if not after_reconsideration:
            if e.follows is not None:
                self.breach(code, f"a {e.kind} follows no reconsideration, names {e.follows}")
            return
        followed = filed.get(e.follows or "")
        decided = self.decisions_of(e.follows or "")
        if followed is None or followed.kind is not ReviewKind.RECONSIDERATION:
            self.breach(code, f"litigation after reconsideration names {e.follows!r}, not a reconsideration")
        elif not decided:
            self.breach(code, f"litigation after reconsideration {e.follows}, which is not decided")
        elif e.filed_on < decided[-1]:
            self.breach(code, f"filed {e.filed_on}, before the reconsideration {e.follows} was decided {decided[-1]}")
        if followed is not None and followed.against is not e.against:
            self.breach(code, f"against the {e.against}, but {e.follows} it follows was against the {followed.against}")

    def target_open_to_challenge(self, e: ev.ReviewFiled) -> None:
        """A reply is challenged once given; a failure to reply while the case is still open (不作为)."""
        code, closing = "R-REQ-REVIEW", self.closing()
        if e.against is ReviewTarget.REPLY:
            if not isinstance(closing, ev.Replied):
                self.breach(code, "a review of a reply, and there is none")
            elif e.filed_on < closing.replied_on:
                self.breach(code, f"filed {e.filed_on}, before the reply {closing.replied_on}")
        elif e.against is ReviewTarget.FAILURE_TO_REPLY:
            if e.filed_on < self.s.receipt_date:
                self.breach(code, f"filed {e.filed_on}, before the application was received {self.s.receipt_date}")
            continued = e.kind is ReviewKind.LITIGATION_AFTER_RECONSIDERATION
            if closing is not None and not continued and e.filed_on >= closed_on(closing):
                self.breach(code, f"a failure to reply challenged {e.filed_on}; the case closed {closed_on(closing)}")
        else:
            self.breach(code, f"a request's review is against its reply or failure to reply, not {e.against}")

    def on_review_decided(self, e: ev.ReviewDecided) -> None:
        found = self.filed_reviews().get(e.review_id)
        previous = self.decisions_of(e.review_id)
        if found is None:
            self.breach("R-REQ-REVIEW", f"no review {e.review_id}")
        elif e.decided_on < found.filed_on:
            self.breach("R-REQ-REVIEW", f"decided {e.decided_on}, before it was filed {found.filed_on}")
        if previous and e.decided_on < previous[-1]:
            self.breach("R-REQ-REVIEW", f"decided {e.decided_on}, before the decision it supersedes, {previous[-1]}")


def rule_breaches(history: list[DomainEvent]) -> list[str]:
    """Every R-REQ rule the stored history breaks, in words."""
    return Checker(history).run()


# What spans requests: the register and the applicant's month ----------------------------------------


def same_applicant(id_number: str | None) -> str | None:
    """Who an identity number or credit code names, however it was typed (spaces, a lower-case x)."""
    number = "".join((id_number or "").split()).upper()
    return number or None


@attrs.define
class Application:
    """An application as the per-item scale counts it: whose, which month, how many items."""

    applicant: str | None
    month: tuple[int, int]
    items: int


def log_breaches(log: Iterable[DomainEvent]) -> list[str]:
    """The rules the whole log breaks across requests: every application gets a number of its receipt year never
    given before (R-REQ-RECEIPT), and a per-item fee notice counts first the same applicant's items in applications
    received earlier in the same calendar month, over all their applications to the organ (R-REQ-FEE, 第四条)."""
    problems: list[str] = []
    applications: dict[UUID, Application] = {}
    numbers: set[tuple[str, str | None]] = set()
    for e in log:
        if isinstance(e, ev.Received):
            problems += _numbering(e, numbers)
            month = (e.receipt_date.year, e.receipt_date.month)
            applications[e.originator_id] = Application(same_applicant(e.applicant.id_number), month, e.items)
        elif isinstance(e, ev.FeeNoticeSent) and e.scale is FeeScale.PER_ITEM:
            mine = applications[e.originator_id]
            expected = 0
            if mine.applicant is not None:
                earlier = list(applications)[: list(applications).index(e.originator_id)]
                expected = sum(
                    applications[other].items
                    for other in earlier
                    if (applications[other].applicant, applications[other].month) == (mine.applicant, mine.month)
                )
            if e.items_before != expected:
                problems.append(
                    f"R-REQ-FEE on {e.originator_id} v{e.originator_version}: counted {e.items_before} earlier items "
                    f"of the applicant in {mine.month}, the log holds {expected}"
                )
            mine.items = e.quantity
    return problems


def _numbering(e: ev.Received, numbers: set[tuple[str, str | None]]) -> list[str]:
    found = e.registration_number
    key = (e.organ, found)
    problems = []
    if found is None or not found.startswith(f"{e.receipt_date.year}-"):
        problems.append(f"R-REQ-RECEIPT on {e.originator_id}: number {found!r} for a receipt on {e.receipt_date}")
    if key in numbers:
        problems.append(f"R-REQ-RECEIPT on {e.originator_id}: number {found} given twice")
    numbers.add(key)
    return problems
