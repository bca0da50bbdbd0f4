"""Table 2 of the annual report (主动公开, R-REPORT) over a small history of the bureau across 2023–2025, each cell
worked out by hand below; the facts come from the documents' and monthly returns' own events.

The documents (闵人社规 normative documents, 沪府令 regulations, all published with their Q&A unless told):

    N1 〔2023〕1号  issued 2023-03-01, no term                     in force from 2023 on
    N2 〔2023〕2号  issued 2023-05-10, term to 2024-12-31          expires 2025-01-01: repealed in 2025
    N3 〔2023〕3号  issued 2023-06-01, term to 2024-12-30          expires 2024-12-31: repealed in 2024
    N4 〔2024〕1号  issued 2024-02-01, repealed 2025-06-30
    N5 〔2024〕2号  issued 2024-04-01, repealed 2024-09-01         issued and repealed in 2024
    N6 〔2025〕1号  issued 2025-01-15, never published             never counted
    N7 〔2025〕2号  issued 2025-02-05, no term
    N8 〔2025〕3号  drafted 2024-12-10, issued 2025-01-03          a 2025 document
    N9 〔2025〕4号  issued 2025-06-03, term to 2025-12-31          expires 2026-01-01: in force at the end of 2025
    R1 〔2023〕5号  issued 2023-09-01, term to 2025-08-31          expires 2025-09-01: repealed in 2025
    R2 〔2024〕3号  issued 2024-07-01, never published             never counted
    R3 〔2025〕2号  issued 2025-03-03, repealed 2025-11-20         issued and repealed in 2025

The decisions (就业促进科 = employment section, 劳动保障监察支队 = supervision detachment):

    L1, L2   licensing, employment, 2025-03-05 and 2025-03-20   its March count of 1 replaces them (and is named)
    L3       licensing, employment, drafted 2025-03-28, issued 2025-04-02: April
    L4       licensing, employment, 2024-12-31
    L5       licensing, employment, drafted 2024-12-30, issued 2025-01-02: a 2025 decision
    P1–P3    penalty, supervision, 2025-05-06/12/20             its May count (4, corrected to 5) replaces them
    P4       penalty, employment, 2025-05-15                    no count of the employment section's: one by one
    P5       penalty, supervision, 2025-06-03                   no June count: one by one
    E1       enforcement, supervision, 2025-06-10               one by one
    counts   supervision's enforcement: 3 in 2024-11, 2 in 2025-07

The fee income of 2025: January 12345.67 yuan; February 100.00, corrected to 0.01; April 0.00; March missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import attrs
import pytest

from domain import annual_report
from domain.annual_report import Ambiguity, CaseRef
from domain.document import commands as cmd
from domain.document.decisions import attach_interpretation
from domain.document.state import Document
from domain.document.values import DocumentKind
from domain.events import DomainEvent
from domain.monthly_return import (
    CountDecisions,
    DecisionKind,
    DecisionsCounted,
    FeeIncomeRecorded,
    MonthlyReturn,
    RecordFeeIncome,
    return_id,
)
from domain.monthly_return import decide as enter
from domain.monthly_return import evolve as return_after
from domain.proactive_table import (
    COUNTED,
    DECISIONS,
    FEE_INCOME,
    FEN,
    IN_FORCE,
    ISSUED,
    NORMATIVE,
    REGULATION,
    REPEALED,
    TABLE2_CELLS,
    DocumentFacts,
    MonthlyCount,
    MonthlyFee,
    ProactiveTable,
    facts_from,
    proactive_table,
    return_ref,
    returns_from,
)
from domain.report_tables import Figure, Records, report_tables, year_over_year
from tests.domain import builders as request_builders
from tests.domain.documents.builders import (
    ORGAN,
    OTHER_ORGAN,
    Step,
    at,
    both_reviews,
    context,
    fold,
    given,
    interpretation_of,
    proactive,
    publication,
    registration,
    run,
)

EMPLOYMENT = "就业促进科"
SUPERVISION = "劳动保障监察支队"
LICENSING, PENALTY, ENFORCEMENT = (k.value for k in DecisionKind)
TITLES = {
    DocumentKind.REGULATION: "上海市就业促进若干规定",
    DocumentKind.NORMATIVE: "闵行区就业困难人员认定管理办法",
    DocumentKind.LICENSING_DECISION: "准予人力资源服务许可决定书",
    DocumentKind.PENALTY_DECISION: "行政处罚决定书（拖欠工资）",
    DocumentKind.ENFORCEMENT_DECISION: "查封场所设施财物决定书",
}


# Building the records from their events ----------------------------------------------------------------------


@attrs.frozen
class Out:
    """The document is cleared and published with its Q&A (a decision alone) on a day."""

    day: date


def document(
    kind: DocumentKind,
    number: str,
    formed_on: date,
    department: str = EMPLOYMENT,
    organ: str = ORGAN,
) -> cmd.RegisterDocument:
    """A document of the kind with its number (文号), registered by its drafter on the day it was formed."""
    base = registration(formed_on, DocumentKind.NORMATIVE if kind.has_validity else DocumentKind.WORK_INFORMATION)
    return attrs.evolve(base, kind=kind, title=TITLES[kind], document_number=number, department=department, organ=organ)


def history(registered: cmd.RegisterDocument, *steps: Step | Out) -> list[DomainEvent]:
    """The document's events: its registration and each step decided on its day (a refused step fails the test)."""
    events = run(None, at(registered.formed_on, registered))
    doc = fold(None, events)
    for step in steps:
        new = _published(doc, step.day) if isinstance(step, Out) else run(doc, step)
        events += new
        doc = fold(doc, new)
    return events


def _published(doc: Document, day: date) -> list[DomainEvent]:
    """Set proactive, through both reviews and out on the day; one that needs a Q&A goes out with it."""
    events: list[DomainEvent] = []
    for step in (proactive(day), *both_reviews(day)):
        new = run(doc, step)
        events += new
        doc = fold(doc, new)
    if not doc.kind.needs_interpretation:
        return events + publication(doc, day)
    qa = given(interpretation_of(doc, day), proactive(day), *both_reviews(day))
    attaching = attach_interpretation(doc, qa, context(day))
    doc = fold(doc, attaching)
    out = publication(doc, day, "policies", related=[qa], interpretation_column_id="interpretations")
    return events + attaching + [e for e in out if e.originator_id == doc.id]


def facts(events: Sequence[DomainEvent]) -> DocumentFacts:
    """The document's facts from the events table 2 reads."""
    found = facts_from([e for e in events if isinstance(e, COUNTED)])
    assert found is not None
    return found


def normative(number: str, formed_on: date) -> cmd.RegisterDocument:
    """A normative document of the bureau (闵人社规)."""
    return document(DocumentKind.NORMATIVE, f"闵人社规{number}", formed_on)


def regulation(number: str, formed_on: date) -> cmd.RegisterDocument:
    """A regulation (沪府令)."""
    return document(DocumentKind.REGULATION, f"沪府令{number}", formed_on)


def decision(kind: DocumentKind, number: str, formed_on: date, department: str = EMPLOYMENT) -> cmd.RegisterDocument:
    """A licensing, penalty or enforcement decision of a department, formed on its decision date."""
    return document(kind, number, formed_on, department)


def validity(day: date, effective_on: date, valid_until: date | None = None) -> Step:
    """The validity period recorded on a day."""
    return at(day, cmd.SetValidity(effective_on=effective_on, valid_until=valid_until))


def repealed(day: date) -> Step:
    """Repealed on a day, entered that day."""
    return at(day, cmd.RecordRepeal(repealed_on=day, reason="已被新文件替代"))


def issued(day: date) -> Step:
    """Signed and issued on a day, entered that day."""
    return at(day, cmd.RecordIssue(issued_on=day))


ReturnCommand = CountDecisions | RecordFeeIncome


def returns_log(*entries: tuple[date, ReturnCommand], organ: str = ORGAN) -> list[DomainEvent]:
    """The events of an organ's monthly returns, each entry decided on its month's return as it stood, in order."""
    states: dict[date, MonthlyReturn] = {}
    log: list[DomainEvent] = []
    ctx = request_builders.context(date(2026, 1, 15), request_builders.HEAD)
    for month, command in entries:
        event = enter(states.get(month), organ, month, command, ctx)
        states[month] = return_after(states.get(month), event)
        log.append(event)
    return log


def counted(department: str, kind: DecisionKind, count: int, reason: str = "") -> CountDecisions:
    """A department's count of decisions of a kind."""
    return CountDecisions(department=department, kind=kind, count=count, reason=reason)


def fee(yuan: str, reason: str = "") -> RecordFeeIncome:
    """The fee income of the month in yuan."""
    return RecordFeeIncome(yuan=Decimal(yuan), reason=reason)


# The history -------------------------------------------------------------------------------------------------

N1 = facts(history(normative("〔2023〕1号", date(2023, 3, 1)), Out(date(2023, 3, 10))))
N2 = facts(
    history(
        normative("〔2023〕2号", date(2023, 5, 10)),
        validity(date(2023, 5, 10), date(2023, 5, 10), date(2024, 12, 31)),
        Out(date(2023, 5, 19)),
    )
)
N3 = facts(
    history(
        normative("〔2023〕3号", date(2023, 6, 1)),
        validity(date(2023, 6, 1), date(2023, 6, 1), date(2024, 12, 30)),
        Out(date(2023, 6, 9)),
    )
)
N4 = facts(history(normative("〔2024〕1号", date(2024, 2, 1)), Out(date(2024, 2, 8)), repealed(date(2025, 6, 30))))
N5 = facts(history(normative("〔2024〕2号", date(2024, 4, 1)), Out(date(2024, 4, 10)), repealed(date(2024, 9, 1))))
N6 = facts(history(normative("〔2025〕1号", date(2025, 1, 15)), proactive(date(2025, 1, 15))))
N7 = facts(history(normative("〔2025〕2号", date(2025, 2, 5)), Out(date(2025, 2, 12))))
N8 = facts(history(normative("〔2025〕3号", date(2024, 12, 10)), issued(date(2025, 1, 3)), Out(date(2025, 1, 8))))
N9 = facts(
    history(
        normative("〔2025〕4号", date(2025, 6, 3)),
        validity(date(2025, 6, 3), date(2025, 6, 3), date(2025, 12, 31)),
        Out(date(2025, 6, 10)),
    )
)
R1 = facts(
    history(
        regulation("〔2023〕5号", date(2023, 9, 1)),
        validity(date(2023, 9, 1), date(2023, 10, 1), date(2025, 8, 31)),
        Out(date(2023, 9, 8)),
    )
)
R2 = facts(history(regulation("〔2024〕3号", date(2024, 7, 1))))
R3 = facts(history(regulation("〔2025〕2号", date(2025, 3, 3)), Out(date(2025, 3, 10)), repealed(date(2025, 11, 20))))

LICENSE, PENALISE, ENFORCE = (
    DocumentKind.LICENSING_DECISION,
    DocumentKind.PENALTY_DECISION,
    DocumentKind.ENFORCEMENT_DECISION,
)
L1 = facts(history(decision(LICENSE, "闵人社许〔2025〕11号", date(2025, 3, 5))))
L2 = facts(history(decision(LICENSE, "闵人社许〔2025〕12号", date(2025, 3, 20))))
L3 = facts(history(decision(LICENSE, "闵人社许〔2025〕13号", date(2025, 3, 28)), issued(date(2025, 4, 2))))
L4 = facts(history(decision(LICENSE, "闵人社许〔2024〕40号", date(2024, 12, 31))))
L5 = facts(history(decision(LICENSE, "闵人社许〔2025〕1号", date(2024, 12, 30)), issued(date(2025, 1, 2))))
P1, P2, P3 = (
    facts(history(decision(PENALISE, f"闵人社监罚〔2025〕{n}号", day, SUPERVISION)))
    for n, day in enumerate((date(2025, 5, 6), date(2025, 5, 12), date(2025, 5, 20)), start=1)
)
P4 = facts(history(decision(PENALISE, "闵人社罚〔2025〕1号", date(2025, 5, 15))))
P5 = facts(history(decision(PENALISE, "闵人社监罚〔2025〕4号", date(2025, 6, 3), SUPERVISION)))
E1 = facts(history(decision(ENFORCE, "闵人社监强〔2025〕1号", date(2025, 6, 10), SUPERVISION)))

DOCUMENTS = [N1, N2, N3, N4, N5, N6, N7, N8, N9, R1, R2, R3, L1, L2, L3, L4, L5, P1, P2, P3, P4, P5, E1]

JAN, FEB, MAR, APR, MAY, JUL = (date(2025, m, 1) for m in (1, 2, 3, 4, 5, 7))
NOV_2024 = date(2024, 11, 1)
RETURN_ENTRIES: tuple[tuple[date, ReturnCommand], ...] = (
    (MAR, counted(EMPLOYMENT, DecisionKind.LICENSING, 1)),
    (MAY, counted(SUPERVISION, DecisionKind.PENALTY, 4)),
    (JAN, fee("12345.67")),
    (FEB, fee("100.00")),
    (MAY, counted(SUPERVISION, DecisionKind.PENALTY, 5, reason="漏报一件")),
    (JUL, counted(SUPERVISION, DecisionKind.ENFORCEMENT, 2)),
    (NOV_2024, counted(SUPERVISION, DecisionKind.ENFORCEMENT, 3)),
    (FEB, fee("0.01", reason="误将3月收入录入2月")),
    (APR, fee("0.00")),
)
RETURNS = returns_log(*RETURN_ENTRIES)
COUNTS, FEES = returns_from(RETURNS)


def table(year: int) -> ProactiveTable:
    """Table 2 of the year over the whole history."""
    return proactive_table(DOCUMENTS, COUNTS, FEES, year)


def refs(*records: DocumentFacts) -> set[CaseRef]:
    """The records' references."""
    return {r.ref for r in records}


def cell(t: ProactiveTable, row: str, column: str) -> tuple[int, set[CaseRef]]:
    """A cell's figure and the records it counts (each once)."""
    records = t.cells.get((row, column), ())
    assert len(records) == len(set(records)), records
    return t.value(row, column), set(records)


def count_ref(month: date, department: str, kind: DecisionKind) -> CaseRef:
    """The record of a department's count of a kind in a month's return, as last corrected."""
    [ref] = [c.ref for c in COUNTS if (c.month, c.department, c.kind) == (month, department, kind)]
    return ref


def fee_ref(month: date) -> CaseRef:
    """The record of a month's fee income, as last corrected."""
    [ref] = [f.ref for f in FEES if f.month == month]
    return ref


def missing_fee(month: date) -> CaseRef:
    """The record a month with no fee income entered is named by: its return's stream and the month."""
    return CaseRef(return_id(ORGAN, month), f"{month:%Y-%m}")


MARCH_LICENCES = count_ref(MAR, EMPLOYMENT, DecisionKind.LICENSING)
MAY_PENALTIES = count_ref(MAY, SUPERVISION, DecisionKind.PENALTY)
JULY_ENFORCEMENT = count_ref(JUL, SUPERVISION, DecisionKind.ENFORCEMENT)
NOVEMBER_ENFORCEMENT = count_ref(NOV_2024, SUPERVISION, DecisionKind.ENFORCEMENT)


# Normative documents and regulations -------------------------------------------------------------------------


def test_2023_counts_the_normative_documents_issued_and_published_that_year() -> None:
    t = table(2023)
    # Issued and out in 2023: N1 (3/1), N2 (5/10), N3 (6/1). None ended in 2023, so all three are in force on 12/31.
    assert cell(t, NORMATIVE, ISSUED) == (3, refs(N1, N2, N3))
    assert cell(t, NORMATIVE, REPEALED) == (0, set())
    assert cell(t, NORMATIVE, IN_FORCE) == (3, refs(N1, N2, N3))


def test_2024_counts_a_term_ending_30_december_as_expired_that_year() -> None:
    t = table(2024)
    # Issued in 2024: N4 (2/1) and N5 (4/1). N8, drafted on 2024-12-10, was issued only on 2025-01-03.
    assert cell(t, NORMATIVE, ISSUED) == (2, refs(N4, N5))
    # Repealed in 2024: N5 on 9/1 (issued the same year), and N3, whose term's last day is 12/30, so it is no
    # longer in force from 12/31. N2's term runs to 12/31: on 12/31 it is still in force.
    assert cell(t, NORMATIVE, REPEALED) == (2, refs(N3, N5))
    # In force at 2024-12-31: N1, N2, N4 — last year's 3, plus 2 issued, less 2 repealed.
    assert cell(t, NORMATIVE, IN_FORCE) == (3, refs(N1, N2, N4))


def test_2025_counts_a_term_ending_31_december_2024_as_expired_in_2025() -> None:
    t = table(2025)
    # Issued in 2025 and out: N7 (2/5), N8 (issued 1/3, drafted in 2024), N9 (6/3); N6 never went out.
    assert cell(t, NORMATIVE, ISSUED) == (3, refs(N7, N8, N9))
    # Repealed in 2025: N2, out of force from 2025-01-01 (term to 2024-12-31), and N4 on 6/30.
    assert cell(t, NORMATIVE, REPEALED) == (2, refs(N2, N4))
    # In force at 2025-12-31: N1, N7, N8 and N9, whose term to 12/31 runs out only on 2026-01-01 — last year's 3,
    # plus 3 issued, less 2 repealed.
    assert cell(t, NORMATIVE, IN_FORCE) == (4, refs(N1, N7, N8, N9))


def test_regulations_are_counted_in_their_own_row() -> None:
    # 2023: R1 issued 9/1 and out, in force on 12/31.
    # 2024: R2 issued 7/1 but never out: nothing issued; R1 still in force.
    # 2025: R3 issued 3/3; R1's term to 8/31 ends (out of force 9/1) and R3 is repealed 11/20: 2 repealed, 0 left.
    expected = {
        2023: ((1, refs(R1)), (0, set()), (1, refs(R1))),
        2024: ((0, set()), (0, set()), (1, refs(R1))),
        2025: ((1, refs(R3)), (2, refs(R1, R3)), (0, set())),
    }
    for year, (issued_cell, repealed_cell, in_force_cell) in expected.items():
        t = table(year)
        assert cell(t, REGULATION, ISSUED) == issued_cell, year
        assert cell(t, REGULATION, REPEALED) == repealed_cell, year
        assert cell(t, REGULATION, IN_FORCE) == in_force_cell, year


def test_a_document_never_published_is_never_counted() -> None:
    # N6 (2025) and R2 (2024) never went out.
    for year in (2023, 2024, 2025, 2026):
        counted_refs = {r for records in table(year).cells.values() for r in records}
        assert not counted_refs & refs(N6, R2), year


def test_in_force_is_last_years_plus_issued_less_repealed() -> None:
    for row in (REGULATION, NORMATIVE):
        for year in (2023, 2024, 2025, 2026):
            this, last = table(year), table(year - 1)
            assert this.value(row, IN_FORCE) == (
                last.value(row, IN_FORCE) + this.value(row, ISSUED) - this.value(row, REPEALED)
            ), (row, year)


# Decisions ---------------------------------------------------------------------------------------------------


def test_licensing_decisions_are_counted_on_their_decision_date_and_a_count_replaces_the_months_documents() -> None:
    t = table(2025)
    # The employment section's March count of 1 stands for March (L1 and L2 are not added to it); L3 was issued
    # on 4/2, April; L5, drafted 2024-12-30, was issued on 2025-01-02: 1 + 1 + 1 = 3.
    assert cell(t, LICENSING, DECISIONS) == (3, {MARCH_LICENCES, L3.ref, L5.ref})
    # 2024: L4 of 12/31 only, L5 having moved to 2025.
    assert cell(table(2024), LICENSING, DECISIONS) == (1, refs(L4))


def test_a_corrected_count_replaces_its_departments_documents_and_another_departments_are_counted_one_by_one() -> None:
    t = table(2025)
    # Supervision's May count, 4 corrected to 5, stands for P1–P3; the employment section's P4 (5/15) has no
    # count of its own, and supervision's P5 (6/3) falls in June, which has none: 5 + 1 + 1 = 7.
    assert cell(t, PENALTY, DECISIONS) == (7, {MAY_PENALTIES, P4.ref, P5.ref})
    assert cell(table(2024), PENALTY, DECISIONS) == (0, set())


def test_enforcement_decisions_add_the_documents_and_the_counts_of_other_months() -> None:
    # 2025: E1 (6/10) one by one, and the July count of 2: 1 + 2 = 3. 2024: the November count of 3.
    assert cell(table(2025), ENFORCEMENT, DECISIONS) == (3, {E1.ref, JULY_ENFORCEMENT})
    assert cell(table(2024), ENFORCEMENT, DECISIONS) == (3, {NOVEMBER_ENFORCEMENT})


def test_a_count_below_the_documents_registered_is_named_and_a_missing_fee_month_too() -> None:
    # March: the employment section counted 1 licensing decision but registered 2 (L1, L2). The fee income was
    # entered for January, February and April but not March. Supervision's May count (5) covers its 3 documents.
    why = {a.case: a.why for a in table(2025).ambiguities}
    assert list(why) == [missing_fee(MAR), MARCH_LICENCES]
    assert "2025-03" in why[missing_fee(MAR)] and "2025-04" in why[missing_fee(MAR)]
    assert "entered 1" in why[MARCH_LICENCES]
    assert "2 are registered" in why[MARCH_LICENCES]
    assert table(2024).ambiguities == () and table(2023).ambiguities == ()


def test_no_ambiguity_when_the_count_covers_the_documents() -> None:
    # March's licensing count corrected from 1 to 2, the two licences registered.
    correction = (MAR, counted(EMPLOYMENT, DecisionKind.LICENSING, 2, reason="漏报一件"))
    counts, _ = returns_from(returns_log(*RETURN_ENTRIES, correction))
    t = proactive_table(DOCUMENTS, counts, FEES, 2025)
    assert [a.case for a in t.ambiguities] == [missing_fee(MAR)]
    # 2 (March) + L3 + L5 = 4.
    assert t.value(LICENSING, DECISIONS) == 4


# Fee income --------------------------------------------------------------------------------------------------


def test_the_fee_income_is_the_sum_of_the_months_as_corrected_in_fen_and_exact_wan_yuan() -> None:
    t = table(2025)
    # January 12345.67 + February 0.01 (corrected from 100.00) + April 0.00 = 12345.68 yuan = 1234568 fen,
    # which is 1.234568 万元.
    assert cell(t, FEE_INCOME, FEN) == (1234568, {fee_ref(JAN), fee_ref(FEB), fee_ref(APR)})
    assert t.fee_income_wan_yuan == Decimal("1.2345680")
    assert table(2024).value(FEE_INCOME, FEN) == 0


def test_the_monthly_returns_keep_the_last_figure_per_department_kind_and_month() -> None:
    # May's penalties were entered as 4, then 5; February's fee as 100.00, then 0.01.
    assert {(c.month, c.department, c.kind, c.count) for c in COUNTS} == {
        (MAR, EMPLOYMENT, DecisionKind.LICENSING, 1),
        (MAY, SUPERVISION, DecisionKind.PENALTY, 5),
        (JUL, SUPERVISION, DecisionKind.ENFORCEMENT, 2),
        (NOV_2024, SUPERVISION, DecisionKind.ENFORCEMENT, 3),
    }
    assert {(f.month, f.yuan) for f in FEES} == {
        (JAN, Decimal("12345.67")),
        (FEB, Decimal("0.01")),
        (APR, Decimal("0.00")),
    }
    assert {f.organ for f in FEES} | {c.organ for c in COUNTS} == {ORGAN}


def test_a_figure_of_a_return_is_referred_to_by_its_stream_month_department_kind_and_figure() -> None:
    count, fee_entry = RETURNS[0], RETURNS[2]
    assert isinstance(count, DecisionsCounted) and isinstance(fee_entry, FeeIncomeRecorded)
    # The count of 1 licence; the fee of 12345.67 yuan, which is 1234567 fen.
    assert return_ref(count) == CaseRef(return_id(ORGAN, MAR), "2025-03 就业促进科 licensing", 1)
    assert return_ref(fee_entry) == CaseRef(return_id(ORGAN, JAN), "2025-01", 1234567)


def test_monthly_counts_and_fees_of_other_years_are_not_counted() -> None:
    # Built directly: a December 2024 count and fee do not reach 2025.
    dec = date(2024, 12, 1)
    december = CaseRef(return_id(ORGAN, dec), f"2024-12 {SUPERVISION} penalty", 9)
    count = MonthlyCount(december, ORGAN, dec, SUPERVISION, DecisionKind.PENALTY, 9)
    fee_income = MonthlyFee(CaseRef(return_id(ORGAN, dec), "2024-12", 5000), ORGAN, dec, Decimal("50.00"))
    t = proactive_table([], [count], [fee_income], 2025)
    assert (t.value(PENALTY, DECISIONS), t.value(FEE_INCOME, FEN), t.ambiguities) == (0, 0, ())
    # In 2024 the December fee is the only month entered, so January to November are each named as missing.
    t = proactive_table([], [count], [fee_income], 2024)
    assert (t.value(PENALTY, DECISIONS), t.value(FEE_INCOME, FEN)) == (9, 5000)
    assert [a.case for a in t.ambiguities] == [
        CaseRef(return_id(ORGAN, date(2024, m, 1)), f"2024-{m:02d}") for m in range(1, 12)
    ]


def test_a_fee_built_directly_is_counted_by_its_amount() -> None:
    # 50.00 yuan in January 2025 is 5000 fen, whatever its record's reference carries.
    fee_income = MonthlyFee(CaseRef(return_id(ORGAN, JAN), "2025-01"), ORGAN, JAN, Decimal("50.00"))
    assert proactive_table([], [], [fee_income], 2025).value(FEE_INCOME, FEN) == 5000


# The facts a document gives ----------------------------------------------------------------------------------


def test_a_documents_facts_follow_its_events() -> None:
    # N8: drafted 2024-12-10, issued 2025-01-03, out 2025-01-08. N2: term to 2024-12-31, out of force 2025-01-01.
    assert (N8.kind, N8.department, N8.issued_on, N8.published) == (
        DocumentKind.NORMATIVE,
        EMPLOYMENT,
        date(2025, 1, 3),
        True,
    )
    assert N8.ref.registration_number == "闵人社规〔2025〕3号"
    assert (N2.valid_until, N2.repealed_on, N2.ended_on) == (date(2024, 12, 31), None, date(2025, 1, 1))
    # N4: no term, repealed 2025-06-30, which is its first day out of force. N1: never ends.
    assert (N4.ended_on, N1.ended_on) == (date(2025, 6, 30), None)
    assert not N6.published


def test_a_repeal_before_the_term_ends_ends_it_on_the_repeal() -> None:
    # Term to 2026-12-31, repealed 2025-06-30: out of force from 2025-06-30.
    doc = attrs.evolve(N9, valid_until=date(2026, 12, 31), repealed_on=date(2025, 6, 30))
    assert doc.ended_on == date(2025, 6, 30)


@pytest.mark.parametrize("kind", [DocumentKind.POLICY, DocumentKind.WORK_INFORMATION, DocumentKind.DATA_SET])
def test_a_kind_table_2_does_not_count_gives_no_facts(kind: DocumentKind) -> None:
    registered = attrs.evolve(registration(date(2025, 3, 3)), kind=kind)
    assert facts_from(run(None, at(date(2025, 3, 3), registered))) is None


def test_a_documents_facts_start_with_its_registration() -> None:
    events = history(normative("〔2025〕9号", date(2025, 3, 3)), Out(date(2025, 3, 10)))
    with pytest.raises(TypeError):
        facts_from(events[1:])


def test_a_districts_table_does_not_let_one_organs_count_replace_another_organs_documents() -> None:
    # The bureau's employment section counts 2 licensing decisions for August 2025; the civil-affairs bureau's own
    # 就业促进科 registers 1 licensing decision on 8/5, with no count. The district's figure is 2 + 1 = 3.
    other = facts(history(document(LICENSE, "闵民许〔2025〕1号", date(2025, 8, 5), EMPLOYMENT, OTHER_ORGAN)))
    counts, _ = returns_from(returns_log((date(2025, 8, 1), counted(EMPLOYMENT, DecisionKind.LICENSING, 2))))
    t = proactive_table([other], counts, [], 2025)
    assert t.value(LICENSING, DECISIONS) == 3
    assert t.ambiguities == ()


def test_a_count_covers_the_documents_of_its_department_however_the_name_was_typed() -> None:
    # Supervision registers one penalty decision on 2025-08-05 with "劳动保障监察支队 " (a trailing space) and counts
    # 1 for August: the count covers it, so the figure is 1, not 1 + 1.
    typed = facts(history(decision(PENALISE, "闵人社监罚〔2025〕9号", date(2025, 8, 5), SUPERVISION + " ")))
    counts, _ = returns_from(returns_log((date(2025, 8, 1), counted(SUPERVISION, DecisionKind.PENALTY, 1))))
    assert proactive_table([typed], counts, [], 2025).value(PENALTY, DECISIONS) == 1


# The report's tables -----------------------------------------------------------------------------------------


def records() -> Records:
    """The history as the report reads it."""
    return Records(documents=DOCUMENTS, counts=COUNTS, fees=FEES)


def test_the_figures_start_with_table_2_in_its_official_order_with_the_fee_in_fen() -> None:
    figures = report_tables(records(), 2025).figures()
    # Worked out above: regulations 1 / 2 / 0, normative documents 3 / 2 / 4, licensing 3, penalty 7,
    # enforcement 3, fee 1234568 fen.
    assert figures[: len(TABLE2_CELLS)] == tuple(
        Figure(2, row, column, count)
        for (row, column), count in zip(TABLE2_CELLS, (1, 2, 0, 3, 2, 4, 3, 7, 3, 1234568), strict=True)
    )
    assert TABLE2_CELLS[-1] == (FEE_INCOME, FEN)
    rest = figures[len(TABLE2_CELLS) :]
    assert {f.table for f in rest} == {3, 4} and len(rest) == 25 * 7 + 3 * 5


def test_a_table_2_cell_gives_its_records_and_its_ambiguities_join_the_reports() -> None:
    tables = report_tables(records(), 2024)
    assert set(tables.records(2, NORMATIVE, REPEALED)) == refs(N3, N5)
    assert tables.records(2, REGULATION, ISSUED) == ()
    this = report_tables(records(), 2025)
    assert [a.case for a in this.ambiguities] == [missing_fee(MAR), MARCH_LICENCES]
    assert all(isinstance(a, Ambiguity) for a in this.ambiguities)


def test_the_report_text_compares_table_2_with_the_year_before() -> None:
    this, last = report_tables(records(), 2025), report_tables(records(), 2024)
    sentences = year_over_year(this, last)
    # 2025 against 2024, from the cells above; a share only when last year's figure is not 0.
    assert [s.text for s in sentences[:9]] == [
        "本年制发规章1件，比上年增加1件。",  # 1 against 0
        "本年废止规章2件，比上年增加2件。",  # 2 against 0
        "现行有效规章0件，比上年减少1件（100.0%）。",  # 0 against 1
        "本年制发行政规范性文件3件，比上年增加1件（50.0%）。",  # 3 against 2
        "本年废止行政规范性文件2件，与上年持平。",  # 2 against 2
        "现行有效行政规范性文件4件，比上年增加1件（33.3%）。",  # 4 against 3
        "本年作出行政许可决定3件，比上年增加2件（200.0%）。",  # 3 against 1
        "本年作出行政处罚决定7件，比上年增加7件。",  # 7 against 0
        "本年作出行政强制决定3件，与上年持平。",  # 3 against 3
    ]
    assert sentences[9:] == annual_report.year_over_year(this.applications, last.applications)
