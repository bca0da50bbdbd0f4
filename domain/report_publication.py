"""Publishing an organ's annual report (R-REPORT): the event freezes every figure of tables 2, 3 and 4 as computed at
that moment, with a digest of them, so that the report as published can be told apart from any later recomputation
cell by cell. An organ may publish a year's report again (a corrected report); each publication is kept."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime
from uuid import UUID

import attrs

from domain.context import Context
from domain.errors import InvalidValue
from domain.events import DomainEvent
from domain.report_tables import Figure, ReportTables

PREFIX = "annual_report."
_NAMESPACE = UUID("6f1d2c3b-8a47-4e0f-9b25-3c7d1e9a5f80")


def report_id(organ: str, year: int) -> UUID:
    """The stream of an organ's report for a year (one stream per organ and year, whoever publishes)."""
    return uuid.uuid5(_NAMESPACE, f"{organ}\x00{year}")


@attrs.frozen(kw_only=True)
class ReportPublished(DomainEvent):
    """An organ published its annual report: every figure of tables 2, 3 and 4 as computed from the log up to a
    position, and their digest."""

    type_name = PREFIX + "published"
    public_fields = frozenset({"organ", "year", "log_position", "figures", "digest"})
    organ: str
    year: int
    log_position: int
    """The log's head when the figures were computed."""
    figures: tuple[Figure, ...]
    digest: str
    """SHA-256 of the organ, the year and the figures (`figures_digest`), in hex."""


EVENT_TYPES: tuple[type[DomainEvent], ...] = (ReportPublished,)


@attrs.frozen
class Publication:
    """One publication of a report."""

    published_at: datetime
    by: str
    log_position: int
    figures: tuple[Figure, ...]
    digest: str


@attrs.frozen
class PublishedReport:
    """An organ's report for a year, as published (the latest publication last)."""

    id: UUID
    version: int
    organ: str
    year: int
    publications: tuple[Publication, ...] = ()

    @property
    def latest(self) -> Publication | None:
        return self.publications[-1] if self.publications else None


def evolve(state: PublishedReport | None, event: DomainEvent) -> PublishedReport:
    """The report after one more publication."""
    if not isinstance(event, ReportPublished):
        raise TypeError(f"no fold for {event.type_name}")
    publication = Publication(event.timestamp, event.actor.name, event.log_position, event.figures, event.digest)
    if state is None:
        return PublishedReport(event.originator_id, event.originator_version, event.organ, event.year, (publication,))
    return attrs.evolve(state, version=event.originator_version, publications=(*state.publications, publication))


def figures_digest(organ: str, year: int, figures: tuple[Figure, ...]) -> str:
    """The digest a publication states: SHA-256 over the organ, the year and every figure, as canonical JSON."""
    body = {"organ": organ, "year": year, "figures": [[f.table, f.row, f.column, f.count] for f in figures]}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def publish(
    state: PublishedReport | None, organ: str, year: int, tables: ReportTables, log_position: int, ctx: Context
) -> ReportPublished:
    """Publish the report: a year's report once the year has ended (R-REPORT: the previous year's, by 31 January)."""
    if year >= ctx.today.year:
        raise InvalidValue(f"the {year} report can be published once {year} has ended", field="year")
    figures = tables.figures()
    return ReportPublished(
        originator_id=report_id(organ, year),
        originator_version=(state.version if state else 0) + 1,
        timestamp=ctx.now,
        actor=ctx.actor,
        organ=organ,
        year=year,
        log_position=log_position,
        figures=figures,
        digest=figures_digest(organ, year, figures),
    )
