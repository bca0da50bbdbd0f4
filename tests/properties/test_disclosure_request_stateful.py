"""Stateful property: random sequences of commands, given through the application, never break an R-REQ rule.

A Hypothesis state machine receives applications and gives every kind of command on them, through
`gongkai.requests` on the in-memory store, while the clock moves on by 0–10 whole days before each step
(starting in 2025). Dates in commands are drawn near the current business day, near a date already in the
case's history, or near the deadline a step is judged against (a correction's, a fee's, the reply's), values
are sometimes wrong, and staff act in the right and the wrong roles, so both accepted and refused commands
happen. Steps decided on paper are entered days later with the day they were decided. Applicants come from a
small pool, some with an identity number or credit code typed in more than one way, so that one applicant's
applications of a month add up on the per-item fee scale. Hypothesis enables a random subset of rules in each run,
so a few rules follow the usual paths in one step (the time running to a deadline, another application of the
same applicant, a per-item notice today, a third party's objection and the reply withholding its part, a
reconsideration of the reply, a lawsuit after it). A refusal (DomainError) is expected and must write nothing; an
accepted command must write exactly its case's new events (and, for a per-item fee notice, the recount of its
items in the organ's register).

After every step the invariant reads each request's STORED history and checks it with the oracle in
`disclosure_request_oracle.py`, written from RULES.md and independent of the domain's decisions; it also reads
the whole log and checks what spans requests (registration numbers, the applicant's items of the month), and
that the due date the view shows is a working day and equals the one derived there from the events (R-COUNT-4).

The machine found eight breaches, since fixed in the domain; the end of the module keeps their minimal
sequences as regression tests, through the application, and tests that the oracle finds each new rule broken.
What it found the domain doing wrong is pinned, since fixed, in tests/domain/test_request_property_findings.py.
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
from domain.actors import Role
from domain.calendar import SHANGHAI, business_date
from domain.disclosure_request import commands as cmd
from domain.disclosure_request import events as ev
from domain.disclosure_request.register import ItemsRecounted
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
    Status,
)
from domain.errors import DomainError
from domain.events import DomainEvent
from domain.personal_data import PersonalData
from domain.reviews import ReviewKind, ReviewResult, ReviewTarget
from tests.properties.disclosure_request_oracle import (
    GROUND_TABLE,
    correction_deadline,
    due_in_force,
    fee_due,
    log_breaches,
    rule_breaches,
    working,
)
from tests.support import FixedClock, credential

ONE_DAY = timedelta(days=1)


def running(s: DisclosureRequest) -> bool:
    """Open and not waiting for a correction: the reply clock runs (or stands still for a fee or a consultation)."""
    return s.is_open and s.status is not Status.AWAITING_CORRECTION


def awaited_deadline(s: DisclosureRequest) -> date | None:
    """The deadline an abandonment is judged against: the correction's while it is awaited, else the fee's."""
    if s.status is Status.AWAITING_CORRECTION:
        return correction_deadline(s)
    return fee_due(s.fee_notice) if s.fee_notice is not None and s.status is Status.AWAITING_FEE else None


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

CASE = st.sampled_from(["drawn", "newest", "fitting", "fitting", "fitting", "fitting"])
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
NEAR = st.none() | st.integers(min_value=-3, max_value=3)
"""For a step judged against a deadline: when given, the day so many days from it (as the oracle derives it)."""
SINCE = st.none() | st.integers(min_value=-1, max_value=30)
"""For a review or its decision: when given, the day so many days after the fact it follows (the case's closing,
the filing or the last decision), but not after today."""
WHICH = st.integers(min_value=0, max_value=4)
"""Which of a case's consultations or reviews a command names: one of those it has (the newest for 0), or for 4
one it does not have."""
NAMES = st.sampled_from(["某建设工程有限公司", "市人民政府", "区人民法院", ""])
APPLICANTS: tuple[tuple[PersonalData, ApplicantType | None], ...] = (
    (PersonalData(name="张伟", id_number="31010119900101123X", phone="13800000000"), ApplicantType.NATURAL_PERSON),
    (PersonalData(name="张伟", id_number=" 31010119900101123x"), ApplicantType.NATURAL_PERSON),
    (PersonalData(name="李华", id_number="310101198502024321"), ApplicantType.NATURAL_PERSON),
    (PersonalData(name="某建设工程有限公司", id_number="91310000MA1FL2AB3C"), ApplicantType.BUSINESS),
    (PersonalData(name="某律师事务所", id_number="31310000MD0123456Q"), ApplicantType.LEGAL_SERVICES),
    (PersonalData(name="王芳", phone="13900000000"), None),
)
"""Who applies: three people and two organisations with an identity number or credit code (张伟's typed twice,
once with a space and a lower-case x), and one with none; the last takes any applicant type."""
APPLICANT = st.one_of(st.sampled_from(range(len(APPLICANTS))), st.just(-1))
"""Which applicant: one of the pool, or (-1) the newest case's, so that one applicant's month fills up."""
ITEMS = st.one_of(st.integers(1, 3), st.integers(1, 15), st.integers(0, 40))
"""件数 an application asks for: mostly a few, sometimes many (0 is refused)."""
REVIEW_TARGETS = st.sampled_from([None, ReviewTarget.REPLY, *[ReviewTarget.FAILURE_TO_REPLY] * 2])
"""What a review challenges: the reply (also by default), or a failure to reply (不作为)."""


@st.composite
def valid_outcomes(draw: st.DrawFn) -> Outcome:
    """A row of table 3 with the particulars it needs, as a reply may give it (disclosures twice as often)."""
    category = draw(st.sampled_from([*OutcomeCategory, OutcomeCategory.DISCLOSED, OutcomeCategory.PARTIALLY_DISCLOSED]))
    if category is OutcomeCategory.DISCLOSED:
        return Outcome(category, already_public_at=draw(st.sampled_from([None, "区政府门户网站政府信息公开专栏"])))
    if category is OutcomeCategory.PARTIALLY_DISCLOSED:
        any_grounds = st.lists(st.integers(1, 8), min_size=1, max_size=3, unique=True)
        grounds = draw(st.one_of(st.just([4]), any_grounds))
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
WITHHELD = "中标企业报价明细（商业秘密）"
TO_AN_OBJECTION = (
    Outcome(OutcomeCategory.PARTIALLY_DISCLOSED, withheld=WITHHELD, withheld_grounds=(4,)),
    Outcome(OutcomeCategory.PARTIALLY_DISCLOSED, withheld=WITHHELD, withheld_grounds=(4, 6)),
    Outcome(OutcomeCategory.PARTIALLY_DISCLOSED, withheld=WITHHELD, withheld_grounds=(6,)),
    Outcome(OutcomeCategory.DISCLOSED),
    Outcome(OutcomeCategory.NOT_DISCLOSED, 4),
)
"""Replies after an objection: withholding the third party's part (with another ground or not), or something else."""


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
        self.applicant_of: dict[UUID, int] = {}
        """Each request's applicant, by place in APPLICANTS."""
        self.log_checked = 0
        """The log position up to which the checks across requests last ran."""

    @initialize(
        target=requests,
        start=st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31)),
        by=RECEIVERS,
        applicant=APPLICANT,
        applicant_type=st.sampled_from(ApplicantType),
        form=st.sampled_from(DeliveryForm),
        items=ITEMS,
    )
    def open_office(
        self, start: date, by: str, applicant: int, applicant_type: ApplicantType, form: DeliveryForm, items: int
    ) -> Any:
        """Start in 2025 with one application handed in that morning, so every rule has a case to act on."""
        self.clock.set_business_day(start)
        self.gongkai = build("memory://", clock=self.clock)
        return self.receive(0, by, Channel.IN_PERSON, applicant, applicant_type, form, max(items, 1), 0, 9, None, None)

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

    def near(
        self,
        request_id: UUID,
        drawn: date | None,
        offset: int | None,
        deadline: Callable[[DisclosureRequest], date | None],
    ) -> date | None:
        """The drawn date, or (given an offset) the day so many days from a deadline of the case as last checked."""
        state = self.states.get(request_id)
        found = None if offset is None or state is None else deadline(state)
        return drawn if found is None or offset is None else found + offset * ONE_DAY

    def reconsideration(self, request_id: UUID, which: int) -> str:
        """The id of one of the case's reconsiderations (the decided ones first), or of a review that is not one."""
        reviews = sorted(self.app.requests.get(request_id).reviews, key=lambda r: r.result is not None)
        ids = [r.review_id for r in reviews if r.kind is ReviewKind.RECONSIDERATION]
        return ids[-1 - which % len(ids)] if ids and which < 4 else self.review(request_id, which)

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
        logged = [logged.event for logged in store.read_log(before, 1000)]
        written = [e for e in logged if e.originator_id == request_id]
        assert written, f"{name} was accepted but wrote nothing"
        recounts = [e for e in logged if e.originator_id != request_id]
        recounted = all(isinstance(e, ItemsRecounted) and e.request_id == request_id for e in recounts)
        assert recounted and len(recounts) <= 1, f"{name} wrote to other streams: {recounts}"
        versions = [e.originator_version for e in written]
        assert versions == list(range(saved.version - len(written) + 1, saved.version + 1)), versions
        return True

    # Rules -----------------------------------------------------------------------------------------

    @rule(days=st.one_of(ELAPSE, st.integers(min_value=7, max_value=35)))
    def a_few_days_pass(self, days: int) -> None:
        """Time passes and nothing happens, now and then for weeks, so that deadlines pass (first by name, so
        shrinking turns unneeded steps into this)."""
        self.tick(days)

    @rule(request=requests, case=CASE, past=st.integers(min_value=-1, max_value=3))
    def until_a_deadline(self, request: UUID, case: str, past: int) -> None:
        """Time runs to about a deadline of an open case, the one its next step is judged against: a correction's,
        a fee's, or the reply's (skipped if that day has come)."""
        request = self.pick(request, case, lambda s: s.is_open)
        state = self.states.get(request)
        deadline = None if state is None or not state.is_open else awaited_deadline(state) or due_in_force(state)
        if deadline is not None and deadline + past * ONE_DAY > self.today:
            self.tick((deadline + past * ONE_DAY - self.today).days)

    @rule(target=requests, by=RECEIVERS, form=st.sampled_from(DeliveryForm), items=ITEMS)
    def another_application_of_the_applicant(self, by: str, form: DeliveryForm, items: int) -> Any:
        """The newest case's applicant hands in another application the same day: their month adds up."""
        return self.receive(0, by, Channel.IN_PERSON, -1, ApplicantType.OTHER, form, items, 0, 10, None, None)

    @rule(
        target=requests,
        days=ELAPSE,
        by=RECEIVERS,
        channel=st.sampled_from(Channel),
        applicant=APPLICANT,
        applicant_type=st.sampled_from(ApplicantType),
        form=st.sampled_from(DeliveryForm),
        items=ITEMS,
        arrival=st.one_of(st.integers(-2, 0), st.integers(-15, 0)),
        hour=st.integers(0, 23),
        confirm=st.one_of(st.integers(0, 2), st.none() | st.integers(-1, 4)),
        late_reason=st.none() | st.sampled_from(["申请人外出，次日电话确认", "  ", ""]),
    )
    def receive(
        self,
        days: int,
        by: str,
        channel: Channel,
        applicant: int,
        applicant_type: ApplicantType,
        form: DeliveryForm,
        items: int,
        arrival: int,
        hour: int,
        confirm: int | None,
        late_reason: str | None,
    ) -> Any:
        """An application; an ordinary letter confirmed after the day it arrived mostly says why, as it must."""
        self.tick(days)
        arrived_on = self.day(arrival)
        confirmed_on = None if confirm is None else arrived_on + confirm * ONE_DAY
        if channel is not Channel.IN_PERSON and confirm is not None and 0 <= confirm <= 2:
            confirmed_on = min(arrived_on + confirm * ONE_DAY, self.today)
        late = channel is Channel.POST_UNSIGNED and confirmed_on not in (None, arrived_on)
        if late and late_reason is None:
            late_reason = "申请人外出，次日电话确认"
        request_id = uuid5(UUID(int=7), str(len(self.ids)))
        if applicant < 0:
            applicant = self.applicant_of[self.ids[-1]] if self.ids else 0
        person, own_type = APPLICANTS[applicant]
        command = cmd.ReceiveRequest(
            request_id=request_id,
            organ="上海市某区人民政府",
            department="政务公开办公室",
            channel=channel,
            arrived_at=datetime.combine(arrived_on, time(hour), tzinfo=SHANGHAI).astimezone(UTC),
            confirmed_on=confirmed_on,
            applicant=person,
            applicant_type=own_type or applicant_type,
            information_requested="2024年某街道旧区改造征收补偿方案",
            preferred_form=form,
            items=items,
            late_confirmation_reason=late_reason,
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
        assert received[0].items == items and attrs.evolve(received[0].applicant, person_id=None) == person
        assert received[0].applicant.person_id  # given at intake: the key of the applicant's data (issue 10)
        self.ids.append(request_id)
        self.applicant_of[request_id] = applicant
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

    @rule(request=requests, case=CASE, days=ELAPSE, by=ANYONE, received=WHEN, after=AFTER, near=NEAR)
    def receive_correction(
        self, request: UUID, case: str, days: int, by: str, received: When, after: int | None, near: int | None
    ) -> None:
        """The corrected application, some days after the notice or about its (moved) deadline."""
        self.tick(days)
        request = self.pick(request, case, lambda s: s.status is Status.AWAITING_CORRECTION)
        received_on = self.when(request, received)
        notice = self.states[request].correction_sent_on if request in self.states else None
        if after is not None and notice is not None:
            received_on = notice + after * ONE_DAY
        received_on = self.near(request, received_on, near, correction_deadline)
        self.attempt(request, cmd.ReceiveCorrection(received_on=received_on, summary="已补正"), by)

    @rule(
        request=requests,
        case=CASE,
        days=ELAPSE,
        by=APPROVERS,
        received=WHEN,
        near=st.none() | st.integers(-2, 10),
        reason=TEXT,
    )
    def accept_late_correction(
        self, request: UUID, case: str, days: int, by: str, received: When, near: int | None, reason: str
    ) -> None:
        """The head of the office accepts a correction that came after its (moved) deadline, for a good reason."""
        self.tick(days)
        request = self.pick(request, case, lambda s: s.status is Status.AWAITING_CORRECTION)
        received_on = self.near(request, self.when(request, received), near, correction_deadline)
        command = cmd.AcceptLateCorrection(received_on=received_on, summary="已补正", reason=reason)
        self.attempt(request, command, by)

    @rule(request=requests, case=CASE, days=ELAPSE, by=ANYONE, decided=st.none() | WHEN, near=NEAR)
    def declare_abandoned(
        self, request: UUID, case: str, days: int, by: str, decided: When | None, near: int | None
    ) -> None:
        """Closed for no correction or no fee in time, often entered days after it was decided."""
        self.tick(days)
        request = self.pick(request, case, lambda s: s.status in (Status.AWAITING_CORRECTION, Status.AWAITING_FEE))
        decided_on = None if decided is None else self.when(request, decided)
        decided_on = self.near(request, decided_on, near, awaited_deadline)
        self.attempt(request, cmd.DeclareAbandoned(decided_on=decided_on), by)

    @rule(request=requests, case=CASE, days=ELAPSE, by=ANYONE, withdrawn=WHEN, reason=TEXT, now=st.integers(0, 2))
    def withdrawal(self, request: UUID, case: str, days: int, by: str, withdrawn: When, reason: str, now: int) -> None:
        """The applicant withdraws, also while a correction or a fee is awaited; not once the case is closed. One
        time in three (a withdrawal ends a case, and the other rules need cases that go on)."""
        self.tick(days)
        request = self.pick(request, case, lambda s: s.is_open)
        if now == 0:
            self.attempt(request, cmd.RecordWithdrawal(withdrawn_on=self.when(request, withdrawn), reason=reason), by)

    @rule(
        request=requests,
        case=CASE,
        days=ELAPSE,
        by=ANYONE,
        applicant_type=st.sampled_from(ApplicantType),
        reason=st.sampled_from(["登记时误选为自然人", "  "]),
    )
    def correct_applicant_type(
        self, request: UUID, case: str, days: int, by: str, applicant_type: ApplicantType, reason: str
    ) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: True)
        self.attempt(request, cmd.CorrectApplicantType(applicant_type=applicant_type, reason=reason), by)

    @rule(
        request=requests,
        case=CASE,
        days=ELAPSE,
        by=APPROVERS,
        wd=st.one_of(st.integers(1, 20), st.integers(0, 25)),
        decided=st.none() | WHEN,
        near=NEAR,
        notified=WHEN,
        notice_after=st.one_of(st.integers(0, 2), st.none() | st.integers(-1, 3)),
        reason=TEXT,
    )
    def grant_extension(
        self,
        request: UUID,
        case: str,
        days: int,
        by: str,
        wd: int,
        decided: When | None,
        near: int | None,
        notified: When,
        notice_after: int | None,
        reason: str,
    ) -> None:
        """The head approves on paper, often near the due date, and it is entered then or days later."""
        self.tick(days)
        request = self.pick(request, case, lambda s: running(s) and not s.extension_days)
        decided_on = None if decided is None else self.when(request, decided)
        decided_on = self.near(request, decided_on, near, due_in_force)
        notified_on = self.when(request, notified)
        if notice_after is not None:
            notified_on = (decided_on or self.today) + notice_after * ONE_DAY
        command = cmd.GrantExtension(working_days=wd, reason=reason, notified_on=notified_on, decided_on=decided_on)
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
        quantity=st.none() | st.integers(0, 260),
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
        quantity: int | None,
        form: DeliveryForm,
        sent: When,
    ) -> None:
        """A fee notice; on the per-item scale mostly for the items registered (the applicant's month counts)."""
        self.tick(days)
        request = self.pick(request, case, lambda s: running(s) and s.fee_notice is None)
        command = cmd.SendFeeNotice(sent_on=self.when(request, sent), scale=scale, quantity=quantity, form=form)
        if self.attempt(request, command, by):
            history = self.app.store.history(request)
            sent_notice, received = history[-1], history[0]
            assert isinstance(sent_notice, ev.FeeNoticeSent) and isinstance(received, ev.Received)
            expected = received.items if quantity is None else quantity
            assert sent_notice.quantity == expected, f"R-REQ-FEE: quantity {sent_notice.quantity}, given {quantity}"
            note_event(f"fee notice after {'some' if sent_notice.items_before else 'no'} earlier items")

    @rule(request=requests, case=CASE, form=st.sampled_from(DeliveryForm), quantity=st.none() | st.integers(1, 30))
    def charge_the_applicants_month(self, request: UUID, case: str, form: DeliveryForm, quantity: int | None) -> None:
        """The usual per-item notice, today: after the applicant's earlier items of the month, for the items
        registered or as many as the office counts (which the register then counts for the later applications)."""
        request = self.pick(request, case, lambda s: running(s) and s.fee_notice is None)
        self.fee_notice(request, "drawn", 0, "clerk-li", FeeScale.PER_ITEM, quantity, form, 0)

    @rule(request=requests, case=CASE, days=ELAPSE, by=ANYONE, received=WHEN)
    def fee_notice_received(self, request: UUID, case: str, days: int, by: str, received: When) -> None:
        """The applicant received the notice: the 20 wd to pay run from the next day."""
        self.tick(days)
        request = self.pick(request, case, lambda s: s.status is Status.AWAITING_FEE)
        self.attempt(request, cmd.RecordFeeNoticeReceived(received_on=self.when(request, received)), by)

    @rule(request=requests, case=CASE, days=ELAPSE, by=ANYONE, paid=WHEN, near=NEAR)
    def fee_payment(self, request: UUID, case: str, days: int, by: str, paid: When, near: int | None) -> None:
        self.tick(days)
        request = self.pick(request, case, lambda s: s.status is Status.AWAITING_FEE)
        paid_on = self.near(request, self.when(request, paid), near, awaited_deadline)
        self.attempt(request, cmd.RecordFeePayment(paid_on=paid_on), by)

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
        current = self.app.requests.view(request, AUDITOR_WU).clock.due or self.today
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
        by=APPROVERS,
        outcome=OUTCOMES,
        corrected=st.none() | WHEN,
        reason=st.sampled_from(["误选答复类型", "  "]),
    )
    def correct_reply(
        self, request: UUID, case: str, days: int, by: str, outcome: Outcome, corrected: When | None, reason: str
    ) -> None:
        """The head of the office corrects a reply recorded with the wrong outcome; both stay in the history."""
        self.tick(days)
        request = self.pick(request, case, lambda s: s.replied)
        corrected_on = None if corrected is None else self.when(request, corrected)
        self.attempt(request, cmd.CorrectReply(outcome=outcome, reason=reason, corrected_on=corrected_on), by)

    @rule(request=requests, case=CASE, days=ELAPSE)
    def a_third_party_objects(self, request: UUID, case: str, days: int) -> None:
        """The usual path to an objection: a third party asked in writing today objects the same day."""
        self.tick(days)
        request = self.pick(request, case, running)
        if self.attempt(request, consult(self.today), "clerk-li"):
            objection = answer(self.today, Position.OBJECTS)
            self.attempt(request, attrs.evolve(objection, consultation_id=self.consultation(request, 0)), "clerk-li")

    @rule(request=requests, case=CASE, days=ELAPSE, outcome=st.sampled_from(TO_AN_OBJECTION))
    def reply_to_an_objection(self, request: UUID, case: str, days: int, outcome: Outcome) -> None:
        """The usual answer to a third party's objection: disclose all but its part (ground 4), today."""
        self.tick(days)
        objected = lambda s: any(c.position is Position.OBJECTS for c in s.consultations)  # noqa: E731
        request = self.pick(request, case, lambda s: s.status is Status.IN_PROGRESS and objected(s))
        self.attempt(request, cmd.Reply(replied_on=self.today, outcome=outcome), "clerk-li")

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
        against=REVIEW_TARGETS,
        follows=WHICH,
        well_formed=MOSTLY,
        filed=WHEN,
        since=SINCE,
        body=NAMES,
    )
    def file_review(
        self,
        request: UUID,
        case: str,
        days: int,
        by: str,
        kind: ReviewKind,
        against: ReviewTarget | None,
        follows: int,
        well_formed: bool,
        filed: When,
        since: int | None,
        body: str,
    ) -> None:
        """A reconsideration or lawsuit against a reply (often filed days after it), or against a failure to reply
        while the case is open; litigation after reconsideration mostly names one of the case's reconsiderations."""
        self.tick(days)
        challenged = against is ReviewTarget.FAILURE_TO_REPLY
        after_reconsideration = kind is ReviewKind.LITIGATION_AFTER_RECONSIDERATION
        request = self.pick(
            request,
            case,
            lambda s: (
                any(r.result for r in s.reviews) if after_reconsideration else s.is_open if challenged else s.replied
            ),
        )
        named = self.reconsideration(request, follows) if after_reconsideration or not well_formed else None
        followed = self.app.requests.get(request).review(named or "")
        if after_reconsideration and followed is not None:
            # A lawsuit after reconsideration challenges what the reconsideration challenged (the domain refuses
            # another target: tests/domain/test_request_property_findings.py).
            against = followed.against
        filed_on = self.when(request, filed)
        closed_on = self.app.requests.get(request).closed_on
        if since is not None and closed_on is not None:
            filed_on = min(closed_on + since * ONE_DAY, self.today)
        command = cmd.FileReview(kind=kind, filed_on=filed_on, body=body, against=against, follows=named)
        self.attempt(request, command, by)

    @rule(request=requests, case=CASE, days=ELAPSE, since=st.integers(min_value=-1, max_value=60))
    def reconsideration_of_the_reply(self, request: UUID, case: str, days: int, since: int) -> None:
        """The usual challenge: reconsideration of a reply, filed within weeks of it."""
        self.tick(days)
        request = self.pick(request, case, lambda s: s.replied)
        kind = ReviewKind.RECONSIDERATION
        self.file_review(request, "drawn", 0, "clerk-li", kind, None, 0, True, 0, since, "区人民政府")

    @rule(
        request=requests,
        case=CASE,
        days=ELAPSE,
        which=WHICH,
        after=st.integers(min_value=-1, max_value=20),
    )
    def litigation_after_the_reconsideration(self, request: UUID, case: str, days: int, which: int, after: int) -> None:
        """The usual path to court: a lawsuit after a decided reconsideration, filed days after its decision."""
        self.tick(days)
        request = self.pick(request, case, lambda s: any(r.result for r in s.reviews))
        named = self.reconsideration(request, which)
        followed = self.app.requests.get(request).review(named)
        decided_on = self.today if followed is None or followed.decided_on is None else followed.decided_on
        command = cmd.FileReview(
            kind=ReviewKind.LITIGATION_AFTER_RECONSIDERATION,
            filed_on=min(decided_on + after * ONE_DAY, self.today),
            body="区人民法院",
            against=None if followed is None else followed.against,
            follows=named,
        )
        self.attempt(request, command, "clerk-li")

    @rule(
        request=requests,
        case=CASE,
        days=ELAPSE,
        by=ANYONE,
        review=WHICH,
        result=st.sampled_from(ReviewResult),
        decided=WHEN,
        since=SINCE,
    )
    def decide_review(
        self,
        request: UUID,
        case: str,
        days: int,
        by: str,
        review: int,
        result: ReviewResult,
        decided: When,
        since: int | None,
    ) -> None:
        """A decision on a review, often days after its filing or its last decision; a later one (appeal,
        retrial) supersedes it, so decided reviews are decided again."""
        self.tick(days)
        request = self.pick(request, case, lambda s: bool(s.reviews))
        review_id = self.review(request, review)
        decided_on = self.when(request, decided)
        found = self.app.requests.get(request).review(review_id)
        if since is not None and found is not None:
            decided_on = min((found.decided_on or found.filed_on) + since * ONE_DAY, self.today)
        command = cmd.DecideReview(review_id=review_id, result=result, decided_on=decided_on)
        self.attempt(request, command, by)

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
            view = self.app.requests.view(request_id, CLERK_LI)
            assert view.state == state, "the loaded state differs from the fold of the stored history"
            due = view.clock.due
            assert due == due_in_force(state), f"R-COUNT-4: view says {due}, the events say {due_in_force(state)}"
            assert due is None or working(due), f"R-COUNT: due date {due} ({due:%a}) is not a working day"
            if view.fee is not None and state.fee_notice is not None:
                expected = fee_due(state.fee_notice)
                assert view.fee.payment_due == expected, f"R-REQ-FEE: pay by {view.fee.payment_due}, not {expected}"
            self.checked[request_id] = history
            self.states[request_id] = state

    @invariant()
    def the_log_numbers_applications_once_and_counts_each_applicants_month(self) -> None:
        """Read the whole log when it moved: numbers never given twice, per-item fees after the month's items."""
        if self.gongkai is None or self.app.store.last_position() == self.log_checked:
            return
        log = [logged.event for logged in self.app.store.read_log(0, 1_000_000)]
        problems = log_breaches(log)
        assert not problems, "\n  ".join(["across requests:", *problems])
        self.log_checked = self.app.store.last_position()


TestDisclosureRequestRules = DisclosureRequestMachine.TestCase
TestDisclosureRequestRules.settings = settings(stateful_step_count=100)


# Regressions: the minimal sequences of the breaches the machine found -------------------------------
#
# Each sequence broke a rule when the machine found it; the last step must now be refused, or accepted
# without a breach (e.g. by moving a date). The earlier steps must be accepted.


class Case:
    """One application handed in on a day, then commands given on later days by a clerk (unless told); another
    application of the same organ may share its store (`beside`)."""

    def __init__(
        self,
        received_on: date,
        applicant: PersonalData | None = None,
        items: int = 1,
        beside: Case | None = None,
    ) -> None:
        self.clock = beside.clock if beside else FixedClock()
        self.clock.set_business_day(received_on)
        self.gongkai = beside.gongkai if beside else build("memory://", clock=self.clock)
        self.id = uuid5(UUID(int=7), f"regression {beside.id if beside else ''}")
        self.gongkai.requests.receive(
            cmd.ReceiveRequest(
                request_id=self.id,
                organ="上海市某区人民政府",
                department="政务公开办公室",
                channel=Channel.IN_PERSON,
                arrived_at=datetime.combine(received_on, time(9), tzinfo=SHANGHAI).astimezone(UTC),
                confirmed_on=None,
                applicant=applicant or PersonalData(name="张伟"),
                applicant_type=ApplicantType.NATURAL_PERSON,
                information_requested="某项目中标企业报价",
                items=items,
            ),
            CLERK_LI,
        )

    def on(self, day: date, command: Any, by: Any = CLERK_LI) -> None:
        """A command given on a day; it must be accepted for the sequence to lead to the breach."""
        self.clock.set_business_day(day)
        self.gongkai.requests.execute(self.id, command, by)

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
        nov_10,
        cmd.FileReview(
            kind=ReviewKind.LITIGATION_AFTER_RECONSIDERATION, filed_on=sep(12), body="区人民法院", follows="R1"
        ),
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
    due = case.gongkai.requests.view(case.id, CLERK_LI).clock.due
    assert due is not None and working(due), f"due {due} ({due:%a})"


# The oracle finds what it should --------------------------------------------------------------------
#
# A lawful history of each new rule, entered through the application, passes the oracle; the same history with
# one event changed as a faulty domain might have written it does not.


def changed(history: list[DomainEvent], kind: type[Any], nth: int = 0, **changes: Any) -> list[DomainEvent]:
    """The history with the nth event of a kind changed."""
    found = [i for i, e in enumerate(history) if isinstance(e, kind)][nth]
    return [attrs.evolve(e, **changes) if i == found else e for i, e in enumerate(history)]


def codes(problems: list[str]) -> set[str]:
    """The rule codes of the oracle's findings."""
    return {problem.split(" ")[0].rstrip(":") for problem in problems}


def late_correction_extension_and_two_decisions() -> list[DomainEvent]:
    """A correction due Sat 9/13 (so Mon 9/15) accepted late on 9/16 by the head; an extension decided on the due
    date and entered two days later; a reply, and a reconsideration decided twice."""
    case = Case(sep(1))
    case.on(sep(2), cmd.RequestCorrection(sent_on=sep(2), what_to_correct="写明年份", correct_by=sep(13)))
    late = cmd.AcceptLateCorrection(received_on=sep(16), summary="已补正", reason="邮政延误")
    case.on(sep(16), late, by=HEAD_ZHAO)
    due = case.gongkai.requests.view(case.id, CLERK_LI).clock.due
    assert due is not None
    extension = cmd.GrantExtension(working_days=10, reason="需调取历年档案", notified_on=due, decided_on=due)
    case.on(due + 2 * ONE_DAY, extension, by=HEAD_ZHAO)
    case.on(due + 3 * ONE_DAY, cmd.Reply(replied_on=due + 3 * ONE_DAY, outcome=DISCLOSED))
    filed = due + 10 * ONE_DAY
    case.on(filed, cmd.FileReview(kind=ReviewKind.RECONSIDERATION, filed_on=filed, body="区人民政府"))
    for days, result in ((30, ReviewResult.CORRECTED), (50, ReviewResult.UPHELD)):
        decided = filed + days * ONE_DAY
        case.on(decided, cmd.DecideReview(review_id="R1", result=result, decided_on=decided))
    assert case.breaches() == []
    return case.gongkai.store.history(case.id)


def test_the_oracle_finds_a_late_correction_accepted_by_a_clerk_or_without_being_late() -> None:
    history = late_correction_extension_and_two_decisions()
    by_clerk = changed(history, ev.CorrectionReceived, actor=attrs.evolve(history[0].actor, role=Role.CLERK))
    assert "R-REQ-CORRECT" in codes(rule_breaches(by_clerk))
    unexplained = changed(history, ev.CorrectionReceived, late_reason=None)
    assert "R-REQ-CORRECT" in codes(rule_breaches(unexplained))
    on_the_moved_deadline = changed(history, ev.CorrectionReceived, received_on=sep(15))
    assert "R-REQ-CORRECT" in codes(rule_breaches(on_the_moved_deadline))


def test_the_oracle_judges_an_extension_on_the_day_it_was_decided() -> None:
    history = late_correction_extension_and_two_decisions()
    granted = next(e for e in history if isinstance(e, ev.ExtensionGranted))
    after_due = changed(history, ev.ExtensionGranted, decided_on=granted.decided_on + ONE_DAY)
    assert "R-REQ-EXTEND" in codes(rule_breaches(after_due))
    told_first = changed(history, ev.ExtensionGranted, decided_on=granted.notified_on, notified_on=sep(30))
    assert "R-REQ-EXTEND" in codes(rule_breaches(told_first))


def test_the_oracle_finds_a_review_decision_before_the_one_it_supersedes() -> None:
    history = late_correction_extension_and_two_decisions()
    first = next(e for e in history if isinstance(e, ev.ReviewDecided))
    earlier = changed(history, ev.ReviewDecided, nth=1, decided_on=first.decided_on - ONE_DAY)
    assert "R-REQ-REVIEW" in codes(rule_breaches(earlier))


def test_the_oracle_finds_a_withdrawal_closing_otherwise_than_other_3_and_a_late_failure_to_reply_challenge() -> None:
    # A fee notice sent Tue 9/2 reaches the applicant Wed 9/3; the applicant withdraws on Fri 9/5, before paying,
    # entered on Wed 9/10; on Thu 9/11 the office learns of a reconsideration of its failure to reply filed on
    # Thu 9/4, while the case was open.
    case = Case(sep(1))
    notice = cmd.SendFeeNotice(sent_on=sep(2), scale=FeeScale.PER_VOLUME, quantity=100, form=DeliveryForm.EMAIL)
    case.on(sep(2), notice)
    case.on(sep(4), cmd.RecordFeeNoticeReceived(received_on=sep(3)))
    case.on(sep(10), cmd.RecordWithdrawal(withdrawn_on=sep(5), reason="已通过其他途径获取"))
    failure = cmd.FileReview(
        kind=ReviewKind.RECONSIDERATION, filed_on=sep(4), body="区人民政府", against=ReviewTarget.FAILURE_TO_REPLY
    )
    case.on(sep(11), failure)
    history = case.gongkai.store.history(case.id)
    assert case.breaches() == []
    as_abandoned = changed(history, ev.ApplicationWithdrawn, outcome=Outcome(OutcomeCategory.OTHER, 2))
    assert "R-REQ-OUTCOME" in codes(rule_breaches(as_abandoned))
    filed_once_closed = changed(history, ev.ReviewFiled, filed_on=sep(5))
    assert "R-REQ-REVIEW" in codes(rule_breaches(filed_once_closed))


def test_the_oracle_allows_withholding_only_the_objecting_third_partys_part() -> None:
    case = Case(sep(1))
    case.on(sep(2), consult(sep(2)))
    case.on(sep(5), answer(sep(5), Position.OBJECTS))
    withheld = Outcome(OutcomeCategory.PARTIALLY_DISCLOSED, withheld="中标企业报价明细", withheld_grounds=(4,))
    case.on(sep(8), cmd.Reply(replied_on=sep(8), outcome=withheld))
    history = case.gongkai.store.history(case.id)
    assert case.breaches() == []
    other_ground = attrs.evolve(withheld, withheld_grounds=(6,))
    assert "R-REQ-THIRDPARTY" in codes(rule_breaches(changed(history, ev.Replied, outcome=other_ground)))


def test_the_oracle_counts_the_applicants_earlier_items_of_the_month() -> None:
    # 张伟 asks for 10 items on Mon 9/1 (free) and 5 on Wed 9/3, his identity number typed with a space and a
    # lower-case x: those are his 11th–15th items of September, ¥100 each.
    first = Case(sep(1), PersonalData(name="张伟", id_number="31010119900101123X"), items=10)
    second = Case(sep(3), PersonalData(name="张伟", id_number="310101 19900101123x"), items=5, beside=first)
    second.on(sep(3), cmd.SendFeeNotice(sent_on=sep(3), scale=FeeScale.PER_ITEM, form=DeliveryForm.PAPER))
    log = [logged.event for logged in second.gongkai.store.read_log(0, 1_000_000)]
    notice = log[-1] if isinstance(log[-1], ev.FeeNoticeSent) else log[-2]
    assert isinstance(notice, ev.FeeNoticeSent)
    assert (notice.items_before, notice.amount) == (10, Decimal(500))
    assert log_breaches(log) == [] and second.breaches() == []
    alone = [attrs.evolve(e, items_before=0, amount=Decimal(0)) if e is notice else e for e in log]
    assert "R-REQ-FEE" in codes(log_breaches(alone))
