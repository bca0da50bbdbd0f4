"""公开标准目录: an organ's disclosure catalogue, versioned as columns are added, renamed and retired."""

from __future__ import annotations

import re
from uuid import UUID, uuid5

import attrs

from domain.context import Context
from domain.deciding import first_event, next_event
from domain.errors import InvalidValue, RuleViolation, StepOutOfOrder
from domain.events import DomainEvent

_NAMESPACE = UUID("6f1d2c8e-0000-4000-8000-000000000002")
_COLUMN_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
CODE = "R-DOC-CATALOG"


def catalogue_id(organ: str) -> UUID:
    """Each organ has one catalogue, found from the organ's name."""
    return uuid5(_NAMESPACE, organ)


@attrs.frozen(kw_only=True)
class ColumnAdded(DomainEvent):
    """A column was added to the catalogue."""

    type_name = "catalogue.column_added"
    public_fields = frozenset({"organ", "column_id", "name"})
    organ: str
    column_id: str
    name: str


@attrs.frozen(kw_only=True)
class ColumnRenamed(DomainEvent):
    """A column was renamed; what was published in it stays there."""

    type_name = "catalogue.column_renamed"
    public_fields = frozenset({"column_id", "name"})
    column_id: str
    name: str


@attrs.frozen(kw_only=True)
class ColumnRetired(DomainEvent):
    """A column was retired: nothing more is published in it."""

    type_name = "catalogue.column_retired"
    public_fields = frozenset({"column_id"})
    column_id: str
    reason: str


EVENT_TYPES: tuple[type[DomainEvent], ...] = (ColumnAdded, ColumnRenamed, ColumnRetired)


@attrs.frozen
class Column:
    """A column of the catalogue."""

    column_id: str
    name: str
    retired: bool = False


@attrs.frozen
class Catalogue:
    """An organ's catalogue as it stands."""

    id: UUID
    version: int
    organ: str
    columns: tuple[Column, ...] = ()

    def column(self, column_id: str) -> Column | None:
        """The column with this id, retired or not."""
        return next((c for c in self.columns if c.column_id == column_id), None)

    def open_column(self, column_id: str) -> Column:
        """The column an item may be published in now, or a refusal (R-DOC-CATALOG)."""
        found = self.column(column_id)
        if found is None:
            raise RuleViolation(
                f"the catalogue of {self.organ} has no column “{column_id}”", code=CODE, field="column_id"
            )
        if found.retired:
            raise RuleViolation(f"the column “{column_id}” is retired", code=CODE, field="column_id")
        return found


def evolve(state: Catalogue | None, event: DomainEvent) -> Catalogue:
    """The catalogue after one more event."""
    if isinstance(event, ColumnAdded):
        base = state or Catalogue(id=event.originator_id, version=0, organ=event.organ)
        columns = (*base.columns, Column(event.column_id, event.name))
    else:
        assert state is not None and isinstance(event, ColumnRenamed | ColumnRetired)
        changes = {"name": event.name} if isinstance(event, ColumnRenamed) else {"retired": True}
        columns = tuple(attrs.evolve(c, **changes) if c.column_id == event.column_id else c for c in state.columns)
        base = state
    return attrs.evolve(base, version=event.originator_version, columns=columns)


def add_column(state: Catalogue | None, organ: str, column_id: str, name: str, ctx: Context) -> ColumnAdded:
    """Add a column; its id is a short slug that never changes, its name can."""
    if not organ.strip():
        raise InvalidValue("name the organ whose catalogue this is", field="organ")
    if not _COLUMN_ID.match(column_id):
        raise InvalidValue("a column id is 1–63 lowercase letters, digits and hyphens", field="column_id")
    if not name.strip():
        raise InvalidValue("a column has a name", field="name")
    if state is not None and state.column(column_id) is not None:
        raise StepOutOfOrder(f"the column “{column_id}” exists already", code=CODE)
    fields = {"organ": organ, "column_id": column_id, "name": name.strip()}
    if state is None:  # the first column starts the organ's catalogue
        return first_event(ColumnAdded, catalogue_id(organ), ctx, **fields)
    return next_event(ColumnAdded, state, ctx, **fields)


def rename_column(state: Catalogue, column_id: str, name: str, ctx: Context) -> ColumnRenamed:
    """Rename an open column."""
    state.open_column(column_id)
    if not name.strip():
        raise InvalidValue("a column has a name", field="name")
    return next_event(ColumnRenamed, state, ctx, column_id=column_id, name=name.strip())


def retire_column(state: Catalogue, column_id: str, reason: str, ctx: Context) -> ColumnRetired:
    """Retire an open column."""
    state.open_column(column_id)
    if not reason.strip():
        raise InvalidValue("say why the column is retired", field="reason")
    return next_event(ColumnRetired, state, ctx, column_id=column_id, reason=reason)
