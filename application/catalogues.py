"""The disclosure catalogue of each organ (公开标准目录): columns added, renamed, retired (R-DOC-CATALOG)."""

from __future__ import annotations

from collections.abc import Callable

from application.errors import NotFound
from application.permissions import Operation, acting
from application.ports import Clock, EventStore
from application.saving import Decision, after, decide_and_save
from application.streams import CATALOGUE
from domain import catalogue
from domain.actors import Actor
from domain.calendar import WorkingCalendar, business_date
from domain.context import Context
from domain.events import DomainEvent
from domain.staff import Credential


def find_catalogue(store: EventStore, organ: str) -> catalogue.Catalogue | None:
    """An organ's catalogue, or None before its first column."""
    try:
        return store.load(CATALOGUE, catalogue.catalogue_id(organ))
    except NotFound:
        return None


class Catalogues:
    """The disclosure catalogue of each organ: columns added, renamed, retired."""

    def __init__(self, store: EventStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def _context(self, actor: Actor) -> Context:
        now = self._clock.now()
        return Context(actor=actor, now=now, today=business_date(now), calendar=WorkingCalendar())

    def find(self, organ: str) -> catalogue.Catalogue | None:
        """An organ's catalogue, or None before its first column."""
        return find_catalogue(self._store, organ)

    def get(self, organ: str) -> catalogue.Catalogue:
        """An organ's catalogue; NotFound before its first column."""
        found = find_catalogue(self._store, organ)
        if found is None:
            raise NotFound(f"{organ} has no disclosure catalogue yet")
        return found

    def _change(
        self, organ: str, credential: Credential, step: Callable[[catalogue.Catalogue | None, Context], DomainEvent]
    ) -> catalogue.Catalogue:
        actor = acting(credential, Operation.PUBLISH)

        def decide() -> Decision:
            state = find_catalogue(self._store, organ)
            event = step(state, self._context(actor))
            return Decision([event], [(CATALOGUE, after(CATALOGUE, state, [event]))])

        _, decision = decide_and_save(self._store, decide)
        new_state: catalogue.Catalogue = decision.states[0][1]
        return new_state

    def add_column(self, organ: str, column_id: str, name: str, credential: Credential) -> catalogue.Catalogue:
        """Add a column."""
        return self._change(
            organ, credential, lambda state, ctx: catalogue.add_column(state, organ, column_id, name, ctx)
        )

    def rename_column(self, organ: str, column_id: str, name: str, credential: Credential) -> catalogue.Catalogue:
        """Rename a column."""
        return self._change(
            organ, credential, lambda state, ctx: catalogue.rename_column(_existing(state, organ), column_id, name, ctx)
        )

    def retire_column(self, organ: str, column_id: str, reason: str, credential: Credential) -> catalogue.Catalogue:
        """Retire a column."""
        return self._change(
            organ,
            credential,
            lambda state, ctx: catalogue.retire_column(_existing(state, organ), column_id, reason, ctx),
        )


def _existing(state: catalogue.Catalogue | None, organ: str) -> catalogue.Catalogue:
    if state is None:
        raise NotFound(f"{organ} has no disclosure catalogue yet")
    return state
