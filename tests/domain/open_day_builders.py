"""Open days for domain tests: a lecture planned on Monday 3 March 2025 for Friday 14 March, 09:30–11:30 Shanghai,
registration from 4 March 09:00 to 12 March 17:00, ages 18–65."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import attrs

from domain.actors import SYSTEM, Role
from domain.calendar import SHANGHAI
from domain.context import Context
from domain.events import DomainEvent
from domain.open_day import commands as cmd
from domain.open_day.decisions import decide, plan
from domain.open_day.state import OpenDay, evolve_open_day
from domain.open_day.values import OpenDayFormat
from domain.personal_data import PersonalData
from tests.domain.builders import CALENDAR
from tests.support import actor

ORGANISER = actor(Role.ORGANISER, name="李组织")


def shanghai(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """An instant in March 2025, Shanghai time."""
    return datetime(2025, month, day, hour, minute, tzinfo=SHANGHAI)


def context(now: datetime, by: Any = ORGANISER) -> Context:
    """A decision's context at an instant."""
    return Context(actor=by, now=now, today=now.astimezone(SHANGHAI).date(), calendar=CALENDAR)


PLANNING = shanghai(3, 10)
DURING_REGISTRATION = shanghai(5, 10)


def planning(**overrides: Any) -> cmd.PlanOpenDay:
    """The lecture's plan, with overrides."""
    fields: dict[str, Any] = {
        "open_day_id": uuid.uuid4(),
        "organ": "闵行区人力资源和社会保障局",
        "department": "就业促进科",
        "title": "“乐业闵行”就业政策宣讲会",
        "description": "介绍2025年本区就业补贴政策，现场答疑",
        "format": OpenDayFormat.LECTURE,
        "venue": "闵行区人社局三楼报告厅",
        "starts_at": shanghai(14, 9, 30),
        "ends_at": shanghai(14, 11, 30),
        "capacity": 2,
        "registration_opens_at": shanghai(4, 9),
        "registration_closes_at": shanghai(12, 17),
    }
    return cmd.PlanOpenDay(**{**fields, **overrides})


def fold(events: list[DomainEvent], state: OpenDay | None = None) -> OpenDay:
    """An open day after events."""
    for event in events:
        state = evolve_open_day(state, event)
    assert state is not None
    return state


def planned(**overrides: Any) -> OpenDay:
    """A planned open day."""
    return fold([plan(planning(**overrides), context(PLANNING))])


def step(state: OpenDay, command: cmd.Command, now: datetime = DURING_REGISTRATION) -> OpenDay:
    """The open day after a staff step that must succeed."""
    return fold(decide(state, command, context(now)), state)


def open_for_registration(**overrides: Any) -> OpenDay:
    """A planned open day with registration opened."""
    return step(planned(**overrides), cmd.OpenRegistration(), shanghai(4, 9, 5))


def person(n: int, **fields: Any) -> PersonalData:
    """A registrant with an identity number of their own, as intake gives them a person id."""
    base = {"name": f"市民{n}", "id_number": f"31011219800101{n:04d}", "email": f"p{n}@example.org"}
    return attrs.evolve(PersonalData(**base), **fields).of_person(f"person-{n}")


def registering(state: OpenDay, n: int, **fields: Any) -> cmd.Register:
    """Person n's registration command."""
    return cmd.Register(
        open_day_id=state.id, registration_id=uuid.uuid4(), registrant=person(n), **{"age": 40, **fields}
    )


PUBLIC = context(DURING_REGISTRATION, by=SYSTEM)
LATER = timedelta(days=1)
