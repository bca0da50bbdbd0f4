"""What reading the log shares between events: actors and counted periods are made once and given to every reader,
and sharing changes no answer."""

from __future__ import annotations

from datetime import date

import pytest
from cattrs.errors import ClassValidationError
from hypothesis import given
from hypothesis import strategies as st

from application.plain_json import make_plain_converter
from domain.actors import Actor, Role
from domain.calendar import WorkingCalendar


def test_an_actor_read_twice_is_one_object_equal_to_a_fresh_one() -> None:
    converter = make_plain_converter()
    stored = {"person_id": "p-1", "name": "王芳", "role": "clerk"}
    first, second = converter.structure(stored, Actor), converter.structure(dict(stored), Actor)
    assert first is second
    assert first == Actor(person_id="p-1", name="王芳", role=Role.CLERK)
    assert converter.structure({**stored, "role": "drafter"}, Actor).role is Role.DRAFTER


def test_an_actor_that_cannot_be_read_is_still_refused() -> None:
    converter = make_plain_converter()
    with pytest.raises(ClassValidationError):
        converter.structure({"person_id": "p-1", "name": "王芳", "role": "no such role"}, Actor)
    with pytest.raises(ClassValidationError):
        converter.structure({"person_id": "p-1", "role": "clerk"}, Actor)


@given(
    after=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    n=st.integers(min_value=1, max_value=60),
)
def test_a_period_counted_again_is_the_period_counted_afresh(after: date, n: int) -> None:
    calendar = WorkingCalendar()
    first = calendar.add_working_days(after, n)
    assert calendar.add_working_days(after, n) == first == WorkingCalendar().add_working_days(after, n)
    # Days skipped are never taken from what was remembered without them.
    skipped = calendar.add_working_days(after, n, skip=frozenset({first.due}))
    assert skipped.due > first.due
