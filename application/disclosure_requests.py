"""Use cases on disclosure requests: get, decide, save; and reading a case as it stood."""

from __future__ import annotations

import threading
from datetime import date, datetime
from typing import Any
from uuid import UUID

import attrs

from application.calendar import CalendarBook, Contexts
from application.errors import NotFound
from application.permissions import Operation, acting, permits, request_step
from application.personal_data import Intake, NewPersonEachTime, People
from application.ports import ApplicantKeys, Clock, EventStore
from application.replay import replay
from application.request_view import RequestView, build_view
from application.saving import Decision, after, decide_and_save, decide_on_remembered
from application.settings import Settings
from application.streams import DISCLOSURE_REQUEST, REQUEST_REGISTER, StreamType
from domain.actors import Actor
from domain.calendar import business_date
from domain.context import Context
from domain.disclosure_request import commands as cmd
from domain.disclosure_request import register
from domain.disclosure_request.decisions import decide, receipt_date, receive, send_fee_notice
from domain.disclosure_request.state import DisclosureRequest
from domain.events import DomainEvent
from domain.staff import Credential

RECEIPT_ATTEMPTS = 10
"""A receipt (and a per-item fee notice) also writes its organ's register, which every clerk of the organ writes.
Within one process they take turns at it (`_RegisterTurns`), so only other processes' clerks conflict: enough
attempts that clerks registering at the same moment never refuse each other."""


class _RegisterTurns:
    """One lock per organ: this process's writers of an organ's register wait their turn instead of colliding.

    Eight threads receiving for one organ at once would otherwise all decide on the same register, one would win, and
    the other seven would read again and retry; on a slow machine a thread could lose ten rounds in a row.
    """

    def __init__(self) -> None:
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def of(self, organ: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(organ, threading.Lock())


@attrs.frozen
class Saved:
    """The outcome of a command: the case's new state and version, and the log position of its last event."""

    request_id: UUID
    version: int
    position: int
    state: DisclosureRequest
    events: list[DomainEvent]


class DisclosureRequests:
    """依申请公开 use cases."""

    def __init__(
        self,
        store: EventStore,
        calendar: CalendarBook,
        clock: Clock,
        settings: Settings,
        keys: ApplicantKeys,
        people: People | None = None,
    ) -> None:
        self._store = store
        self._calendar = calendar
        self._settings = settings
        self._clock = clock
        self._keys = keys
        self._intake = Intake(people or NewPersonEachTime(), keys)
        self._contexts = Contexts(calendar, clock, settings)
        self._register_turns = _RegisterTurns()

    def _context(self, actor: Actor, organ: str) -> Context:
        return self._contexts.for_actor(actor, organ)

    def receive(self, command: cmd.ReceiveRequest, credential: Credential) -> Saved:
        """Register an application, numbered in its organ's register of the receipt year."""
        actor = acting(credential, Operation.RECEIVE_REQUEST)
        command = self._intake.identified(command)
        key = self._keys.key(command.applicant, command.applicant_type)

        def decide_receipt() -> Decision:
            ctx = self._context(actor, command.organ)
            received_on = receipt_date(command, ctx)
            book = self._register(command.organ, received_on.year)
            entry = register.assign_number(
                book, command.organ, command.request_id, received_on, key, command.items, ctx
            )
            event = receive(command, register.registration_number(entry.year, entry.number), key, ctx)
            states: list[tuple[StreamType[Any], Any]] = [
                (DISCLOSURE_REQUEST, after(DISCLOSURE_REQUEST, None, [event])),
                (REQUEST_REGISTER, after(REQUEST_REGISTER, book, [entry])),
            ]
            return Decision([event, entry], states)

        with self._register_turns.of(command.organ):
            return self._saved(*decide_and_save(self._store, decide_receipt, RECEIPT_ATTEMPTS))

    def execute(self, request_id: UUID, command: cmd.Command | cmd.SendFeeNotice, credential: Credential) -> Saved:
        """Decide a command on the case as it stands and save; a conflict is retried once, then reported."""
        if isinstance(command, cmd.SendFeeNotice):
            return self.send_fee_notice(request_id, command, credential)
        actor = acting(credential, request_step(command))
        command = self._intake.identified(command)  # a third party consulted is a person too

        def decide_step(state: DisclosureRequest) -> Decision:
            events = decide(state, command, self._context(actor, state.organ))
            return Decision(events, [(DISCLOSURE_REQUEST, after(DISCLOSURE_REQUEST, state, events))])

        return self._saved(*decide_on_remembered(self._store, DISCLOSURE_REQUEST, request_id, decide_step))

    def send_fee_notice(self, request_id: UUID, command: cmd.SendFeeNotice, credential: Credential) -> Saved:
        """Send a fee notice; the per-item scale counts the applicant's earlier items that month from the register."""
        actor = acting(credential, request_step(command))

        def decide_notice() -> Decision:
            state = self.get(request_id)
            book = self._register(state.organ, state.receipt_date.year)
            events = send_fee_notice(state, command, book, self._context(actor, state.organ))
            states: list[tuple[StreamType[Any], Any]] = [(DISCLOSURE_REQUEST, after(DISCLOSURE_REQUEST, state, events))]
            if book is not None and any(e.originator_id == book.id for e in events):
                states.append((REQUEST_REGISTER, after(REQUEST_REGISTER, book, events)))
            return Decision(events, states)

        # A per-item notice may recount the application in the register, which every receipt of the organ writes.
        with self._register_turns.of(self.get(request_id).organ):
            return self._saved(*decide_and_save(self._store, decide_notice, RECEIPT_ATTEMPTS))

    def _register(self, organ: str, year: int) -> register.Register | None:
        try:
            return self._store.load(REQUEST_REGISTER, register.register_id(organ, year))
        except NotFound:
            return None

    def _today(self) -> date:
        return business_date(self._clock.now())

    @staticmethod
    def _saved(position: int, decision: Decision) -> Saved:
        state: DisclosureRequest = decision.states[0][1]
        events = [e for e in decision.events if e.originator_id == state.id]
        return Saved(state.id, state.version, position, state, events)

    def get(self, request_id: UUID) -> DisclosureRequest:
        """The current state."""
        return self._store.load(DISCLOSURE_REQUEST, request_id)

    def view(
        self,
        request_id: UUID,
        credential: Credential,
        *,
        version: int | None = None,
        moment: datetime | None = None,
        saved: Saved | None = None,
    ) -> RequestView:
        """The case with its due dates and their derivation, now or as it stood, with personal data only for those
        who may read it.

        After a step, pass what it `saved`: the view is then built from that state, and its history holds
        only the events the step recorded, sparing two reads of the store.
        """
        acting(credential, Operation.READ_REQUESTS)
        personal = permits(credential, Operation.READ_APPLICANTS)
        if saved is not None:
            rules = self._settings.request_rules(saved.state.organ)
            calendar = self._calendar.current()
            return build_view(saved.state, saved.events, calendar, rules, self._today(), False, personal)
        if version is None and moment is None:
            state = self.get(request_id)
            history = self._store.history(request_id)
            calendar = self._calendar.current()
        else:
            found = replay(self._store, self._calendar, DISCLOSURE_REQUEST, request_id, version=version, moment=moment)
            state, history, calendar = found.state, found.history, found.calendar
        rules = self._settings.request_rules(state.organ)
        return build_view(state, history, calendar, rules, self._today(), personal_data=personal)
