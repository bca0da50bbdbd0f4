"""Properties of consultations under any interleaving of comments, dispositions, the final document's publication and
the adoption report, on any days (the domain's decisions folded as the store would fold them):

- R-CON-WINDOW: no comment is accepted outside its consultation's window (from the opening day through the closing
  day, Asia/Shanghai), nor after the adoption report; every comment refused for its timing is refused under that code;
- R-CON-ADOPT: no adoption report is published while a comment lacks its disposition, before the final document is
  published, or while the consultation is open; and a report, once out, lists every comment with its disposition.

The checks read the recorded events, not the decisions' own state.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.calendar import business_date
from domain.consultation import events as ev
from domain.consultation.values import CommentChannel, Disposition
from domain.document.state import Document
from domain.errors import DomainError
from domain.events import DomainEvent
from tests.domain.consultations.builders import (
    CLERK,
    PUBLISHER,
    Book,
    comment_by,
    context,
    draft,
    opened,
    opening,
    published,
)

OPENS_ON = date(2025, 3, 3)
DAYS = st.integers(min_value=-3, max_value=45)
"""Days from the opening day on which a step is taken (before it too: a clock set back must not slip a comment in)."""
MOMENTS = st.times(min_value=time(0, 0), max_value=time(23, 59, 59))

comment_step = st.tuples(st.just("comment"), DAYS, MOMENTS, st.sampled_from(list(CommentChannel)))
dispose_step = st.tuples(st.just("dispose"), st.integers(0, 20), st.sampled_from(list(Disposition)))
publish_step = st.tuples(st.just("publish"), DAYS, st.booleans())
report_step = st.tuples(st.just("report"), DAYS)
steps = st.lists(st.one_of(comment_step, comment_step, dispose_step, publish_step, report_step), max_size=25)


def _run(closes_after: int, revisions: int, actions: list[tuple[object, ...]]) -> tuple[Book, list[DomainEvent]]:
    """Take every step; keep the accepted events in order; a refusal must name a rule and record nothing."""
    document: Document = draft(revisions=revisions)
    book = Book(
        opened(
            document,
            OPENS_ON,
            opening(OPENS_ON + timedelta(days=closes_after), urgency_reason="紧急", revision=revisions),
        )
    )
    recorded: list[DomainEvent] = []
    for action in actions:
        kind = action[0]
        try:
            if kind == "comment":
                _, offset, moment, channel = action
                day = OPENS_ON + timedelta(days=offset)  # type: ignore[operator]
                recorded += book.receive(comment_by(channel=channel), context(day, CLERK, at=moment))  # type: ignore[arg-type]
            elif kind == "dispose" and book.comments:
                _, index, disposition = action
                ids = sorted(book.comments, key=str)
                comment_id = ids[index % len(ids)]  # type: ignore[operator]
                recorded += book.dispose(comment_id, disposition, "理由", context(OPENS_ON + timedelta(days=30)))  # type: ignore[arg-type]
            elif kind == "publish":
                _, offset, earlier_revision = action
                revision = 1 if earlier_revision else document.current.number
                document = published(document, OPENS_ON + timedelta(days=offset), revision)  # type: ignore[operator]
            elif kind == "report":
                _, offset = action
                recorded += book.report(document, context(OPENS_ON + timedelta(days=offset), PUBLISHER))  # type: ignore[operator]
        except DomainError as refusal:
            assert refusal.code.startswith("R-CON-") or refusal.code == "R-VALUE", refusal
    return book, recorded


@settings(max_examples=300, deadline=None)
@given(closes_after=st.integers(1, 35), revisions=st.integers(1, 2), actions=steps)
def test_no_comment_is_accepted_outside_its_window(
    closes_after: int, revisions: int, actions: list[tuple[object, ...]]
) -> None:
    book, recorded = _run(closes_after, revisions, actions)
    closes_on = OPENS_ON + timedelta(days=closes_after)
    report_at = next((e.timestamp for e in recorded if isinstance(e, ev.AdoptionReportPublished)), None)
    for event in recorded:
        if isinstance(event, ev.CommentReceived):
            assert OPENS_ON <= business_date(event.timestamp) <= closes_on
            assert OPENS_ON <= business_date(event.received_at) <= closes_on
            assert report_at is None or event.timestamp < report_at
    assert book.consultation.opens_on == OPENS_ON


@settings(max_examples=300, deadline=None)
@given(closes_after=st.integers(1, 35), revisions=st.integers(1, 2), actions=steps)
def test_no_adoption_report_with_a_comment_lacking_a_disposition_or_before_the_final_document(
    closes_after: int, revisions: int, actions: list[tuple[object, ...]]
) -> None:
    book, recorded = _run(closes_after, revisions, actions)
    reports = [e for e in recorded if isinstance(e, ev.AdoptionReportPublished)]
    assert len(reports) <= 1
    if not reports:
        return
    [report] = reports
    received = {e.originator_id for e in recorded if isinstance(e, ev.CommentReceived)}
    disposed_before = {e.originator_id for e in recorded[: recorded.index(report)] if isinstance(e, ev.CommentDisposed)}
    assert received <= disposed_before, "a comment lacked its disposition"
    assert {i.comment_id for i in report.items} == received
    assert report.document_revision >= book.consultation.revision, "the report preceded the final document"
    assert report.published_on > OPENS_ON + timedelta(days=closes_after)
    assert report.adopted + report.partly_adopted + report.not_adopted == len(received)


def test_the_properties_see_reports_and_late_comments() -> None:
    """The generated runs do reach the interesting cases: a report is published and a late comment refused."""
    actions: list[tuple[object, ...]] = [
        ("comment", 1, time(9), CommentChannel.ONLINE),
        ("dispose", 0, Disposition.ADOPTED),
        ("publish", 20, False),
        ("comment", 11, time(0, 1), CommentChannel.ONLINE),
        ("report", 21),
    ]
    _, recorded = _run(10, 1, actions)
    assert sum(isinstance(e, ev.CommentReceived) for e in recorded) == 1
    assert sum(isinstance(e, ev.AdoptionReportPublished) for e in recorded) == 1
