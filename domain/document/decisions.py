"""Decisions on documents: state, command and context in, events out, or a refusal naming its rule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from uuid import UUID

from domain import reviews
from domain.catalogue import Catalogue, Column
from domain.context import Context
from domain.deciding import Deciders, first_event, next_event, not_blank, step_dated
from domain.document import commands as cmd
from domain.document import events as ev
from domain.document.state import Attachment, Document, Review, Revision
from domain.document.values import DisclosureAttribute, DocumentKind
from domain.errors import InvalidValue, NotPermitted, RuleViolation, StepOutOfOrder
from domain.events import DomainEvent
from domain.reviews import ReviewTarget


def register(command: cmd.RegisterDocument, ctx: Context) -> ev.Registered:
    """Register a drafted document; its registrant is the drafter of revision 1."""
    for field in ("organ", "department", "title", "text"):
        not_blank(getattr(command, field), field)
    if command.formed_on > ctx.today:
        raise InvalidValue("formed_on is in the future", field="formed_on")
    is_interpretation = command.kind is DocumentKind.INTERPRETATION
    if is_interpretation and (command.interprets is None or command.interpretation_form is None):
        raise InvalidValue("an interpretation names the policy it interprets and its form", field="interprets")
    if not is_interpretation and (command.interprets is not None or command.interpretation_form is not None):
        raise InvalidValue("only an interpretation interprets a policy", field="interprets")
    if command.has_service_items and command.kind is not DocumentKind.NORMATIVE:
        raise InvalidValue("service items (阅办联动) belong to normative documents", field="has_service_items")
    return first_event(
        ev.Registered,
        command.document_id,
        ctx,
        organ=command.organ,
        department=command.department,
        kind=command.kind,
        title=command.title,
        document_number=command.document_number,
        formed_on=command.formed_on,
        text=command.text,
        has_service_items=command.has_service_items,
        interprets=command.interprets,
        interpretation_form=command.interpretation_form,
    )


_DECIDERS = Deciders[Document]()


def decide(state: Document, command: cmd.Command, ctx: Context) -> list[DomainEvent]:
    """The events a command on one document produces, or a DomainError refusing it."""
    return _DECIDERS.decide(state, command, ctx)


@_DECIDERS.decides(cmd.RecordIssue)
def _issue(state: Document, c: cmd.RecordIssue, ctx: Context) -> list[DomainEvent]:
    """A document registered as a draft is signed and issued later; once it has gone out, its issue date stands."""
    if state.first_published_on is not None:
        message = f"the document went out on {state.first_published_on}; its issue date stands"
        raise StepOutOfOrder(message, code="R-DOC-TIMELY")
    if c.issued_on > ctx.today:
        raise InvalidValue(f"issued_on {c.issued_on} is in the future", field="issued_on")
    if state.effective_on is not None and c.issued_on > state.effective_on:
        message = f"it takes effect on {state.effective_on}, so it was issued by then"
        raise RuleViolation(message, code="R-REPORT", field="issued_on")
    return [next_event(ev.Issued, state, ctx, issued_on=c.issued_on)]


@_DECIDERS.decides(cmd.SetAttribute)
def _set_attribute(state: Document, c: cmd.SetAttribute, ctx: Context) -> list[DomainEvent]:
    if state.is_published:
        raise StepOutOfOrder(
            "the attribute of a published document is not changed; withdraw it first", code="R-DOC-ATTR"
        )
    if state.current.disclosure is not None:
        raise StepOutOfOrder(
            f"revision {state.current.number} was reviewed under its attribute; revise the document to change it",
            code="R-DOC-ATTR",
        )
    ground = (c.legal_ground or "").strip() or None
    if c.attribute is not DisclosureAttribute.PROACTIVE and ground is None:
        raise RuleViolation(
            f"a document set “{c.attribute}” states its legal ground", code="R-DOC-ATTR", field="legal_ground"
        )
    return [next_event(ev.AttributeSet, state, ctx, attribute=c.attribute, legal_ground=ground)]


@_DECIDERS.decides(cmd.ReviseDocument)
def _revise(state: Document, c: cmd.ReviseDocument, ctx: Context) -> list[DomainEvent]:
    not_blank(c.title, "title")
    not_blank(c.text, "text")
    not_blank(c.reason, "reason")
    step_dated(c.changed_on, state.current.changed_on, ctx, "changed_on", "R-DOC-TIMELY")
    fields = {"title": c.title, "text": c.text, "changed_on": c.changed_on, "reason": c.reason}
    return [
        next_event(ev.Revised, state, ctx, revision=state.current.number + 1, is_correction=c.is_correction, **fields)
    ]


def _reviewable(state: Document, revision: int, ctx: Context, code: str) -> Revision:
    if revision != state.current.number:
        raise RuleViolation(
            f"only the current revision, {state.current.number}, is reviewed; a review never counts for another",
            code="R-DOC-REVIEW",
            field="revision",
        )
    if ctx.actor.person_id == state.current.drafter_id:
        raise NotPermitted(f"the drafter of revision {revision} may not review it", code="R-DOC-SOD")
    if state.current_revision_is_out:
        raise StepOutOfOrder(f"revision {revision} is published already", code=code)
    return state.current


@_DECIDERS.decides(cmd.ReviewConfidentiality)
def _review_confidentiality(state: Document, c: cmd.ReviewConfidentiality, ctx: Context) -> list[DomainEvent]:
    revision = _reviewable(state, c.revision, ctx, "R-DOC-SECRET")
    if revision.confidentiality is not None:
        raise StepOutOfOrder(f"revision {c.revision} had its confidentiality review", code="R-DOC-SECRET")
    if not c.passed and not c.findings.strip():
        raise InvalidValue("a failed confidentiality review states its findings", field="findings")
    reviewed_on = _reviewed_on(revision, c.reviewed_on, ctx, "R-DOC-SECRET")
    fields = {"revision": c.revision, "passed": c.passed, "findings": c.findings, "reviewed_on": reviewed_on}
    return [next_event(ev.ConfidentialityReviewed, state, ctx, **fields)]


def _reviewed_on(revision: Revision, given: date | None, ctx: Context, code: str) -> date:
    """The day of a review: today unless given, not before the revision it reviews nor its confidentiality review."""
    reviewed_on = given or ctx.today
    earliest = max(d for d in (revision.changed_on, _day(revision.confidentiality)) if d is not None)
    step_dated(reviewed_on, earliest, ctx, "reviewed_on", code)
    return reviewed_on


def _day(review: Review | None) -> date | None:
    return review.reviewed_on if review is not None else None


@_DECIDERS.decides(cmd.ReviewDisclosure)
def _review_disclosure(state: Document, c: cmd.ReviewDisclosure, ctx: Context) -> list[DomainEvent]:
    revision = _reviewable(state, c.revision, ctx, "R-DOC-REVIEW")
    if revision.disclosure is not None:
        raise StepOutOfOrder(f"revision {c.revision} had its disclosure review", code="R-DOC-REVIEW")
    if state.attribute is None:
        raise RuleViolation("set the disclosure attribute at the source first", code="R-DOC-ATTR")
    if c.approved and not (revision.confidentiality and revision.confidentiality.passed):
        raise RuleViolation(
            f"revision {c.revision} has not passed confidentiality review", code="R-DOC-SECRET", field="revision"
        )
    reviewed_on = _reviewed_on(revision, c.reviewed_on, ctx, "R-DOC-REVIEW")
    fields = {"revision": c.revision, "approved": c.approved, "opinion": c.opinion, "reviewed_on": reviewed_on}
    return [next_event(ev.DisclosureReviewed, state, ctx, **fields)]


@_DECIDERS.decides(cmd.SetServiceLinks)
def _service_links(state: Document, c: cmd.SetServiceLinks, ctx: Context) -> list[DomainEvent]:
    if not state.has_service_items:
        raise RuleViolation("only a normative document with 一网通办 service items links to them", code="R-DOC-LINK")
    if not c.links:
        raise InvalidValue("give at least one service link", field="links")
    for i, link in enumerate(c.links):
        not_blank(link.title, f"links[{i}].title")
        if not link.url.startswith(("https://", "http://")):
            raise InvalidValue("a service link is an http(s) URL", field=f"links[{i}].url")
    return [next_event(ev.ServiceLinksSet, state, ctx, links=c.links)]


def withdraw(
    doc: Document, command: cmd.WithdrawDocument, interpretations: Sequence[Document], ctx: Context
) -> list[DomainEvent]:
    """Take a published document down (R-DOC-WITHDRAW); a policy takes its interpretations that are out down with
    it, in the same step: an interpretation left out would explain to the public a policy that no longer is.

    `interpretations` holds the documents attached to the policy (any revision). Published again, the policy goes
    out with an interpretation approved anew, as every publication needs its own review (R-DOC-REVIEW).
    """
    events: list[DomainEvent] = [_withdrawn(doc, command.withdrawn_on, command.reason, ctx)]
    reason = f"withdrawn with the document it interprets: {command.reason.strip()}"
    for interpretation in interpretations:
        if interpretation.interprets == doc.id and interpretation.is_published:
            events.append(_withdrawn(interpretation, command.withdrawn_on, reason, ctx))
    return events


def _withdrawn(doc: Document, withdrawn_on: date, reason: str, ctx: Context) -> ev.Withdrawn:
    if doc.publication is None:
        raise StepOutOfOrder("only a published document is withdrawn", code="R-DOC-WITHDRAW")
    step_dated(withdrawn_on, doc.publication.published_on, ctx, "withdrawn_on", "R-DOC-WITHDRAW")
    not_blank(reason, "reason")
    # 公开说明理由 (行政处罚法 Art. 48): a changed penalty decision leaves its reason published in its place.
    published = doc.kind is DocumentKind.PENALTY_DECISION and doc.penalty_change is not None
    return next_event(ev.Withdrawn, doc, ctx, withdrawn_on=withdrawn_on, reason=reason, reason_published=published)


@_DECIDERS.decides(cmd.RecordPenaltyChange)
def _penalty_change(state: Document, c: cmd.RecordPenaltyChange, ctx: Context) -> list[DomainEvent]:
    if state.kind is not DocumentKind.PENALTY_DECISION:
        raise RuleViolation("only a penalty decision is changed, revoked or voided here", code="R-DOC-DUAL")
    if state.penalty_change is not None:
        raise StepOutOfOrder(f"the decision was already {state.penalty_change.change}", code="R-DOC-DUAL")
    step_dated(c.changed_on, state.formed_on, ctx, "changed_on", "R-DOC-DUAL")
    not_blank(c.reason, "reason")
    return [next_event(ev.PenaltyChanged, state, ctx, change=c.change, changed_on=c.changed_on, reason=c.reason)]


def _with_validity(state: Document) -> None:
    if not state.kind.has_validity:
        raise RuleViolation(
            f"a {state.kind} document has no validity period: only regulations and normative documents",
            code="R-REPORT",
        )
    if state.repealed_on is not None:
        raise StepOutOfOrder(f"it was repealed on {state.repealed_on}", code="R-REPORT")


@_DECIDERS.decides(cmd.SetValidity)
def _set_validity(state: Document, c: cmd.SetValidity, ctx: Context) -> list[DomainEvent]:
    """有效期: in force from its issue; a term set again (an extension) only before the term it replaces ends."""
    _with_validity(state)
    if state.valid_until is not None and state.valid_until < ctx.today:
        message = f"its term ended on {state.valid_until}: an expired document is replaced, not extended"
        raise StepOutOfOrder(message, code="R-REPORT")
    if c.effective_on < state.formed_on:
        raise RuleViolation(
            f"effective_on {c.effective_on} is before its issue on {state.formed_on}", code="R-REPORT",
            field="effective_on",
        )  # fmt: skip
    if c.valid_until is not None and c.valid_until < c.effective_on:
        message = f"valid_until {c.valid_until} is before it takes effect on {c.effective_on}"
        raise InvalidValue(message, field="valid_until")
    if state.valid_until is not None and c.valid_until is not None and c.valid_until < ctx.today:
        # A term first recorded late may have ended already; one running is ended by a repeal, not cut into the past.
        message = f"its term runs to {state.valid_until}: end it early by repealing it, not by a term ended already"
        raise RuleViolation(message, code="R-REPORT", field="valid_until")
    fields = {"effective_on": c.effective_on, "valid_until": c.valid_until}
    return [next_event(ev.ValiditySet, state, ctx, **fields)]


@_DECIDERS.decides(cmd.RecordRepeal)
def _repeal(state: Document, c: cmd.RecordRepeal, ctx: Context) -> list[DomainEvent]:
    """废止: a document in force (it went out, and its term has not ended) is repealed once."""
    _with_validity(state)
    if state.first_published_on is None:
        raise StepOutOfOrder("a document never published was never in force: nothing to repeal", code="R-REPORT")
    step_dated(c.repealed_on, state.first_published_on, ctx, "repealed_on", "R-REPORT")  # in force once out
    if state.valid_until is not None and c.repealed_on > state.valid_until:
        message = f"its term ended on {state.valid_until}: it expired, and was not in force on {c.repealed_on}"
        raise RuleViolation(message, code="R-REPORT", field="repealed_on")
    not_blank(c.reason, "reason")
    return [next_event(ev.Repealed, state, ctx, repealed_on=c.repealed_on, reason=c.reason)]


@_DECIDERS.decides(reviews.FileReview)
def _file_review(state: Document, c: reviews.FileReview, ctx: Context) -> list[DomainEvent]:
    if c.against not in (None, ReviewTarget.PROACTIVE_DISCLOSURE):
        raise InvalidValue("a document's proactive disclosure is what is challenged on it", field="against")
    review_id = reviews.check_filing(state.challenges, c, ReviewTarget.PROACTIVE_DISCLOSURE, state.formed_on, ctx)
    fields = {"kind": c.kind, "filed_on": c.filed_on, "body": c.body, "follows": c.follows}
    return [
        next_event(ev.ReviewFiled, state, ctx, review_id=review_id, against=ReviewTarget.PROACTIVE_DISCLOSURE, **fields)
    ]


@_DECIDERS.decides(reviews.DecideReview)
def _decide_review(state: Document, c: reviews.DecideReview, ctx: Context) -> list[DomainEvent]:
    reviews.check_decision(state.challenges, c, ctx)
    fields = {"review_id": c.review_id, "result": c.result, "decided_on": c.decided_on}
    return [next_event(ev.ReviewDecided, state, ctx, **fields)]


def attach_interpretation(policy: Document, interpretation: Document, ctx: Context) -> list[DomainEvent]:
    """Attach an interpretation to the policy's current revision (R-DOC-INTERPRET)."""
    if not policy.kind.needs_interpretation:
        raise RuleViolation(f"a {policy.kind} document takes no interpretation", code="R-DOC-INTERPRET")
    if interpretation.kind is not DocumentKind.INTERPRETATION or interpretation.interprets != policy.id:
        raise RuleViolation(
            "attach an interpretation registered for this policy", code="R-DOC-INTERPRET", field="interpretation_id"
        )
    if interpretation.organ != policy.organ:
        raise RuleViolation(
            "a policy is interpreted by its own organ", code="R-DOC-INTERPRET", field="interpretation_id"
        )
    if interpretation.id in policy.interpretations_of_current_revision():
        raise StepOutOfOrder("that interpretation is attached to this revision already", code="R-DOC-INTERPRET")
    fields = {"interpretation_id": interpretation.id, "policy_revision": policy.current.number}
    return [next_event(ev.InterpretationAttached, policy, ctx, **fields)]


def detach_interpretation(
    policy: Document, interpretation: Document, command: cmd.DetachInterpretation, ctx: Context
) -> list[DomainEvent]:
    """Detach an interpretation from the policy's current revision while it is not out (R-DOC-INTERPRET): one
    attached in error would otherwise go out with the policy, or hold its publication up. One that is out is
    withdrawn instead, so that the public record shows it was taken down."""
    if interpretation.id not in policy.interpretations_of_current_revision():
        raise StepOutOfOrder(
            f"that interpretation is not attached to revision {policy.current.number}",
            code="R-DOC-INTERPRET",
            field="interpretation_id",
        )
    if interpretation.is_published:
        raise StepOutOfOrder("an interpretation that is out is withdrawn, not detached", code="R-DOC-INTERPRET")
    not_blank(command.reason, "reason")
    fields = {"interpretation_id": interpretation.id, "policy_revision": policy.current.number}
    return [next_event(ev.InterpretationDetached, policy, ctx, **fields, reason=command.reason)]


def _check_publishable(doc: Document, published_on: date, ctx: Context) -> None:
    if doc.penalty_change is not None:
        raise RuleViolation(
            f"the penalty decision was {doc.penalty_change.change} on {doc.penalty_change.changed_on}",
            code="R-DOC-DUAL",
        )
    if doc.attribute is not DisclosureAttribute.PROACTIVE:
        raise RuleViolation(
            f"“{doc.title}” is not set for proactive disclosure (attribute: {doc.attribute})", code="R-DOC-ATTR"
        )
    if doc.current_revision_is_out:
        raise StepOutOfOrder(f"revision {doc.current.number} of “{doc.title}” is published already")
    revision = doc.current
    if not (revision.confidentiality and revision.confidentiality.passed):
        raise RuleViolation(
            f"revision {revision.number} of “{doc.title}” has not passed confidentiality review", code="R-DOC-SECRET"
        )
    if not (revision.disclosure and revision.disclosure.passed):
        raise RuleViolation(
            f"revision {revision.number} of “{doc.title}” is not approved in disclosure review", code="R-DOC-REVIEW"
        )
    for review in (revision.confidentiality, revision.disclosure):
        if review.reviewer.person_id == revision.drafter_id:
            raise NotPermitted("the drafter reviewed their own revision", code="R-DOC-SOD")
    # 先审查、后公开: out on or after its revision, its reviews, and any earlier withdrawal.
    facts = (
        doc.formed_on,
        revision.changed_on,
        _day(revision.disclosure),
        _day(revision.confidentiality),
        doc.withdrawn_on,
    )
    step_dated(published_on, max(d for d in facts if d is not None), ctx, "published_on", "R-DOC-REVIEW")


def publish(
    doc: Document,
    command: cmd.PublishDocument,
    catalogue: Catalogue | None,
    related: Mapping[UUID, Document],
    ctx: Context,
) -> list[DomainEvent]:
    """Publish the current revision; a policy and its interpretations in one atomic step (R-DOC-*).

    `related` holds the policy of an interpretation, and the interpretations attached to a policy.
    """
    _check_publishable(doc, command.published_on, ctx)
    column = _column(catalogue, doc, command.column_id)
    if doc.kind is DocumentKind.NORMATIVE and doc.has_service_items and not doc.service_links:
        raise RuleViolation("a normative document with service items carries its links (阅办联动)", code="R-DOC-LINK")
    if not command.channels or any(not ch.strip() for ch in command.channels):
        raise InvalidValue("name at least one channel, e.g. portal", field="channels")
    together = _published_together(doc, related, command.published_on, ctx)
    events: list[DomainEvent] = [
        _published(doc, column.column_id, column.name, command, tuple(i.id for i in together), ctx)
    ]
    side_column = _column(catalogue, doc, command.interpretation_column_id or command.column_id)
    for interpretation in together:
        events.append(_published(interpretation, side_column.column_id, side_column.name, command, (doc.id,), ctx))
    if doc.kind is DocumentKind.INTERPRETATION and doc.interprets is not None:
        events += _follow_up_attached(related[doc.interprets], doc, ctx)
    return events


def _follow_up_attached(policy: Document, interpretation: Document, ctx: Context) -> list[DomainEvent]:
    """跟踪解读: a follow-up interpretation published alone is attached, in the same step, to the revision of its policy
    that is out, so that withdrawing the policy takes it down too (R-DOC-INTERPRET)."""
    assert policy.publication is not None
    revision = policy.publication.revision
    if any(a == Attachment(interpretation.id, revision) for a in policy.interpretations):
        return []
    fields = {"interpretation_id": interpretation.id, "policy_revision": revision}
    return [next_event(ev.InterpretationAttached, policy, ctx, **fields)]


def _column(catalogue: Catalogue | None, doc: Document, column_id: str) -> Column:
    if catalogue is None or catalogue.organ != doc.organ:
        raise RuleViolation(f"{doc.organ} has no disclosure catalogue yet", code="R-DOC-CATALOG", field="column_id")
    return catalogue.open_column(column_id)


def _published_together(doc: Document, related: Mapping[UUID, Document], on: date, ctx: Context) -> list[Document]:
    if doc.kind is DocumentKind.INTERPRETATION:
        policy = related.get(doc.interprets) if doc.interprets else None
        if policy is None or not policy.kind.needs_interpretation or policy.organ != doc.organ:
            raise RuleViolation(
                "an interpretation interprets a policy or normative document of its own organ", code="R-DOC-INTERPRET"
            )
        if not policy.is_published:
            raise RuleViolation(
                "an interpretation is published with its policy; alone only as a follow-up to a published policy",
                code="R-DOC-INTERPRET",
            )
        return []
    if not doc.kind.needs_interpretation:
        return []
    attached = [related[i] for i in doc.interpretations_of_current_revision() if i in related]
    if not attached:
        raise RuleViolation(
            f"a {doc.kind} document is published with an approved interpretation of revision {doc.current.number}",
            code="R-DOC-INTERPRET",
        )
    together = [i for i in attached if not i.current_revision_is_out]
    if not together:
        # One already out went with an earlier publication, not with this one.
        raise RuleViolation(
            f"the interpretations attached to revision {doc.current.number} are out already; "
            "revise one to go out with it",
            code="R-DOC-INTERPRET",
        )
    for interpretation in together:
        try:
            _check_publishable(interpretation, on, ctx)
        except RuleViolation as refusal:
            raise RuleViolation(f"its interpretation: {refusal.message}", code="R-DOC-INTERPRET") from None
    return together


def _published(
    doc: Document,
    column_id: str,
    column_name: str,
    command: cmd.PublishDocument,
    others: tuple[UUID, ...],
    ctx: Context,
) -> ev.Published:
    return next_event(
        ev.Published,
        doc,
        ctx,
        revision=doc.current.number,
        column_id=column_id,
        column_name=column_name,
        channels=tuple(ch.strip() for ch in command.channels),
        published_on=command.published_on,
        published_with=others,
    )
