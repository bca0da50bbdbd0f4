"""The log's chain of digests (tamper evidence): its one encoding, and the port through which it is read.

Every stored event has a chain row beside it, written in the transaction that writes the event: (position, previous
position, digest). The digest of the event at position p whose chain row names position q before it is

    SHA-256( D(q)                                   32 bytes: the digest of the chain row at q; 32 zero bytes when
                                                    q is 0, the chain's start (the genesis)
           ‖ u64(p)                                 the position, 8 bytes big-endian
           ‖ u64(16) ‖ originator id                the stream's UUID, its 16 bytes in RFC 4122 order
           ‖ i64(originator version)                8 bytes big-endian, signed
           ‖ u64(len(topic)) ‖ topic                the stored type name, UTF-8
           ‖ u64(len(state)) ‖ state )              the stored state, byte for byte as in the table

Fixed widths and a length before every field of variable length make the encoding unambiguous: no two different
events encode to the same bytes. A digest therefore stands for the whole log up to its position.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from typing import NamedTuple, Protocol
from uuid import UUID

GENESIS = bytes(32)
"""The previous digest of the chain's first row."""
START = 0
"""The previous position of the chain's first row (positions start at 1)."""

_POSITION_AND_ID_LENGTH = struct.Struct(">QQ")
_VERSION_AND_TOPIC_LENGTH = struct.Struct(">qQ")
_STATE_LENGTH = struct.Struct(">Q")
_ID_LENGTH = 16


def chain_digest(previous: bytes, position: int, originator_id: UUID, version: int, topic: str, state: bytes) -> bytes:
    """The digest of an event chained after the one whose digest is `previous` (the encoding above)."""
    topic_bytes = topic.encode()
    # hashlib copies nothing when fed piece by piece: a state of megabytes is hashed where it lies.
    digest = hashlib.sha256(previous)
    digest.update(_POSITION_AND_ID_LENGTH.pack(position, _ID_LENGTH))
    digest.update(originator_id.bytes)
    digest.update(_VERSION_AND_TOPIC_LENGTH.pack(version, len(topic_bytes)))
    digest.update(topic_bytes)
    digest.update(_STATE_LENGTH.pack(len(state)))
    digest.update(state)
    return digest.digest()


class LoggedRow(NamedTuple):
    """An event row of the log as stored (the digest covers exactly these fields)."""

    position: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes


class Link(NamedTuple):
    """A chain row: the digest of the event at `position`, chained after the one at `previous_position`."""

    position: int
    previous_position: int
    digest: bytes


class AuditedLog(Protocol):
    """The log's event rows and chain rows, read as they stand at one moment (every call sees the same moment)."""

    def events_after(self, after: int, limit: int) -> Sequence[LoggedRow]:
        """Up to `limit` event rows with positions after `after`, in position order."""
        ...

    def links_after(self, after: int, limit: int) -> Sequence[Link]:
        """Up to `limit` chain rows with positions after `after`, in position order."""
        ...

    def last_link(self) -> Link | None:
        """The chain row with the highest position; None when there is none."""
        ...

    def last_position(self) -> int:
        """The highest position of an event row, 0 when there is none."""
        ...


def link_events(previous: Link | None, rows: Sequence[LoggedRow]) -> list[Link]:
    """Chain rows for events written after the chain row `previous` (None: the chain's start), in position order."""
    position, digest = (START, GENESIS) if previous is None else (previous.position, previous.digest)
    links = []
    for row in rows:
        digest = chain_digest(digest, row.position, row.originator_id, row.originator_version, row.topic, row.state)
        links.append(Link(row.position, position, digest))
        position = row.position
    return links
