"""Per-person data keys (AES-256-GCM), wrapped by a key-encrypting key from the environment, cached in memory for a
bounded time after their person is erased.

The key-encrypting key is GONGKAI_PERSONAL_DATA_KEY (base64 of 32 bytes). Without it, the embedded store keeps one
in a file beside its SQLite file, and PostgreSQL in var/personal-data-key, each made (owner-only) on the first start;
the database records a verifier of the key it was started with, so a process started with another key refuses to
start rather than read garbage or wrap new keys that the other processes cannot unwrap.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from adapters.applicant_keys import secret_from_file
from adapters.persistence.database import DatabaseURL
from adapters.persistence.key_tables import KeyTable, key_table
from adapters.settings_file import SettingsFileError

KEY_VARIABLE = "GONGKAI_PERSONAL_DATA_KEY"
KEY_BYTES = 32
REFRESH_SECONDS = 2.0
"""How long a process may go on using a key after its person was erased elsewhere (and keep states read with it):
the bound within which every serving process stops showing erased data."""
RETRY_SECONDS = 1.0
"""After a look for erasures failed (the database away), how long before the next call looks again: until then calls
go on without looking, rather than each waiting out the pool's timeout (an erasure needs the database too)."""
CACHED_KEYS = 100_000
"""Unwrapped keys kept in memory (about 100 bytes each); the oldest go first."""
NONCE_BYTES = 12


class KeyEncryptingKeyError(SettingsFileError):
    """The key-encrypting key is malformed, or not the one the database's keys were wrapped with."""


def key_file(url: DatabaseURL) -> Path | None:
    """Where the key-encrypting key is kept when GONGKAI_PERSONAL_DATA_KEY does not give it: beside the SQLite file,
    or var/personal-data-key for PostgreSQL; None for memory://, which keeps nothing."""
    if url.kind == "sqlite":
        return Path(f"{url.path}.personal-data-key")
    return Path("var/personal-data-key") if url.kind == "postgresql" else None


def key_encrypting_key(url: DatabaseURL) -> bytes:
    """GONGKAI_PERSONAL_DATA_KEY, or the key file of the store (made on the first start), or for memory:// a random
    key."""
    value = os.environ.get(KEY_VARIABLE, "").strip()
    if value:
        try:
            key = base64.b64decode(value, validate=True)
        except binascii.Error:
            key = b""
        if len(key) != KEY_BYTES:
            raise KeyEncryptingKeyError(
                f"{KEY_VARIABLE} is the base64 of {KEY_BYTES} random bytes (make one with `openssl rand -base64 32`)"
            )
        return key
    path = key_file(url)
    if path is None:
        return secrets.token_bytes(KEY_BYTES)
    key = secret_from_file(path)
    if len(key) != KEY_BYTES:
        raise KeyEncryptingKeyError(f"{path} holds {len(key)} bytes, not a key of {KEY_BYTES}")
    return key


def _verifier(kek: bytes) -> str:
    """What the database keeps of the key-encrypting key: enough to tell another key, nothing to find this one."""
    return hmac.new(kek, b"gongkai personal data key-encrypting key", hashlib.sha256).hexdigest()[:32]


class KeyRing:
    """Each person's data key: made when their first data is sealed, unwrapped once per process and kept, and
    forgotten within REFRESH_SECONDS of their erasure in any process."""

    def __init__(self, table: KeyTable, kek: bytes, refresh_seconds: float = REFRESH_SECONDS) -> None:
        if table.verifier(_verifier(kek)) != _verifier(kek):
            raise KeyEncryptingKeyError(
                f"{KEY_VARIABLE} (or the key file) is not the key this database's personal-data keys were wrapped "
                "with: give every process the key the database was first started with"
            )
        self._table = table
        self._kek = AESGCM(kek)
        self._refresh_seconds = refresh_seconds
        self._keys: dict[str, AESGCM] = {}
        self._links: dict[str, str] = {}
        self._erased: set[str] = set()
        self._seen = max((n for n, _ in table.erasures_after(0)), default=0)
        self._next_refresh = time.monotonic() + refresh_seconds
        self._lock = threading.Lock()
        """Guards the caches; never held while the table is read or written."""
        self._refreshing = threading.RLock()
        self._listeners: list[Callable[[], None]] = []

    def on_erasure(self, listener: Callable[[], None]) -> None:
        """Call `listener` whenever this process learns that someone's data was erased."""
        self._listeners.append(listener)

    def person_for(self, link: str | None) -> str:
        """The person id of new personal data: the person already known by this link (the applicant key of their
        identity number), or a new person, whose key is made when their data is first sealed."""
        if link is None:
            return uuid.uuid4().hex
        self.refresh_if_due()
        known = self._links.get(link)
        if known is not None:
            return known
        # A new person is tried first: one round trip for an applicant the store has not seen.
        person, key = uuid.uuid4().hex, AESGCM.generate_key(bit_length=256)
        if self._table.add(person, link, self._wrap(person, key)):
            self._remember(person, key)
        else:  # the link is another person's already
            person = self._table.person_by_link(link) or person
        with self._lock:
            if person not in self._erased:
                self._links[link] = person
        return person

    def sealing_key(self, person_id: str) -> AESGCM | None:
        """The key to seal a person's data with, made if they have none; None once they are erased."""
        return self.opening_key(person_id, make=True)

    def opening_key(self, person_id: str, make: bool = False) -> AESGCM | None:
        """The key to open a person's data with; None once they are erased (or never had one)."""
        self.refresh_if_due()
        key = self._keys.get(person_id)
        if key is not None or person_id in self._erased:
            return key
        if make:
            new = AESGCM.generate_key(bit_length=256)
            if self._table.add(person_id, None, self._wrap(person_id, new)):
                return self._remember(person_id, new)
        self._fetch([person_id])
        return self._keys.get(person_id)

    def prefetch(self, person_ids: Iterable[str]) -> None:
        """Read the keys of these people in one query, so that opening a batch of rows costs one round trip."""
        self.refresh_if_due()
        missing = list({p for p in person_ids if p not in self._keys and p not in self._erased})
        if missing:
            self._fetch(missing)

    def _fetch(self, person_ids: list[str]) -> None:
        found = self._table.wrapped(person_ids)
        for person in person_ids:
            wrapped = found.get(person)
            if wrapped is None:
                with self._lock:
                    self._erased.add(person)  # a person id, once erased, never has a key again
            else:
                self._remember(person, self._unwrap(person, wrapped))

    def _remember(self, person_id: str, key: bytes) -> AESGCM | None:
        """Keep a key read or made, unless its person was erased meanwhile (read before, forgotten since)."""
        with self._lock:
            if person_id in self._erased:
                return None
            if len(self._keys) >= CACHED_KEYS:
                del self._keys[next(iter(self._keys))]
            cipher = self._keys[person_id] = AESGCM(key)
            return cipher

    def _wrap(self, person_id: str, key: bytes) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return nonce + self._kek.encrypt(nonce, key, person_id.encode())

    def _unwrap(self, person_id: str, wrapped: bytes) -> bytes:
        try:
            return self._kek.decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], person_id.encode())
        except InvalidTag:
            raise KeyEncryptingKeyError(f"the key of person {person_id} does not unwrap: its row was altered") from None

    def refresh_if_due(self) -> None:
        """Learn of erasures made by other processes, at most REFRESH_SECONDS after the last look."""
        if time.monotonic() >= self._next_refresh:
            with self._refreshing:
                if time.monotonic() >= self._next_refresh:  # unless another thread just looked
                    self.refresh()

    def refresh(self) -> None:
        """Forget the keys of people erased since the last look, and tell the listeners."""
        with self._refreshing:
            try:
                erased = self._table.erasures_after(self._seen)
            except Exception:
                self._next_refresh = time.monotonic() + RETRY_SECONDS
                raise
            self._next_refresh = time.monotonic() + self._refresh_seconds
            if erased:
                self._seen = erased[-1][0]
                self._forget([person for _, person in erased])

    def _forget(self, people: list[str]) -> None:
        with self._lock:
            for person in people:
                self._keys.pop(person, None)
                self._erased.add(person)
            self._links = {link: p for link, p in self._links.items() if p not in self._erased}
        for listener in self._listeners:
            listener()

    def status(self, person_id: str) -> str:
        """'held', 'erased' or 'unknown', as the table has it now."""
        found = self._table.wrapped([person_id])
        if person_id not in found:
            return "unknown"
        return "erased" if found[person_id] is None else "held"

    def destroy(self, person_id: str) -> bool:
        """Destroy a person's key in the table and in this process at once (others forget it within
        REFRESH_SECONDS); False when they held none."""
        destroyed = self._table.destroy(person_id)
        self._forget([person_id])
        return destroyed

    def close(self) -> None:
        """Release the table's connection."""
        self._table.close()


def open_key_ring(url: DatabaseURL) -> KeyRing:
    """The key ring of the store this URL names, with its key-encrypting key; refused at once when that key is
    malformed or not the database's."""
    kek = key_encrypting_key(url)
    table = key_table(url)
    try:
        return KeyRing(table, kek)
    except BaseException:
        table.close()
        raise
