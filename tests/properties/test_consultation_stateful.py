"""Stateful property: random steps on one consultation, given through the application on the in-memory store, never
record what R-CON-WINDOW and R-CON-ADOPT forbid, and a refused step records nothing.

A Hypothesis state machine opens a consultation on a cleared draft policy (closing Wed 19 March 2025, seven working
days after Mon 10 March), then moves the clock by hours and days, sends comments through the public endpoint and
enters letters (some with an arrival time earlier than their entry, some before the opening), gives dispositions
(some without a reason, some twice), publishes the final document and tries the adoption report at any moment.

After every step the invariant reads the STORED log and checks it with the checker below, written from RULES.md and
independent of the domain's decisions and state:
- R-CON-WINDOW: a comment was recorded on a day from the opening through the closing day (Asia/Shanghai), arrived no
  earlier than the opening, and before any adoption report;
- R-CON-ADOPT: every comment has at most one disposition, each with a reason; an adoption report comes after the
  closing day, after the document's publication of the consulted revision or a later one, and after a disposition
  of every comment recorded before it, and it lists exactly those comments with their dispositions.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from hypothesis import event as note_event
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from adapters.bootstrap import Gongkai, build
from domain.actors import Role
from domain.calendar import SHANGHAI, business_date
from domain.consultation import commands as cmd
from domain.consultation import events as ev
from domain.consultation.values import CommentChannel, ConsultationCategory, Disposition
from domain.document import commands as doc_cmd
from domain.document import events as doc_ev
from domain.document.values import DisclosureAttribute, DocumentKind, InterpretationForm
from domain.errors import DomainError
from domain.events import DomainEvent
from domain.personal_data import PersonalData
from tests.support import FixedClock, credential

ORGAN = "闵行区人力资源和社会保障局"
OPENS = date(2025, 3, 10)
CLOSES = date(2025, 3, 19)
DRAFTER = credential(Role.DRAFTER, person_id="drafter-chen")
SECRECY = credential(Role.CONFIDENTIALITY_REVIEWER, person_id="secrecy-sun")
APPROVER = credential(Role.DISCLOSURE_REVIEWER, person_id="approver-zhou")
PUBLISHER = credential(Role.PUBLISHER, person_id="publisher-wu")
CLERK = credential(Role.CLERK, person_id="clerk-li")


def _registered(kind: DocumentKind, interprets: UUID | None = None) -> doc_cmd.RegisterDocument:
    return doc_cmd.RegisterDocument(
        document_id=uuid.uuid4(),
        organ=ORGAN,
        department="就业促进科",
        kind=kind,
        title="促进高校毕业生就业若干措施",
        formed_on=OPENS,
        text="征求意见稿全文",
        interprets=interprets,
        interpretation_form=InterpretationForm.QA if interprets else None,
    )


def _cleared(gongkai: Gongkai, document_id: UUID) -> None:
    docs = gongkai.documents
    docs.execute(document_id, doc_cmd.SetAttribute(attribute=DisclosureAttribute.PROACTIVE), DRAFTER)
    docs.execute(document_id, doc_cmd.ReviewConfidentiality(revision=1, passed=True), SECRECY)
    docs.execute(document_id, doc_cmd.ReviewDisclosure(revision=1, approved=True), APPROVER)


class ConsultationMachine(RuleBasedStateMachine):
    """One consultation and everything people do with it, in any order, at any time."""

    @initialize()
    def open_office(self) -> None:
        """A cleared draft policy with its interpretation, and a consultation on it opened at 10:00 on OPENS."""
        self.clock = FixedClock()
        self.clock.set_business_day(OPENS)
        self.gongkai = build("memory://", clock=self.clock)
        policy = _registered(DocumentKind.POLICY)
        qa = _registered(DocumentKind.INTERPRETATION, policy.document_id)
        self.gongkai.documents.register(policy, DRAFTER)
        self.gongkai.documents.register(qa, DRAFTER)
        _cleared(self.gongkai, policy.document_id)
        _cleared(self.gongkai, qa.document_id)
        self.gongkai.documents.attach_interpretation(policy.document_id, qa.document_id, DRAFTER)
        self.gongkai.catalogues.add_column(ORGAN, "policies", "政策文件", PUBLISHER)
        self.policy = policy.document_id
        opening = cmd.OpenConsultation(
            consultation_id=uuid.uuid4(),
            document_id=policy.document_id,
            revision=1,
            category=ConsultationCategory.OTHER_NORMATIVE,
            draft_interpretation="一问一答",
            closes_on=CLOSES,
            channels=(CommentChannel.ONLINE, CommentChannel.LETTER),
        )
        self.consultation = self.gongkai.consultations.open(opening, DRAFTER).id
        self.comments: list[UUID] = []

    def teardown(self) -> None:
        """Release the store."""
        if hasattr(self, "gongkai"):
            self.gongkai.close()

    def attempt(self, step: Any) -> Any:
        """Take a step; a refusal names a rule and writes nothing."""
        before = self.gongkai.store.last_position()
        try:
            return step()
        except DomainError as refusal:
            assert refusal.code.startswith("R-"), refusal
            assert self.gongkai.store.last_position() == before, f"{refusal.code} refused but wrote"
            return None

    @rule(hours=st.integers(1, 60))
    def time_passes(self, hours: int) -> None:
        """The clock moves on."""
        self.clock.advance(hours=hours)

    @rule(name=st.sampled_from(["张三", "李四", "王五", " "]))
    def comment_online(self, name: str) -> None:
        """Someone sends a comment through the public endpoint."""
        person = PersonalData(name=name, phone="13900000000")
        saved = self.attempt(
            lambda: self.gongkai.consultations.comment_online(self.consultation, uuid.uuid4(), person, "意见")
        )
        if saved is not None:
            self.comments.append(saved.id)
        note_event("online comment taken" if saved else "online comment refused")

    @rule(arrived_hours_ago=st.none() | st.integers(0, 30))
    def letter(self, arrived_hours_ago: int | None) -> None:
        """The clerk enters a letter, perhaps with the time it arrived."""
        received = None if arrived_hours_ago is None else self.clock.now() - timedelta(hours=arrived_hours_ago)
        command = cmd.SubmitComment(
            comment_id=uuid.uuid4(),
            channel=CommentChannel.LETTER,
            commenter=PersonalData(name="赵六", address="闵行区某路1号"),
            comment="来信意见",
            received_at=received,
        )
        saved = self.attempt(lambda: self.gongkai.consultations.receive(self.consultation, command, CLERK))
        if saved is not None:
            self.comments.append(saved.id)

    @rule(
        index=st.integers(0, 50), disposition=st.sampled_from(list(Disposition)), reason=st.sampled_from(["理由", ""])
    )
    def dispose(self, index: int, disposition: Disposition, reason: str) -> None:
        """The drafter disposes of a comment (perhaps one already disposed of, perhaps without a reason)."""
        if not self.comments:
            return
        comment = self.comments[index % len(self.comments)]
        command = cmd.DisposeComment(disposition=disposition, reason=reason)
        self.attempt(lambda: self.gongkai.consultations.dispose(self.consultation, comment, command, DRAFTER))

    @rule()
    def publish_final(self) -> None:
        """The final document goes out today."""
        command = doc_cmd.PublishDocument(column_id="policies", published_on=business_date(self.clock.now()))
        self.attempt(lambda: self.gongkai.documents.publish(self.policy, command, PUBLISHER))

    @rule()
    def report(self) -> None:
        """The publisher tries the adoption report."""
        command = cmd.PublishAdoptionReport(summary="采纳情况")
        saved = self.attempt(lambda: self.gongkai.consultations.publish_report(self.consultation, command, PUBLISHER))
        note_event("report published" if saved else "report refused")

    @rule(days_after_close=st.integers(0, 3), dispose_all=st.booleans())
    def the_usual_end(self, days_after_close: int, dispose_all: bool) -> None:
        """The usual path in one rule: some days after the close, every comment disposed of (or not), the final
        document out, the report tried; comments tried again after it."""
        after_close = datetime.combine(CLOSES + timedelta(days=1 + days_after_close), time(9), tzinfo=SHANGHAI)
        if self.clock.now() < after_close:
            self.clock.instant = after_close
        command = cmd.DisposeComment(disposition=Disposition.ADOPTED, reason="采纳")
        for comment in self.comments if dispose_all else self.comments[1:]:
            self.attempt(lambda c=comment: self.gongkai.consultations.dispose(self.consultation, c, command, DRAFTER))
        self.publish_final()
        self.report()
        self.comment_online("迟到者")

    @invariant()
    def the_stored_log_keeps_the_rules(self) -> None:
        """Read back every event and check R-CON-WINDOW and R-CON-ADOPT on them."""
        if not hasattr(self, "gongkai"):
            return
        logged = self.gongkai.store.read_log(0, 100_000)
        problems = check([(e.position, e.event) for e in logged], self.consultation)
        assert not problems, "\n".join(problems)


def check(log: list[tuple[int, DomainEvent]], consultation_id: UUID) -> list[str]:
    """What the log breaks of R-CON-WINDOW and R-CON-ADOPT, from the events alone."""
    found: list[str] = []
    opened = next(e for _, e in log if isinstance(e, ev.Opened) and e.originator_id == consultation_id)
    report = next(((p, e) for p, e in log if isinstance(e, ev.AdoptionReportPublished)), None)
    received = {e.originator_id: (p, e) for p, e in log if isinstance(e, ev.CommentReceived)}
    disposed: dict[UUID, list[tuple[int, ev.CommentDisposed]]] = {}
    for p, e in log:
        if isinstance(e, ev.CommentDisposed):
            disposed.setdefault(e.originator_id, []).append((p, e))
    for comment_id, (position, comment) in received.items():
        if not opened.opens_on <= business_date(comment.timestamp) <= opened.closes_on:
            found.append(f"R-CON-WINDOW: {comment_id} recorded on {business_date(comment.timestamp)}")
        if comment.received_at < opened.timestamp or comment.received_at > comment.timestamp:
            found.append(f"R-CON-WINDOW: {comment_id} arrived at {comment.received_at}")
        if report is not None and position > report[0]:
            found.append(f"R-CON-WINDOW: {comment_id} recorded after the adoption report")
    for comment_id, dispositions in disposed.items():
        if len(dispositions) > 1:
            found.append(f"R-CON-ADOPT: {comment_id} disposed of {len(dispositions)} times")
        if any(not d.reason.strip() for _, d in dispositions):
            found.append(f"R-CON-ADOPT: {comment_id} disposed of without a reason")
    if report is not None:
        found.extend(_report_problems(report, opened, received, disposed, log))
    return found


def _report_problems(
    report: tuple[int, ev.AdoptionReportPublished],
    opened: ev.Opened,
    received: dict[UUID, tuple[int, ev.CommentReceived]],
    disposed: dict[UUID, list[tuple[int, ev.CommentDisposed]]],
    log: list[tuple[int, DomainEvent]],
) -> list[str]:
    position, event = report
    found = []
    if business_date(event.timestamp) <= opened.closes_on:
        found.append("R-CON-ADOPT: the report came while the consultation was open")
    published = [
        p
        for p, e in log
        if isinstance(e, doc_ev.Published) and e.originator_id == opened.document_id and e.revision >= opened.revision
    ]
    if not published or min(published) > position:
        found.append("R-CON-ADOPT: the report came before the final document's publication")
    for comment_id in received:
        if not any(p < position for p, _ in disposed.get(comment_id, [])):
            found.append(f"R-CON-ADOPT: the report came while {comment_id} had no disposition")
    listed = {item.comment_id: item.disposition for item in event.items}
    expected = {c: disposed[c][0][1].disposition for c in received if c in disposed}
    if listed != expected:
        found.append(f"R-CON-ADOPT: the report lists {listed}, the log {expected}")
    return found


def test_the_checker_sees_a_report_before_the_final_document() -> None:
    """The checker is checked: a log with a report and no publication breaks R-CON-ADOPT."""
    actor = DRAFTER.acting_as((Role.DRAFTER,))
    at = datetime(2025, 3, 20, 10, tzinfo=SHANGHAI)
    consultation, document = uuid.uuid4(), uuid.uuid4()
    opened = ev.Opened(
        originator_id=consultation,
        originator_version=1,
        timestamp=datetime(2025, 3, 10, 10, tzinfo=SHANGHAI),
        actor=actor,
        organ=ORGAN,
        department="就业促进科",
        document_id=document,
        revision=1,
        category=ConsultationCategory.OTHER_NORMATIVE,
        title="t",
        text="t",
        draft_interpretation="i",
        opens_on=OPENS,
        closes_on=CLOSES,
        channels=(CommentChannel.ONLINE,),
        shortened=False,
        urgency_reason=None,
    )
    report = ev.AdoptionReportPublished(
        originator_id=consultation,
        originator_version=2,
        timestamp=at,
        actor=actor,
        published_on=at.date(),
        document_revision=1,
        adopted=0,
        partly_adopted=0,
        not_adopted=0,
        items=(),
        summary="",
    )
    assert check([(1, opened), (2, report)], consultation) == [
        "R-CON-ADOPT: the report came before the final document's publication"
    ]


TestConsultationRules = ConsultationMachine.TestCase
TestConsultationRules.settings = settings(max_examples=40, stateful_step_count=30, deadline=None)
