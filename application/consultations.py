"""Use cases on consultations (征求意见): open one on a draft, take comments from the public and from staff, dispose of
each, publish the adoption report; read a consultation as staff and as the public see it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import attrs

from application.calendar import CalendarBook, Contexts
from application.documents import current_text
from application.errors import NotFound
from application.permissions import Operation, acting, permits
from application.personal_data import Intake, NewPersonEachTime, People
from application.ports import ApplicantKeys, Clock, EventStore
from application.saving import Decision, after, decide_and_save
from application.settings import Settings
from application.streams import (
    CONSULTATION,
    CONSULTATION_COMMENT,
    CONSULTATION_COMMENT_BOX,
    DOCUMENT,
    StreamType,
)
from domain.actors import SYSTEM, Actor
from domain.consultation import commands as cmd
from domain.consultation import decisions
from domain.consultation.rules import ConsultationRules
from domain.consultation.state import COMMENT_BOXES, Comment, CommentBox, Consultation, box_id, box_number
from domain.consultation.values import CommentChannel
from domain.context import Context
from domain.document.state import Document
from domain.events import DomainEvent
from domain.personal_data import PersonalData
from domain.staff import Credential

ONLINE_FORM = attrs.evolve(SYSTEM, person_id="public", name="网上征求意见")
"""Who records a comment sent through the public endpoint: the software, on the commenter's behalf."""
COMMENT_ATTEMPTS = 40
"""A comment also writes one of its consultation's comment boxes, which other commenters write at the same moment:
enough attempts that commenters never refuse each other (300 at once against two serving processes on a loaded
machine once needed more than 10: each box then takes about 40 of them, one after another)."""


@attrs.frozen
class ConsultationSaved:
    """A step's outcome: the stream it was about, its new version, and the log position of the step's last event."""

    id: UUID
    version: int
    position: int
    events: list[DomainEvent]


@attrs.frozen
class CommentView:
    """A comment as one reader sees it: the commenter only for those who may read commenters' personal data."""

    comment: Comment
    commenter: PersonalData | None


@attrs.frozen
class ConsultationView:
    """A consultation with every comment listed in its boxes, oldest first."""

    state: Consultation
    comments: tuple[CommentView, ...]


class Consultations:
    """政策征求意见 use cases."""

    def __init__(
        self,
        store: EventStore,
        calendar: CalendarBook,
        clock: Clock,
        settings: Settings,
        keys: ApplicantKeys,
        people: People | None = None,
        rules: Callable[[str], ConsultationRules] | None = None,
    ) -> None:
        self._store = store
        self._contexts = Contexts(calendar, clock, settings)
        self._intake = Intake(people or NewPersonEachTime(), keys)
        self._rules = rules or (lambda organ: ConsultationRules())

    def _context(self, actor: Actor, organ: str) -> Context:
        return self._contexts.for_actor(actor, organ)

    def open(self, command: cmd.OpenConsultation, credential: Credential) -> ConsultationSaved:
        """Open a consultation on the current draft revision of a document (R-CON-DRAFT, R-CON-PERIOD)."""
        actor = acting(credential, Operation.OPEN_CONSULTATION)

        def decide() -> Decision:
            document = self._document(command.document_id, "document_id")
            text = current_text(self._store.history(document.id, up_to_version=document.version))
            ctx = self._context(actor, document.organ)
            event = decisions.open_consultation(document, text, command, ctx, self._rules(document.organ))
            return Decision([event], [(CONSULTATION, after(CONSULTATION, None, [event]))])

        return _saved(command.consultation_id, *decide_and_save(self._store, decide))

    def receive(self, consultation_id: UUID, command: cmd.SubmitComment, credential: Credential) -> ConsultationSaved:
        """Enter a comment that came by letter, phone, e-mail, fax or in person."""
        return self._receive(consultation_id, command, acting(credential, Operation.RECEIVE_COMMENT))

    def comment_online(
        self, consultation_id: UUID, comment_id: UUID, commenter: PersonalData, text: str
    ) -> ConsultationSaved:
        """A comment sent through the public endpoint, received now."""
        command = cmd.SubmitComment(
            comment_id=comment_id, channel=CommentChannel.ONLINE, commenter=commenter, comment=text
        )
        return self._receive(consultation_id, command, ONLINE_FORM)

    def _receive(self, consultation_id: UUID, command: cmd.SubmitComment, actor: Actor) -> ConsultationSaved:
        command = self._intake.identified(command)

        def decide() -> Decision:
            consultation = self.get(consultation_id)
            box = self._box(consultation_id, box_number(command.comment_id))
            events = decisions.receive_comment(consultation, box, command, self._context(actor, consultation.organ))
            states: list[tuple[StreamType[Any], Any]] = [
                (CONSULTATION_COMMENT, after(CONSULTATION_COMMENT, None, events)),
                (CONSULTATION_COMMENT_BOX, after(CONSULTATION_COMMENT_BOX, box, events[1:])),
            ]
            return Decision(events, states)

        return _saved(command.comment_id, *decide_and_save(self._store, decide, COMMENT_ATTEMPTS))

    def dispose(
        self, consultation_id: UUID, comment_id: UUID, command: cmd.DisposeComment, credential: Credential
    ) -> ConsultationSaved:
        """Give a comment of the consultation its one disposition, with the reason (R-CON-ADOPT)."""
        actor = acting(credential, Operation.DISPOSE_COMMENT)

        def decide() -> Decision:
            comment = self.comment(comment_id)
            if comment.consultation_id != consultation_id:
                raise NotFound(f"consultation {consultation_id} has no comment {comment_id}")
            consultation = self.get(consultation_id)
            events = decisions.dispose(comment, consultation, command, self._context(actor, consultation.organ))
            return Decision(events, [(CONSULTATION_COMMENT, after(CONSULTATION_COMMENT, comment, events))])

        return _saved(comment_id, *decide_and_save(self._store, decide))

    def publish_report(
        self, consultation_id: UUID, command: cmd.PublishAdoptionReport, credential: Credential
    ) -> ConsultationSaved:
        """Publish the adoption report and seal the comment boxes in one step (R-CON-ADOPT)."""
        actor = acting(credential, Operation.PUBLISH_ADOPTION_REPORT)

        def decide() -> Decision:
            consultation = self.get(consultation_id)
            document = self._document(consultation.document_id, "document_id")
            boxes = self._boxes(consultation_id)
            comments = {c.id: c for c in self._comments(boxes)}
            ctx = self._context(actor, consultation.organ)
            events = decisions.publish_report(consultation, document, boxes, comments, command, ctx)
            states: list[tuple[StreamType[Any], Any]] = [(CONSULTATION, after(CONSULTATION, consultation, events))]
            for number, box in boxes.items():
                sealed = [e for e in events if e.originator_id == box_id(consultation_id, number)]
                states.append((CONSULTATION_COMMENT_BOX, after(CONSULTATION_COMMENT_BOX, box, sealed)))
            return Decision(events, states)

        return _saved(consultation_id, *decide_and_save(self._store, decide))

    def get(self, consultation_id: UUID) -> Consultation:
        """The consultation as it stands; NotFound if there is none."""
        return self._store.load(CONSULTATION, consultation_id)

    def comment(self, comment_id: UUID) -> Comment:
        """A comment as it stands; NotFound if there is none."""
        return self._store.load(CONSULTATION_COMMENT, comment_id)

    def view(self, consultation_id: UUID, credential: Credential) -> ConsultationView:
        """A consultation with its comments; who commented only for those who may read it."""
        acting(credential, Operation.READ_CONSULTATIONS)
        shown = permits(credential, Operation.READ_COMMENTERS)
        consultation = self.get(consultation_id)
        comments = self._comments(self._boxes(consultation_id))
        views = tuple(CommentView(c, c.commenter if shown else None) for c in comments)
        return ConsultationView(consultation, views)

    def view_comment(self, comment_id: UUID, credential: Credential) -> CommentView:
        """One comment; who made it only for those who may read it."""
        acting(credential, Operation.READ_CONSULTATIONS)
        comment = self.comment(comment_id)
        return CommentView(comment, comment.commenter if permits(credential, Operation.READ_COMMENTERS) else None)

    def _document(self, document_id: UUID, field: str) -> Document:
        try:
            return self._store.load(DOCUMENT, document_id)
        except NotFound as missing:
            raise NotFound(missing.message, field=field) from None

    def _box(self, consultation_id: UUID, number: int) -> CommentBox | None:
        try:
            return self._store.load(CONSULTATION_COMMENT_BOX, box_id(consultation_id, number))
        except NotFound:
            return None

    def _boxes(self, consultation_id: UUID) -> dict[int, CommentBox | None]:
        return {number: self._box(consultation_id, number) for number in range(COMMENT_BOXES)}

    def _comments(self, boxes: dict[int, CommentBox | None]) -> list[Comment]:
        """Every comment the boxes list, oldest first."""
        ids = [i for box in boxes.values() if box is not None for i in box.comment_ids]
        comments = [self.comment(i) for i in ids]
        return sorted(comments, key=lambda c: (c.received_at, str(c.id)))


def _saved(stream_id: UUID, position: int, decision: Decision) -> ConsultationSaved:
    version = max(e.originator_version for e in decision.events if e.originator_id == stream_id)
    return ConsultationSaved(stream_id, version, position, decision.events)
