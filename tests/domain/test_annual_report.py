"""Tables 3 and 4 of the annual report (R-REPORT) over a small history across three years, each cell worked out by
hand below."""

from __future__ import annotations

import uuid
from datetime import date

from domain.annual_report import (
    ANSWERED,
    CARRIED_IN,
    CARRIED_OUT,
    NEW,
    OUTCOME_ROWS,
    PENDING,
    TABLE3_COLUMNS,
    TABLE3_LABELS,
    TABLE3_ROWS,
    TABLE4_COLUMNS,
    TABLE4_LABELS,
    TABLE4_ROWS,
    TOTAL,
    Case,
    CaseRef,
    Kind,
    LateEntry,
    case_from,
    tables,
    year_over_year,
)
from domain.disclosure_request.values import ApplicantType, Outcome, OutcomeCategory
from domain.reviews import Review, ReviewDecision, ReviewKind, ReviewResult
from tests.domain.builders import applied, at, fold, reply, run

NATURAL, BUSINESS, RESEARCH = ApplicantType.NATURAL_PERSON, ApplicantType.BUSINESS, ApplicantType.RESEARCH_INSTITUTION
PUBLIC_INTEREST, LEGAL, OTHER = (ApplicantType.PUBLIC_INTEREST_ORGANISATION, ApplicantType.LEGAL_SERVICES,
                                 ApplicantType.OTHER)  # fmt: skip
DISCLOSED = Outcome(OutcomeCategory.DISCLOSED)
PARTLY = Outcome(OutcomeCategory.PARTIALLY_DISCLOSED, withheld="姓名", withheld_grounds=(4,))


def case(
    number: str,
    received: date,
    kind: ApplicantType = NATURAL,
    closed: date | None = None,
    outcome: Outcome | None = None,
    reviews: tuple[Review, ...] = (),
    late: tuple[LateEntry, ...] = (),
) -> Case:
    return Case(CaseRef(uuid.uuid4(), number), "闵行区人社局", received, kind, closed, outcome, reviews, late)


def review(kind: ReviewKind, filed: date, *decisions: tuple[ReviewResult, date]) -> Review:
    return Review(f"R-{uuid.uuid4().hex[:6]}", kind, filed, decisions=tuple(ReviewDecision(r, d) for r, d in decisions))


HISTORY = [
    # Received in 2024, answered in 2024: in 2024 only.
    case("2024-001", date(2024, 3, 1), NATURAL, date(2024, 3, 20), DISCLOSED),
    # Received in 2024, answered in January 2025: 2024 carried out, 2025 carried in and answered.
    case("2024-002", date(2024, 12, 20), BUSINESS, date(2025, 1, 10), PARTLY),
    # Received in 2024, still open at the end of 2025: carried out of 2024 and 2025, carried into 2025 and 2026.
    case("2024-003", date(2024, 11, 5), RESEARCH),
    # 2025: one of each outcome row's kind, across the columns.
    case("2025-001", date(2025, 2, 3), NATURAL, date(2025, 2, 20), DISCLOSED),
    case("2025-002", date(2025, 2, 4), NATURAL, date(2025, 2, 21), Outcome(OutcomeCategory.NOT_DISCLOSED, 1)),
    case("2025-003", date(2025, 3, 4), PUBLIC_INTEREST, date(2025, 3, 25), Outcome(OutcomeCategory.NOT_DISCLOSED, 4)),
    case("2025-004", date(2025, 4, 1), LEGAL, date(2025, 4, 18), Outcome(OutcomeCategory.CANNOT_PROVIDE, 1)),
    case("2025-005", date(2025, 5, 6), OTHER, date(2025, 5, 9), Outcome(OutcomeCategory.NOT_PROCESSED, 2)),
    case("2025-006", date(2025, 6, 2), NATURAL, date(2025, 7, 20), Outcome(OutcomeCategory.OTHER, 1)),
    case(
        "2025-007",
        date(2025, 6, 3),
        BUSINESS,
        date(2025, 6, 10),
        Outcome(OutcomeCategory.OTHER, 3, description="申请人撤回"),
    ),
    # Received at the end of 2025, answered in 2026.
    case(
        "2025-008",
        date(2025, 12, 29),
        NATURAL,
        date(2026, 1, 15),
        DISCLOSED,
        reviews=(review(ReviewKind.RECONSIDERATION, date(2026, 2, 1), (ReviewResult.UPHELD, date(2026, 4, 1))),),
    ),
    # Answered in 2025 and challenged: a reconsideration corrected in 2025; a lawsuit filed in 2025, decided in 2026.
    case(
        "2025-009",
        date(2025, 7, 1),
        NATURAL,
        date(2025, 7, 15),
        Outcome(OutcomeCategory.NOT_DISCLOSED, 6),
        reviews=(
            review(ReviewKind.RECONSIDERATION, date(2025, 8, 1), (ReviewResult.CORRECTED, date(2025, 10, 9))),
            review(ReviewKind.DIRECT_LITIGATION, date(2025, 11, 3), (ReviewResult.UPHELD, date(2026, 3, 2))),
        ),
    ),
    # Its applicant type was corrected to business (the case carries the corrected type), and its reply entered late.
    case(
        "2025-010",
        date(2025, 12, 1),
        BUSINESS,
        date(2025, 12, 30),
        DISCLOSED,
        late=(LateEntry(Kind.CLOSING, date(2025, 12, 30), date(2026, 1, 6)),),
    ),
    # Closed before it was received: the log contradicts itself; counted nowhere and named.
    case("2025-011", date(2025, 9, 9), NATURAL, date(2025, 9, 1), DISCLOSED),
]


def cell(year: int, row: str, column: ApplicantType | str) -> int:
    return tables(HISTORY, year).table3.count(row, str(column))


def test_table_3_of_2025_counted_by_hand() -> None:
    t = tables(HISTORY, 2025).table3
    # New in 2025: 2025-001…010 (011 is left out): natural 001, 002, 006, 008, 009; business 007, 010.
    assert t.count(NEW, NATURAL) == 5 and t.count(NEW, BUSINESS) == 2 and t.count(NEW, TOTAL) == 10
    # Carried in: 2024-002 (business), 2024-003 (research).
    assert (t.count(CARRIED_IN, BUSINESS), t.count(CARRIED_IN, RESEARCH), t.count(CARRIED_IN, TOTAL)) == (1, 1, 2)
    # Answered in 2025: 2024-002 partly; 001 and 010 disclosed; 002 and 003 and 009 not disclosed (grounds 1, 4, 6);
    # 004 cannot provide 1; 005 not processed 2; 006 other 1; 007 other 3.
    assert t.count("disclosed", NATURAL) == 1 and t.count("disclosed", BUSINESS) == 1
    assert t.count("partially_disclosed", BUSINESS) == 1
    assert t.count("not_disclosed.1", NATURAL) == 1
    assert t.count("not_disclosed.4", PUBLIC_INTEREST) == 1
    assert t.count("not_disclosed.6", NATURAL) == 1
    assert t.count("cannot_provide.1", LEGAL) == 1
    assert t.count("not_processed.2", OTHER) == 1
    assert t.count("other.1", NATURAL) == 1 and t.count("other.3", BUSINESS) == 1
    assert t.count(ANSWERED, TOTAL) == 10
    assert t.count(ANSWERED, NATURAL) == 4  # 001, 002, 006, 009
    # Carried out: 2024-003 (research), 2025-008 (natural).
    assert (t.count(CARRIED_OUT, RESEARCH), t.count(CARRIED_OUT, NATURAL), t.count(CARRIED_OUT, TOTAL)) == (1, 1, 2)
    # The total column is the sum of the others, row by row.
    for row in t.rows:
        assert t.count(row, TOTAL) == sum(t.count(row, column) for column in TABLE3_COLUMNS if column != TOTAL)
    # The answered row is the sum of the outcome rows.
    for column in TABLE3_COLUMNS:
        assert t.count(ANSWERED, column) == sum(t.count(row, column) for row in OUTCOME_ROWS)


def test_2024_and_2026_and_the_carry_from_year_to_year() -> None:
    assert (cell(2024, NEW, TOTAL), cell(2024, ANSWERED, TOTAL), cell(2024, CARRIED_OUT, TOTAL)) == (3, 1, 2)
    assert (cell(2026, CARRIED_IN, TOTAL), cell(2026, ANSWERED, TOTAL), cell(2026, CARRIED_OUT, TOTAL)) == (2, 1, 1)
    for year in (2025, 2026):
        for column in TABLE3_COLUMNS:
            assert cell(year, CARRIED_IN, column) == cell(year - 1, CARRIED_OUT, column)


def test_every_column_balances() -> None:
    for year in (2023, 2024, 2025, 2026, 2027):
        for column in TABLE3_COLUMNS:
            assert cell(year, NEW, column) + cell(year, CARRIED_IN, column) == (
                cell(year, ANSWERED, column) + cell(year, CARRIED_OUT, column)
            )


def test_every_cell_names_the_cases_it_counts() -> None:
    t = tables(HISTORY, 2025).table3
    assert [r.registration_number for r in t.cells[(CARRIED_OUT, TOTAL)]] == ["2024-003", "2025-008"]
    assert [r.registration_number for r in t.cells[("not_disclosed.6", NATURAL)]] == ["2025-009"]


def test_table_4_counts_reviews_filed_in_the_year_with_the_result_at_its_end() -> None:
    t4 = tables(HISTORY, 2025).table4
    assert t4.count(ReviewKind.RECONSIDERATION, ReviewResult.CORRECTED) == 1
    assert t4.count(ReviewKind.DIRECT_LITIGATION, PENDING) == 1  # decided only in 2026
    assert t4.count(ReviewKind.DIRECT_LITIGATION, TOTAL) == 1
    assert t4.count(ReviewKind.LITIGATION_AFTER_RECONSIDERATION, TOTAL) == 0
    t4_2026 = tables(HISTORY, 2026).table4
    assert t4_2026.count(ReviewKind.RECONSIDERATION, ReviewResult.UPHELD) == 1
    assert t4_2026.count(ReviewKind.DIRECT_LITIGATION, TOTAL) == 0  # filed in 2025: counted there


def test_the_cases_the_log_leaves_ambiguous_are_named_with_the_reason() -> None:
    found = {a.case.registration_number: a.why for a in tables(HISTORY, 2025).ambiguities}
    assert set(found) == {"2025-010", "2025-011"}
    assert "entered on 2026-01-06, after the year's end" in found["2025-010"]
    assert "before its receipt" in found["2025-011"]
    assert tables(HISTORY, 2024).ambiguities == ()


def test_a_reply_entered_after_the_year_it_is_dated_in_is_named() -> None:
    receipt = run(None, applied(date(2025, 12, 1)))
    state = fold(None, receipt)
    replied = run(state, at(date(2026, 1, 6), reply(date(2025, 12, 30), DISCLOSED)))
    found = case_from([*receipt, *replied])
    assert found.closed_on == date(2025, 12, 30)
    assert found.late == (LateEntry(Kind.CLOSING, date(2025, 12, 30), date(2026, 1, 6)),)
    report = tables([found], 2025)
    assert report.table3.count("disclosed", TOTAL) == 1  # counted by its date
    assert [a.case.id for a in report.ambiguities] == [found.ref.id]
    on_time = run(state, at(date(2025, 12, 30), reply(date(2025, 12, 30), DISCLOSED)))
    assert tables([case_from([*receipt, *on_time])], 2025).ambiguities == ()


def test_every_row_and_column_has_its_official_name() -> None:
    assert all(key in TABLE3_LABELS for key in (*TABLE3_ROWS, *TABLE3_COLUMNS))
    assert all(key in TABLE4_LABELS for key in (*TABLE4_ROWS, *TABLE4_COLUMNS))
    assert TABLE3_LABELS["other"] == "其他" and TABLE4_LABELS["other"] == "其他结果"


def test_the_texts_comparisons_with_the_year_before() -> None:
    said = {c.subject: c for c in year_over_year(tables(HISTORY, 2025), tables(HISTORY, 2024))}
    assert said["本年新收政府信息公开申请"].text == "本年新收政府信息公开申请10件，比上年增加7件（233.3%）。"
    assert said["其中不予公开"].text == "其中不予公开3件，比上年增加3件。"  # none the year before: no share
    assert said["结转下年度继续办理"].text == "结转下年度继续办理2件，与上年持平。"
    assert (said["政府信息公开行政诉讼"].this_year, said["行政复议、行政诉讼结果纠正"].this_year) == (1, 1)
    fewer = {c.subject: c for c in year_over_year(tables(HISTORY, 2026), tables(HISTORY, 2025))}
    assert fewer["本年新收政府信息公开申请"].text == "本年新收政府信息公开申请0件，比上年减少10件（100.0%）。"
