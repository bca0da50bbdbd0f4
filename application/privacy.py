"""A person's personal data: exported for their access request, or erased by destroying their key.

Erasure leaves every event in the log; each copy of the person's data, in events, snapshots and read models, reads
as erased from then on. Data recorded before per-person encryption is in the plain and cannot be erased so: the
answers say how much of it there is.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from typing import Protocol
from uuid import UUID, uuid5

import attrs

from application.errors import NotFound
from application.permissions import Operation, acting
from application.personal_data import personal_data_in
from application.ports import Clock, EventStore, LoggedEvent
from application.saving import after
from application.streams import ERASURE, stream_type_of
from domain import erasure
from domain.errors import StepOutOfOrder
from domain.personal_data import PersonalData
from domain.staff import Credential

_ERASURES = UUID("6f1d2c8e-0000-4000-8000-0000000000e5")


def erasure_id(person_id: str) -> UUID:
    """The stream that records a person's erasure."""
    return uuid5(_ERASURES, person_id)


class KeyStatus(enum.StrEnum):
    """Whether a person's key exists."""

    HELD = "held"
    ERASED = "erased"
    UNKNOWN = "unknown"


class PersonalDataKeys(Protocol):
    """The people's keys."""

    def status(self, person_id: str) -> str:
        """A KeyStatus value, as the keys stand now."""
        ...

    def destroy(self, person_id: str) -> bool:
        """Destroy a person's key; False when they held none."""
        ...


class NoKeys:
    """The keys of a store that writes personal data in the plain: it knows no one."""

    def status(self, person_id: str) -> str:
        """Unknown, always."""
        return KeyStatus.UNKNOWN

    def destroy(self, person_id: str) -> bool:
        """Nothing to destroy."""
        return False


class PersonalDataLog(Protocol):
    """The log, searched as stored."""

    def mentioning(self, text: str) -> Iterator[LoggedEvent]:
        """Every event whose stored body holds this text, in log order."""
        ...


@attrs.frozen
class Occurrence:
    """One place a person's data is recorded: a field of one event."""

    position: int
    record_id: UUID
    stream_type: str
    version: int
    event_type: str
    recorded_at: datetime
    field: str
    data: PersonalData


@attrs.frozen
class PersonsData:
    """What the log holds of a person: their encrypted occurrences, and those recorded in the plain before
    per-person encryption under an identity number of theirs."""

    person_id: str
    occurrences: tuple[Occurrence, ...]
    plain: tuple[Occurrence, ...]


@attrs.frozen
class Erased:
    """An erasure done: how many occurrences are unreadable now, which stay readable, and where it was recorded."""

    person_id: str
    occurrences: int
    plain: tuple[Occurrence, ...]
    position: int


class Privacy:
    """个人信息的查阅与删除: export and erasure of one person's personal data."""

    def __init__(self, store: EventStore, keys: PersonalDataKeys, log: PersonalDataLog, clock: Clock) -> None:
        self._store = store
        self._keys = keys
        self._log = log
        self._clock = clock

    def export(self, person_id: str, credential: Credential) -> PersonsData:
        """Every occurrence of a person's data, for their access request; refused for an unknown or erased person."""
        acting(credential, Operation.EXPORT_PERSONAL_DATA)
        status = self._keys.status(person_id)
        if status == KeyStatus.ERASED:
            raise StepOutOfOrder(f"the personal data of {person_id} was erased{self._when(person_id)}: none is left")
        if status == KeyStatus.UNKNOWN:
            raise NotFound(f"no person {person_id} (person ids are shown with the data to staff who may read it)")
        return self._found(person_id)

    def erase(self, person_id: str, reason: str, credential: Credential) -> Erased:
        """Destroy a person's key and record who did it, when and why (never the data)."""
        actor = acting(credential, Operation.ERASE_PERSONAL_DATA)
        status = self._keys.status(person_id)
        if status == KeyStatus.UNKNOWN:
            raise NotFound(f"no person {person_id} holds a key: nothing to erase")
        record = self._record(person_id)
        command = erasure.EraseData(erasure_id=erasure_id(person_id), person_id=person_id, reason=reason)
        events = erasure.erase(record, command, actor, self._clock.now())
        # Found before the key goes: the identity numbers of the person lead to the plain data of older releases.
        found = self._found(person_id) if status == KeyStatus.HELD else PersonsData(person_id, (), ())
        self._keys.destroy(person_id)
        # Recorded after the key is gone: if this fails, erasing again records it (the key is erased already).
        position = self._store.append(events, [(ERASURE, after(ERASURE, None, events))])
        return Erased(person_id, len(found.occurrences), found.plain, position)

    def _record(self, person_id: str) -> erasure.Erasure | None:
        try:
            return self._store.load(ERASURE, erasure_id(person_id))
        except NotFound:
            return None

    def _when(self, person_id: str) -> str:
        record = self._record(person_id)
        return f" on {record.erased_at:%Y-%m-%d %H:%M} UTC by {record.erased_by.name}" if record else ""

    def _found(self, person_id: str) -> PersonsData:
        occurrences = tuple(o for o in self._occurrences(person_id) if o.data.person_id == person_id)
        numbers = {_number(o.data.id_number) for o in occurrences if o.data.id_number}
        plain: dict[tuple[int, str], Occurrence] = {}
        for number in sorted({o.data.id_number for o in occurrences if o.data.id_number}):
            for found in self._occurrences(number):
                if found.data.person_id is None and _number(found.data.id_number) in numbers:
                    plain[(found.position, found.field)] = found
        return PersonsData(person_id, occurrences, tuple(plain.values()))

    def _occurrences(self, text: str) -> Iterator[Occurrence]:
        for logged in self._log.mentioning(text):
            event = logged.event
            for path, data in personal_data_in(event):
                yield Occurrence(
                    position=logged.position,
                    record_id=event.originator_id,
                    stream_type=stream_type_of(event.type_name),
                    version=event.originator_version,
                    event_type=event.type_name,
                    recorded_at=event.timestamp,
                    field=path,
                    data=data,
                )


def _number(value: str | None) -> str:
    """An identity number as the applicant keys compare them: full-width forms folded, spaces dropped, upper case."""
    return "".join(unicodedata.normalize("NFKC", value or "").split()).upper()
