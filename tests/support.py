"""Test helpers: a clock the test sets, credentials for each role, unique names."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from domain.actors import Actor, Role
from domain.calendar import SHANGHAI
from domain.staff import Credential


class FixedClock:
    """A clock that stands still until the test moves it."""

    def __init__(self, instant: datetime | None = None) -> None:
        self.instant = instant or datetime(2025, 3, 3, 2, 0, tzinfo=UTC)

    def now(self) -> datetime:
        """The instant the test set."""
        return self.instant

    def set_business_day(self, day: date, at: time = time(10, 0)) -> None:
        """Move to a time of day in Asia/Shanghai on a business date."""
        self.instant = datetime.combine(day, at, tzinfo=SHANGHAI).astimezone(UTC)

    def advance(self, **delta: float) -> None:
        """Move forward."""
        self.instant += timedelta(**delta)


def unique(prefix: str) -> str:
    """A name no other test uses, so tests can share one database."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def credential(*roles: Role, person_id: str | None = None, name: str = "王敏") -> Credential:
    """An in-memory credential for a person holding the roles."""
    return Credential(
        id=uuid.uuid4(),
        version=1,
        person_id=person_id or unique("staff"),
        name=name,
        roles=tuple(roles) or (Role.CLERK,),
    )


def actor(role: Role = Role.CLERK, person_id: str | None = None, name: str = "王敏") -> Actor:
    """A person acting in a role."""
    return Actor(person_id=person_id or unique("staff"), name=name, role=role)
