"""Whose personal data is whose: every `PersonalData` a command brings is given its person's id at intake, and the
occurrences of a person's data are found in any event or state by the type of its fields, never by event type.

A person id is the application's: the person already known by the applicant key of their identity number (so one
person's applications are erased together), else a new id. The domain never makes one.
"""

from __future__ import annotations

import types
import typing
import uuid
from collections.abc import Callable, Iterator
from typing import Any, Protocol, TypeVar

import attrs

from application.ports import ApplicantKeys
from domain.disclosure_request.values import ApplicantType
from domain.personal_data import PersonalData

T = TypeVar("T")


class People(Protocol):
    """Who new personal data belongs to."""

    def person_for(self, link: str | None) -> str:
        """The person id of new personal data: the person already known by `link` (the applicant key of their
        identity number), or a new person."""
        ...


class NewPersonEachTime:
    """People without memory: every piece of new data a new person (for tests that need no linking)."""

    def person_for(self, link: str | None) -> str:
        """A new person id."""
        return uuid.uuid4().hex


def _leaves(hint: Any) -> Iterator[Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType, tuple, list):
        for arg in typing.get_args(hint):
            if arg is not Ellipsis:
                yield from _leaves(arg)
    else:
        yield hint


_HOLDING: dict[type, tuple[str, ...]] = {}


def _fields_holding(cls: type) -> tuple[str, ...]:
    """The fields of an attrs class whose declared types may hold personal data, at any depth (worked out once)."""
    found = _HOLDING.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = _HOLDING[cls] = tuple(f.name for f in attrs.fields(cls) if _may_hold(hints[f.name], frozenset({cls})))
    return found


def _may_hold(hint: Any, seen: frozenset[type]) -> bool:
    for leaf in _leaves(hint):
        if leaf is PersonalData:
            return True
        if isinstance(leaf, type) and attrs.has(leaf) and leaf not in seen:
            hints = typing.get_type_hints(leaf)
            if any(_may_hold(hints[f.name], seen | {leaf}) for f in attrs.fields(leaf)):
                return True
    return False


def personal_data_in(value: Any, path: str = "") -> Iterator[tuple[str, PersonalData]]:
    """Every personal data inside an event, state or command, with the path of its field (`applicant`,
    `registrations[2].registrant`)."""
    if isinstance(value, PersonalData):
        yield path, value
    elif attrs.has(type(value)):
        for name in _fields_holding(type(value)):
            yield from personal_data_in(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from personal_data_in(item, f"{path}[{index}]")


def with_personal_data(value: T, change: Callable[[PersonalData], PersonalData]) -> T:
    """A copy of an attrs value (a command) with each personal data inside it changed."""
    changed: Any = value
    if isinstance(value, PersonalData):
        changed = change(value)
    elif attrs.has(type(value)):
        changes = {name: with_personal_data(getattr(value, name), change) for name in _fields_holding(type(value))}
        changed = attrs.evolve(changed, **changes) if changes else value
    elif isinstance(value, tuple | list):
        changed = type(value)(with_personal_data(item, change) for item in value)
    result: T = changed
    return result


class Intake:
    """Gives every personal data a command brings its person, before anything is decided about it."""

    def __init__(self, people: People, keys: ApplicantKeys) -> None:
        self._people = people
        self._keys = keys

    def identified(self, command: T) -> T:
        """The command with each of its personal data given its person id."""

        def of_person(data: PersonalData) -> PersonalData:
            # The applicant type plays no part in the key: any role one person plays links to them.
            link = self._keys.key(data, ApplicantType.NATURAL_PERSON)
            return data.of_person(self._people.person_for(link))

        return with_personal_data(command, of_person)
