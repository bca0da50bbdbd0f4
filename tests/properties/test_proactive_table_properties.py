"""Properties of the annual report's table 2 (R-REPORT): for any history of regulations and normative documents made
through the deciders, each year's in force is the year before's plus those issued less those repealed or expired,
and a document is issued in one year at most; the table is the same whatever order its records come in; the
monthly returns' last entry per figure stands however entries for different figures interleave; and the decisions
cell is the counts entered plus the documents no count covers."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from application.annual_reports import AnnualReports
from domain.actors import Role
from domain.annual_report import CaseRef
from domain.document.values import DocumentKind
from domain.events import DomainEvent
from domain.monthly_return import CountDecisions, DecisionKind, RecordFeeIncome, return_id
from domain.proactive_table import (
    DECISIONS,
    FEE_INCOME,
    FEN,
    IN_FORCE,
    ISSUED,
    NORMATIVE,
    REGULATION,
    REPEALED,
    DocumentFacts,
    MonthlyCount,
    MonthlyFee,
    ProactiveTable,
    proactive_table,
    returns_from,
)
from tests.domain.documents.builders import ORGAN, Step, fold
from tests.domain.test_proactive_table import (
    Out,
    ReturnCommand,
    document,
    facts,
    history,
    issued,
    repealed,
    returns_log,
    validity,
)
from tests.properties.test_annual_report_properties import NOW, ListLog
from tests.support import credential

YEARS = range(2022, 2031)
"""Every year a generated document can be issued, repealed or expire in, and one either side."""
DEPARTMENTS = ("就业促进科", "劳动保障监察支队")
DECISION_KINDS = [k.document_kind for k in DecisionKind]


def days(low: int, high: int) -> st.SearchStrategy[timedelta]:
    """A number of days from `low` to `high`."""
    return st.integers(low, high).map(lambda n: timedelta(days=n))


@st.composite
def document_histories(draw: st.DrawFn) -> list[DomainEvent]:
    """A regulation or normative document's events, each step one the deciders accept, in the order entered: drafted,
    perhaps issued some days later, perhaps given a term, perhaps published (and its term then perhaps extended),
    and, once out, perhaps repealed within its term."""
    kind = draw(st.sampled_from([DocumentKind.NORMATIVE, DocumentKind.REGULATION]))
    drafted = draw(st.dates(date(2022, 1, 1), date(2026, 6, 30)))
    issue = drafted + draw(st.just(timedelta(0)) | days(1, 40))
    steps: list[Step | Out] = [issued(issue)] if issue != drafted else []
    valid_until = draw(st.none() | days(0, 1200).map(lambda d: issue + d))
    if valid_until is not None:
        steps.append(validity(issue, issue, valid_until))
    out = draw(st.none() | days(0, 60).map(lambda d: issue + d))
    if out is not None:
        steps.append(Out(out))
        if valid_until is not None and out <= valid_until and draw(st.booleans()):
            valid_until += draw(days(0, 700))  # extended on the day it went out, while the term runs
            steps.append(validity(out, issue, valid_until))
        latest = valid_until if valid_until is not None else issue + timedelta(days=1500)
        if out <= latest and draw(st.booleans()):
            steps.append(repealed(out + draw(days(0, (latest - out).days))))
    number = f"闵人社规〔{issue.year}〕{draw(st.integers(1, 99))}号"
    return history(document(kind, number, drafted), *steps)


ROWS = (REGULATION, NORMATIVE)


@settings(deadline=None)
@given(document_histories())
def test_a_documents_facts_are_what_its_own_fold_gives(events: list[DomainEvent]) -> None:
    state, found = fold(None, events), facts(events)
    assert (found.ref.id, found.kind, found.department) == (state.id, state.kind, state.department)
    assert (found.issued_on, found.published) == (state.formed_on, state.first_published_on is not None)
    assert (found.valid_until, found.repealed_on) == (state.valid_until, state.repealed_on)


def months_from_november_2024(n: int) -> tuple[date, ...]:
    """November 2024 and the months after it, n in all."""
    return tuple(date(2024 + (10 + i) // 12, (10 + i) % 12 + 1, 1) for i in range(n))


MONTHS = months_from_november_2024(14)
"""November 2024 to December 2025: months whose returns can be entered in January 2026."""


def tables_of(
    documents: list[DocumentFacts], counts: list[MonthlyCount] | None = None, fees: list[MonthlyFee] | None = None
) -> dict[int, ProactiveTable]:
    """Table 2 of every year, and of the year before the first."""
    return {y: proactive_table(documents, counts or [], fees or [], y) for y in (YEARS[0] - 1, *YEARS)}


@settings(deadline=None)
@given(st.lists(document_histories(), max_size=10))
def test_each_years_in_force_is_the_year_befores_plus_those_issued_less_those_repealed(
    histories: list[list[DomainEvent]],
) -> None:
    tables = tables_of([facts(events) for events in histories])
    for row in ROWS:
        assert tables[YEARS[0] - 1].value(row, IN_FORCE) == 0  # nothing is issued before 2022
        for year in YEARS:
            this, last = tables[year], tables[year - 1]
            assert this.value(row, IN_FORCE) == (
                last.value(row, IN_FORCE) + this.value(row, ISSUED) - this.value(row, REPEALED)
            ), (row, year)


@settings(deadline=None)
@given(st.lists(document_histories(), max_size=10))
def test_a_published_document_is_issued_in_its_issue_year_only_and_repealed_in_one_year_at_most(
    histories: list[list[DomainEvent]],
) -> None:
    documents = [facts(events) for events in histories]
    tables = tables_of(documents)
    for t in tables.values():
        assert all(len(refs) == len(set(refs)) for refs in t.cells.values())
    for doc in documents:
        issued_in = [y for y, t in tables.items() for row in ROWS if doc.ref in t.cells.get((row, ISSUED), ())]
        repealed_in = [y for y, t in tables.items() for row in ROWS if doc.ref in t.cells.get((row, REPEALED), ())]
        assert issued_in == ([doc.issued_on.year] if doc.published else [])
        ended = doc.ended_on
        assert repealed_in == ([ended.year] if doc.published and ended is not None and ended.year in tables else [])


@st.composite
def decision_facts(draw: st.DrawFn) -> DocumentFacts:
    """A licensing, penalty or enforcement decision of a department, published or not, around 2025."""
    return DocumentFacts(
        CaseRef(draw(st.uuids()), f"闵人社决〔{draw(st.integers(1, 999))}〕号"),
        ORGAN,
        draw(st.sampled_from(DECISION_KINDS)),
        draw(st.sampled_from(DEPARTMENTS)),
        draw(st.dates(date(2024, 11, 1), date(2026, 1, 31))),
        draw(st.booleans()),
    )


Key = tuple[date, str, DecisionKind] | date
"""A figure of the monthly returns: a department's count of a kind in a month, or a month's fee income."""
Entry = tuple[date, ReturnCommand]


def _changes(values: list[int]) -> list[int]:
    """The values with each repeat of the one before dropped: the same figure again is refused, not a correction."""
    return [v for i, v in enumerate(values) if i == 0 or v != values[i - 1]]


@st.composite
def return_entries(draw: st.DrawFn) -> dict[Key, list[Entry]]:
    """For each figure of the returns, its entries in order: the first, then corrections with their reason."""
    month, department = st.sampled_from(MONTHS), st.sampled_from(DEPARTMENTS)
    counts = draw(
        st.dictionaries(
            st.tuples(month, department, st.sampled_from(DecisionKind)),
            st.lists(st.integers(0, 6), min_size=1, max_size=4),
            max_size=6,
        )
    )
    fees = draw(st.dictionaries(month, st.lists(st.integers(0, 10**8), min_size=1, max_size=4), max_size=4))
    queues: dict[Key, list[Entry]] = {}
    for (m, d, k), values in counts.items():
        queues[(m, d, k)] = [
            (m, CountDecisions(department=d, kind=k, count=n, reason="核对更正" if i else ""))
            for i, n in enumerate(_changes(values))
        ]
    for m, fens in fees.items():
        queues[m] = [
            (m, RecordFeeIncome(yuan=Decimal(fen).scaleb(-2), reason="核对更正" if i else ""))
            for i, fen in enumerate(_changes(fens))
        ]
    return queues


def interleaved(queues: dict[Key, list[Entry]], order: list[int]) -> list[Entry]:
    """Every figure's entries in one sequence, each figure's in its order, the figures interleaved as `order` picks."""
    left = [list(q) for q in queues.values()]
    entries: list[Entry] = []
    for pick in order:
        live = [q for q in left if q]
        if not live:
            break
        entries.append(live[pick % len(live)].pop(0))
    return entries + [e for q in left for e in q]


CountKey = tuple[date, str, DecisionKind]


def last_figures(queues: dict[Key, list[Entry]]) -> tuple[dict[CountKey, int], dict[date, Decimal]]:
    """Each figure's last entry: counts by (month, department, kind), fee income by month."""
    counts: dict[CountKey, int] = {}
    fees: dict[date, Decimal] = {}
    for entries in queues.values():
        month, command = entries[-1]
        if isinstance(command, CountDecisions):
            counts[(month, command.department, command.kind)] = command.count
        else:
            fees[month] = command.yuan
    return counts, fees


@settings(deadline=None)
@given(return_entries(), st.lists(st.integers(0, 9), max_size=30), st.lists(st.integers(0, 9), max_size=30))
def test_the_last_entry_of_each_figure_stands_however_different_figures_interleave(
    queues: dict[Key, list[Entry]], one: list[int], other: list[int]
) -> None:
    last_counts, last_fees = last_figures(queues)
    tables = []
    for order in (one, other):
        counts, fees = returns_from(returns_log(*interleaved(queues, order)))
        assert len(counts) == len(last_counts) and len(fees) == len(last_fees)
        assert {(c.month, c.department, c.kind): c.count for c in counts} == last_counts
        assert {f.month: f.yuan for f in fees} == last_fees
        t = proactive_table([], counts, fees, 2025)
        for kind in DecisionKind:
            in_2025 = sum(n for (month, _, k), n in last_counts.items() if k is kind and month.year == 2025)
            assert t.value(kind.value, DECISIONS) == in_2025, kind
        assert t.value(FEE_INCOME, FEN) == sum(yuan * 100 for month, yuan in last_fees.items() if month.year == 2025)
        tables.append(t)
    assert tables[0] == tables[1]


@settings(deadline=None)
@given(
    st.lists(document_histories(), max_size=6),
    st.lists(decision_facts(), max_size=12),
    return_entries(),
    st.data(),
)
def test_the_table_is_the_same_whatever_order_its_records_come_in(
    histories: list[list[DomainEvent]],
    decisions: list[DocumentFacts],
    queues: dict[Key, list[Entry]],
    data: st.DataObject,
) -> None:
    documents = [facts(events) for events in histories] + decisions
    counts, fees = returns_from(returns_log(*interleaved(queues, [])))
    shuffled = (
        data.draw(st.permutations(documents)),
        data.draw(st.permutations(counts)),
        data.draw(st.permutations(fees)),
    )
    for year in YEARS:
        assert proactive_table(documents, counts, fees, year) == proactive_table(*shuffled, year)


@st.composite
def monthly_counts(draw: st.DrawFn) -> list[MonthlyCount]:
    """Counts entered for some departments, kinds and months from November 2024 to February 2026 (one per key, as
    the returns' fold leaves them)."""
    entered = draw(
        st.dictionaries(
            st.tuples(
                st.sampled_from(months_from_november_2024(16)),
                st.sampled_from(DEPARTMENTS),
                st.sampled_from(DecisionKind),
            ),
            st.integers(0, 4),
            max_size=8,
        )
    )
    return [
        MonthlyCount(CaseRef(return_id(ORGAN, m), f"{m:%Y-%m} {d} {k}", n), ORGAN, m, d, k, n)
        for (m, d, k), n in entered.items()
    ]


@given(st.lists(decision_facts(), max_size=25), monthly_counts())
def test_the_decisions_cell_is_the_counts_entered_plus_the_documents_no_count_covers(
    decisions: list[DocumentFacts], counts: list[MonthlyCount]
) -> None:
    for year in (2024, 2025, 2026):
        t = proactive_table(decisions, counts, [], year)
        this_year = [c for c in counts if c.month.year == year]
        covered = {(c.month, c.department, c.kind.document_kind) for c in this_year}
        registered: dict[tuple[date, str, DocumentKind], int] = defaultdict(int)
        for doc in decisions:
            if doc.issued_on.year == year:
                registered[(doc.issued_on.replace(day=1), doc.department, doc.kind)] += 1
        for kind in DecisionKind:
            entered = sum(c.count for c in this_year if c.kind is kind)
            uncovered = sum(n for key, n in registered.items() if key[2] is kind.document_kind and key not in covered)
            assert t.value(kind.value, DECISIONS) == entered + uncovered, kind
        short = {c.ref for c in this_year if c.count < registered[(c.month, c.department, c.kind.document_kind)]}
        assert {a.case for a in t.ambiguities} == short


@settings(deadline=None, max_examples=60)
@given(st.lists(document_histories(), min_size=1, max_size=6), st.data())
def test_table2_as_of_an_instant_ignores_every_event_recorded_after_it(
    histories: list[list[DomainEvent]], data: st.DataObject
) -> None:
    # The documents' events in the order they were recorded; the report as of one of those instants is the report
    # of the log cut there, table 2 and the records it names alike, for every year.
    events = sorted((e for h in histories for e in h), key=lambda e: e.timestamp)
    instant = data.draw(st.sampled_from([e.timestamp for e in events]))
    whole, cut = ListLog(events), ListLog([e for e in events if e.timestamp <= instant])
    office_head, now = credential(Role.OFFICE_HEAD), max(NOW, events[-1].timestamp)
    for year in (2023, 2024, 2025, 2026):
        then = AnnualReports(whole, lambda: now).report(office_head, year, as_of=instant).this_year
        cut_there = AnnualReports(cut, lambda: now).report(office_head, year).this_year
        assert then.table2 == cut_there.table2, year
