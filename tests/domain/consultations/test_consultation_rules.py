"""R-CON-DRAFT, R-CON-PERIOD, R-CON-WINDOW and R-CON-ADOPT on the domain's decisions, with dates worked out by hand on
the real holiday tables."""

from __future__ import annotations

import uuid
from datetime import date, time

import pytest

from domain.consultation import events as ev
from domain.consultation.commands import DisposeComment
from domain.consultation.decisions import dispose, open_consultation
from domain.consultation.rules import ConsultationRules
from domain.consultation.state import COMMENT_BOXES
from domain.consultation.values import CommentChannel, ConsultationCategory, Disposition
from domain.document.values import DocumentKind
from domain.errors import DomainError
from tests.domain.consultations.builders import (
    CLERK,
    DRAFT_TEXT,
    PUBLISHER,
    RULES,
    Book,
    comment_by,
    context,
    draft,
    instant,
    opened,
    opening,
    published,
)

MARCH_3 = date(2025, 3, 3)
"""A Monday with no holiday near it."""


def refusal_to_open(day: date, command: object, kind: DocumentKind = DocumentKind.POLICY, **kw: object) -> DomainError:
    with pytest.raises(DomainError) as refused:
        open_consultation(draft(kind), DRAFT_TEXT, command, context(day), kw.get("rules", RULES))  # type: ignore[arg-type]
    return refused.value


# R-CON-PERIOD --------------------------------------------------------------------------------------------------------


def test_an_other_normative_draft_runs_at_least_seven_working_days() -> None:
    # Opened Mon 3 March; the opening day is not counted: 4, 5, 6, 7 (4), 10, 11, 12 March (7) — Wed 12 March.
    assert not opened(draft(), MARCH_3, opening(date(2025, 3, 12))).urgency_reason
    refused = refusal_to_open(MARCH_3, opening(date(2025, 3, 11)))
    assert (refused.code, refused.field) == ("R-CON-PERIOD", "closes_on")
    assert "2025-03-12" in refused.message


def test_seven_working_days_skip_the_spring_festival_and_count_its_adjusted_working_days() -> None:
    # Opened Fri 24 Jan 2025. Sun 26 Jan is a working day (调休) (1), Mon 27 Jan (2); 28 Jan–4 Feb are off;
    # Wed 5, Thu 6, Fri 7 Feb (3–5), Sat 8 Feb is a working day (6), Mon 10 Feb (7).
    opened(draft(), date(2025, 1, 24), opening(date(2025, 2, 10)))
    assert refusal_to_open(date(2025, 1, 24), opening(date(2025, 2, 8))).code == "R-CON-PERIOD"


@pytest.mark.parametrize("category", [ConsultationCategory.MAJOR_DECISION, ConsultationCategory.BUSINESS_RELATED])
def test_a_major_decision_or_a_business_related_draft_runs_at_least_thirty_calendar_days(
    category: ConsultationCategory,
) -> None:
    # Opened Mon 3 March: 30 days later is Wed 2 April, a working day.
    opened(draft(), MARCH_3, opening(date(2025, 4, 2), category))
    assert refusal_to_open(MARCH_3, opening(date(2025, 4, 1), category)).code == "R-CON-PERIOD"


def test_thirty_calendar_days_ending_in_a_holiday_run_to_the_next_working_day() -> None:
    # Opened Mon 1 Sep 2025: 30 days later is Wed 1 Oct, National Day; 1–8 Oct are off, so Thu 9 Oct (R-COUNT-2).
    opened(draft(), date(2025, 9, 1), opening(date(2025, 10, 9), ConsultationCategory.MAJOR_DECISION))
    refused = refusal_to_open(date(2025, 9, 1), opening(date(2025, 10, 8), ConsultationCategory.MAJOR_DECISION))
    assert refused.code == "R-CON-PERIOD"


def test_a_shorter_period_needs_an_urgency_reason_which_is_kept_to_be_published() -> None:
    command = opening(date(2025, 3, 7), urgency_reason="  落实上级紧急部署，需于三月中旬前出台  ")
    event = open_consultation(draft(), DRAFT_TEXT, command, context(MARCH_3), RULES)
    assert event.shortened is True
    assert event.urgency_reason == "落实上级紧急部署，需于三月中旬前出台"
    assert refusal_to_open(MARCH_3, opening(date(2025, 3, 7), urgency_reason="   ")).code == "R-CON-PERIOD"


def test_a_full_period_is_not_marked_shortened() -> None:
    event = open_consultation(draft(), DRAFT_TEXT, opening(date(2025, 3, 12)), context(MARCH_3), RULES)
    assert event.shortened is False


def test_the_period_is_read_from_the_organs_settings() -> None:
    # Ten working days from Mon 3 March: 4–7 (4), 10–14 (9), Mon 17 March (10).
    rules = ConsultationRules(normative_working_days=10)
    opened(draft(), MARCH_3, opening(date(2025, 3, 17)), rules)
    assert refusal_to_open(MARCH_3, opening(date(2025, 3, 14)), rules=rules).code == "R-CON-PERIOD"


def test_even_an_urgent_consultation_closes_after_the_day_it_opens() -> None:
    refused = refusal_to_open(MARCH_3, opening(MARCH_3, urgency_reason="紧急"))
    assert (refused.code, refused.field) == ("R-CON-PERIOD", "closes_on")


def test_a_close_more_than_a_year_away_is_a_typing_error() -> None:
    assert refusal_to_open(MARCH_3, opening(date(2026, 3, 5))).code == "R-VALUE"


# R-CON-DRAFT ---------------------------------------------------------------------------------------------------------


def test_a_consultation_publishes_the_draft_and_its_interpretation() -> None:
    document = draft(revisions=2)
    consultation = opened(document, MARCH_3, opening(date(2025, 3, 12), revision=2))
    assert (consultation.document_id, consultation.revision) == (document.id, 2)
    assert consultation.text == DRAFT_TEXT
    assert consultation.draft_interpretation.startswith("一问一答")
    assert (consultation.organ, consultation.department) == (document.organ, document.department)


def test_a_consultation_without_a_draft_interpretation_is_refused() -> None:
    refused = refusal_to_open(MARCH_3, opening(date(2025, 3, 12), draft_interpretation="  "))
    assert (refused.code, refused.field) == ("R-CON-DRAFT", "draft_interpretation")


def test_only_the_current_revision_is_put_to_consultation() -> None:
    with pytest.raises(DomainError) as refused:
        opened(draft(revisions=2), MARCH_3, opening(date(2025, 3, 12), revision=1))
    assert (refused.value.code, refused.value.field) == ("R-CON-DRAFT", "revision")


def test_a_published_revision_is_no_draft() -> None:
    with pytest.raises(DomainError) as refused:
        opened(published(draft(), date(2025, 2, 28)), MARCH_3, opening(date(2025, 3, 12)))
    assert refused.value.code == "R-CON-DRAFT"


@pytest.mark.parametrize("kind", [DocumentKind.PENALTY_DECISION, DocumentKind.WORK_INFORMATION])
def test_only_policies_and_normative_documents_are_consulted_on(kind: DocumentKind) -> None:
    refused = refusal_to_open(MARCH_3, opening(date(2025, 3, 12)), kind)
    assert (refused.code, refused.field) == ("R-CON-DRAFT", "document_id")


def test_channels_are_named_once_each() -> None:
    assert refusal_to_open(MARCH_3, opening(date(2025, 3, 12), channels=())).field == "channels"
    twice = (CommentChannel.ONLINE, CommentChannel.ONLINE)
    assert refusal_to_open(MARCH_3, opening(date(2025, 3, 12), channels=twice)).field == "channels"


# R-CON-WINDOW --------------------------------------------------------------------------------------------------------


def _book(closes_on: date = date(2025, 3, 12)) -> Book:
    return Book(opened(draft(), MARCH_3, opening(closes_on)))


def test_a_comment_is_accepted_until_the_end_of_the_closing_day_in_shanghai() -> None:
    book = _book()
    events = book.receive(comment_by(), context(date(2025, 3, 12), CLERK, at=time(23, 59)))
    received = events[0]
    assert isinstance(received, ev.CommentReceived)
    assert received.received_at == instant(date(2025, 3, 12), time(23, 59))
    assert book.consultation.closes_at == instant(date(2025, 3, 13), time(0))
    with pytest.raises(DomainError) as refused:
        book.receive(comment_by(), context(date(2025, 3, 13), CLERK, at=time(0, 0)))
    assert refused.value.code == "R-CON-WINDOW"


def test_each_comment_is_its_own_stream_listed_in_its_box() -> None:
    book = _book()
    first, second = comment_by(), comment_by("李四")
    book.receive(first, context(date(2025, 3, 4), CLERK))
    book.receive(second, context(date(2025, 3, 4), CLERK))
    assert set(book.comments) == {first.comment_id, second.comment_id}
    listed = [c for box in book.boxes.values() if box for c in box.comment_ids]
    assert sorted(listed) == sorted([first.comment_id, second.comment_id])


def test_a_comment_by_a_channel_the_consultation_did_not_name_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        _book().receive(comment_by(channel=CommentChannel.FAX), context(date(2025, 3, 4), CLERK))
    assert (refused.value.code, refused.value.field) == ("R-CON-WINDOW", "channel")


def test_a_letter_entered_later_the_same_day_keeps_the_time_it_arrived() -> None:
    book = _book()
    arrived = instant(date(2025, 3, 5), time(9, 15))
    events = book.receive(
        comment_by(channel=CommentChannel.LETTER, received_at=arrived), context(date(2025, 3, 5), CLERK)
    )
    assert events[0].received_at == arrived  # type: ignore[attr-defined]


def test_a_comment_cannot_have_arrived_before_the_consultation_opened_or_in_the_future() -> None:
    book = _book()
    before = comment_by(channel=CommentChannel.PHONE, received_at=instant(MARCH_3, time(9, 0)))
    with pytest.raises(DomainError) as refused:
        book.receive(before, context(date(2025, 3, 4), CLERK))
    assert (refused.value.code, refused.value.field) == ("R-CON-WINDOW", "received_at")
    later = comment_by(channel=CommentChannel.PHONE, received_at=instant(date(2025, 3, 4), time(11, 0)))
    with pytest.raises(DomainError) as refused:
        book.receive(later, context(date(2025, 3, 4), CLERK))
    assert (refused.value.code, refused.value.field) == ("R-VALUE", "received_at")


def test_a_blank_comment_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        _book().receive(comment_by(text="  "), context(date(2025, 3, 4), CLERK))
    assert (refused.value.code, refused.value.field) == ("R-VALUE", "comment")


# R-CON-ADOPT ---------------------------------------------------------------------------------------------------------


def _commented(*names: str) -> tuple[Book, list[uuid.UUID]]:
    book = _book()
    ids = []
    for minute, name in enumerate(names):
        command = comment_by(name)
        book.receive(command, context(date(2025, 3, 5), CLERK, at=time(9, minute)))
        ids.append(command.comment_id)
    return book, ids


def test_a_disposition_needs_a_reason() -> None:
    book, [comment] = _commented("张三")
    with pytest.raises(DomainError) as refused:
        book.dispose(comment, Disposition.NOT_ADOPTED, " ", context(date(2025, 3, 14)))
    assert (refused.value.code, refused.value.field) == ("R-CON-ADOPT", "reason")


def test_a_comment_gets_one_disposition() -> None:
    book, [comment] = _commented("张三")
    book.dispose(comment, Disposition.ADOPTED, "已在第三条中增加", context(date(2025, 3, 14)))
    with pytest.raises(DomainError) as refused:
        book.dispose(comment, Disposition.NOT_ADOPTED, "改变主意", context(date(2025, 3, 14)))
    assert refused.value.code == "R-CON-ADOPT"


def test_the_adoption_report_counts_dispositions_and_gives_reasons_without_who_commented() -> None:
    book, [a, b, c] = _commented("张三", "李四", "王五")
    ctx = context(date(2025, 3, 14))
    book.dispose(a, Disposition.ADOPTED, "已在第三条中增加灵活就业人员", ctx)
    book.dispose(b, Disposition.PARTLY_ADOPTED, "补贴标准另行制定", ctx)
    book.dispose(c, Disposition.NOT_ADOPTED, "超出本文件调整范围", ctx)
    final = published(draft(), date(2025, 3, 20))
    events = book.report(final, context(date(2025, 3, 21), PUBLISHER), summary="共收到意见3条")
    report = events[0]
    assert isinstance(report, ev.AdoptionReportPublished)
    assert (report.adopted, report.partly_adopted, report.not_adopted) == (1, 1, 1)
    assert [(i.comment_id, i.disposition) for i in report.items] == [
        (a, Disposition.ADOPTED),
        (b, Disposition.PARTLY_ADOPTED),
        (c, Disposition.NOT_ADOPTED),
    ]
    assert report.published_on == date(2025, 3, 21)
    assert "张三" not in repr(report) and "13800000000" not in repr(report)


def test_the_report_seals_every_comment_box_and_no_comment_follows_it() -> None:
    book, [a] = _commented("张三")
    book.dispose(a, Disposition.ADOPTED, "采纳", context(date(2025, 3, 14)))
    events = book.report(published(draft(), date(2025, 3, 20)), context(date(2025, 3, 21), PUBLISHER))
    assert sorted(e.number for e in events if isinstance(e, ev.BoxSealed)) == list(range(COMMENT_BOXES))
    assert all(box is not None and box.sealed for box in book.boxes.values())


def test_no_report_while_a_comment_lacks_its_disposition() -> None:
    book, [a, _] = _commented("张三", "李四")
    book.dispose(a, Disposition.ADOPTED, "采纳", context(date(2025, 3, 14)))
    with pytest.raises(DomainError) as refused:
        book.report(published(draft(), date(2025, 3, 20)), context(date(2025, 3, 21), PUBLISHER))
    assert refused.value.code == "R-CON-ADOPT"
    assert "1 comment" in refused.value.message


def test_no_report_before_the_final_document_is_published() -> None:
    book, _ = _commented()
    with pytest.raises(DomainError) as refused:
        book.report(draft(), context(date(2025, 3, 21), PUBLISHER))
    assert refused.value.code == "R-CON-ADOPT"


def test_a_publication_of_a_revision_before_the_one_consulted_on_is_not_the_final_document() -> None:
    document = draft(revisions=2)
    book = Book(opened(document, MARCH_3, opening(date(2025, 3, 12), revision=2)))
    with pytest.raises(DomainError) as refused:
        book.report(published(document, date(2025, 3, 20), revision=1), context(date(2025, 3, 21), PUBLISHER))
    assert refused.value.code == "R-CON-ADOPT"


def test_no_report_while_the_consultation_is_open() -> None:
    book, _ = _commented()
    with pytest.raises(DomainError) as refused:
        book.report(published(draft(), date(2025, 3, 11)), context(date(2025, 3, 12), PUBLISHER))
    assert refused.value.code == "R-CON-ADOPT"


def test_a_report_is_published_once_and_fixes_the_dispositions() -> None:
    book, _ = _commented()
    final = published(draft(), date(2025, 3, 20))
    book.report(final, context(date(2025, 3, 21), PUBLISHER))
    with pytest.raises(DomainError) as again:
        book.report(final, context(date(2025, 3, 24), PUBLISHER))
    assert again.value.code == "R-CON-ADOPT"


def test_no_comment_after_the_report() -> None:
    book, _ = _commented()
    book.report(published(draft(), date(2025, 3, 20)), context(date(2025, 3, 21), PUBLISHER))
    with pytest.raises(DomainError) as refused:
        book.receive(comment_by(), context(date(2025, 3, 21), CLERK))
    assert refused.value.code == "R-CON-WINDOW"


def test_a_disposition_decided_on_a_comment_read_before_the_report_is_refused_after_it() -> None:
    book, [a] = _commented("张三")
    read_before = book.comments[a]
    book.dispose(a, Disposition.ADOPTED, "采纳", context(date(2025, 3, 14)))
    book.report(published(draft(), date(2025, 3, 20)), context(date(2025, 3, 21), PUBLISHER))
    command = DisposeComment(disposition=Disposition.NOT_ADOPTED, reason="另议")
    with pytest.raises(DomainError) as refused:
        dispose(read_before, book.consultation, command, context(date(2025, 3, 21)))
    assert refused.value.code == "R-CON-ADOPT"
