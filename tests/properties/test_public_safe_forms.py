"""Integrators' form of every event type never holds a private value: no personal data, no free text that may hold
it, no staff names, nothing the type has not allow-listed (a new field is private until someone decides otherwise).

Every text value is generated as a unique token, so any private token found anywhere in the public form is a leak.
"""

from __future__ import annotations

import enum
import json
import types
import typing
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from application.event_forms import EVENT_TYPES, PERSONAL_FIELDS, Audience, event_record
from application.plain_json import event_body
from domain.events import DomainEvent
from domain.personal_data import PersonalData

CODES: dict[str, frozenset[str]] = {
    "organ": frozenset({"*"}),
    "department": frozenset({"*"}),
    "consultation_id": frozenset({"*"}),
    "review_id": frozenset({"*"}),
    "follows": frozenset({"*"}),
    "column_id": frozenset({"*"}),
    "column_name": frozenset({"document.published"}),
    "channels": frozenset({"document.published"}),
    "name": frozenset({"catalogue.column_added", "catalogue.column_renamed"}),
    # The edited public text of a question selected for publication (选登): public by the act the event records.
    "public_title": frozenset({"policy_enquiry.selected_for_publication"}),
    "public_question": frozenset({"policy_enquiry.selected_for_publication"}),
    "public_reply": frozenset({"policy_enquiry.selected_for_publication"}),
    # A published annual report's figures (row and column codes, and counts) and their digest: public by publication.
    "figures": frozenset({"annual_report.published"}),
    "digest": frozenset({"annual_report.published"}),
}
"""Text fields that may be public because they hold a code or the name of something public, never prose: the
administrative organ and department, ids of consultations, reviews and catalogue columns, and a public catalogue
column's name (by event type where the same field name means something else elsewhere)."""
BASE = frozenset({"originator_id", "originator_version", "timestamp", "actor"})

tokens = st.uuids().map(lambda u: f"tok-{u.hex}")


def _strategy(hint: Any) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(_strategy(arg) for arg in typing.get_args(hint)))
    if origin is tuple:
        return st.lists(_strategy(typing.get_args(hint)[0]), max_size=3).map(tuple)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        str: tokens,
        int: st.integers(0, 10**6),
        bool: st.booleans(),
        Decimal: st.decimals(0, 10**6, places=2),
        date: st.dates(),
        datetime: st.datetimes(timezones=st.just(UTC)),
        UUID: st.uuids(),
        type(None): st.none(),
    }
    if hint in simple:
        return simple[hint]
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from(list(hint))
    if isinstance(hint, type) and attrs.has(hint):
        hints = typing.get_type_hints(hint)
        fields = {f.name: _strategy(hints[f.name]) for f in attrs.fields(hint) if f.init}
        return st.builds(hint, **fields)
    raise TypeError(f"no strategy for {hint!r}")


def _texts(value: Any) -> set[str]:
    """Every generated text value (a token, not an enum's value) within a plain-JSON value."""
    if isinstance(value, str):
        return {value} if value.startswith("tok-") else set()
    if isinstance(value, dict):
        return set().union(*(_texts(v) for v in value.values())) if value else set()
    if isinstance(value, list | tuple):
        return set().union(*(_texts(v) for v in value)) if value else set()
    return set()


def _private_texts(event: DomainEvent) -> set[str]:
    body = event_body(event)
    public = type(event).public_fields
    private = {body["actor"]["person_id"], body["actor"]["name"]}
    for name, value in body.items():
        if name not in public and name not in ("schema_version", "timestamp", "actor"):
            private |= _texts(value)
        if name in PERSONAL_FIELDS[event.type_name]:
            private |= _texts(value)
    return private


@pytest.mark.parametrize("type_name", sorted(EVENT_TYPES))
@settings(max_examples=20)  # every text is a distinct token: a leak shows in the first example
@given(data=st.data())
def test_the_public_form_holds_no_private_value(type_name: str, data: st.DataObject) -> None:
    event_type = EVENT_TYPES[type_name]
    event = data.draw(_strategy(event_type))
    record = event_record(type_name, event.originator_id, event.originator_version, event_body(event), Audience.PUBLIC)
    shown = json.loads(json.dumps({"actor": record.actor, "data": record.data}))
    assert set(record.data) <= {name.split(".")[0] for name in event_type.public_fields}
    assert record.actor == {"role": event.actor.role.value}
    leaked = _texts(shown) & _private_texts(event)
    assert not leaked, f"{type_name} shows private values to integrators: {leaked}"


@pytest.mark.parametrize("type_name", sorted(EVENT_TYPES))
def test_only_codes_and_values_without_prose_are_allow_listed(type_name: str) -> None:
    event_type = EVENT_TYPES[type_name]
    hints = typing.get_type_hints(event_type)
    for name in event_type.public_fields:
        field, _, part = name.partition(".")
        assert field in {f.name for f in attrs.fields(event_type)} - BASE, f"{type_name}.{field} is no field"
        assert field not in PERSONAL_FIELDS[type_name], f"{type_name}.{field} holds personal data"
        hint = hints[field]
        if part:
            [cls] = [a for a in (typing.get_args(hint) or (hint,)) if attrs.has(a)]
            hint, field = typing.get_type_hints(cls)[part], part
        assert PersonalData not in _leaf_types(hint)
        if str in _leaf_types(hint):
            allowed = CODES.get(field, frozenset())
            assert "*" in allowed or type_name in allowed, f"{type_name}.{name} is text: prose may hold personal data"


def _leaf_types(hint: Any) -> set[Any]:
    args = typing.get_args(hint)
    if not args:
        if isinstance(hint, type) and attrs.has(hint):
            found: set[Any] = set()
            for sub in typing.get_type_hints(hint).values():
                found |= _leaf_types(sub)
            return found
        return {hint}
    return set().union(*(_leaf_types(a) for a in args if a is not Ellipsis))
