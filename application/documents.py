"""Use cases on documents: get, decide, save; and reading a document as it stood."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

import attrs

from application.calendar import CalendarBook, Contexts
from application.catalogues import find_catalogue
from application.errors import NotFound
from application.permissions import Operation, acting, document_step
from application.ports import Clock, EventStore
from application.replay import replay
from application.saving import Decision, after, decide_and_save, decide_on_remembered
from application.settings import Settings
from application.streams import DOCUMENT
from domain.actors import Actor
from domain.context import Context
from domain.document import commands as cmd
from domain.document import decisions
from domain.document import events as ev
from domain.document.deadlines import Deadline, deadlines
from domain.document.state import Document
from domain.events import DomainEvent
from domain.staff import Credential


@attrs.frozen
class DocumentSaved:
    """A document's new version and the log position of the step's last event."""

    document_id: UUID
    version: int
    position: int
    state: Document
    events: list[DomainEvent]
    """The events the step recorded on this document."""


@attrs.frozen
class DocumentView:
    """A document with its current text, open deadlines and full history."""

    state: Document
    text: str
    """The text of the current revision."""
    deadlines: tuple[Deadline, ...]
    history: tuple[DomainEvent, ...]


def current_text(history: Iterable[DomainEvent]) -> str:
    """The text of the latest revision in a document's history."""
    texts = [e.text for e in history if isinstance(e, ev.Registered | ev.Revised)]
    return texts[-1]


class Documents:
    """Documents from registration to publication, withdrawal and correction."""

    def __init__(self, store: EventStore, calendar: CalendarBook, clock: Clock, settings: Settings) -> None:
        self._store = store
        self._calendar = calendar
        self._settings = settings
        self._contexts = Contexts(calendar, clock, settings)

    def _context(self, actor: Actor, organ: str) -> Context:
        return self._contexts.for_actor(actor, organ)

    def _saved(self, document_id: UUID, position: int, decision: Decision) -> DocumentSaved:
        state: Document = next(s for _, s in decision.states if s.id == document_id)
        events = [e for e in decision.events if e.originator_id == document_id]
        return DocumentSaved(document_id, state.version, position, state, events)

    def register(self, command: cmd.RegisterDocument, credential: Credential) -> DocumentSaved:
        """Register a drafted document."""
        actor = acting(credential, Operation.DRAFT)

        def decide() -> Decision:
            event = decisions.register(command, self._context(actor, command.organ))
            return Decision([event], [(DOCUMENT, after(DOCUMENT, None, [event]))])

        position, decision = decide_and_save(self._store, decide)
        return self._saved(command.document_id, position, decision)

    def execute(self, document_id: UUID, command: cmd.Command, credential: Credential) -> DocumentSaved:
        """A command on one document."""
        actor = acting(credential, document_step(command))

        def decide(state: Document) -> Decision:
            events = decisions.decide(state, command, self._context(actor, state.organ))
            return Decision(events, [(DOCUMENT, after(DOCUMENT, state, events))])

        position, decision = decide_on_remembered(self._store, DOCUMENT, document_id, decide)
        return self._saved(document_id, position, decision)

    def attach_interpretation(self, policy_id: UUID, interpretation_id: UUID, credential: Credential) -> DocumentSaved:
        """Attach an interpretation to the current revision of a policy."""
        actor = acting(credential, Operation.DRAFT)

        def decide() -> Decision:
            policy = self.get(policy_id)
            interpretation = self._related(interpretation_id, "interpretation_id")
            events = decisions.attach_interpretation(policy, interpretation, self._context(actor, policy.organ))
            return Decision(events, [(DOCUMENT, after(DOCUMENT, policy, events))])

        position, decision = decide_and_save(self._store, decide)
        return self._saved(policy_id, position, decision)

    def detach_interpretation(
        self, policy_id: UUID, command: cmd.DetachInterpretation, credential: Credential
    ) -> DocumentSaved:
        """Detach an interpretation not yet out from the current revision of a policy."""
        actor = acting(credential, Operation.DRAFT)

        def decide() -> Decision:
            policy = self.get(policy_id)
            interpretation = self._related(command.interpretation_id, "interpretation_id")
            events = decisions.detach_interpretation(
                policy, interpretation, command, self._context(actor, policy.organ)
            )
            return Decision(events, [(DOCUMENT, after(DOCUMENT, policy, events))])

        position, decision = decide_and_save(self._store, decide)
        return self._saved(policy_id, position, decision)

    def publish(self, document_id: UUID, command: cmd.PublishDocument, credential: Credential) -> DocumentSaved:
        """Publish a document, and a policy's interpretations with it, in one transaction."""
        actor = acting(credential, Operation.PUBLISH)

        def decide() -> Decision:
            doc = self.get(document_id)
            related_ids = [a.interpretation_id for a in doc.interpretations]
            if doc.interprets is not None:
                related_ids.append(doc.interprets)
            related = {i: self._related(i, "interprets") for i in dict.fromkeys(related_ids)}
            found = find_catalogue(self._store, doc.organ)
            events = decisions.publish(doc, command, found, related, self._context(actor, doc.organ))
            return _together(doc, related.values(), events)

        position, decision = decide_and_save(self._store, decide)
        return self._saved(document_id, position, decision)

    def withdraw(self, document_id: UUID, command: cmd.WithdrawDocument, credential: Credential) -> DocumentSaved:
        """Withdraw a published document, and a policy's interpretations that are out with it, in one transaction."""
        actor = acting(credential, Operation.PUBLISH)

        def decide() -> Decision:
            doc = self.get(document_id)
            attached = [self.get(i) for i in dict.fromkeys(a.interpretation_id for a in doc.interpretations)]
            events = decisions.withdraw(doc, command, attached, self._context(actor, doc.organ))
            return _together(doc, attached, events)

        position, decision = decide_and_save(self._store, decide)
        return self._saved(document_id, position, decision)

    def _related(self, document_id: UUID, field: str) -> Document:
        try:
            return self.get(document_id)
        except NotFound as missing:
            raise NotFound(missing.message, field=field) from None

    def get(self, document_id: UUID) -> Document:
        """The current state."""
        return self._store.load(DOCUMENT, document_id)

    def view(
        self,
        document_id: UUID,
        credential: Credential,
        *,
        version: int | None = None,
        moment: datetime | None = None,
        saved: DocumentSaved | None = None,
    ) -> DocumentView:
        """The document with its open deadlines, now or as it stood at a version or moment.

        After a step, pass what it `saved`: the view is that state's, with the history up to its version (documents
        change seldom, so reading it back costs less than a client reading the case again).
        """
        acting(credential, Operation.READ_DOCUMENTS)
        if saved is not None:
            rules = self._settings.document_rules(saved.state.organ)
            history = self._store.history(document_id, up_to_version=saved.version)
            open_deadlines = deadlines(saved.state, self._calendar.current(), rules)
            return DocumentView(saved.state, current_text(history), open_deadlines, tuple(history))
        found = replay(self._store, self._calendar, DOCUMENT, document_id, version=version, moment=moment)
        rules = self._settings.document_rules(found.state.organ)
        return DocumentView(
            found.state,
            current_text(found.history),
            deadlines(found.state, found.calendar, rules),
            tuple(found.history),
        )


def _together(doc: Document, others: Iterable[Document], events: list[DomainEvent]) -> Decision:
    """The events of one step over a document and the others it touched, with the new state of each touched."""
    touched = [doc, *others]
    states = [(DOCUMENT, after(DOCUMENT, d, events)) for d in touched if any(e.originator_id == d.id for e in events)]
    return Decision(events, states)
