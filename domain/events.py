"""The base of every domain event: which stream, which version, when, and who acted."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

import attrs

from domain.actors import Actor
from domain.calendar import business_date


@attrs.frozen(kw_only=True)
class DomainEvent:
    """An immutable fact, named in the past tense, recorded with the acting person and role.

    `type_name` is the stable name under which the event is stored and published;
    `schema_version` rises when its fields change, with an upcaster for older versions;
    `public_fields` allow-lists what integrators see of it.
    """

    type_name: ClassVar[str] = ""
    schema_version: ClassVar[int] = 1
    identifying_fields: ClassVar[frozenset[str]] = frozenset()
    """Fields that tell who a person is without being personal data themselves (a key that links one person's
    applications): shown only to readers who may read personal data, like the PersonalData fields."""
    public_fields: ClassVar[frozenset[str]] = frozenset()
    """The fields other systems may read (the public-safe form of the event feed): never personal data, free text
    that may hold it, staff names, or anything not yet public. A field is private until it is named here; `field.part`
    names one part of a field that holds an object (the category of an outcome, not its prose)."""

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    actor: Actor


def business_day_of(body: dict[str, Any]) -> str:
    """For an upcaster: the business date, in ISO form, on which a stored event was recorded."""
    return business_date(datetime.fromisoformat(body["timestamp"])).isoformat()
