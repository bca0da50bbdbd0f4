"""R-DOC-CATALOG: every published item belongs to an open column of its organ's versioned catalogue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from domain import catalogue as cat
from domain.catalogue import Catalogue
from domain.context import Context
from domain.document import events as ev
from domain.errors import DomainError, RuleViolation, StepOutOfOrder
from tests.domain.documents.builders import (
    CATALOGUE,
    ORGAN,
    OTHER_ORGAN,
    PUBLISHER,
    catalogue_of,
    cleared,
    context,
    publication,
    publish_refusal,
)

DAY = date(2025, 3, 10)
FORMED = date(2025, 3, 3)


def renamed(state: Catalogue, column_id: str, name: str) -> Catalogue:
    """The catalogue after a column is renamed."""
    return cat.evolve(state, cat.rename_column(state, column_id, name, context(DAY, PUBLISHER)))


def retired(state: Catalogue, column_id: str) -> Catalogue:
    """The catalogue after a column is retired."""
    return cat.evolve(state, cat.retire_column(state, column_id, "并入“工作动态”栏目", context(DAY, PUBLISHER)))


def refused(step: Callable[[Context], object]) -> DomainError:
    """The DomainError refusing a catalogue step taken by the publisher."""
    with pytest.raises(DomainError) as caught:
        step(context(DAY, PUBLISHER))
    return caught.value


def test_the_catalogue_is_found_from_the_organ() -> None:
    assert CATALOGUE.id == cat.catalogue_id(ORGAN) != cat.catalogue_id(OTHER_ORGAN)
    assert CATALOGUE.version == len(CATALOGUE.columns) == 5


def test_an_item_is_published_in_an_open_column_by_id_and_name() -> None:
    [event] = publication(cleared(FORMED), DAY, "work")
    assert isinstance(event, ev.Published) and (event.column_id, event.column_name) == ("work", "工作动态")


def test_an_unknown_column_is_refused() -> None:
    error = publish_refusal(cleared(FORMED), DAY, "notices")
    assert isinstance(error, RuleViolation) and (error.code, error.field) == ("R-DOC-CATALOG", "column_id")


def test_a_retired_column_is_refused() -> None:
    catalogue = retired(CATALOGUE, "work")
    assert catalogue.column("work") == cat.Column("work", "工作动态", retired=True)
    error = publish_refusal(cleared(FORMED), DAY, "work", catalogue=catalogue)
    assert (error.code, error.field) == ("R-DOC-CATALOG", "column_id")


def test_a_renamed_column_keeps_its_id() -> None:
    catalogue = renamed(CATALOGUE, "work", "工作动态与通知公告")
    assert catalogue.version == CATALOGUE.version + 1
    [event] = publication(cleared(FORMED), DAY, "work", catalogue=catalogue)
    assert isinstance(event, ev.Published)
    assert (event.column_id, event.column_name) == ("work", "工作动态与通知公告")


def test_another_organs_catalogue_is_refused() -> None:
    theirs = catalogue_of(OTHER_ORGAN)
    assert theirs.column("work") is not None
    error = publish_refusal(cleared(FORMED), DAY, "work", catalogue=theirs)
    assert (error.code, error.field) == ("R-DOC-CATALOG", "column_id")


def test_an_organ_without_a_catalogue_publishes_nothing() -> None:
    assert publish_refusal(cleared(FORMED), DAY, "work", catalogue=None).code == "R-DOC-CATALOG"


def test_a_column_is_added_once() -> None:
    error = refused(lambda ctx: cat.add_column(CATALOGUE, ORGAN, "work", "工作动态", ctx))
    assert isinstance(error, StepOutOfOrder) and error.code == "R-DOC-CATALOG"


@pytest.mark.parametrize("column_id", ["", "Work", "工作", "-work", "work news", "w" * 64])
def test_a_column_id_is_a_short_slug(column_id: str) -> None:
    error = refused(lambda ctx: cat.add_column(CATALOGUE, ORGAN, column_id, "工作动态", ctx))
    assert (error.code, error.field) == ("R-VALUE", "column_id")


def test_a_column_has_a_name() -> None:
    assert refused(lambda ctx: cat.add_column(CATALOGUE, ORGAN, "news", " ", ctx)).field == "name"
    assert refused(lambda ctx: cat.rename_column(CATALOGUE, "work", "", ctx)).field == "name"


@pytest.mark.parametrize("column_id", ["notices", "work"])
def test_only_an_open_column_is_renamed_or_retired(column_id: str) -> None:
    catalogue = retired(CATALOGUE, "work")
    assert refused(lambda ctx: cat.rename_column(catalogue, column_id, "通知公告", ctx)).code == "R-DOC-CATALOG"
    assert refused(lambda ctx: cat.retire_column(catalogue, column_id, "合并", ctx)).code == "R-DOC-CATALOG"


def test_a_retirement_says_why() -> None:
    assert refused(lambda ctx: cat.retire_column(CATALOGUE, "work", "  ", ctx)).field == "reason"


def test_the_catalogue_keeps_its_history_in_events() -> None:
    ctx = context(DAY, PUBLISHER)
    added = cat.add_column(None, ORGAN, "work", "工作动态", ctx)
    renaming = cat.rename_column(cat.evolve(None, added), "work", "工作动态与通知公告", ctx)
    retiring = cat.retire_column(cat.evolve(cat.evolve(None, added), renaming), "work", "并入新栏目", ctx)
    state: Catalogue | None = None
    for event in (added, renaming, retiring):
        state = cat.evolve(state, event)
    assert [e.originator_version for e in (added, renaming, retiring)] == [1, 2, 3]
    assert {e.originator_id for e in (added, renaming, retiring)} == {cat.catalogue_id(ORGAN)}
    assert state is not None and state.columns == (cat.Column("work", "工作动态与通知公告", retired=True),)
