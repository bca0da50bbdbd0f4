"""The working-day calendar as loaded into the log: current, as of any moment, and new years."""

from __future__ import annotations

import threading
import time
from datetime import datetime

import attrs

from application.errors import NotFound
from application.permissions import Operation, acting
from application.ports import Clock, EventStore
from application.settings import Settings
from application.streams import WORKING_CALENDAR
from domain.actors import Actor
from domain.calendar import HolidayYear, WorkingCalendar, business_date
from domain.context import Context
from domain.staff import Credential
from domain.working_calendar import CALENDAR_ID, CalendarHistory, Load, evolve, load_years


@attrs.frozen
class DatedCalendar:
    """The working calendar and the version of the calendar's stream it was read at."""

    calendar: WorkingCalendar
    version: int


class CalendarBook:
    """Reads and loads holiday tables; caches the current calendar for a few seconds."""

    def __init__(self, store: EventStore, clock: Clock, refresh_seconds: float = 30.0) -> None:
        self._store = store
        self._clock = clock
        self._refresh_seconds = refresh_seconds
        self._cached: tuple[float, CalendarHistory | None] | None = None
        self._lock = threading.Lock()

    def history(self) -> CalendarHistory | None:
        """Every load so far, or None before the first."""
        with self._lock:
            if self._cached is None or time.monotonic() - self._cached[0] > self._refresh_seconds:
                self._cached = (time.monotonic(), self._read())
            return self._cached[1]

    def _read(self) -> CalendarHistory | None:
        try:
            return self._store.load(WORKING_CALENDAR, CALENDAR_ID)
        except NotFound:
            return None

    def at_least(self, version: int) -> DatedCalendar:
        """The calendar in force now, read again if the cached one is older than `version` of the calendar's stream
        (a read model that has seen a load must derive with it, whatever another process cached)."""
        history = self.history()
        if version > (history.version if history else 0):
            with self._lock:
                self._cached = None
            history = self.history()
        return DatedCalendar(history.calendar(), history.version) if history else DatedCalendar(WorkingCalendar(), 0)

    def current(self) -> WorkingCalendar:
        """The calendar in force now."""
        history = self.history()
        return history.calendar() if history else WorkingCalendar()

    def as_of(self, moment: datetime) -> WorkingCalendar:
        """The calendar as it was known at a past moment."""
        history = self.history()
        return history.calendar(as_of=moment) if history else WorkingCalendar()

    def load(self, tables: list[HolidayYear], source: str, credential: Credential) -> list[Load]:
        """Load holiday tables as events (administrators); returns the loads as recorded."""
        return self._load(tables, source, acting(credential, Operation.LOAD_HOLIDAYS))

    def _load(self, tables: list[HolidayYear], source: str, actor: Actor) -> list[Load]:
        now = self._clock.now()
        with self._lock:
            state = self._read()
            ctx = Context(actor=actor, now=now, today=business_date(now), calendar=WorkingCalendar())
            events = load_years(state, tables, source, ctx)
            self._store.append(events)
            self._cached = None
        loaded = CalendarHistory(CALENDAR_ID, 0)
        for event in events:
            loaded = evolve(loaded, event)
        return list(loaded.loads)

    def loaded_years(self, credential: Credential) -> list[Load]:
        """The table in force for each year, with its source and when it was loaded."""
        acting(credential, Operation.READ_HOLIDAYS)
        history = self.history()
        latest = {load.table.year: load for load in history.loads} if history else {}
        return [latest[year] for year in sorted(latest)]

    def seed(self, tables: list[HolidayYear], source: str, actor: Actor) -> bool:
        """Load the seed tables on the first start only, as the software itself; True when it loaded them."""
        if self.history() is not None:
            return False
        self._load(tables, source, actor)
        return True


class Contexts:
    """Makes the context of a decision: the acting person, now, today's business date, the calendar and rules."""

    def __init__(self, calendar: CalendarBook, clock: Clock, settings: Settings) -> None:
        self._calendar = calendar
        self._clock = clock
        self._settings = settings

    def for_actor(self, actor: Actor, organ: str) -> Context:
        """The context for a person acting on a case of an organ, under that organ's rules."""
        now = self._clock.now()
        return Context(
            actor=actor,
            now=now,
            today=business_date(now),
            calendar=self._calendar.current(),
            request_rules=self._settings.request_rules(organ),
            document_rules=self._settings.document_rules(organ),
        )
