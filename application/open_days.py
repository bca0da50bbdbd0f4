"""Use cases on open days: staff plan and run them; the public registers, sees and cancels their own registration by
the code it was given. Each step is get, decide, save."""

from __future__ import annotations

import re
import secrets
from typing import Any
from uuid import UUID

import attrs

from application.calendar import Contexts
from application.errors import NotFound
from application.open_day_board import Board, upcoming
from application.permissions import Operation, acting, permits
from application.personal_data import Intake
from application.ports import ApplicantKeys, EventStore
from application.saving import Decision, after, decide_and_save, decide_on_remembered
from application.streams import OPEN_DAY, OPEN_DAY_CLAIM, OPEN_DAY_REGISTRATION, StreamType
from domain.actors import SYSTEM
from domain.disclosure_request.values import ApplicantType
from domain.errors import DomainError, InvalidValue, RuleViolation
from domain.events import DomainEvent
from domain.open_day import commands as cmd
from domain.open_day import decisions
from domain.open_day.roster import Standing
from domain.open_day.state import Claim, OpenDay, Registration
from domain.open_day.values import claim_id, registration_id
from domain.staff import Credential

REGISTRATION_ATTEMPTS = 3
"""A registration conflicts only on its person's claim: with a claim already there (the first attempt assumes none),
or with the same person's other registration at the same moment; decided again on the claim read, it is taken or
refused as a second registration."""
PUBLIC = SYSTEM
"""Who acts for a member of the public at the public endpoints: the software (the person is the registrant)."""


@attrs.frozen
class OpenDaySaved:
    """An open day after a staff step, and the log position of the step."""

    state: OpenDay
    position: int
    events: list[DomainEvent]


@attrs.frozen
class OpenDayView:
    """An open day with its places taken and its waiting list; the registrants only for those who may read them."""

    state: OpenDay
    confirmed: int
    waiting: int
    registrants: tuple[tuple[Registration, Standing], ...] | None
    position: int


@attrs.frozen
class RegistrationView:
    """A registration as its holder sees it: where it stands, on which open day."""

    code: str | None
    """Given once, in the answer to the registration; never stored (the registration's id is its one-way digest)."""
    registration: Registration
    open_day: OpenDay
    standing: Standing
    places_left: int
    waiting: int
    """The length of the open day's waiting list."""
    position: int


CODE = re.compile(r"[A-Za-z0-9_-]{22,64}")
"""A registration code of the caller's making: at least as long as the server's own (128 random bits)."""


class _SentAgain(Exception):
    """The registration was on the log already: answered again."""

    def __init__(self, registration: Registration) -> None:
        super().__init__(str(registration.id))
        self.registration = registration


def new_code() -> str:
    """A registration code: 128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)


class OpenDays:
    """政府开放活动 use cases."""

    def __init__(
        self, store: EventStore, contexts: Contexts, keys: ApplicantKeys, intake: Intake, board: Board
    ) -> None:
        self._store = store
        self._contexts = contexts
        self._keys = keys
        self._intake = intake
        self.board = board

    def plan(self, command: cmd.PlanOpenDay, credential: Credential) -> OpenDaySaved:
        """Plan an open day."""
        actor = acting(credential, Operation.RUN_OPEN_DAYS)

        def decide() -> Decision:
            event = decisions.plan(command, self._contexts.for_actor(actor, command.organ))
            return Decision([event], [(OPEN_DAY, after(OPEN_DAY, None, [event]))])

        position, decision = decide_and_save(self._store, decide)
        return OpenDaySaved(decision.states[0][1], position, decision.events)

    def execute(self, open_day_id: UUID, command: cmd.Command, credential: Credential) -> OpenDaySaved:
        """A staff step on an open day."""
        actor = acting(credential, Operation.RUN_OPEN_DAYS)

        def decide(state: OpenDay) -> Decision:
            events = decisions.decide(state, command, self._contexts.for_actor(actor, state.organ))
            return Decision(events, [(OPEN_DAY, after(OPEN_DAY, state, events))])

        position, decision = decide_on_remembered(self._store, OPEN_DAY, open_day_id, decide)
        return OpenDaySaved(decision.states[0][1], position, decision.events)

    def view(
        self,
        open_day_id: UUID,
        credential: Credential,
        position: int | None = None,
        page: int = 1,
        page_size: int = 100,
    ) -> OpenDayView:
        """An open day as staff see it, as of the log's head (or a later position a step gave), with one page of its
        registrants in arrival order (those holding places, then those waiting)."""
        acting(credential, Operation.READ_OPEN_DAYS)
        reached = self.board.catch_up(position)
        state = self.board.open_day(open_day_id)
        if state is None:
            raise NotFound(f"no open day {open_day_id}")
        confirmed, waiting = self.board.places(open_day_id)
        registrants = None
        if permits(credential, Operation.READ_REGISTRANTS):
            ids = [*confirmed, *waiting][(page - 1) * page_size : page * page_size]
            registrants = tuple((self._store.load(OPEN_DAY_REGISTRATION, r), self._standing(r)) for r in ids)
        return OpenDayView(state, len(confirmed), len(waiting), registrants, reached)

    def upcoming(self) -> list[tuple[OpenDay, int, int]]:
        """What the public may register for or attend: announced, not cancelled, not yet started."""
        return self.board.listing(upcoming(self._contexts.for_actor(PUBLIC, "").now))

    def public_open_day(self, open_day_id: UUID) -> tuple[OpenDay, int, int]:
        """One open day the public may see; NotFound for one not announced."""
        found = [d for d in self.upcoming() if d[0].id == open_day_id]
        if not found:
            raise NotFound(f"no open day {open_day_id} is open to the public")
        return found[0]

    def register(self, command: cmd.Register, code: str | None = None) -> RegistrationView:
        """Register a member of the public; the answer holds the code that shows and cancels the registration. With a
        code of the caller's making, a registration sent again with it is answered again (its answer may have been
        lost on the way), never refused as the person's second."""
        if code is not None and not CODE.fullmatch(code):
            raise InvalidValue("a registration code is 22 to 64 letters, digits, - and _", field="code")
        code = code or new_code()
        command = attrs.evolve(self._intake.identified(command), registration_id=registration_id(code))
        person_key = self._keys.key(command.registrant, ApplicantType.NATURAL_PERSON)
        if person_key is None:
            raise RuleViolation(
                "an identity document number is needed: one person holds one registration",
                code=decisions.CAPACITY,
                field="registrant.id_number",
            )

        attempts = 0

        def decide() -> Decision:
            nonlocal attempts
            attempts += 1
            ctx = self._contexts.for_actor(PUBLIC, "")
            # Most people register once: the first attempt writes the claim's first version without reading it. A claim
            # that exists (held, or released by a cancellation) makes that save conflict, and the next attempt reads it.
            claim = None if attempts == 1 else self._claim(claim_id(command.open_day_id, person_key))
            if attempts > 1:
                self._sent_again(command, person_key)
            try:
                events = decisions.register(self._open_day(command.open_day_id), claim, command, person_key, ctx)
            except (DomainError, NotFound):
                # Decided on a board a moment old: before refusing, decide again on the log's head (registration may
                # have opened since). What a moment-old board lets through, the roster voids.
                events = decisions.register(
                    self._open_day(command.open_day_id, head=True), claim, command, person_key, ctx
                )
            states: list[tuple[StreamType[Any], Any]] = [
                (OPEN_DAY_REGISTRATION, after(OPEN_DAY_REGISTRATION, None, events[:1])),
                (OPEN_DAY_CLAIM, after(OPEN_DAY_CLAIM, claim, events[1:])),
            ]
            return Decision(events, states)

        try:
            position, decision = decide_and_save(self._store, decide, REGISTRATION_ATTEMPTS)
        except _SentAgain as again:
            return self._view(again.registration, None, code)
        return self._view(decision.states[0][1], position, code)

    def _sent_again(self, command: cmd.Register, person_key: str) -> None:
        """Raise _SentAgain when the registration of this code is on the log already, the same person's for the same
        open day; refuse the code if it is someone else's."""
        try:
            existing = self._store.load(OPEN_DAY_REGISTRATION, command.registration_id)
        except NotFound:
            return
        if existing.person_key != person_key or existing.open_day_id != command.open_day_id:
            raise InvalidValue("this code is another registration's: make another", field="code")
        raise _SentAgain(existing)

    def registration(self, code: str) -> RegistrationView:
        """A registration by its code, as of the log's head."""
        return self._view(self._registration(code), None, None)

    def cancel(self, code: str) -> RegistrationView:
        """Cancel a registration by its code; the first on the waiting list takes its place."""
        registration = self._registration(code)

        def decide() -> Decision:
            state = self._store.load(OPEN_DAY_REGISTRATION, registration.id)
            open_day = self._store.load(OPEN_DAY, state.open_day_id)
            claim = self._store.load(OPEN_DAY_CLAIM, claim_id(state.open_day_id, state.person_key))
            events = decisions.cancel_registration(open_day, state, claim, self._contexts.for_actor(PUBLIC, ""))
            states: list[tuple[StreamType[Any], Any]] = [
                (OPEN_DAY_REGISTRATION, after(OPEN_DAY_REGISTRATION, state, events[:1])),
                (OPEN_DAY_CLAIM, after(OPEN_DAY_CLAIM, claim, events[1:])),
            ]
            return Decision(events, states)

        position, decision = decide_and_save(self._store, decide)
        return self._view(decision.states[0][1], position, None)

    def _registration(self, code: str) -> Registration:
        try:
            return self._store.load(OPEN_DAY_REGISTRATION, registration_id(code))
        except NotFound:
            raise NotFound("no registration has this code") from None

    def _open_day(self, open_day_id: UUID, head: bool = False) -> OpenDay:
        """An open day from the board: as the log's head gives it, or (by default) as a read of the log ended or begun a
        moment ago does, which the registrations that come meanwhile share. Whatever the board gives, a registration
        the log holds where the open day did not take it (closed, cancelled, its window passed or moved) holds no
        place (the roster's rule)."""
        if head:
            self.board.catch_up()
        else:
            self.board.catch_up_unless_fresh()
        state = self.board.open_day(open_day_id)
        if state is None:
            raise NotFound(f"no open day {open_day_id}")
        return state

    def _claim(self, stream_id: UUID) -> Claim | None:
        try:
            return self._store.load(OPEN_DAY_CLAIM, stream_id)
        except NotFound:
            return None

    def _standing(self, registration: UUID, position: int | None = None) -> Standing:
        standing = self.board.standing(registration, position)
        assert standing is not None, "a registration the log holds is on the board once it has reached the log's head"
        return standing

    def _view(self, registration: Registration, position: int | None, code: str | None) -> RegistrationView:
        standing = self._standing(registration.id, position)
        open_day = self.board.open_day(registration.open_day_id)
        assert open_day is not None
        places_left, waiting = self.board.counts(open_day.id)
        return RegistrationView(code, registration, open_day, standing, places_left, waiting, self.board.position)
