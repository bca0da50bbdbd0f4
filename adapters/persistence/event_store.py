"""The event store: one eventsourcing Application hosting every aggregate in one ordered log."""

from __future__ import annotations

import functools
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar, cast
from uuid import UUID

import msgspec
from eventsourcing.application import AggregateNotFoundError, Application, LRUCache
from eventsourcing.persistence import InfrastructureFactory, IntegrityError, JSONTranscoder, Mapper, Notification
from eventsourcing.popo import POPOFactory
from eventsourcing.utils import Environment

from adapters.persistence import popo_chained
from adapters.persistence.database import DatabaseURL
from adapters.persistence.key_ring import open_key_ring
from adapters.persistence.mapper import JSONMapper, Snapshot, StaleSnapshot, as_uuid
from adapters.persistence.sealing import Codec
from adapters.persistence.stored_json import decoded
from application.errors import ConcurrencyConflict, NotFound
from application.ports import LoggedEvent
from application.streams import StreamType
from domain.events import DomainEvent

S = TypeVar("S")


class _Log(Application[UUID]):
    """The eventsourcing application; its name gives the PostgreSQL tables `gongkai_events` and `gongkai_snapshots`."""

    name = "gongkai"

    def __init__(self, env: dict[str, str], codec: Codec) -> None:
        self._codec = codec
        super().__init__(env=env)

    def construct_mapper(self) -> Mapper[UUID]:
        return JSONMapper(transcoder=JSONTranscoder(), conv=self._codec.converter)

    def construct_factory(self, env: Environment) -> InfrastructureFactory[Any]:
        factory = super().construct_factory(env)
        # memory:// keeps its chain in memory, as the other stores keep theirs beside the log; the library's
        # in-memory factory takes no setting naming a recorder, so the chained one is put in here.
        return popo_chained.Factory(env) if type(factory) is POPOFactory else factory


class _FoldFromTheStart(Exception):
    """The latest snapshot was made by another version of the fold."""


class EventsourcingStore:
    """The EventStore port on the eventsourcing library: SQLite, PostgreSQL or in memory.

    Personal data is sealed per person in everything it writes (`sealing`), unless `seal_personal_data` is False,
    which writes it in the plain as releases before per-person encryption did (for benchmarks and tests of such
    stores).
    """

    def __init__(self, url: DatabaseURL, *, seal_personal_data: bool = True) -> None:
        env = {
            **url.eventsourcing_env(),
            "IS_SNAPSHOTTING_ENABLED": "y",
            "AGGREGATE_CACHE_MAXSIZE": "1000",
            # States are immutable, so a cached state needs no defensive copy.
            "DEEPCOPY_FROM_AGGREGATE_CACHE": "n",
        }
        self.url = url
        self.ring = open_key_ring(url) if seal_personal_data else None
        self.codec = Codec(self.ring)
        try:
            self.app = _Log(env, self.codec)
        except BaseException:
            if self.ring is not None:
                self.ring.close()
            raise
        self._remembering = threading.Lock()
        if self.ring is not None:
            # A remembered state may hold an erased person's data, opened before the erasure: forget them all.
            self.ring.on_erasure(self._forget_remembered)

    def close(self) -> None:
        """Release connections."""
        self.app.close()
        if self.ring is not None:
            self.ring.close()

    def _forget_remembered(self) -> None:
        cache = self.app.repository.cache
        if isinstance(cache, LRUCache):
            # The library's clear() only resets the recency list (it is meant for __init__): empty the dict too.
            with cache.lock:
                cache.cache.clear()
                cache.clear()
                cache.full = False

    def load(self, stream: StreamType[S], stream_id: UUID, version: int | None = None) -> S:
        """The state of a stream, starting from its latest snapshot (folded from every event when that snapshot was
        made by another version of the fold)."""

        def project(state: S | None, events: Iterable[Any]) -> S | None:
            for event in events:
                if isinstance(event, StaleSnapshot):
                    raise _FoldFromTheStart
                if isinstance(event, Snapshot):
                    state = event.state
                elif isinstance(event, stream.event_types):
                    state = stream.evolve(state, event)
                else:
                    return None
            return state

        known = self.remembered(stream, stream_id) if version is None else None
        try:
            if known is not None:
                # Brought up to date here rather than by the library, which lets one thread at a time do it for a
                # stream (it guards mutable aggregates): the staff directory is loaded by every request at once.
                state = project(known, self.app.events.get(stream_id, gt=cast(Any, known).version))
            else:
                state = self.app.repository.get(stream_id, version=version, projector_func=project)
        except AggregateNotFoundError:
            state = None
        except _FoldFromTheStart:
            state = project(None, self.history(stream_id, up_to_version=version))
        # The library's cache is keyed by id alone: an id loaded before as another stream type comes back as that.
        if not isinstance(state, stream.state_type):
            raise NotFound(f"no {stream.name.replace('_', ' ')} {stream_id}")
        if version is None:
            # Keep the state read, so that the next load reads and folds only the events after it.
            self._remember(state)
        return state

    def remembered(self, stream: StreamType[S], stream_id: UUID) -> S | None:
        """The state of a stream as this process last loaded or saved it, without reading the store; None when it is
        not remembered. It may be behind the log: another process, or another thread, may have written since."""
        if self.ring is not None:
            self.ring.refresh_if_due()  # forgets every remembered state once someone's data was erased
        cache = self.app.repository.cache
        if cache is None:
            return None
        try:
            state = cache.get(stream_id)
        except KeyError:
            return None
        # The cache is keyed by id alone: an id remembered as another stream type is not this stream's.
        return state if isinstance(state, stream.state_type) else None

    def _remember(self, state: Any) -> None:
        """Cache a state read or written, unless a later version of its stream is cached already (threads race)."""
        cache = self.app.repository.cache
        if cache is None:
            return
        with self._remembering:
            try:
                known = cache.get(state.id)
            except KeyError:
                known = None
            if known is None or type(known) is not type(state) or known.version < state.version:
                cache.put(state.id, state)

    def history(self, stream_id: UUID, up_to_version: int | None = None) -> list[DomainEvent]:
        """A stream's events in order."""
        return list(self.app.events.get(stream_id, lte=up_to_version))  # type: ignore[arg-type]

    def append(self, events: Sequence[DomainEvent], states: Sequence[tuple[StreamType[Any], Any]] = ()) -> int:
        """Write events in one transaction, then snapshot any stream that crossed its interval."""
        try:
            recordings = self.app.save(*events)
        except IntegrityError:
            raise ConcurrencyConflict("the case changed while this step was decided; try again") from None
        self._snapshot(events, states)
        for _, state in states:
            self._remember(state)
        return max(r.notification.id for r in recordings)

    def _snapshot(self, events: Sequence[DomainEvent], states: Sequence[tuple[StreamType[Any], Any]]) -> None:
        if self.app.snapshots is None:
            return
        for stream, state in states:
            interval = stream.snapshot_interval
            if not interval:
                continue
            written = [e.originator_version for e in events if e.originator_id == state.id]
            if written and max(written) // interval > (min(written) - 1) // interval:
                snapshot = Snapshot(
                    originator_id=state.id,
                    originator_version=state.version,
                    type_name=stream.snapshot_type_name,
                    state=state,
                )
                self.app.snapshots.put([snapshot])  # type: ignore[list-item]

    def read_log(self, after: int, limit: int) -> list[LoggedEvent]:
        """Events after a position, in log order."""
        notifications = self.app.recorder.select_notifications(start=after, limit=limit, inclusive_of_start=False)
        return self._logged(notifications)

    def _logged(self, notifications: Sequence[Notification]) -> list[LoggedEvent]:
        """Log rows as events, the keys of the people they name read in one query (a row at a time, the registrations'
        board read a key for each registration another process had taken)."""
        if len(notifications) > 1:
            self.codec.prefetch_named(bytes(n.state) for n in notifications)
        return [LoggedEvent(n.id, self.app.mapper.to_domain_event(n)) for n in notifications]  # type: ignore[arg-type]

    def read_log_of(
        self,
        types: Sequence[str],
        after: int,
        up_to: int,
        limit: int,
        personal_data: bool = True,
        streams: Collection[UUID] | Mapping[str, Collection[UUID]] | None = None,
        matching: Mapping[str, str] | None = None,
    ) -> list[LoggedEvent]:
        """Up to `limit` events of these type names with positions after `after` and at most `up_to`, in log order;
        the log's other events are neither read into this process nor decoded. Without `personal_data`, sealed
        personal data is left unopened (`PersonalData.unopened`): for folds that never read it. With `streams`, only
        the events of those streams are decoded and returned (given by type name, each type's own streams'); with
        `matching`, only those whose stored body has these values in these top-level fields, or lacks the fields (the
        `limit` still counts every row read)."""
        recorder = self.app.recorder
        in_sql = bool(matching) and getattr(recorder, "matches_bodies", False)
        options: dict[str, Any] = {"matching": matching} if in_sql else {}
        notifications = recorder.select_notifications(
            start=after, limit=limit, stop=up_to, topics=list(types), inclusive_of_start=False, **options
        )
        if isinstance(streams, Mapping):
            notifications = [n for n in notifications if as_uuid(n.originator_id) in streams.get(n.topic, ())]
        elif streams is not None:
            notifications = [n for n in notifications if as_uuid(n.originator_id) in streams]
        if matching and not in_sql:
            notifications = [n for n in notifications if _may_match(n.state, matching)]
        if personal_data:
            return self._logged(notifications)
        decode = self.codec.decode_unopened
        return [
            LoggedEvent(n.id, decode(n.topic, as_uuid(n.originator_id), n.originator_version, decoded(n.state)))
            for n in notifications
        ]

    def mentioning(self, text: str, page: int = 1000) -> Iterator[LoggedEvent]:
        """Every event of the log whose stored body holds `text` (a person id, an identity number), in log order:
        the bodies are searched as stored, and only the events found are decoded."""
        wanted, after = text.encode(), 0
        while notifications := self.app.recorder.select_notifications(
            start=after, limit=page, inclusive_of_start=False
        ):
            for notification in notifications:
                if wanted in bytes(notification.state):
                    yield LoggedEvent(notification.id, self.app.mapper.to_domain_event(notification))  # type: ignore[arg-type]
            after = notifications[-1].id

    def last_position(self) -> int:
        """The newest position, 0 for an empty log."""
        return self.app.recorder.max_notification_id() or 0


@functools.cache
def _peeker(names: tuple[str, ...]) -> msgspec.json.Decoder[Any]:
    """A decoder of a stored body's top-level fields of these names alone (the rest are parsed over, not built)."""
    return msgspec.json.Decoder(msgspec.defstruct("Peek", [(name, Any, None) for name in names]))


def _may_match(state: bytes, matching: Mapping[str, str]) -> bool:
    """Whether a stored body has these values in these fields, or lacks them (a body of an older shape is decoded
    and judged by its reader): a tenth of what decoding the event costs."""
    try:
        peek = _peeker(tuple(matching)).decode(state)
    except msgspec.DecodeError:
        return True
    return all(getattr(peek, name) in (None, value) for name, value in matching.items())
