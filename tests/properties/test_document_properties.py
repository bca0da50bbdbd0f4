"""Stateful property: random document commands, given through the application, never publish what R-DOC forbids.

A Hypothesis state machine registers documents (policies, normative documents, decisions, work information)
and interpretations of the policies, and gives every kind of command on them through
`application.documents.Documents` on the in-memory store: attributes, revisions by two drafters, reviews,
attachments and detachments, service links, publication, withdrawal, penalty changes. Staff act in the right
and the wrong roles, and two of them hold a drafter's and a reviewer's role at once, so separation of duties is
tested on the person. The clock moves on a minute before every command (one save, one instant) and sometimes by days.
Half the time a rule acts on the document the last accepted command was about, and three rules follow the
usual paths (clear a document; prepare a policy with its interpretation; correct and republish), so that
documents do get published, revised and published again. A refusal (DomainError) is expected and must write
nothing.

After every step the invariant reads every document's STORED history and checks it with the checker in this
module, written from RULES.md and independent of the domain's decisions and state fold:
- R-DOC-SECRET / -REVIEW / -SOD: a `document.published` event has, earlier in its history, a passed
  confidentiality review and an approved disclosure review of the same revision, both by persons other than
  that revision's drafter;
- R-DOC-INTERPRET: a policy or normative publication lists in `published_with` interpretations that were
  attached to that revision and published in the same save (same instant, naming the policy back), at least
  one; an interpretation published alone follows a policy that is out at that moment; an interpretation is
  never out while its policy is not (a policy's withdrawal takes its interpretations down in the same save);
- R-DOC-REVIEW: a review event names the revision current at that point of the history;
- R-DOC-ATTR / -WITHDRAW: only proactive documents go out, their attribute is not set while out, and only what
  is out is withdrawn.

The machine found that a revised policy went out again beside an interpretation that was already out, with
`published_with` empty; `test_a_revised_policy_is_not_republished_beside_an_interpretation_already_out` keeps
the minimal sequence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID, uuid4

import attrs
import pytest
from hypothesis import event as note_event
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, multiple, precondition, rule

from adapters.calendar_data import seed_source, seed_tables
from adapters.persistence.database import DatabaseURL
from adapters.persistence.event_store import EventsourcingStore
from application.calendar import CalendarBook
from application.catalogues import Catalogues
from application.documents import Documents
from application.settings import Settings
from domain.actors import SYSTEM, Actor, Role
from domain.calendar import business_date
from domain.document import commands as cmd
from domain.document import events as ev
from domain.document.values import DisclosureAttribute, DocumentKind, InterpretationForm, PenaltyChange, ServiceLink
from domain.errors import DomainError, NotPermitted
from domain.events import DomainEvent
from domain.staff import Credential
from tests.support import FixedClock, credential

T = TypeVar("T")
E = TypeVar("E", bound=DomainEvent)

# The checker: RULES.md, written again ---------------------------------------------------------------

NEEDS_INTERPRETATION = {DocumentKind.POLICY, DocumentKind.NORMATIVE}


@attrs.define
class Trail:
    """What the checker has read of one document's history so far."""

    kind: DocumentKind
    interprets: UUID | None
    drafters: dict[int, str]
    current: int = 1
    attribute: DisclosureAttribute | None = None
    passed_secrecy: dict[int, set[str]] = attrs.field(factory=dict)
    """Revision → persons whose confidentiality review of it passed."""
    approved: dict[int, set[str]] = attrs.field(factory=dict)
    """Revision → persons who approved it in disclosure review."""
    attached: set[tuple[UUID, int]] = attrs.field(factory=set)
    out: bool = False
    out_revision: int | None = None
    publications: list[tuple[ev.Published, frozenset[tuple[UUID, int]]]] = attrs.field(factory=list)
    """Each publication with the attachments made before it."""
    out_changes: list[tuple[datetime, bool]] = attrs.field(factory=list)
    """When the document went out (True) and was taken down (False)."""


def read(history: list[DomainEvent], problems: list[str]) -> Trail:
    """One document's trail, noting the rules its history breaks on its own."""
    first = history[0]
    assert isinstance(first, ev.Registered), first
    trail = Trail(first.kind, first.interprets, {1: first.actor.person_id})
    for event in history[1:]:
        where = f"{first.originator_id} v{event.originator_version} {event.type_name}"
        problems.extend(f"{where}: {p}" for p in _step(trail, event))
    return trail


def _step(trail: Trail, event: DomainEvent) -> list[str]:
    found: list[str] = []
    if isinstance(event, ev.Revised):
        if event.revision != trail.current + 1:
            found.append(f"revision {event.revision} follows revision {trail.current}")
        trail.current = event.revision
        trail.drafters[event.revision] = event.actor.person_id
    elif isinstance(event, ev.AttributeSet):
        if trail.out:
            found.append("R-DOC-ATTR: the attribute was set while the document was out")
        trail.attribute = event.attribute
    elif isinstance(event, ev.ConfidentialityReviewed | ev.DisclosureReviewed):
        if event.revision != trail.current:
            found.append(f"R-DOC-REVIEW: a review of revision {event.revision} while {trail.current} is current")
        if event.actor.person_id == trail.drafters.get(event.revision):
            found.append(f"R-DOC-SOD: {event.actor.person_id} reviewed their own revision")
        passed = event.passed if isinstance(event, ev.ConfidentialityReviewed) else event.approved
        reviews = trail.passed_secrecy if isinstance(event, ev.ConfidentialityReviewed) else trail.approved
        if passed:
            reviews.setdefault(event.revision, set()).add(event.actor.person_id)
    elif isinstance(event, ev.InterpretationAttached):
        # To the current revision, or (跟踪解读, a follow-up going out alone) to the revision that is out.
        follow_up = trail.out and event.policy_revision == trail.out_revision
        if event.policy_revision != trail.current and not follow_up:
            found.append(f"attached to revision {event.policy_revision} while {trail.current} is current")
        trail.attached.add((event.interpretation_id, event.policy_revision))
    elif isinstance(event, ev.InterpretationDetached):
        if (event.interpretation_id, event.policy_revision) not in trail.attached:
            found.append(f"detached {event.interpretation_id}, not attached to revision {event.policy_revision}")
        trail.attached.discard((event.interpretation_id, event.policy_revision))
    elif isinstance(event, ev.Published):
        found.extend(_publishable(trail, event))
        trail.publications.append((event, frozenset(trail.attached)))
        trail.out, trail.out_revision = True, event.revision
        trail.out_changes.append((event.timestamp, True))
    elif isinstance(event, ev.Withdrawn):
        if not trail.out:
            found.append("R-DOC-WITHDRAW: withdrawn while not out")
        trail.out, trail.out_revision = False, None
        trail.out_changes.append((event.timestamp, False))
    return found


def _publishable(trail: Trail, event: ev.Published) -> list[str]:
    found: list[str] = []
    revision, drafter = event.revision, trail.drafters.get(event.revision)
    if revision != trail.current:
        found.append(f"published revision {revision} while {trail.current} is current")
    if trail.attribute is not DisclosureAttribute.PROACTIVE:
        found.append(f"R-DOC-ATTR: published with the attribute {trail.attribute}")
    if not trail.passed_secrecy.get(revision, set()) - {drafter}:
        found.append(f"R-DOC-SECRET: revision {revision} out without a passed confidentiality review by another")
    if not trail.approved.get(revision, set()) - {drafter}:
        found.append(f"R-DOC-REVIEW: revision {revision} out without an approval by another than its drafter")
    return found


def was_out(trail: Trail, moment: datetime) -> bool:
    """Whether the document was out at a moment (a change at that very moment counts)."""
    state = False
    for at, out in trail.out_changes:
        if at <= moment:
            state = out
    return state


def companions(trails: Mapping[UUID, Trail], policy_id: UUID, published: ev.Published) -> list[str]:
    """Why a policy's publication did not go out together with interpretations of its revision, if it did not."""
    found: list[str] = []
    if not published.published_with:
        found.append(f"R-DOC-INTERPRET: {policy_id} revision {published.revision} out without an interpretation")
    attachments = next(a for p, a in trails[policy_id].publications if p is published)
    for other in published.published_with:
        trail = trails.get(other)
        together = trail is not None and any(
            p.timestamp == published.timestamp and policy_id in p.published_with for p, _ in trail.publications
        )
        if trail is None or trail.kind is not DocumentKind.INTERPRETATION or trail.interprets != policy_id:
            found.append(f"R-DOC-INTERPRET: {other} published with {policy_id} is not its interpretation")
        elif not together:
            found.append(f"R-DOC-INTERPRET: {other} did not go out in the same save as {policy_id}")
        if (other, published.revision) not in attachments:
            found.append(f"R-DOC-INTERPRET: {other} was not attached to revision {published.revision}")
    return found


def follows(trails: Mapping[UUID, Trail], interpretation_id: UUID, published: ev.Published) -> list[str]:
    """Why an interpretation's publication was neither with its policy nor after it, if so."""
    policy_id = trails[interpretation_id].interprets
    policy = trails.get(policy_id) if policy_id else None
    if policy is None:
        return [f"R-DOC-INTERPRET: {interpretation_id} interprets no known policy"]
    if published.published_with:
        if published.published_with != (policy_id,):
            return [f"R-DOC-INTERPRET: {interpretation_id} went out with {published.published_with}"]
        if not any(p.timestamp == published.timestamp for p, _ in policy.publications):
            return [f"R-DOC-INTERPRET: {interpretation_id} names {policy_id}, which did not go out with it"]
        return []
    if not was_out(policy, published.timestamp):
        return [f"R-DOC-INTERPRET: {interpretation_id} went out alone while its policy was not out"]
    return []


def outlives(trails: Mapping[UUID, Trail], interpretation_id: UUID) -> list[str]:
    """Why an interpretation was out at a moment its policy was not, if it ever was."""
    trail = trails[interpretation_id]
    policy = trails.get(trail.interprets) if trail.interprets else None
    if policy is None:
        return []
    for moment, _ in sorted(trail.out_changes + policy.out_changes):
        if was_out(trail, moment) and not was_out(policy, moment):
            return [f"R-DOC-INTERPRET: {interpretation_id} was out at {moment} while its policy was not"]
    return []


def check(histories: Mapping[UUID, list[DomainEvent]]) -> list[str]:
    """Every R-DOC rule the stored histories break."""
    problems: list[str] = []
    trails = {i: read(h, problems) for i, h in histories.items() if h}
    for document_id, trail in trails.items():
        if trail.kind is DocumentKind.INTERPRETATION:
            problems.extend(outlives(trails, document_id))
        for published, _ in trail.publications:
            if trail.kind in NEEDS_INTERPRETATION:
                problems.extend(companions(trails, document_id, published))
            elif trail.kind is DocumentKind.INTERPRETATION:
                problems.extend(follows(trails, document_id, published))
    return problems


# The machine ----------------------------------------------------------------------------------------

ORGAN = "闵行区人力资源和社会保障局"
COLUMNS = {"policies": "政策文件", "interpretations": "政策解读", "decisions": "双公示", "work": "工作动态"}
RETIRED = "notices"

CHEN = credential(Role.DRAFTER, person_id="chen-jing", name="陈静")
LIU = credential(Role.DRAFTER, Role.CONFIDENTIALITY_REVIEWER, person_id="liu-yang", name="刘洋")
"""Drafts, and reviews for confidentiality: never what he drafted."""
MA = credential(Role.DRAFTER, Role.DISCLOSURE_REVIEWER, person_id="ma-lin", name="马琳")
"""Drafts, and approves for publication: never what she drafted."""
SUN = credential(Role.CONFIDENTIALITY_REVIEWER, person_id="sun-li", name="孙丽")
ZHOU = credential(Role.DISCLOSURE_REVIEWER, person_id="zhou-hua", name="周华")
WU = credential(Role.PUBLISHER, person_id="wu-fang", name="吴芳")
HEAD = credential(Role.OFFICE_HEAD, person_id="zhao-qiang", name="赵强")
STAFF = (CHEN, LIU, MA, SUN, ZHOU, WU, HEAD)

DRAFTING = (CHEN, LIU, MA)
SECRECY_REVIEWING = (LIU, SUN, SUN)
APPROVING = (MA, ZHOU, ZHOU)
PUBLISHING = (WU, HEAD)
DRAFTERS, SECRECY, APPROVERS = (st.sampled_from(p) for p in (DRAFTING, SECRECY_REVIEWING, APPROVING))


def mostly(right: tuple[Credential, ...]) -> st.SearchStrategy[Credential]:
    """Usually a person in the right role, sometimes anyone."""
    return st.sampled_from(right * (2 * len(STAFF) // len(right)) + STAFF)


KINDS = st.sampled_from((DocumentKind.WORK_INFORMATION, DocumentKind.LICENSING_DECISION, DocumentKind.PENALTY_DECISION))
COLUMN_FOR = {
    DocumentKind.POLICY: "policies",
    DocumentKind.NORMATIVE: "policies",
    DocumentKind.INTERPRETATION: "interpretations",
    DocumentKind.LICENSING_DECISION: "decisions",
    DocumentKind.PENALTY_DECISION: "decisions",
}
DAYS_AGO = st.integers(min_value=0, max_value=3)
MAX_DOCUMENTS = 8
"""Few documents, so that commands meet on the same ones often enough to publish them."""
OFFSET = st.sampled_from((0, 0, 0, 0, -1, 1))
"""Mostly the current revision, sometimes the one before or after it."""


def open_office(clock: FixedClock) -> tuple[EventsourcingStore, Documents]:
    """An in-memory store with the real holiday tables and the bureau's catalogue, one column retired."""
    store = EventsourcingStore(DatabaseURL.parse("memory://"))
    calendar = CalendarBook(store, clock)
    calendar.seed(seed_tables(), seed_source(), SYSTEM)
    catalogues = Catalogues(store, clock)
    for column_id, name in {**COLUMNS, RETIRED: "通知公告"}.items():
        catalogues.add_column(ORGAN, column_id, name, WU)
    catalogues.retire_column(ORGAN, RETIRED, "并入工作动态", WU)
    return store, Documents(store, calendar, clock, Settings())


LATEST = st.booleans()
"""Whether a rule acts on the document the last accepted command was about, so that some get long histories."""


class DocumentMachine(RuleBasedStateMachine):
    """Random document commands through `Documents`, on a store of its own."""

    documents = Bundle("documents")
    policies = Bundle("policies")
    interpretations = Bundle("interpretations")

    def __init__(self) -> None:
        super().__init__()
        self.clock = FixedClock()
        self.clock.set_business_day(date(2025, 3, 3))
        self.store, self.docs = open_office(self.clock)
        self.ids: list[UUID] = []
        self.focus: UUID | None = None
        self.interpretations_of: dict[UUID, list[UUID]] = {}

    def teardown(self) -> None:
        self.store.close()

    # Helpers ---------------------------------------------------------------------------------------

    @property
    def today(self) -> date:
        return business_date(self.clock.now())

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def pick(self, drawn: UUID, latest: bool) -> UUID:
        """The drawn document, or the one in focus."""
        return self.focus if latest and self.focus is not None else drawn

    def attempt(self, label: str, about: UUID, action: Callable[[], T]) -> T | None:
        """Give a command a minute after the last; None when refused, which must write nothing."""
        self.clock.advance(minutes=1)
        before = self.store.last_position()
        try:
            result = action()
        except DomainError as refusal:
            note_event(f"refused {label}: {refusal.code}")
            assert self.store.last_position() == before, f"{label} was refused ({refusal.code}) but the log moved on"
            return None
        note_event(f"accepted {label}")
        self.focus = about
        return result

    def execute(self, label: str, document_id: UUID, command: cmd.Command, by: Credential) -> bool:
        return self.attempt(label, document_id, lambda: self.docs.execute(document_id, command, by)) is not None

    def registered(self, command: cmd.RegisterDocument, by: Credential) -> Any:
        """The new document's id for the bundles, or nothing when refused."""
        found = command.document_id
        if self.attempt(f"register {command.kind}", found, lambda: self.docs.register(command, by)) is None:
            return multiple()
        self.ids.append(found)
        if command.interprets is not None:
            self.interpretations_of.setdefault(command.interprets, []).append(found)
        return found

    def registration(self, kind: DocumentKind, days_ago: int, **fields: Any) -> cmd.RegisterDocument:
        return cmd.RegisterDocument(
            document_id=uuid4(),
            organ=ORGAN,
            department="就业促进科",
            kind=kind,
            title=f"{kind}：关于做好就业工作的通知",
            formed_on=self.ago(days_ago),
            text="为做好就业工作，现通知如下……",
            **fields,
        )

    def revision(self, document_id: UUID, offset: int) -> int:
        return self.docs.get(document_id).current.number + offset

    def clear_for_publication(self, doc: UUID, secrecy: Credential, approver: Credential, drafter: Credential) -> None:
        """Attach a policy's latest interpretation, set proactive, both reviews of the current revision.

        Each step may be refused; attaching again after a revision is the usual way to a republication.
        """
        interpretation = self.interpretations_of.get(doc, [None])[-1]
        if (
            interpretation is not None
            and interpretation not in self.docs.get(doc).interpretations_of_current_revision()
        ):
            self.attempt("attach", doc, lambda: self.docs.attach_interpretation(doc, interpretation, drafter))
        if self.docs.get(doc).attribute is not DisclosureAttribute.PROACTIVE:
            self.execute("set attribute", doc, cmd.SetAttribute(attribute=DisclosureAttribute.PROACTIVE), drafter)
        current = self.revision(doc, 0)
        self.execute("confidentiality review", doc, cmd.ReviewConfidentiality(revision=current, passed=True), secrecy)
        self.execute("disclosure review", doc, cmd.ReviewDisclosure(revision=current, approved=True), approver)

    # Registration ----------------------------------------------------------------------------------

    @initialize(targets=(documents, policies), by=DRAFTERS, days_ago=DAYS_AGO)
    def first_policy(self, by: Credential, days_ago: int) -> Any:
        """A policy from the start, so that the rules on policies have one to act on."""
        return self.registered(self.registration(DocumentKind.POLICY, days_ago), by)

    @precondition(lambda self: len(self.ids) < MAX_DOCUMENTS)
    @rule(
        targets=(documents, policies),
        normative=st.booleans(),
        service_items=st.booleans(),
        by=mostly(DRAFTING),
        days_ago=DAYS_AGO,
    )
    def register_policy(self, normative: bool, service_items: bool, by: Credential, days_ago: int) -> Any:
        kind = DocumentKind.NORMATIVE if normative else DocumentKind.POLICY
        return self.registered(self.registration(kind, days_ago, has_service_items=normative and service_items), by)

    @precondition(lambda self: len(self.ids) < MAX_DOCUMENTS)
    @rule(target=documents, kind=KINDS, by=mostly(DRAFTING), days_ago=DAYS_AGO)
    def register_other(self, kind: DocumentKind, by: Credential, days_ago: int) -> Any:
        return self.registered(self.registration(kind, days_ago), by)

    @precondition(lambda self: len(self.ids) < MAX_DOCUMENTS)
    @rule(targets=(documents, interpretations), policy=policies, by=mostly(DRAFTING), days_ago=DAYS_AGO)
    def register_interpretation(self, policy: UUID, by: Credential, days_ago: int) -> Any:
        form = InterpretationForm.QA
        command = self.registration(DocumentKind.INTERPRETATION, days_ago, interprets=policy, interpretation_form=form)
        return self.registered(command, by)

    # Drafting and review ---------------------------------------------------------------------------

    @rule(
        doc=documents,
        latest=LATEST,
        attribute=st.sampled_from(DisclosureAttribute),
        ground=st.sampled_from((None, "条例第十四条")),
        by=mostly(DRAFTING),
    )
    def set_attribute(
        self, doc: UUID, latest: bool, attribute: DisclosureAttribute, ground: str | None, by: Credential
    ) -> None:
        command = cmd.SetAttribute(attribute=attribute, legal_ground=ground)
        self.execute("set attribute", self.pick(doc, latest), command, by)

    @rule(doc=documents, latest=LATEST, by=mostly(DRAFTING), correction=st.booleans(), days_ago=DAYS_AGO)
    def revise(self, doc: UUID, latest: bool, by: Credential, correction: bool, days_ago: int) -> None:
        command = cmd.ReviseDocument(
            title="关于做好就业工作的通知（修订）",
            text="第三条修改为……",
            changed_on=self.ago(days_ago),
            reason="更正补贴标准",
            is_correction=correction,
        )
        self.execute("revise", self.pick(doc, latest), command, by)

    @rule(doc=documents, latest=LATEST, by=mostly(SECRECY_REVIEWING), offset=OFFSET, passed=st.booleans())
    def review_confidentiality(self, doc: UUID, latest: bool, by: Credential, offset: int, passed: bool) -> None:
        doc = self.pick(doc, latest)
        command = cmd.ReviewConfidentiality(revision=self.revision(doc, offset), passed=passed, findings="涉及个人信息")
        self.execute("confidentiality review", doc, command, by)

    @rule(doc=documents, latest=LATEST, by=mostly(APPROVING), offset=OFFSET, approved=st.booleans())
    def review_disclosure(self, doc: UUID, latest: bool, by: Credential, offset: int, approved: bool) -> None:
        doc = self.pick(doc, latest)
        command = cmd.ReviewDisclosure(revision=self.revision(doc, offset), approved=approved)
        self.execute("disclosure review", doc, command, by)

    @rule(
        doc=documents,
        latest=LATEST,
        secrecy=SECRECY,
        approver=APPROVERS,
        drafter=DRAFTERS,
        then_publish=st.booleans(),
    )
    def clear(
        self,
        doc: UUID,
        latest: bool,
        secrecy: Credential,
        approver: Credential,
        drafter: Credential,
        then_publish: bool,
    ) -> None:
        """The usual path in one rule: set proactive, both reviews of the current revision, maybe publish."""
        doc = self.pick(doc, latest)
        self.clear_for_publication(doc, secrecy, approver, drafter)
        if then_publish:
            self.publish(doc, False, None, "interpretations", WU, 0)

    @rule(
        interpretation=interpretations,
        other=policies,
        latest=LATEST,
        own=st.sampled_from((True, True, False)),
        by=mostly(DRAFTING),
    )
    def attach(self, interpretation: UUID, other: UUID, latest: bool, own: bool, by: Credential) -> None:
        """Attach an interpretation (of the policy in focus) to its own policy's current revision, or to another."""
        if latest and self.focus in self.interpretations_of:
            interpretation = self.interpretations_of[self.focus][-1]
        policy = self.docs.get(interpretation).interprets if own else other
        assert policy is not None
        self.attempt("attach", policy, lambda: self.docs.attach_interpretation(policy, interpretation, by))

    @rule(interpretation=interpretations, by=mostly(DRAFTING))
    def detach(self, interpretation: UUID, by: Credential) -> None:
        """Detach an interpretation from its policy's current revision (refused when it is out or not attached)."""
        policy = self.docs.get(interpretation).interprets
        assert policy is not None
        command = cmd.DetachInterpretation(interpretation_id=interpretation, reason="附错了解读")
        self.attempt("detach", policy, lambda: self.docs.detach_interpretation(policy, command, by))

    @precondition(lambda self: len(self.ids) < MAX_DOCUMENTS)
    @rule(
        targets=(documents, interpretations),
        policy=policies,
        secrecy=SECRECY,
        approver=APPROVERS,
        drafter=DRAFTERS,
        links=st.booleans(),
        then_publish=st.booleans(),
    )
    def prepare_policy(
        self,
        policy: UUID,
        secrecy: Credential,
        approver: Credential,
        drafter: Credential,
        links: bool,
        then_publish: bool,
    ) -> Any:
        """The usual path for a policy: its interpretation drafted, cleared and attached, the policy cleared."""
        found = self.register_interpretation(policy, drafter, 0)
        if isinstance(found, UUID):
            self.clear_for_publication(found, secrecy, approver, drafter)
        if links:
            self.set_links(policy, False, True, drafter)
        self.clear_for_publication(policy, secrecy, approver, drafter)
        if then_publish:
            self.publish(policy, False, None, "interpretations", WU, 0)
        return found

    @rule(doc=policies, latest=LATEST, https=st.booleans(), by=mostly(DRAFTING))
    def set_links(self, doc: UUID, latest: bool, https: bool, by: Credential) -> None:
        url = "https://zwdt.sh.gov.cn/item/1" if https else "zwdt.sh.gov.cn/item/1"
        command = cmd.SetServiceLinks(links=(ServiceLink(title="就业困难人员认定", url=url),))
        self.execute("set links", self.pick(doc, latest), command, by)

    # Publication and after -------------------------------------------------------------------------

    @rule(
        doc=documents,
        latest=LATEST,
        column=st.sampled_from((None, None, None, "work", RETIRED, "unknown")),
        side_column=st.sampled_from((None, "interpretations", RETIRED)),
        by=mostly(PUBLISHING),
        days_ago=st.integers(min_value=0, max_value=1),
    )
    def publish(
        self, doc: UUID, latest: bool, column: str | None, side_column: str | None, by: Credential, days_ago: int
    ) -> None:
        doc = self.pick(doc, latest)
        column_id = column or COLUMN_FOR.get(self.docs.get(doc).kind, "work")
        command = cmd.PublishDocument(
            column_id=column_id, published_on=self.ago(days_ago), interpretation_column_id=side_column
        )
        self.attempt("publish", doc, lambda: self.docs.publish(doc, command, by))

    @rule(
        doc=documents,
        latest=LATEST,
        withdraw_first=st.booleans(),
        drafter=DRAFTERS,
        secrecy=SECRECY,
        approver=APPROVERS,
    )
    def correct_and_republish(
        self,
        doc: UUID,
        latest: bool,
        withdraw_first: bool,
        drafter: Credential,
        secrecy: Credential,
        approver: Credential,
    ) -> None:
        """The usual path of a correction: maybe withdraw, revise, clear the new revision, publish it."""
        doc = self.pick(doc, latest)
        if withdraw_first:
            self.withdraw(doc, False, WU)
        self.revise(doc, False, drafter, True, 0)
        self.clear(doc, False, secrecy, approver, drafter, True)

    @rule(doc=documents, latest=LATEST, by=mostly(PUBLISHING))
    def withdraw(self, doc: UUID, latest: bool, by: Credential) -> None:
        command = cmd.WithdrawDocument(withdrawn_on=self.today, reason="内容有误")
        document_id = self.pick(doc, latest)
        self.attempt("withdraw", document_id, lambda: self.docs.withdraw(document_id, command, by))

    @rule(doc=documents, latest=LATEST, change=st.sampled_from(PenaltyChange), by=st.sampled_from(STAFF))
    def change_penalty(self, doc: UUID, latest: bool, change: PenaltyChange, by: Credential) -> None:
        command = cmd.RecordPenaltyChange(change=change, changed_on=self.today, reason="复议撤销")
        self.execute("penalty change", self.pick(doc, latest), command, by)

    @rule(days=st.integers(min_value=1, max_value=3))
    def next_day(self, days: int) -> None:
        self.clock.advance(days=days)

    # The invariant ---------------------------------------------------------------------------------

    @invariant()
    def stored_histories_keep_the_rules(self) -> None:
        histories = {i: self.store.history(i) for i in self.ids}
        problems = check(histories)
        assert not problems, "\n".join(problems)
        kinds = {i: h[0].kind for i, h in histories.items() if isinstance(h[0], ev.Registered)}
        out = {kinds[e.originator_id] for h in histories.values() for e in h if isinstance(e, ev.Published)}
        note_event(f"kinds published so far: {sorted(out)}")


TestDocumentRules = DocumentMachine.TestCase
TestDocumentRules.settings = settings(stateful_step_count=50, deadline=None)


# Examples through the application, and the checker checked ------------------------------------------


def drafted(kind: DocumentKind, interprets: UUID | None = None) -> cmd.RegisterDocument:
    """A document of the bureau formed on Mon 2025-03-03."""
    return cmd.RegisterDocument(
        document_id=uuid4(),
        organ=ORGAN,
        department="就业促进科",
        kind=kind,
        title="关于做好2025年高校毕业生就业工作的通知",
        formed_on=date(2025, 3, 3),
        text="为做好高校毕业生就业工作……",
        interprets=interprets,
        interpretation_form=InterpretationForm.QA if interprets else None,
    )


def cleared(docs: Documents, document_id: UUID, revision: int = 1) -> None:
    """Set proactive (once) and through both reviews of a revision, by SUN and ZHOU."""
    if docs.get(document_id).attribute is None:
        docs.execute(document_id, cmd.SetAttribute(attribute=DisclosureAttribute.PROACTIVE), CHEN)
    docs.execute(document_id, cmd.ReviewConfidentiality(revision=revision, passed=True), SUN)
    docs.execute(document_id, cmd.ReviewDisclosure(revision=revision, approved=True), ZHOU)


def test_a_drafter_who_also_reviews_is_refused_on_the_person_and_nothing_is_written() -> None:
    clock = FixedClock()
    clock.set_business_day(date(2025, 3, 10))
    store, docs = open_office(clock)
    notice = drafted(DocumentKind.WORK_INFORMATION)
    docs.register(notice, LIU)
    before = store.last_position()
    try:
        docs.execute(notice.document_id, cmd.ReviewConfidentiality(revision=1, passed=True), LIU)
    except NotPermitted as refusal:
        assert refusal.code == "R-DOC-SOD"
    else:
        raise AssertionError("刘洋 reviewed what he drafted")
    assert store.last_position() == before


def test_a_revised_policy_is_not_republished_beside_an_interpretation_already_out() -> None:
    """The machine's finding: the second publication of a policy went out with no interpretation at all."""
    clock = FixedClock()
    clock.set_business_day(date(2025, 3, 10))
    store, docs = open_office(clock)
    policy = drafted(DocumentKind.POLICY)
    qa = drafted(DocumentKind.INTERPRETATION, interprets=policy.document_id)
    docs.register(policy, CHEN)
    docs.register(qa, CHEN)
    cleared(docs, qa.document_id)
    docs.attach_interpretation(policy.document_id, qa.document_id, CHEN)
    cleared(docs, policy.document_id)
    publishing = cmd.PublishDocument(column_id="policies", published_on=date(2025, 3, 10))
    docs.publish(policy.document_id, publishing, WU)
    revising = cmd.ReviseDocument(title="（修订）", text="第三条修改为……", changed_on=date(2025, 3, 10), reason="调整")
    docs.execute(policy.document_id, revising, CHEN)
    docs.attach_interpretation(policy.document_id, qa.document_id, CHEN)
    cleared(docs, policy.document_id, revision=2)
    before = store.last_position()
    try:
        docs.publish(policy.document_id, publishing, WU)
    except DomainError as refusal:
        assert refusal.code == "R-DOC-INTERPRET"
    else:
        raise AssertionError("the revised policy went out without an interpretation")
    assert store.last_position() == before
    docs.execute(qa.document_id, revising, CHEN)
    cleared(docs, qa.document_id, revision=2)
    clock.advance(minutes=1)  # one save, one instant, as in the machine
    docs.publish(policy.document_id, publishing, WU)
    assert check({i: store.history(i) for i in (policy.document_id, qa.document_id)}) == []


def stamped(cls: type[E], doc: UUID, version: int, by: Credential, role: Role, **fields: Any) -> E:
    """An event written by hand, at a minute past ten on 2025-03-10 plus its version."""
    return cls(
        originator_id=doc,
        originator_version=version,
        timestamp=datetime(2025, 3, 10, 2, version, tzinfo=UTC),
        actor=Actor(by.person_id, by.name, role),
        **fields,
    )


def hand_written(
    kind: DocumentKind, *later: tuple[type[DomainEvent], Credential, Role, dict[str, Any]]
) -> list[DomainEvent]:
    """A history registered by 陈静, then the given events in order."""
    doc = uuid4()
    command = drafted(kind)
    registered = {k: v for k, v in attrs.asdict(command, recurse=False).items() if k != "document_id"}
    history: list[DomainEvent] = [stamped(ev.Registered, doc, 1, CHEN, Role.DRAFTER, **registered)]
    for n, (cls, by, role, fields) in enumerate(later, start=2):
        history.append(stamped(cls, doc, n, by, role, **fields))
    return history


PROACTIVE = (ev.AttributeSet, CHEN, Role.DRAFTER, {"attribute": DisclosureAttribute.PROACTIVE, "legal_ground": None})
OUT = (
    ev.Published,
    WU,
    Role.PUBLISHER,
    {
        "revision": 1,
        "column_id": "work",
        "column_name": "工作动态",
        "channels": ("portal",),
        "published_on": date(2025, 3, 10),
        "published_with": (),
    },
)


def secrecy(by: Credential, revision: int = 1) -> tuple[type[DomainEvent], Credential, Role, dict[str, Any]]:
    """A passed confidentiality review by a person."""
    return (
        ev.ConfidentialityReviewed,
        by,
        Role.CONFIDENTIALITY_REVIEWER,
        {"revision": revision, "passed": True, "findings": "", "reviewed_on": date(2025, 3, 7)},
    )


def approval(by: Credential, revision: int = 1) -> tuple[type[DomainEvent], Credential, Role, dict[str, Any]]:
    """An approving disclosure review by a person."""
    fields = {"revision": revision, "approved": True, "opinion": "", "reviewed_on": date(2025, 3, 7)}
    return ev.DisclosureReviewed, by, Role.DISCLOSURE_REVIEWER, fields


def findings(history: list[DomainEvent]) -> list[str]:
    """The rules the checker finds broken in one hand-written history."""
    return check({history[0].originator_id: history})


def test_the_checker_passes_a_lawful_history() -> None:
    assert findings(hand_written(DocumentKind.WORK_INFORMATION, PROACTIVE, secrecy(SUN), approval(ZHOU), OUT)) == []


@pytest.mark.parametrize(
    ("later", "rule"),
    [
        ((PROACTIVE, approval(ZHOU), OUT), "R-DOC-SECRET"),
        ((PROACTIVE, secrecy(SUN), OUT), "R-DOC-REVIEW"),
        ((PROACTIVE, secrecy(CHEN), approval(ZHOU), OUT), "R-DOC-SOD"),
        ((PROACTIVE, secrecy(SUN, revision=2), approval(ZHOU), OUT), "R-DOC-REVIEW"),
        ((secrecy(SUN), approval(ZHOU), OUT), "R-DOC-ATTR"),
    ],
)
def test_the_checker_finds_a_publication_the_rules_forbid(
    later: tuple[tuple[type[DomainEvent], Credential, Role, dict[str, Any]], ...], rule: str
) -> None:
    assert any(rule in finding for finding in findings(hand_written(DocumentKind.WORK_INFORMATION, *later)))


def test_the_checker_finds_a_policy_out_alone() -> None:
    history = hand_written(DocumentKind.POLICY, PROACTIVE, secrecy(SUN), approval(ZHOU), OUT)
    assert any("R-DOC-INTERPRET" in finding for finding in findings(history))
