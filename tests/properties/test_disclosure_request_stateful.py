"""Stateful property: random sequences of commands, given through the application, never break an R-REQ rule.

A Hypothesis state machine receives applications and gives every kind of command on them, through
`gongkai.requests` on the in-memory store, while the clock moves on by 0–10 whole days before each step
(starting in 2025). Dates in commands are drawn near the current business day or near a date already in
the case's history, values are sometimes wrong, and staff act in the right and the wrong roles, so both
accepted and refused commands happen. A refusal (DomainError) is expected and must write nothing; an
accepted command must write exactly its case's new events.

After every step the invariants read each request's STORED history and check it with the checker in this
module, written from RULES.md and independent of the domain's decisions (it uses its own working-day
walk over the seed holiday tables, its own fee scale and outcome table, and the state fold only to know
what a case looked like when an event was written). They also check that the due date the view shows is a
working day and equals the one derived here from the events (R-COUNT-4).

The machine found eight breaches, since fixed in the domain; the end of the module keeps their minimal
sequences as regression tests, through the application.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

import attrs
from hypothesis import event as note_event
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
)

from adapters.bootstrap import Gongkai, build
from adapters.calendar_data import seed_tables
from domain.actors import Role
from domain.calendar import SHANGHAI, business_date
from domain.disclosure_request import commands as cmd
from domain.disclosure_request import events as ev
from domain.disclosure_request.state import DisclosureRequest, evolve
from domain.disclosure_request.values import (
    ApplicantType,
    Channel,
    ConferenceMember,
    ConferenceSide,
    ConsultedParty,
    ContactKind,
    DeliveryForm,
    DeliveryMethod,
    FeeScale,
    Outcome,
    OutcomeCategory,
    Position,
    ReviewKind,
    ReviewResult,
    Status,
)
from domain.errors import DomainError
from domain.events import DomainEvent
from domain.personal_data import PersonalData
from tests.support import FixedClock, credential

ONE_DAY = timedelta(days=1)

# The checker: RULES.md, written again ---------------------------------------------------------------

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


def expected_fee(scale: FeeScale, quantity: int) -> Decimal:
    """R-REQ-FEE, 国办函〔2020〕109号: each rate applies to the part of the quantity in its band."""
    rate = item_rate if scale is FeeScale.PER_ITEM else page_rate
    return Decimal(sum(rate(n) for n in range(1, quantity + 1)))


GROUND_TABLE: dict[OutcomeCategory, frozenset[int] | None] = {
    OutcomeCategory.DISCLOSED: None,
    OutcomeCategory.PARTIALLY_DISCLOSED: None,
    OutcomeCategory.NOT_DISCLOSED: frozenset(range(1, 9)),
    OutcomeCategory.CANNOT_PROVIDE: frozenset(range(1, 4)),
    OutcomeCategory.NOT_PROCESSED: frozenset(range(1, 6)),
    OutcomeCategory.OTHER: frozenset(range(1, 4)),
}
"""R-REQ-OUTCOME: table 3's rows, each with the grounds it takes (None: no ground)."""


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


def answer_due(c: Any) -> date:
    """The last of a consulted party's 15 wd, from receipt of the letter or else from its sending."""
    return nth_working_day(c.letter_received_on or c.letter_sent_on, ANSWER_WD)


def fee_due(notice: Any) -> date:
    """The last day to pay: 20 wd after the notice."""
    return nth_working_day(notice.sent_on, FEE_WD)


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


CLOSING = (ev.Replied, ev.DeemedAbandoned)
OPEN_CASE_EVENTS = (
    ev.HandlerAssigned,
    ev.CorrectionRequested,
    ev.CorrectionReceived,
    ev.DeemedAbandoned,
    ev.ExtensionGranted,
    ev.ConsultationStarted,
    ev.PublicInterestOverrideNotified,
    ev.FeeNoticeSent,
    ev.FeePaid,
    ev.FeeWaived,
    ev.ReasonsRequested,
    ev.LaterDueDateSet,
    ev.Replied,
)
"""Steps in handling a case that a closed case (replied or deemed abandoned) takes no more.

Facts recorded afterwards — a delivery, a review, a contact, a conference, a consulted party's late
letter receipt or answer — are not among them."""
HANDLING = frozenset({Role.CLERK, Role.OFFICE_HEAD})
ROLES_FOR: dict[type[DomainEvent], frozenset[Role]] = {
    ev.ExtensionGranted: frozenset({Role.OFFICE_HEAD}),
    ev.ContactRecorded: HANDLING | {Role.DEPARTMENT_HANDLER},
    ev.ConferenceHeld: HANDLING | {Role.DEPARTMENT_HANDLER},
}
"""Who may record each event; every other event is recorded by a clerk or the office head."""
DEADLINE_FIELDS = frozenset({"correct_by", "due"})
"""Date fields that name a day to come; every other date in an event is on or before the day it was recorded."""


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

    def run(self) -> list[str]:
        if not self.history:
            return ["the request has no events"]
        closed_by: DomainEvent | None = None
        for index, event in enumerate(self.history):
            self.index = index
            self.general(event)
            if closed_by is not None and isinstance(event, OPEN_CASE_EVENTS):
                closed = f"the case was closed by {closed_by.type_name} at v{closed_by.originator_version}"
                self.breach("R-REQ-OUTCOME", closed)
            if isinstance(event, CLOSING):
                closed_by = closed_by or event
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
        arrived_on = business_date(e.arrived_at)
        if e.channel is Channel.IN_PERSON and e.receipt_date != arrived_on:
            self.breach("R-REQ-RECEIPT", f"handed in on {arrived_on} but received on {e.receipt_date}")
        if e.channel is not Channel.IN_PERSON and e.receipt_date < arrived_on:
            self.breach("R-REQ-RECEIPT", f"confirmed on {e.receipt_date}, before it arrived on {arrived_on}")
        if not isinstance(e.applicant_type, ApplicantType):
            self.breach("R-REQ-APPLICANT", f"applicant type {e.applicant_type!r}")
        if e.handler_id != e.actor.person_id:
            self.breach("R-REQ-RECEIPT", "the person who receives an application is its first handler")

    def on_handler_assigned(self, e: ev.HandlerAssigned) -> None:
        if blank(e.handler_id):
            self.breach("R-VALUE", "no handler")

    def on_correction_requested(self, e: ev.CorrectionRequested) -> None:
        if self.s.correction_sent_on is not None:
            self.breach("R-REQ-CORRECT", "a second correction notice")
        last = nth_working_day(self.s.receipt_date, CORRECTION_NOTICE_WD)
        if not self.s.receipt_date <= e.sent_on <= last:
            self.breach("R-REQ-CORRECT", f"sent {e.sent_on}, outside {self.s.receipt_date}..{last}")
        if e.correct_by <= e.sent_on:
            self.breach("R-REQ-CORRECT", f"deadline {e.correct_by} is not after the notice, {e.sent_on}")

    def on_correction_received(self, e: ev.CorrectionReceived) -> None:
        sent, by = self.s.correction_sent_on, self.s.correct_by
        if sent is None or by is None or self.s.corrected_on is not None:
            self.breach("R-REQ-CORRECT", "no correction notice awaiting an answer")
        elif not sent <= e.received_on <= by:
            self.breach("R-REQ-CORRECT", f"received {e.received_on}, outside {sent}..{by}")

    def on_deemed_abandoned(self, e: ev.DeemedAbandoned) -> None:
        s, on = self.s, business_date(e.timestamp)
        if e.closed_on != on:
            self.breach("R-REQ-CORRECT", f"closed on {e.closed_on} but recorded on {on}")
        if s.correction_sent_on is not None and s.corrected_on is None:
            assert s.correct_by is not None
            deadline, ground, code = s.correct_by, 1, "R-REQ-CORRECT"
        elif s.fee_notice is not None and s.fee_notice.settled_on is None:
            deadline, ground, code = fee_due(s.fee_notice), 2, "R-REQ-FEE"
        else:
            self.breach("R-REQ-CORRECT", "abandoned, yet neither a correction nor a fee was awaited")
            return
        if e.closed_on <= deadline:
            self.breach(code, f"abandoned on {e.closed_on}, but the applicant had until {deadline}")
        if (e.outcome.category, e.outcome.ground) != (OutcomeCategory.OTHER, ground):
            self.breach(code, f"abandonment's outcome is other/{ground}, not {e.outcome}")
        for problem in outcome_problems(e.outcome):
            self.breach("R-REQ-OUTCOME", problem)

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
        decided = business_date(e.timestamp)
        if due is None:
            self.breach(code, "extended while a correction was awaited (no reply period running)")
        elif e.notified_on > due or decided > due:
            self.breach(code, f"decided {decided} / notified {e.notified_on}, after the due date {due}")

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
        if e.scale is FeeScale.PER_VOLUME and e.form not in (DeliveryForm.PAPER, DeliveryForm.COPIED_DATA):
            self.breach(code, f"per-volume scale for {e.form}")
        expected = expected_fee(e.scale, e.quantity)
        if e.amount != expected or expected <= 0:
            self.breach(code, f"{e.quantity} on {e.scale}: amount {e.amount}, expected {expected} (> 0)")
        if e.sent_on < self.start():
            self.breach(code, f"sent {e.sent_on}, before the reply period started {self.start()}")

    def awaited_fee(self, day: date, what: str) -> None:
        notice = self.s.fee_notice
        if notice is None or notice.settled_on is not None:
            self.breach("R-REQ-FEE", f"{what} without an unsettled fee notice")
        elif day < notice.sent_on:
            self.breach("R-REQ-FEE", f"{what} {day}, before the notice {notice.sent_on}")

    def on_fee_paid(self, e: ev.FeePaid) -> None:
        self.awaited_fee(e.paid_on, "paid")
        notice = self.s.fee_notice
        if notice is not None and e.paid_on > fee_due(notice):
            self.breach("R-REQ-FEE", f"paid {e.paid_on}, after the deadline {fee_due(notice)}")

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
        s = self.s
        for problem in outcome_problems(e.outcome):
            self.breach("R-REQ-OUTCOME", problem)
        if e.replied_on < self.start():
            self.breach("R-REQ-REPLY", f"replied {e.replied_on}, before the reply period started {self.start()}")
        category, ground = e.outcome.category, e.outcome.ground
        if category is OutcomeCategory.OTHER and ground in (1, 2):
            self.breach("R-REQ-OUTCOME", f"other/{ground} is an abandonment, not a reply")
        if category is OutcomeCategory.CANNOT_PROVIDE and ground == 3 and s.corrected_on is None:
            self.breach("R-REQ-OUTCOME", "'still unclear after correction' without a correction")
        if category is OutcomeCategory.NOT_PROCESSED and ground == 4:
            asked = [x.sent_on for x in self.earlier(ev.ReasonsRequested)]
            if not s.reasons_requested or not asked:
                self.breach("R-REQ-EXCESS", "refused as excessive without asking for reasons")
            elif e.replied_on < asked[0]:
                self.breach(
                    "R-REQ-EXCESS",
                    f"refused as excessive on {e.replied_on}, before reasons were asked for on {asked[0]}",
                )
        notice = s.fee_notice
        if notice is not None and (notice.settled_on is None or e.replied_on < notice.settled_on):
            self.breach(
                "R-REQ-FEE",
                f"replied {e.replied_on}, before the fee noticed {notice.sent_on} was settled ({notice.settled_on})",
            )
        if e.outcome.discloses:
            self.disclosure_allowed(e.replied_on)

    def disclosure_allowed(self, on: date) -> None:
        """No disclosure while a consulted party may still answer, nor over an un-overridden objection."""
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
            if c.party is not ConsultedParty.THIRD_PARTY or c.position is not Position.OBJECTS:
                continue
            overridden_on = overrides.get(c.consultation_id)
            if overridden_on is None:
                self.breach(code, f"disclosed over {c.consultation_id}'s objection without an override notice")
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

    def on_review_filed(self, e: ev.ReviewFiled) -> None:
        code, s = "R-REQ-REVIEW", self.s
        if s.outcome is None or s.closed_on is None:
            self.breach(code, "a review without an outcome to review")
        elif e.filed_on < s.closed_on:
            self.breach(code, f"filed {e.filed_on}, before the outcome {s.closed_on}")
        if s.review(e.review_id) is not None:
            self.breach(code, f"review id {e.review_id} reused")
        if e.kind is ReviewKind.LITIGATION_AFTER_RECONSIDERATION:
            reconsiderations = {r.review_id for r in s.reviews if r.kind is ReviewKind.RECONSIDERATION}
            decided = [d.decided_on for d in self.earlier(ev.ReviewDecided) if d.review_id in reconsiderations]
            if not decided:
                self.breach(code, "litigation after reconsideration without a decided reconsideration")
            elif e.filed_on < min(decided):
                self.breach(
                    code,
                    f"litigation after reconsideration filed {e.filed_on}, before the reconsideration was decided "
                    f"{min(decided)}",
                )

    def on_review_decided(self, e: ev.ReviewDecided) -> None:
        found = self.s.review(e.review_id)
        if found is None:
            self.breach("R-REQ-REVIEW", f"no review {e.review_id}")
        elif found.result is not None:
            self.breach("R-REQ-REVIEW", f"review {e.review_id} decided twice")
        elif e.decided_on < found.filed_on:
            self.breach("R-REQ-REVIEW", f"decided {e.decided_on}, before it was filed {found.filed_on}")


def rule_breaches(history: list[DomainEvent]) -> list[str]:
    """Every R-REQ rule the stored history breaks, in words."""
    return Checker(history).run()


def running(s: DisclosureRequest) -> bool:
    """Open and not waiting for a correction: the reply clock runs (or stands still for a fee or a consultation)."""
    return s.is_open and s.status is not Status.AWAITING_CORRECTION


def fold(history: list[DomainEvent]) -> DisclosureRequest:
    """The case after its history."""
    state: DisclosureRequest | None = None
    for event in history:
        state = evolve(state, event)
    assert state is not None
    return state


# Who acts -----------------------------------------------------------------------------------------

CLERK_LI = credential(Role.CLERK, person_id="clerk-li", name="李娜")
CLERK_SUN = credential(Role.CLERK, person_id="clerk-sun", name="孙丽")
HEAD_ZHAO = credential(Role.OFFICE_HEAD, person_id="head-zhao", name="赵强")
HEAD_QIAN = credential(Role.OFFICE_HEAD, person_id="head-qian", name="钱伟")
WANG = credential(Role.CLERK, Role.OFFICE_HEAD, person_id="wang-min", name="王敏")
"""A clerk who is also head of the office: receives as a clerk, approves as the head."""
DEPT_ZHOU = credential(Role.DEPARTMENT_HANDLER, person_id="dept-zhou", name="周杰")
AUDITOR_WU = credential(Role.AUDITOR, person_id="auditor-wu", name="吴昊")

STAFF = {c.person_id: c for c in (CLERK_LI, CLERK_SUN, HEAD_ZHAO, HEAD_QIAN, WANG, DEPT_ZHOU, AUDITOR_WU)}
"""Each person's credential, by person id (rules draw the id, so a failing sequence reads `by='head-zhao'`)."""
RECEIVERS = st.sampled_from(["clerk-li", "clerk-sun", "head-zhao", "wang-min"])
APPROVERS = st.sampled_from(["head-zhao", "head-qian", "wang-min", "clerk-li"])
ANYONE = st.sampled_from(
    ["clerk-li"] * 6 + ["clerk-sun"] * 3 + ["head-zhao", "head-qian", "wang-min", "dept-zhou", "auditor-wu"]
)
"""Mostly someone who handles cases; now and then a department handler or an auditor, who may not."""
PERSON_IDS = st.sampled_from(["clerk-li", "clerk-sun", "head-zhao", "head-qian", "wang-min"])

# What they write ----------------------------------------------------------------------------------

CASE = st.sampled_from(["drawn", "newest", "fitting", "fitting"])
"""Which case a command is given on: the one drawn from the bundle, the newest (so cases get long histories),
or mostly the newest whose state fits the command (so that deep steps happen; the domain still decides)."""
MOSTLY = st.sampled_from([True, True, True, False])
"""Whether a command is well formed; now and then it is not."""
ELAPSE = st.one_of(st.just(0), st.integers(min_value=0, max_value=2), st.integers(min_value=0, max_value=10))
"""Whole days that pass before a step."""
When = int | tuple[int, int]
WHEN: st.SearchStrategy[When] = st.one_of(
    st.integers(min_value=-3, max_value=0),
    st.integers(min_value=-15, max_value=1),
    st.tuples(st.integers(min_value=0, max_value=30), st.integers(min_value=-2, max_value=2)),
)
"""A date in a command: days from today (up to 15 back, mostly the last few, now and then tomorrow), or
(which, days) from one of the dates already in the case's history, to hit the boundaries between steps."""
TEXT = st.sampled_from(["涉及第三方商业秘密", "需调取历年档案", "申请内容涉及多个年度", "经会商决定", "  "])
AFTER = st.none() | st.integers(min_value=0, max_value=12)
"""For a correction: when given, the day so many days after the receipt (notice) or the notice (correction)."""
WHICH = st.integers(min_value=0, max_value=4)
"""Which of a case's consultations or reviews a command names: one of those it has (the newest for 0), or for 4
one it does not have."""
NAMES = st.sampled_from(["某建设工程有限公司", "市人民政府", "区人民法院", ""])


@st.composite
def valid_outcomes(draw: st.DrawFn) -> Outcome:
    """A row of table 3 with the particulars it needs, as a reply may give it (disclosures twice as often)."""
    category = draw(st.sampled_from([*OutcomeCategory, OutcomeCategory.DISCLOSED, OutcomeCategory.PARTIALLY_DISCLOSED]))
    if category is OutcomeCategory.DISCLOSED:
        return Outcome(category, already_public_at=draw(st.sampled_from([None, "区政府门户网站政府信息公开专栏"])))
    if category is OutcomeCategory.PARTIALLY_DISCLOSED:
        grounds = draw(st.lists(st.integers(1, 8), min_size=1, max_size=3, unique=True))
        return Outcome(category, withheld="中标企业报价明细（商业秘密）", withheld_grounds=tuple(grounds))
    grounds = GROUND_TABLE[category]
    assert grounds is not None
    ground = 3 if category is OutcomeCategory.OTHER else draw(st.sampled_from(sorted(grounds)))
    if category is OutcomeCategory.CANNOT_PROVIDE and ground == 1:
        return Outcome(category, ground, responsible_organ=draw(st.sampled_from([None, "区住房保障局"])))
    if category is OutcomeCategory.OTHER and ground == 3:
        return Outcome(category, ground, description="申请人撤回申请")
    return Outcome(category, ground)


any_outcomes = st.builds(
    Outcome,
    category=st.sampled_from(OutcomeCategory),
    ground=st.none() | st.integers(0, 9),
    already_public_at=st.none() | st.just("门户网站"),
    withheld=st.none() | TEXT,
    withheld_grounds=st.lists(st.integers(0, 9), max_size=2).map(tuple),
    responsible_organ=st.none() | st.just("区住房保障局"),
    description=st.none() | TEXT,
)
"""Any outcome, mostly not a valid one."""
OUTCOMES = st.one_of(valid_outcomes(), valid_outcomes(), any_outcomes)


class DisclosureRequestMachine(RuleBasedStateMachine):
    """Random commands through `gongkai.requests`, the clock moving on between steps."""

    requests = Bundle("requests")

    def __init__(self) -> None:
        super().__init__()
        self.clock = FixedClock()
        self.gongkai: Gongkai | None = None
        self.ids: list[UUID] = []
        self.checked: dict[UUID, list[DomainEvent]] = {}
        """Each request's stored history as last checked: an unchanged history need not be checked again."""
        self.states: dict[UUID, DisclosureRequest] = {}
        """Each request's state folded from that history, to pick a case a command fits."""

    @initialize(
        target=requests,
        start=st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31)),
        by=RECEIVERS,
        applicant_type=st.sampled_from(ApplicantType),
        form=st.sampled_from(DeliveryForm),
    )
    def open_office(self, start: date, by: str, applicant_type: ApplicantType, form: DeliveryForm) -> Any:
        """Start in 2025 with one application handed in that morning, so every rule has a case to act on."""
        self.clock.set_business_day(start)
        self.gongkai = build("memory://", clock=self.clock)
        return self.receive(0, by, Channel.IN_PERSON, applicant_type, form, 0, 9, None)

    def teardown(self) -> None:
        if self.gongkai is not None:
            self.gongkai.close()

    # Helpers ---------------------------------------------------------------------------------------

    @property
    def app(self) -> Gongkai:
        assert self.gongkai is not None
        return self.gongkai

    @property
    def today(self) -> date:
        return business_date(self.clock.now())

    def day(self, offset: int) -> date:
        return self.today + offset * ONE_DAY

    def when(self, request_id: UUID, drawn: When) -> date:
        """A date for a command: days from today, or days from a date in the case's stored history."""
        if isinstance(drawn, int):
            return self.day(drawn)
        which, delta = drawn
        history = self.app.store.history(request_id)
        anchors = sorted(
            {business_date(e.timestamp) for e in history}
            | {
                value
                for e in history
                for value in attrs.asdict(e, recurse=False).values()
                if isinstance(value, date) and not isinstance(value, datetime)
            }
        )
        return anchors[-1 - which % len(anchors)] + delta * ONE_DAY

    def pick(self, drawn: UUID, case: str, fits: Callable[[DisclosureRequest], bool]) -> UUID:
        """The drawn request, the newest one, or the newest whose state (as last checked) fits the command."""
        if case == "newest":
            return self.ids[-1]
        if case == "fitting":
            return next((i for i in reversed(self.ids) if i in self.states and fits(self.states[i])), drawn)
        return drawn

    def consultation(self, request_id: UUID, which: int) -> str:
        """The id of one of the case's consultations, or of one it does not have."""
        ids = [c.consultation_id for c in self.app.requests.get(request_id).consultations]
        return ids[-1 - which % len(ids)] if ids and which < 4 else f"C{len(ids) + 1}"

    def review(self, request_id: UUID, which: int) -> str:
        """The id of one of the case's reviews, or of one it does not have."""
        ids = [r.review_id for r in self.app.requests.get(request_id).reviews]
        return ids[-1 - which % len(ids)] if ids and which < 4 else f"R{len(ids) + 1}"

    def tick(self, days: int) -> None:
        """Whole days pass before the next step."""
        self.clock.advance(days=days)

    def attempt(self, request_id: UUID, command: Any, by: str) -> bool:
        """Give a command; True when accepted. A refusal must write nothing; an acceptance only its case's events."""
        store = self.app.store
        before = store.last_position()
        name = type(command).__name__
        try:
            saved = self.app.requests.execute(request_id, command, STAFF[by])
        except DomainError as refusal:
            note_event(f"refused {name} ({refusal.code})")
            assert store.last_position() == before, f"{name} was refused ({refusal.code}) but the log moved on"
            return False
        note_event(f"accepted {name}")
        written = [logged.event for logged in store.read_log(before, 1000)]
        assert written, f"{name} was accepted but wrote nothing"
        assert all(e.originator_id == request_id for e in written), f"{name} wrote to other streams"
        versions = [e.originator_version for e in written]
        assert versions == list(range(saved.version - len(written) + 1, saved.version + 1)), versions
        return True

    # Rules -----------------------------------------------------------------------------------------

    @rule(days=ELAPSE)
    def a_few_days_pass(self, days: int) -> None:
        """Time passes and nothing happens (first by name, so shrinking turns unneeded steps into this)."""
        self.tick(days)

    @rule(
        target=requests,
        days=ELAPSE,
        by=RECEIVERS,
        channel=st.sampled_from(Channel),
        applicant_type=st.sampled_from(ApplicantType),
        form=st.sampled_from(DeliveryForm),
        arrival=st.one_of(st.integers(-2, 0), st.integers(-15, 0)),
        hour=st.integers(0, 23),
        confirm=st.none() | st.integers(-1, 4),
    )
    def receive(
        self,
        days: int,
        by: str,
        channel: Channel,
        applicant_type: ApplicantType,
        form: DeliveryForm,
        arrival: int,
        hour: int,
        confirm: int | None,
    ) -> Any:
        self.tick(days)
        arrived_on = self.day(arrival)
        confirmed_on = None if confirm is None else arrived_on + confirm * ONE_DAY
        request_id = uuid5(UUID(int=7), str(len(self.ids)))
        command = cmd.ReceiveRequest(
            request_id=request_id,
            organ="上海市某区人民政府",
            department="政务公开办公室",
            channel=channel,
            arrived_at=datetime.combine(arrived_on, time(hour), tzinfo=SHANGHAI).astimezone(UTC),
            confirmed_on=confirmed_on,
            applicant=PersonalData(name="张伟", phone="13800000000"),
            applicant_type=applicant_type,
            information_requested="2024年某街道旧区改造征收补偿方案",
            preferred_form=form,
        )
        before = self.app.store.last_position()
        try:
            self.app.requests.receive(command, STAFF[by])
        except DomainError:
            note_event("refused ReceiveRequest")
            assert self.app.store.last_position() == before
            return multiple()
        note_event("accepted ReceiveRequest")
        received = self.app.store.history(request_id)
        assert len(received) == 1 and isinstance(received[0], ev.Received)
        expected = arrived_on if channel is Channel.IN_PERSON else confirmed_on
        assert received[0].receipt_date == expected, f"R-REQ-RECEIPT: {channel} received {received[0].receipt_date}"
        assert received[0].channel is channel and received[0].arrived_at == command.arrived_at
        self.ids.append(request_id)
        return request_id

    @rule(request=requests, case=CASE, days=ELAPSE, to=PERSON_IDS)
    def assign_handler(self, request: UUID, case: str, days: int, to: str) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: s.is_open)
        command = cmd.AssignHandler(department="政务公开办公室", handler_id=to, handler_name="经办人")
        self.attempt(request, command, "clerk-li")

    @rule(
        request=requests,
        case=CASE,
        days=ELAPSE,
        by=ANYONE,
        sent=WHEN,
        after=AFTER,
        deadline=st.one_of(st.integers(10, 40), st.integers(-2, 20)),
        what=TEXT,
    )
    def request_correction(
        self, request: UUID, case: str, days: int, by: str, sent: When, after: int | None, deadline: int, what: str
    ) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: s.status is Status.IN_PROGRESS and s.correction_sent_on is None)
        sent_on = self.when(request, sent)
        if after is not None and request in self.states:
            sent_on = self.states[request].receipt_date + after * ONE_DAY
        command = cmd.RequestCorrection(sent_on=sent_on, what_to_correct=what, correct_by=sent_on + deadline * ONE_DAY)
        self.attempt(request, command, by)

    @rule(request=requests, case=CASE, days=ELAPSE, by=ANYONE, received=WHEN, after=AFTER)
    def receive_correction(
        self, request: UUID, case: str, days: int, by: str, received: When, after: int | None
    ) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: s.status is Status.AWAITING_CORRECTION)
        received_on = self.when(request, received)
        notice = self.states[request].correction_sent_on if request in self.states else None
        if after is not None and notice is not None:
            received_on = notice + after * ONE_DAY
        self.attempt(request, cmd.ReceiveCorrection(received_on=received_on, summary="已补正"), by)

    @rule(request=requests, case=CASE, days=ELAPSE, by=ANYONE)
    def declare_abandoned(self, request: UUID, case: str, days: int, by: str) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: s.status in (Status.AWAITING_CORRECTION, Status.AWAITING_FEE))
        self.attempt(request, cmd.DeclareAbandoned(), by)

    @rule(
        request=requests,
        case=CASE,
        days=ELAPSE,
        by=APPROVERS,
        wd=st.one_of(st.integers(1, 20), st.integers(0, 25)),
        notified=WHEN,
        reason=TEXT,
    )
    def grant_extension(
        self, request: UUID, case: str, days: int, by: str, wd: int, notified: When, reason: str
    ) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: running(s) and not s.extension_days)
        command = cmd.GrantExtension(working_days=wd, reason=reason, notified_on=self.when(request, notified))
        self.attempt(request, command, by)

    @rule(
        request=requests,
        case=CASE,
        days=ELAPSE,
        by=ANYONE,
        party=st.sampled_from(ConsultedParty),
        well_formed=MOSTLY,
        named=st.booleans(),
        organ=NAMES,
        sent=WHEN,
        joint=st.booleans(),
    )
    def start_consultation(
        self,
        request: UUID,
        case: str,
        days: int,
        by: str,
        party: ConsultedParty,
        well_formed: bool,
        named: bool,
        organ: str,
        sent: When,
        joint: bool,
    ) -> None:
        self.tick(days)
        request = self.pick(request, case, running)
        third = party is ConsultedParty.THIRD_PARTY
        if well_formed:
            named, organ = third, "" if third else "区住房保障局"
        command = cmd.StartConsultation(
            party=party,
            subject="中标企业报价",
            letter_sent_on=self.when(request, sent),
            third_party=PersonalData(name="某建设工程有限公司") if named else None,
            organ_name=organ or None,
            jointly_produced=joint,
        )
        self.attempt(request, command, by)

    @rule(request=requests, case=CASE, days=ELAPSE, by=ANYONE, consultation=WHICH, received=WHEN)
    def letter_received(self, request: UUID, case: str, days: int, by: str, consultation: int, received: When) -> None:
        self.tick(days)
        request = self.pick(
            request,
            case,
            lambda s: any(c.letter_received_on is None and c.answered_on is None for c in s.consultations),
        )
        command = cmd.RecordLetterReceived(
            consultation_id=self.consultation(request, consultation), received_on=self.when(request, received)
        )
        self.attempt(request, command, by)

    @rule(
        request=requests,
        case=CASE,
        days=ELAPSE,
        by=ANYONE,
        consultation=WHICH,
        position=st.sampled_from(Position),
        reason=st.sampled_from(["涉及商业秘密", "同意公开", "  "]),
        answered=WHEN,
    )
    def answer(
        self,
        request: UUID,
        case: str,
        days: int,
        by: str,
        consultation: int,
        position: Position,
        reason: str,
        answered: When,
    ) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: any(c.answered_on is None for c in s.consultations))
        command = cmd.RecordConsultationAnswer(
            consultation_id=self.consultation(request, consultation),
            answered_on=self.when(request, answered),
            position=position,
            reason=reason,
        )
        self.attempt(request, command, by)

    @rule(
        request=requests,
        case=CASE,
        days=ELAPSE,
        by=ANYONE,
        consultation=WHICH,
        notified=WHEN,
        reason=TEXT,
    )
    def public_interest_override(
        self, request: UUID, case: str, days: int, by: str, consultation: int, notified: When, reason: str
    ) -> None:
        self.tick(days)
        request = self.pick(
            request,
            case,
            lambda s: (
                running(s) and any(c.position is Position.OBJECTS and not c.override_notified for c in s.consultations)
            ),
        )
        command = cmd.NotifyPublicInterestOverride(
            consultation_id=self.consultation(request, consultation),
            to_be_disclosed="项目总价",
            reason=reason,
            notified_on=self.when(request, notified),
        )
        self.attempt(request, command, by)

    @rule(
        request=requests,
        case=CASE,
        days=ELAPSE,
        by=ANYONE,
        scale=st.sampled_from(FeeScale),
        quantity=st.integers(0, 260),
        form=st.sampled_from(DeliveryForm),
        sent=WHEN,
    )
    def fee_notice(
        self,
        request: UUID,
        case: str,
        days: int,
        by: str,
        scale: FeeScale,
        quantity: int,
        form: DeliveryForm,
        sent: When,
    ) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: running(s) and s.fee_notice is None)
        command = cmd.SendFeeNotice(sent_on=self.when(request, sent), scale=scale, quantity=quantity, form=form)
        self.attempt(request, command, by)

    @rule(request=requests, case=CASE, days=ELAPSE, by=ANYONE, paid=WHEN)
    def fee_payment(self, request: UUID, case: str, days: int, by: str, paid: When) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: s.status is Status.AWAITING_FEE)
        self.attempt(request, cmd.RecordFeePayment(paid_on=self.when(request, paid)), by)

    @rule(request=requests, case=CASE, days=ELAPSE, by=ANYONE, waived=WHEN, reason=TEXT)
    def fee_waiver(self, request: UUID, case: str, days: int, by: str, waived: When, reason: str) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: s.status is Status.AWAITING_FEE)
        self.attempt(request, cmd.WaiveFee(waived_on=self.when(request, waived), reason=reason), by)

    @rule(request=requests, case=CASE, days=ELAPSE, by=ANYONE, sent=WHEN, note=TEXT)
    def request_reasons(self, request: UUID, case: str, days: int, by: str, sent: When, note: str) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: running(s) and not s.reasons_requested)
        self.attempt(request, cmd.RequestReasons(sent_on=self.when(request, sent), note=note), by)

    @rule(request=requests, case=CASE, days=ELAPSE, by=ANYONE, later=st.integers(-3, 30), notified=WHEN, reason=TEXT)
    def set_later_due_date(
        self, request: UUID, case: str, days: int, by: str, later: int, notified: When, reason: str
    ) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: running(s) and s.reasons_requested and s.later_due is None)
        current = self.app.requests.view(request).clock.due or self.today
        command = cmd.SetLaterDueDate(
            due=current + later * ONE_DAY, reason=reason, notified_on=self.when(request, notified)
        )
        self.attempt(request, command, by)

    @rule(
        request=requests,
        case=CASE,
        days=ELAPSE,
        by=ANYONE,
        sides=st.one_of(
            st.just(list(ConferenceSide)), st.lists(st.sampled_from(ConferenceSide), min_size=1, max_size=4)
        ),
        held=WHEN,
        conclusion=TEXT,
    )
    def conference(
        self, request: UUID, case: str, days: int, by: str, sides: list[ConferenceSide], held: When, conclusion: str
    ) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: True)
        members = tuple(
            ConferenceMember(name=f"成员{i}", department=side.value, side=side) for i, side in enumerate(sides)
        )
        self.attempt(
            request, cmd.HoldConference(held_on=self.when(request, held), members=members, conclusion=conclusion), by
        )

    @rule(
        request=requests,
        case=CASE,
        days=ELAPSE,
        by=ANYONE,
        kind=st.sampled_from(ContactKind),
        minutes_ago=st.integers(-60, 15 * 24 * 60),
        summary=TEXT,
    )
    def contact(
        self, request: UUID, case: str, days: int, by: str, kind: ContactKind, minutes_ago: int, summary: str
    ) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: True)
        occurred_at = self.clock.now() - timedelta(minutes=minutes_ago)
        self.attempt(request, cmd.RecordContact(kind=kind, occurred_at=occurred_at, summary=summary), by)

    @rule(request=requests, case=CASE, days=ELAPSE, by=ANYONE, outcome=OUTCOMES, replied=WHEN)
    def reply(self, request: UUID, case: str, days: int, by: str, outcome: Outcome, replied: When) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: s.status is Status.IN_PROGRESS)
        self.attempt(request, cmd.Reply(replied_on=self.when(request, replied), outcome=outcome), by)

    @rule(
        request=requests,
        case=CASE,
        days=ELAPSE,
        by=ANYONE,
        method=st.sampled_from(DeliveryMethod),
        delivered=WHEN,
    )
    def delivery(self, request: UUID, case: str, days: int, by: str, method: DeliveryMethod, delivered: When) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: s.status is Status.REPLIED)
        self.attempt(request, cmd.RecordDelivery(method=method, delivered_on=self.when(request, delivered)), by)

    @rule(
        request=requests,
        case=CASE,
        days=ELAPSE,
        by=ANYONE,
        kind=st.sampled_from(ReviewKind),
        filed=WHEN,
        body=NAMES,
    )
    def file_review(
        self, request: UUID, case: str, days: int, by: str, kind: ReviewKind, filed: When, body: str
    ) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: s.outcome is not None)
        self.attempt(request, cmd.FileReview(kind=kind, filed_on=self.when(request, filed), body=body), by)

    @rule(
        request=requests,
        case=CASE,
        days=ELAPSE,
        by=ANYONE,
        review=WHICH,
        result=st.sampled_from(ReviewResult),
        decided=WHEN,
    )
    def decide_review(
        self, request: UUID, case: str, days: int, by: str, review: int, result: ReviewResult, decided: When
    ) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: any(r.result is None for r in s.reviews))
        self.attempt(
            request,
            cmd.DecideReview(
                review_id=self.review(request, review), result=result, decided_on=self.when(request, decided)
            ),
            by,
        )

    # Invariants ------------------------------------------------------------------------------------

    @invariant()
    def every_stored_history_keeps_the_rules_and_shows_a_working_due_date(self) -> None:
        """Read every request's stored history; check each one that changed, and the due date its view shows."""
        if self.gongkai is None:
            return
        for request_id in self.ids:
            history = self.app.store.history(request_id)
            if self.checked.get(request_id) == history:
                continue
            problems = rule_breaches(history)
            assert not problems, f"request {request_id}:\n  " + "\n  ".join(problems)
            state = fold(history)
            view = self.app.requests.view(request_id)
            assert view.state == state, "the loaded state differs from the fold of the stored history"
            due = view.clock.due
            assert due == due_in_force(state), f"R-COUNT-4: view says {due}, the events say {due_in_force(state)}"
            assert due is None or working(due), f"R-COUNT: due date {due} ({due:%a}) is not a working day"
            self.checked[request_id] = history
            self.states[request_id] = state


TestDisclosureRequestRules = DisclosureRequestMachine.TestCase
TestDisclosureRequestRules.settings = settings(stateful_step_count=100)


# Regressions: the minimal sequences of the breaches the machine found -------------------------------
#
# Each sequence broke a rule when the machine found it; the last step must now be refused, or accepted
# without a breach (e.g. by moving a date). The earlier steps must be accepted.


class Case:
    """One application handed in on a day, then commands given on later days by a clerk."""

    def __init__(self, received_on: date) -> None:
        self.clock = FixedClock()
        self.clock.set_business_day(received_on)
        self.gongkai = build("memory://", clock=self.clock)
        self.id = uuid5(UUID(int=7), "regression")
        self.gongkai.requests.receive(
            cmd.ReceiveRequest(
                request_id=self.id,
                organ="上海市某区人民政府",
                department="政务公开办公室",
                channel=Channel.IN_PERSON,
                arrived_at=datetime.combine(received_on, time(9), tzinfo=SHANGHAI).astimezone(UTC),
                confirmed_on=None,
                applicant=PersonalData(name="张伟"),
                applicant_type=ApplicantType.NATURAL_PERSON,
                information_requested="某项目中标企业报价",
            ),
            CLERK_LI,
        )

    def on(self, day: date, command: Any) -> None:
        """The clerk gives a command on a day; it must be accepted for the sequence to lead to the breach."""
        self.clock.set_business_day(day)
        self.gongkai.requests.execute(self.id, command, CLERK_LI)

    def then(self, day: date, command: Any) -> None:
        """The step that broke the rule: refusing it is one way to keep the rule."""
        with contextlib.suppress(DomainError):
            self.on(day, command)

    def breaches(self) -> list[str]:
        return rule_breaches(self.gongkai.store.history(self.id))


def consult(sent_on: date) -> cmd.StartConsultation:
    return cmd.StartConsultation(
        party=ConsultedParty.THIRD_PARTY,
        subject="中标企业报价",
        letter_sent_on=sent_on,
        third_party=PersonalData(name="某建设工程有限公司"),
    )


def answer(on: date, position: Position = Position.CONSENTS) -> cmd.RecordConsultationAnswer:
    return cmd.RecordConsultationAnswer(consultation_id="C1", answered_on=on, position=position, reason="商业秘密")


DISCLOSED = Outcome(OutcomeCategory.DISCLOSED)


def sep(day: int) -> date:
    """A day in September 2025: Mon 1, Tue 2, Wed 3, Thu 4, Fri 5, Mon 8, …, Fri 12; Sat 6, Sun 7."""
    return date(2025, 9, day)


def test_no_public_interest_override_after_the_case_closed() -> None:
    """R-REQ-OUTCOME: no public-interest override (what WILL be disclosed) once the case is closed."""
    case = Case(sep(1))
    case.on(sep(2), consult(sep(2)))
    case.on(sep(5), answer(sep(5), Position.OBJECTS))
    case.on(sep(8), cmd.Reply(replied_on=sep(8), outcome=Outcome(OutcomeCategory.NOT_DISCLOSED, 4)))
    case.then(
        sep(12),
        cmd.NotifyPublicInterestOverride(
            consultation_id="C1", to_be_disclosed="项目总价", reason="公共利益", notified_on=sep(12)
        ),
    )
    assert case.breaches() == []


def test_no_disclosure_dated_before_the_consulted_party_answered() -> None:
    """R-REQ-THIRDPARTY: a disclosure is not dated before the consulted party answered within its period."""
    case = Case(sep(1))
    case.on(sep(2), consult(sep(2)))
    case.on(sep(10), answer(sep(10)))
    case.then(sep(10), cmd.Reply(replied_on=sep(3), outcome=DISCLOSED))
    assert case.breaches() == []


def test_no_disclosure_dated_before_the_override_notice() -> None:
    """R-REQ-THIRDPARTY: a disclosure over an objection is not dated before the override notice."""
    case = Case(sep(1))
    case.on(sep(2), consult(sep(2)))
    case.on(sep(5), answer(sep(5), Position.OBJECTS))
    case.on(
        sep(12),
        cmd.NotifyPublicInterestOverride(
            consultation_id="C1", to_be_disclosed="项目总价", reason="公共利益", notified_on=sep(12)
        ),
    )
    case.then(sep(12), cmd.Reply(replied_on=sep(8), outcome=DISCLOSED))
    assert case.breaches() == []


def test_no_excessive_refusal_dated_before_reasons_were_asked_for() -> None:
    """R-REQ-EXCESS: a refusal as excessive is not dated before reasons were asked for."""
    case = Case(sep(1))
    case.on(sep(10), cmd.RequestReasons(sent_on=sep(10), note="一月内第40件申请"))
    case.then(sep(10), cmd.Reply(replied_on=sep(3), outcome=Outcome(OutcomeCategory.NOT_PROCESSED, 4)))
    assert case.breaches() == []


def test_no_reply_dated_before_the_fee_was_paid() -> None:
    """R-REQ-FEE: a reply is not dated while the fee was unpaid (the clock stood still)."""
    case = Case(sep(1))
    case.on(sep(2), cmd.SendFeeNotice(sent_on=sep(2), scale=FeeScale.PER_ITEM, quantity=12, form=DeliveryForm.PAPER))
    case.on(sep(12), cmd.RecordFeePayment(paid_on=sep(12)))
    case.then(sep(12), cmd.Reply(replied_on=sep(4), outcome=DISCLOSED))
    assert case.breaches() == []


def test_no_litigation_after_reconsideration_dated_before_its_decision() -> None:
    """R-REQ-REVIEW: litigation after reconsideration is not filed before its decision."""
    case = Case(sep(1))
    case.on(sep(3), cmd.Reply(replied_on=sep(3), outcome=Outcome(OutcomeCategory.NOT_DISCLOSED, 1)))
    case.on(sep(10), cmd.FileReview(kind=ReviewKind.RECONSIDERATION, filed_on=sep(10), body="市人民政府"))
    nov_10 = date(2025, 11, 10)
    case.on(nov_10, cmd.DecideReview(review_id="R1", result=ReviewResult.UPHELD, decided_on=nov_10))
    case.then(
        nov_10, cmd.FileReview(kind=ReviewKind.LITIGATION_AFTER_RECONSIDERATION, filed_on=sep(12), body="区人民法院")
    )
    assert case.breaches() == []


def test_no_answer_dated_before_the_letter_was_received() -> None:
    """R-REQ-THIRDPARTY: an answer is not dated before the letter was received."""
    case = Case(sep(1))
    case.on(sep(2), consult(sep(2)))
    case.on(sep(9), cmd.RecordLetterReceived(consultation_id="C1", received_on=sep(9)))
    case.then(sep(10), answer(sep(4)))
    assert case.breaches() == []


def test_a_later_due_date_is_a_working_day() -> None:
    """R-REQ-EXCESS, R-COUNT: a later due date set by the organ is a working day."""
    case = Case(sep(1))
    case.on(sep(2), cmd.RequestReasons(sent_on=sep(2), note="一月内第40件申请"))
    case.then(sep(3), cmd.SetLaterDueDate(due=date(2025, 11, 1), reason="申请数量明显超过合理范围", notified_on=sep(3)))
    due = case.gongkai.requests.view(case.id).clock.due
    assert due is not None and working(due), f"due {due} ({due:%a})"
