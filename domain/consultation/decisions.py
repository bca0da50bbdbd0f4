"""Decisions on consultations and comments: states, command and context in, events out, or a refusal naming its
rule."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from uuid import UUID

from domain.consultation import commands as cmd
from domain.consultation import events as ev
from domain.consultation.period import earliest_close
from domain.consultation.rules import ConsultationRules
from domain.consultation.state import COMMENT_BOXES, Comment, CommentBox, Consultation, box_id, box_number
from domain.consultation.values import Disposition, ReportItem
from domain.context import Context
from domain.deciding import first_event, instant_in_past, next_event, not_blank
from domain.document.state import Document
from domain.errors import InvalidValue, RuleViolation, StepOutOfOrder
from domain.events import DomainEvent

LONGEST_PERIOD = timedelta(days=366)
"""A consultation closes within a year of opening: a later day is a typing error."""


def open_consultation(
    document: Document,
    draft_text: str,
    command: cmd.OpenConsultation,
    ctx: Context,
    rules: ConsultationRules,
) -> ev.Opened:
    """Open a consultation on the current draft revision of a policy or normative document (R-CON-DRAFT), for at
    least the period its category needs unless an urgency reason is given (R-CON-PERIOD)."""
    _a_draft(document, command.revision)
    if not command.draft_interpretation.strip():
        raise RuleViolation(
            "a consultation publishes a draft interpretation with the draft",
            code="R-CON-DRAFT",
            field="draft_interpretation",
        )
    if not command.channels:
        raise InvalidValue("name at least one channel for comments", field="channels")
    if len(set(command.channels)) != len(command.channels):
        raise InvalidValue("each channel is named once", field="channels")
    reason = (command.urgency_reason or "").strip() or None
    shortened = _shortened(command, reason, ctx, rules)
    return first_event(
        ev.Opened,
        command.consultation_id,
        ctx,
        organ=document.organ,
        department=document.department,
        document_id=document.id,
        revision=document.current.number,
        category=command.category,
        title=document.title,
        text=draft_text,
        draft_interpretation=command.draft_interpretation,
        opens_on=ctx.today,
        closes_on=command.closes_on,
        channels=command.channels,
        shortened=shortened,
        urgency_reason=reason,
    )


def _a_draft(document: Document, revision: int) -> None:
    if not document.kind.needs_interpretation:
        raise RuleViolation(
            f"a consultation is on a draft policy or normative document, not a {document.kind}",
            code="R-CON-DRAFT",
            field="document_id",
        )
    if revision != document.current.number:
        raise RuleViolation(
            f"revision {revision} is not the document's current revision, {document.current.number}",
            code="R-CON-DRAFT",
            field="revision",
        )
    if document.current_revision_is_out or document.current_revision_withdrawn:
        raise StepOutOfOrder(f"revision {revision} was published: it is no draft", code="R-CON-DRAFT")


def _shortened(command: cmd.OpenConsultation, reason: str | None, ctx: Context, rules: ConsultationRules) -> bool:
    """Whether the period is shorter than the category's minimum, which only a published urgency reason allows."""
    if command.closes_on <= ctx.today:
        raise RuleViolation("a consultation closes after the day it opens", code="R-CON-PERIOD", field="closes_on")
    if command.closes_on > ctx.today + LONGEST_PERIOD:
        raise InvalidValue("a consultation closes within a year of opening", field="closes_on")
    earliest = earliest_close(command.category, ctx.today, ctx.calendar, rules)
    if command.closes_on >= earliest.due:
        return False
    if reason is None:
        raise RuleViolation(
            f"a {command.category} consultation opened on {ctx.today} runs at least until {earliest.due}; "
            "a shorter period needs an urgency reason, which is published with it",
            code="R-CON-PERIOD",
            field="closes_on",
        )
    return True


def receive_comment(
    consultation: Consultation, box: CommentBox | None, command: cmd.SubmitComment, ctx: Context
) -> list[DomainEvent]:
    """Record a comment received while the consultation is open (R-CON-WINDOW), and list it in its box."""
    if not consultation.is_open(ctx.today) or (box is not None and box.sealed):
        raise RuleViolation(
            f"comments are accepted from {consultation.opens_on} through {consultation.closes_on}",
            code="R-CON-WINDOW",
        )
    if command.channel not in consultation.channels:
        named = ", ".join(consultation.channels)
        raise RuleViolation(f"this consultation takes comments by {named}", code="R-CON-WINDOW", field="channel")
    not_blank(command.comment, "comment")
    not_blank(command.commenter.name, "commenter.name")
    received_at = command.received_at or ctx.now
    instant_in_past(received_at, ctx, "received_at")
    if received_at < consultation.opened_at:
        raise RuleViolation("received_at is before the consultation opened", code="R-CON-WINDOW", field="received_at")
    comment = first_event(
        ev.CommentReceived,
        command.comment_id,
        ctx,
        organ=consultation.organ,
        department=consultation.department,
        consultation_id=consultation.id,
        closes_on=consultation.closes_on,
        channel=command.channel,
        received_at=received_at,
        commenter=command.commenter,
        text=command.comment,
    )
    number = box_number(command.comment_id)
    fields = {"organ": consultation.organ, "consultation_id": consultation.id, "number": number}
    if box is None:
        filed = first_event(
            ev.CommentFiled, box_id(consultation.id, number), ctx, comment_id=comment.originator_id, **fields
        )
    else:
        filed = next_event(ev.CommentFiled, box, ctx, comment_id=comment.originator_id, **fields)
    return [comment, filed]


def dispose(
    comment: Comment, consultation: Consultation, command: cmd.DisposeComment, ctx: Context
) -> list[DomainEvent]:
    """Give a comment its one disposition, with a reason (R-CON-ADOPT)."""
    if comment.disposition is not None:
        raise StepOutOfOrder(f"the comment was {comment.disposition} already: one disposition each", code="R-CON-ADOPT")
    if consultation.report is not None:
        raise StepOutOfOrder("the adoption report is published: its dispositions stand", code="R-CON-ADOPT")
    if not command.reason.strip():
        raise RuleViolation("every disposition gives its reason", code="R-CON-ADOPT", field="reason")
    return [
        next_event(
            ev.CommentDisposed,
            comment,
            ctx,
            consultation_id=consultation.id,
            disposition=command.disposition,
            reason=command.reason,
        )
    ]


def publish_report(
    consultation: Consultation,
    document: Document,
    boxes: Mapping[int, CommentBox | None],
    comments: Mapping[UUID, Comment],
    command: cmd.PublishAdoptionReport,
    ctx: Context,
) -> list[DomainEvent]:
    """Publish the adoption report once the consultation has closed, the final document is published and every
    comment has its disposition (R-CON-ADOPT); seal every comment box in the same step."""
    if consultation.report is not None:
        raise StepOutOfOrder(
            f"the adoption report was published on {consultation.report.published_on}", code="R-CON-ADOPT"
        )
    if ctx.today <= consultation.closes_on:
        raise RuleViolation(f"the consultation is open through {consultation.closes_on}", code="R-CON-ADOPT")
    out = document.publication
    if out is None or out.revision < consultation.revision:
        raise RuleViolation("the adoption report follows the final document's publication", code="R-CON-ADOPT")
    listed = [c for number in range(COMMENT_BOXES) if (box := boxes[number]) for c in box.comment_ids]
    waiting = [c for c in listed if comments[c].disposition is None]
    if waiting:
        raise RuleViolation(f"{len(waiting)} comment(s) have no disposition yet", code="R-CON-ADOPT")
    items = tuple(
        ReportItem(c.id, c.disposition, c.reason or "")
        for c in sorted((comments[i] for i in listed), key=lambda c: (c.received_at, str(c.id)))
        if c.disposition is not None
    )
    counts = {d: sum(1 for i in items if i.disposition is d) for d in Disposition}
    report = next_event(
        ev.AdoptionReportPublished,
        consultation,
        ctx,
        published_on=ctx.today,
        document_revision=out.revision,
        adopted=counts[Disposition.ADOPTED],
        partly_adopted=counts[Disposition.PARTLY_ADOPTED],
        not_adopted=counts[Disposition.NOT_ADOPTED],
        items=items,
        summary=command.summary,
    )
    return [report, *_seals(consultation, boxes, ctx)]


def _seals(consultation: Consultation, boxes: Mapping[int, CommentBox | None], ctx: Context) -> list[DomainEvent]:
    """A sealing of every box, empty ones too: a comment decided before the report but saved after it would write
    the same version of its box, so one of the two is refused and decided again (and the comment, now late, refused)."""
    seals: list[DomainEvent] = []
    for number in range(COMMENT_BOXES):
        fields = {"organ": consultation.organ, "consultation_id": consultation.id, "number": number}
        box = boxes[number]
        if box is None:
            seals.append(first_event(ev.BoxSealed, box_id(consultation.id, number), ctx, **fields))
        else:
            seals.append(next_event(ev.BoxSealed, box, ctx, **fields))
    return seals
