"""Personal data sealed per person wherever the store writes it: events, snapshots and read-model rows.

The store's converter turns every `PersonalData`, whatever holds it, into `{"person_id": …, "sealed": …}`: the
details as JSON, encrypted with AES-256-GCM under the person's key, the person id bound in as associated data. Read
back, it opens while the key exists and decodes to the erased form (`PersonalData.erased_form`) once it is
destroyed. Data recorded before this release, without a person id, is written and read in the plain, as it was.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from uuid import UUID

import msgspec
from cattrs.preconf.json import JsonConverter
from cryptography.exceptions import InvalidTag

from adapters.persistence.converter import make, plain_personal_data
from adapters.persistence.key_ring import NONCE_BYTES, KeyRing
from adapters.persistence.mapper import as_uuid, decode_event, encode_event
from adapters.persistence.stored_json import decoded
from application.ports import LoggedEvent
from domain.events import DomainEvent
from domain.personal_data import PersonalData

SEALED = "sealed"
"""The key of a sealed form's ciphertext (base64 of nonce and ciphertext)."""
_DETAILS = ("name", "id_number", "phone", "address", "email")


class PersonalDataUnreadable(ValueError):
    """Sealed personal data that its person's key does not open: it was altered."""


def plain_form(data: PersonalData) -> dict[str, Any]:
    """Personal data as plain JSON, its person id and erasure included."""
    return {**{name: getattr(data, name) for name in _DETAILS}, "person_id": data.person_id, "erased": data.erased}


REMEMBERED_FORMS = 20_000
"""Sealed forms a process remembers opened, and as many made: a read model's rebuild writes each case's state back
once a batch and reads it again, its applicant unchanged, and opening and sealing were a sixth of its time."""


class Sealing:
    """Seals and opens personal data with the key ring's keys; with no key ring, writes it in the plain (as releases
    before per-person encryption did: for benchmarks and tests of such stores).

    The forms it made and opened last are remembered, but only ever used after the person's key has been found: an
    erased person's data is never served from them (they are also forgotten on every erasure)."""

    def __init__(self, ring: KeyRing | None) -> None:
        self.ring = ring
        self._opened: dict[tuple[str, str], PersonalData] = {}
        self._made: dict[PersonalData, dict[str, Any]] = {}
        if ring is not None:
            ring.on_erasure(self._forget)

    def _forget(self) -> None:
        self._opened.clear()
        self._made.clear()

    def seal(self, data: PersonalData) -> dict[str, Any]:
        """The stored form of personal data."""
        person = data.person_id
        if data.erased:
            return {"person_id": person, "erased": True}
        if data == PersonalData.unopened(person or ""):
            raise ValueError(f"the personal data of {person} was read unopened: it is never written back")
        if person is None or self.ring is None:
            return plain_form(data)
        key = self.ring.sealing_key(person)
        if key is None:  # erased while this process still held the data: it stays erased
            return {"person_id": person, "erased": True}
        made = self._made.get(data)
        if made is not None:
            return dict(made)
        details = json.dumps([getattr(data, name) for name in _DETAILS], ensure_ascii=False, separators=(",", ":"))
        nonce = os.urandom(NONCE_BYTES)
        sealed = nonce + key.encrypt(nonce, details.encode(), person.encode())
        form = {"person_id": person, SEALED: base64.b64encode(sealed).decode()}
        _remember(self._made, data, form)
        return dict(form)

    def open(self, value: dict[str, Any]) -> PersonalData:
        """Personal data from its stored form: opened, erased, or plain as recorded before encryption."""
        sealed = value.get(SEALED)
        if sealed is None:
            return plain_personal_data(value)
        person: str = value["person_id"]
        if self.ring is None:
            raise PersonalDataUnreadable("sealed personal data is read through a store with its key ring")
        key = self.ring.opening_key(person)
        if key is None:
            return PersonalData.erased_form(person)
        opened = self._opened.get((person, sealed))
        if opened is not None:
            return opened
        raw = base64.b64decode(sealed)
        try:
            details = json.loads(key.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], person.encode()))
        except InvalidTag:
            raise PersonalDataUnreadable(f"the personal data of {person} does not open: it was altered") from None
        opened = PersonalData(*details, person_id=person)
        _remember(self._opened, (person, sealed), opened)
        return opened


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> None:
    if len(memo) >= REMEMBERED_FORMS:  # start again: one step, safe while other threads read and add
        memo.clear()
    memo[key] = value


def sealed_people(value: Any) -> Iterator[str]:
    """The person ids of every sealed form inside a JSON value."""
    if isinstance(value, dict):
        if SEALED in value and "person_id" in value:
            yield value["person_id"]
            return
        for item in value.values():
            yield from sealed_people(item)
    elif isinstance(value, list):
        for item in value:
            yield from sealed_people(item)


_SEALED_TEXT = b'"sealed"'
"""How a sealed form's key reads in stored JSON text."""
_SEALED_PERSON = re.compile(rb'"person_id":\s*"([^"\\]+)",\s*"sealed"')
"""A sealed form in stored JSON text as `seal` writes it (person id first): its person id. A form written otherwise is
only missed by the prefetch, and its key read when it is opened."""
_state_encoder = msgspec.json.Encoder()


def _people_in_text(texts: Iterable[bytes]) -> set[str]:
    """The person ids of the sealed forms in stored JSON texts (a regular expression over the text is a tenth of the
    time of walking the decoded value)."""
    return {found.decode() for text in texts if _SEALED_TEXT in text for found in _SEALED_PERSON.findall(text)}


class Codec:
    """How the store writes events and states and reads them back: the plain JSON of the one converter's hooks, with
    personal data sealed. Read models use it for their rows and for the log's events."""

    def __init__(self, ring: KeyRing | None) -> None:
        self.ring = ring
        self.sealing = Sealing(ring)
        self.converter: JsonConverter = make()
        self.converter.register_unstructure_hook(PersonalData, self.sealing.seal)
        self.converter.register_structure_hook(PersonalData, lambda value, _: self.sealing.open(value))
        self._unopening: JsonConverter = make()
        self._unopening.register_structure_hook(PersonalData, lambda value, _: _unopened(value))

    def encode_event(self, event: DomainEvent) -> dict[str, Any]:
        """An event's stored body."""
        return encode_event(event, self.converter)

    def decode_event(self, type_name: str, stream_id: UUID, version: int, body: dict[str, Any]) -> DomainEvent:
        """An event from its stored body."""
        return decode_event(type_name, stream_id, version, body, self.converter)

    def dump_state(self, state: Any) -> str:
        """A state as JSON text, for a read model's row (msgspec's encoder, a fifth of the standard library's time;
        the standard library's for any value msgspec refuses to encode)."""
        value = self.converter.unstructure(state)
        try:
            return _state_encoder.encode(value).decode()
        except (TypeError, OverflowError, msgspec.EncodeError):
            return json.dumps(value, ensure_ascii=False)

    def load_state(self, text: str | bytes, state_type: type[Any]) -> Any:
        """A state from a read model's row."""
        return self.converter.structure(json.loads(text), state_type)

    def load_states(self, texts: Sequence[str | bytes], state_type: type[Any]) -> list[Any]:
        """States from rows, their people's keys read in one query."""
        values = [decoded(text) for text in texts]
        self.prefetch(values)
        return [self.converter.structure(value, state_type) for value in values]

    def decode_unopened(self, type_name: str, stream_id: UUID, version: int, body: dict[str, Any]) -> DomainEvent:
        """An event from its stored body, its sealed personal data left unopened (`PersonalData.unopened`): no key
        read, nothing decrypted."""
        return decode_event(type_name, stream_id, version, body, self._unopening)

    def logged(self, rows: Sequence[tuple[int, Any, int, str, bytes]]) -> list[LoggedEvent]:
        """Log rows (position, stream id, version, topic, body) as events, their people's keys read in one query."""
        bodies = [decoded(row[4]) for row in rows]
        self.prefetch_named(row[4] for row in rows)
        return [
            LoggedEvent(position, self.decode_event(topic, as_uuid(stream_id), version, body))
            for (position, stream_id, version, topic, _), body in zip(rows, bodies, strict=True)
        ]

    def prefetch_named(self, texts: Iterable[bytes]) -> None:
        """Read the keys of the people these stored JSON texts name, in one query."""
        if self.ring is not None and (people := _people_in_text(texts)):
            self.ring.prefetch(people)

    def prefetch(self, values: Iterable[Any]) -> None:
        """Read the keys of every person sealed in these JSON values at once."""
        if self.ring is not None:
            people = {person for value in values for person in sealed_people(value)}
            if people:
                self.ring.prefetch(people)

    def open_body(self, value: Any) -> Any:
        """A stored JSON value with each sealed form replaced by the plain form (or the erased one): for forms of
        events made from stored bodies."""
        if isinstance(value, dict):
            if SEALED in value and "person_id" in value:
                return plain_form(self.sealing.open(value))
            return {key: self.open_body(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.open_body(item) for item in value]
        return value


def _unopened(value: dict[str, Any]) -> PersonalData:
    if SEALED in value and "person_id" in value:
        return PersonalData.unopened(value["person_id"])
    return plain_personal_data(value)


PLAIN = Codec(None)
"""The codec of a store without a key ring: it writes personal data in the plain and refuses to open sealed data."""
