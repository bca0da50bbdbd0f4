"""Fixture-free helpers for document tests: documents folded from commands given on chosen business dates.

`given(drafted(day, kind), at(day, command, by), …)` registers a document and folds each further command
decided with a Context on its day; `refusal(doc, at(day, command, by))` returns the DomainError refusing a
step. Publication touches several documents and a catalogue, so it has its own pair: `publication(...)`
returns the events (one per document published) and `publish_refusal(...)` the refusal.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, time

import attrs
import pytest

from adapters.calendar_data import seed_tables
from domain import catalogue as cat
from domain.actors import Actor, Role
from domain.calendar import SHANGHAI, WorkingCalendar
from domain.catalogue import Catalogue
from domain.context import Context
from domain.document import commands as cmd
from domain.document.deadlines import Deadline, deadlines
from domain.document.decisions import attach_interpretation, decide, publish, register, withdraw
from domain.document.rules import DocumentRules
from domain.document.state import Document, evolve
from domain.document.values import DisclosureAttribute, DocumentKind, InterpretationForm
from domain.errors import DomainError
from domain.events import DomainEvent
from tests.support import actor

CALENDAR = WorkingCalendar.of(seed_tables())
"""The real holiday tables, 2004–2026."""
RULES = DocumentRules()
"""The statutory defaults: 20 wd (R-DOC-TIMELY), 7 wd (R-DOC-DUAL), 3 wd to withdraw a changed penalty."""

ORGAN = "闵行区人力资源和社会保障局"
OTHER_ORGAN = "闵行区民政局"

DRAFTER = actor(Role.DRAFTER, person_id="drafter-chen-jing", name="陈静")
"""Drafts in the employment-promotion section (就业促进科)."""
SECOND_DRAFTER = actor(Role.DRAFTER, person_id="drafter-liu-yang", name="刘洋")
"""Another drafter of the same section, who sometimes makes the next revision."""
SECRECY = actor(Role.CONFIDENTIALITY_REVIEWER, person_id="secrecy-sun-li", name="孙丽")
"""保密审查人"""
APPROVER = actor(Role.DISCLOSURE_REVIEWER, person_id="approver-zhou-hua", name="周华")
"""公开审查人 who signs a revision off for publication."""
PUBLISHER = actor(Role.PUBLISHER, person_id="publisher-wu-fang", name="吴芳")
"""信息发布员"""


def as_role(person: Actor, role: Role) -> Actor:
    """The same person acting in another role they hold."""
    return attrs.evolve(person, role=role)


COLUMNS = {
    "policies": "政策文件",
    "interpretations": "政策解读",
    "licensing": "行政许可",
    "penalties": "行政处罚",
    "work": "工作动态",
}
"""The columns of the bureau's disclosure catalogue (公开标准目录)."""


def instant(day: date, at: time = time(10, 0)) -> datetime:
    """A UTC instant at a time of day in Asia/Shanghai."""
    return datetime.combine(day, at, tzinfo=SHANGHAI).astimezone(UTC)


def context(day: date, by: Actor = DRAFTER) -> Context:
    """Acting on a business date at 18:00 Shanghai time."""
    return Context(actor=by, now=instant(day, time(18, 0)), today=day, calendar=CALENDAR)


def catalogue_of(organ: str = ORGAN, columns: dict[str, str] = COLUMNS, day: date = date(2025, 1, 2)) -> Catalogue:
    """An organ's catalogue with the columns added, by the publisher."""
    state: Catalogue | None = None
    for column_id, name in columns.items():
        state = cat.evolve(state, cat.add_column(state, organ, column_id, name, context(day, PUBLISHER)))
    assert state is not None
    return state


CATALOGUE = catalogue_of()
"""The bureau's catalogue with every column open."""


StepCommand = cmd.Command | cmd.RegisterDocument | cmd.WithdrawDocument
"""A command on one document alone (a policy's withdrawal here takes none of its interpretations)."""


@attrs.frozen
class Step:
    """A command given by a person on a business date."""

    day: date
    command: StepCommand
    by: Actor = DRAFTER


def at(day: date, command: StepCommand, by: Actor = DRAFTER) -> Step:
    """The command given on that day by that person (the drafter unless told)."""
    return Step(day, command, by)


TITLES = {
    DocumentKind.POLICY: "关于做好2025年高校毕业生就业工作的通知",
    DocumentKind.NORMATIVE: "闵行区就业困难人员认定管理办法",
    DocumentKind.LICENSING_DECISION: "准予人力资源服务许可决定书",
    DocumentKind.PENALTY_DECISION: "行政处罚决定书（拖欠工资）",
    DocumentKind.WORK_INFORMATION: "区人社局召开春季招聘会",
    DocumentKind.DATA_SET: "社区就业服务站点位",
    DocumentKind.INTERPRETATION: "一图读懂高校毕业生就业政策",
    DocumentKind.OTHER: "其他信息",
}


def registration(
    formed_on: date,
    kind: DocumentKind = DocumentKind.WORK_INFORMATION,
    *,
    interprets: uuid.UUID | None = None,
    has_service_items: bool = False,
) -> cmd.RegisterDocument:
    """A drafted document of the bureau, formed on a day; an interpretation names its policy."""
    return cmd.RegisterDocument(
        document_id=uuid.uuid4(),
        organ=ORGAN,
        department="就业促进科",
        kind=kind,
        title=TITLES[kind],
        document_number="闵人社发〔2025〕1号" if kind.needs_interpretation else None,
        formed_on=formed_on,
        text="为做好就业工作，现通知如下……",
        has_service_items=has_service_items,
        interprets=interprets,
        interpretation_form=InterpretationForm.QA if interprets is not None else None,
    )


def drafted(formed_on: date, kind: DocumentKind = DocumentKind.WORK_INFORMATION, by: Actor = DRAFTER) -> Step:
    """A document registered by its drafter on the day it was formed."""
    return at(formed_on, registration(formed_on, kind), by)


def interpretation_of(policy: Document, day: date, by: Actor = DRAFTER) -> Step:
    """An interpretation (一问一答) of the policy, registered on a day."""
    return at(day, registration(day, DocumentKind.INTERPRETATION, interprets=policy.id), by)


def run(doc: Document | None, step: Step) -> list[DomainEvent]:
    """The events one step produces, or the DomainError refusing it."""
    ctx = context(step.day, step.by)
    if isinstance(step.command, cmd.RegisterDocument):
        assert doc is None, "a document is registered once"
        return [register(step.command, ctx)]
    assert doc is not None, "a document starts with its registration"
    if isinstance(step.command, cmd.WithdrawDocument):
        return withdraw(doc, step.command, (), ctx)
    return decide(doc, step.command, ctx)


def fold(doc: Document | None, events: Iterable[DomainEvent]) -> Document:
    """The document after those of the events that are its own."""
    for event in events:
        if doc is None or event.originator_id == doc.id:
            doc = evolve(doc, event)
    assert doc is not None
    return doc


def given(*steps: Step) -> Document:
    """The document after every step, the first being its registration; a refused step fails the test."""
    doc: Document | None = None
    for step in steps:
        doc = fold(doc, run(doc, step))
    assert doc is not None, "given() needs at least the registration"
    return doc


def then(doc: Document, *steps: Step) -> Document:
    """The document after further steps."""
    for step in steps:
        doc = fold(doc, run(doc, step))
    return doc


def only_event(doc: Document | None, step: Step) -> DomainEvent:
    """The one event a step produces."""
    events = run(doc, step)
    assert len(events) == 1, events
    return events[0]


def refusal(doc: Document | None, step: Step) -> DomainError:
    """The DomainError refusing a step; the test fails if the step is accepted."""
    with pytest.raises(DomainError) as caught:
        run(doc, step)
    return caught.value


# The usual steps -------------------------------------------------------------------------------------------


def proactive(day: date) -> Step:
    """The drafter sets the document for proactive disclosure (主动公开)."""
    return at(day, cmd.SetAttribute(attribute=DisclosureAttribute.PROACTIVE))


def secrecy_passed(day: date, revision: int = 1, by: Actor = SECRECY) -> Step:
    """A passed confidentiality review of a revision."""
    return at(day, cmd.ReviewConfidentiality(revision=revision, passed=True, findings="不涉密"), by)


def approved(day: date, revision: int = 1, by: Actor = APPROVER) -> Step:
    """An approving disclosure review of a revision."""
    return at(day, cmd.ReviewDisclosure(revision=revision, approved=True, opinion="同意公开"), by)


def both_reviews(day: date, revision: int = 1) -> tuple[Step, Step]:
    """Both reviews of a revision, passed, by the reviewers."""
    return secrecy_passed(day, revision), approved(day, revision)


def cleared(day: date, kind: DocumentKind = DocumentKind.WORK_INFORMATION) -> Document:
    """A document formed on a day, set proactive and through both reviews of revision 1 the same day."""
    return given(drafted(day, kind), proactive(day), *both_reviews(day))


def revised(day: date, *, correction: bool = False, by: Actor = DRAFTER) -> Step:
    """A new revision changed on a day."""
    command = cmd.ReviseDocument(
        title="关于做好2025年高校毕业生就业工作的通知（修订）",
        text="根据新精神，第三条修改为……",
        changed_on=day,
        reason="更正第三条补贴标准" if correction else "根据上级文件调整",
        is_correction=correction,
    )
    return at(day, command, by)


def withdrawn(day: date, reason: str = "第三条补贴标准有误", by: Actor = PUBLISHER) -> Step:
    """The publisher takes the document down."""
    return at(day, cmd.WithdrawDocument(withdrawn_on=day, reason=reason), by)


def attached(policy: Document, interpretation: Document, day: date, by: Actor = DRAFTER) -> Document:
    """The policy with the interpretation attached to its current revision."""
    return fold(policy, attach_interpretation(policy, interpretation, context(day, by)))


def attach_refusal(policy: Document, interpretation: Document, day: date, by: Actor = DRAFTER) -> DomainError:
    """The DomainError refusing an attachment; the test fails if it is accepted."""
    with pytest.raises(DomainError) as caught:
        attach_interpretation(policy, interpretation, context(day, by))
    return caught.value


def publishing(
    day: date, column_id: str = "work", *, interpretation_column_id: str | None = None
) -> cmd.PublishDocument:
    """Publish on the portal in a column on a day."""
    return cmd.PublishDocument(column_id=column_id, published_on=day, interpretation_column_id=interpretation_column_id)


def publication(
    doc: Document,
    day: date,
    column_id: str = "work",
    *,
    related: Iterable[Document] = (),
    catalogue: Catalogue | None = CATALOGUE,
    interpretation_column_id: str | None = None,
    by: Actor = PUBLISHER,
) -> list[DomainEvent]:
    """The events of publishing a document (with the related documents at hand) on a day."""
    command = publishing(day, column_id, interpretation_column_id=interpretation_column_id)
    return publish(doc, command, catalogue, {d.id: d for d in related}, context(day, by))


def published(
    doc: Document,
    day: date,
    column_id: str = "work",
    *,
    related: Iterable[Document] = (),
    catalogue: Catalogue | None = CATALOGUE,
) -> Document:
    """The document after its publication on a day."""
    return fold(doc, publication(doc, day, column_id, related=related, catalogue=catalogue))


def publish_refusal(
    doc: Document,
    day: date,
    column_id: str = "work",
    *,
    related: Iterable[Document] = (),
    catalogue: Catalogue | None = CATALOGUE,
) -> DomainError:
    """The DomainError refusing a publication; the test fails if it is accepted."""
    with pytest.raises(DomainError) as caught:
        publication(doc, day, column_id, related=related, catalogue=catalogue)
    return caught.value


def open_deadlines(doc: Document, rules: DocumentRules = RULES) -> tuple[Deadline, ...]:
    """The document's open deadlines on the real calendar."""
    return deadlines(doc, CALENDAR, rules)
