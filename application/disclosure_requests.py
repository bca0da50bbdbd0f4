"""Use cases on disclosure requests: get, decide, save; and reading a case as it stood."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs

from application.calendar import CalendarBook
from application.errors import ConcurrencyConflict, NotFound
from application.ports import Clock, EventStore
from application.request_view import RequestView, build_view
from application.settings import Settings
from application.streams import DISCLOSURE_REQUEST
from domain.actors import Actor, Role
from domain.calendar import WorkingCalendar, business_date
from domain.context import Context
from domain.disclosure_request import commands as cmd
from domain.disclosure_request.decisions import decide, receive
from domain.disclosure_request.state import DisclosureRequest
from domain.errors import InvalidValue
from domain.events import DomainEvent
from domain.staff import Credential

HANDLING = (Role.CLERK, Role.OFFICE_HEAD)
PERMITTED: dict[type, tuple[Role, ...]] = {
    cmd.GrantExtension: (Role.OFFICE_HEAD,),
    cmd.RecordContact: (*HANDLING, Role.DEPARTMENT_HANDLER),
    cmd.HoldConference: (*HANDLING, Role.DEPARTMENT_HANDLER),
}
"""Who may give each command; every other command takes a clerk or the head of the office."""


@attrs.frozen
class Saved:
    """The outcome of a command: the case's new version and the log position of its last event."""

    request_id: UUID
    version: int
    position: int


@attrs.frozen
class AsOf:
    """A case as it stood at one version, with the calendar as it was known then."""

    state: DisclosureRequest
    history: list[DomainEvent]
    calendar: WorkingCalendar


class DisclosureRequests:
    """依申请公开 use cases."""

    def __init__(self, store: EventStore, calendar: CalendarBook, clock: Clock, settings: Settings) -> None:
        self._store = store
        self._calendar = calendar
        self._clock = clock
        self._settings = settings

    def _context(self, actor: Actor, organ: str) -> Context:
        now = self._clock.now()
        return Context(
            actor=actor,
            now=now,
            today=business_date(now),
            calendar=self._calendar.current(),
            request_rules=self._settings.request_rules(organ),
        )

    def receive(self, command: cmd.ReceiveRequest, credential: Credential) -> Saved:
        """Register a new application."""
        actor = credential.acting_as(HANDLING)
        event = receive(command, self._context(actor, command.organ))
        position = self._store.append([event])
        return Saved(command.request_id, 1, position)

    def execute(self, request_id: UUID, command: cmd.Command, credential: Credential) -> Saved:
        """Decide a command on fresh state and save; a conflict is retried once, then reported."""
        actor = credential.acting_as(PERMITTED.get(type(command), HANDLING))
        for attempt in (1, 2):
            state = self._store.load(DISCLOSURE_REQUEST, request_id)
            events = decide(state, command, self._context(actor, state.organ))
            new_state = state
            for event in events:
                new_state = DISCLOSURE_REQUEST.evolve(new_state, event)
            try:
                position = self._store.append(events, [(DISCLOSURE_REQUEST, new_state)])
            except ConcurrencyConflict:
                if attempt == 2:
                    raise
                continue
            return Saved(request_id, new_state.version, position)
        raise AssertionError("unreachable")  # pragma: no cover

    def get(self, request_id: UUID) -> DisclosureRequest:
        """The current state."""
        return self._store.load(DISCLOSURE_REQUEST, request_id)

    def as_of(self, request_id: UUID, *, version: int | None = None, moment: datetime | None = None) -> AsOf:
        """The case at a version or at a moment, with the calendar as known at that moment."""
        if moment is not None and moment.tzinfo is None:
            raise InvalidValue("as_of needs a UTC offset, e.g. 2025-03-03T18:00:00+08:00", field="as_of")
        history = self._store.history(request_id)
        if not history or not isinstance(history[0], DISCLOSURE_REQUEST.event_types):
            raise NotFound(f"no disclosure request {request_id}")
        if moment is not None:
            history = [e for e in history if e.timestamp <= moment]
            if not history:
                raise NotFound(f"disclosure request {request_id} did not exist at {moment.isoformat()}")
        if version is not None:
            history = history[:version]
        state: DisclosureRequest | None = None
        for event in history:
            state = DISCLOSURE_REQUEST.evolve(state, event)
        assert state is not None
        known_at = moment or (history[-1].timestamp if version is not None else None)
        calendar = self._calendar.as_of(known_at) if known_at else self._calendar.current()
        return AsOf(state, history, calendar)

    def view(self, request_id: UUID, *, version: int | None = None, moment: datetime | None = None) -> RequestView:
        """The case with its due dates and their derivation, now or as it stood."""
        if version is None and moment is None:
            state = self.get(request_id)
            history = self._store.history(request_id)
            calendar = self._calendar.current()
        else:
            found = self.as_of(request_id, version=version, moment=moment)
            state, history, calendar = found.state, found.history, found.calendar
        return build_view(state, history, calendar, self._settings.request_rules(state.organ))
