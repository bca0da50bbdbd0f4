"""The annual report's table 2 (主动公开政府信息情况, R-REPORT) from the events of documents and monthly returns. Which
date puts a record in a year:

- regulations and normative documents, issued this year: a document of the kind that has gone out (a regulation or
  normative document is in force only once published) whose issue date (成文日期, as last recorded) is in the year;
- repealed this year (本年废止): repealed on a day of the year, or expired in it (its term's last day is the day
  before one of the year's days: a term to 31 December expires in the next year);
- in force (现行有效) at the year's end: issued by then, and neither repealed nor expired by then;
- licensing, penalty and enforcement decisions: on the decision date (the document's 成文日期). Where a department's
  monthly return gives its count of a kind for a month, that count is the month's figure for the department and its
  documents of that kind and month are not added to it (the count is of all its decisions, those published one by
  one included); a count lower than the documents registered is named, not guessed at;
- administrative fee income: the sum of the months' returns of the year, in yuan, shown in 万元 (exact).

By construction a year's in force is the year before's, plus those issued, less those repealed or expired. A
regulation's or normative document's first publication, repeal or term entered after the end of the year it counts
in is counted by its date, and named (a report made before the entry counted it otherwise).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

import attrs

from domain.annual_report import Ambiguity, CaseRef, Kind, LateEntry, late_reason
from domain.calendar import business_date
from domain.document import events as document_events
from domain.document.values import DocumentKind
from domain.events import DomainEvent
from domain.monthly_return import DecisionKind, DecisionsCounted, FeeIncomeRecorded, return_id

REGULATION = "regulation"
NORMATIVE = "normative"
ISSUED = "issued"
REPEALED = "repealed"
IN_FORCE = "in_force"
DECISIONS = "decisions"
FEE_INCOME = "fee_income"
FEN = "fen"
"""The fee income's column: its figure is in fen (分), so that a published figure is an exact integer."""
FEN_PER_WAN_YUAN = 1_000_000

DOCUMENT_ROWS = {REGULATION: DocumentKind.REGULATION, NORMATIVE: DocumentKind.NORMATIVE}
DOCUMENT_COLUMNS = (ISSUED, REPEALED, IN_FORCE)
DECISION_ROWS = tuple(k.value for k in DecisionKind)
TABLE2_CELLS: tuple[tuple[str, str], ...] = (
    *((row, column) for row in DOCUMENT_ROWS for column in DOCUMENT_COLUMNS),
    *((row, DECISIONS) for row in DECISION_ROWS),
    (FEE_INCOME, FEN),
)
"""Table 2's cells in the official order: each section has its own columns."""
TABLE2_LABELS: dict[str, str] = {
    REGULATION: "规章",
    NORMATIVE: "行政规范性文件",
    ISSUED: "本年制发件数",
    REPEALED: "本年废止件数",
    IN_FORCE: "现行有效件数",
    DecisionKind.LICENSING.value: "行政许可",
    DecisionKind.PENALTY.value: "行政处罚",
    DecisionKind.ENFORCEMENT.value: "行政强制",
    DECISIONS: "本年处理决定数量",
    FEE_INCOME: "行政事业性收费",
    FEN: "本年收费金额（单位：万元）",
}
"""Table 2's rows and columns as the official table prints them (国办公开办函〔2021〕30号)."""
COUNTED: tuple[type[DomainEvent], ...] = (
    document_events.Registered,
    document_events.Issued,
    document_events.Published,
    document_events.ValiditySet,
    document_events.Repealed,
    DecisionsCounted,
    FeeIncomeRecorded,
)
"""The events table 2 reads."""
_TABLE2_KINDS = frozenset(DOCUMENT_ROWS.values()) | {k.document_kind for k in DecisionKind}


def counts_kind(kind: DocumentKind) -> bool:
    """Whether table 2 counts documents of this kind."""
    return kind in _TABLE2_KINDS


@attrs.frozen
class DocumentFacts:
    """A document as table 2 counts it."""

    ref: CaseRef
    organ: str
    kind: DocumentKind
    department: str
    issued_on: date
    """成文日期 as last recorded (for a decision: the decision date)."""
    published: bool
    """Whether it has gone out (at the instant read)."""
    valid_until: date | None = None
    repealed_on: date | None = None
    late: tuple[LateEntry, ...] = ()
    """Its publication, repeal or term entered after the end of the year they count in."""

    @property
    def ended_on(self) -> date | None:
        """The first day it is no longer in force: its repeal, or the day after its term."""
        expired = self.valid_until + timedelta(days=1) if self.valid_until is not None else None
        return min((d for d in (self.repealed_on, expired) if d is not None), default=None)


def facts_from(events: Sequence[DomainEvent]) -> DocumentFacts | None:
    """A document's facts from its events of the COUNTED types, in order; None for a kind table 2 does not count."""
    registered = events[0]
    if not isinstance(registered, document_events.Registered):
        raise TypeError(f"a document starts with 'registered', not {registered.type_name}")
    if not counts_kind(registered.kind):
        return None
    ref = CaseRef(registered.originator_id, registered.document_number)
    facts = DocumentFacts(ref, registered.organ, registered.kind, registered.department, registered.formed_on, False)
    late: list[LateEntry] = []
    term_entered: date | None = None
    for event in events[1:]:
        entered = business_date(event.timestamp)
        if isinstance(event, document_events.Issued):
            facts = attrs.evolve(facts, issued_on=event.issued_on)
        elif isinstance(event, document_events.Published) and not facts.published:
            facts = attrs.evolve(facts, published=True)
            late.append(LateEntry(Kind.PUBLICATION, facts.issued_on, entered))
        elif isinstance(event, document_events.ValiditySet):
            facts, term_entered = attrs.evolve(facts, valid_until=event.valid_until), entered
        elif isinstance(event, document_events.Repealed):
            facts = attrs.evolve(facts, repealed_on=event.repealed_on)
            late.append(LateEntry(Kind.REPEAL, event.repealed_on, entered))
    if facts.valid_until is not None and term_entered is not None:
        late.append(LateEntry(Kind.EXPIRY, facts.valid_until + timedelta(days=1), term_entered))
    if not facts.kind.has_validity:
        return facts  # a decision counts on its date, whenever it is entered: December's return comes in January
    return attrs.evolve(facts, late=tuple(e for e in late if e.entered.year > e.dated.year))


@attrs.frozen
class MonthlyCount:
    """A department's count of one kind of decision in a month, as last corrected."""

    ref: CaseRef
    organ: str
    month: date
    department: str
    kind: DecisionKind
    count: int


@attrs.frozen
class MonthlyFee:
    """An organ's fee income of a month, as last corrected."""

    ref: CaseRef
    organ: str
    month: date
    yuan: Decimal


def return_ref(event: DecisionsCounted | FeeIncomeRecorded) -> CaseRef:
    """The record of a figure of a monthly return: its stream, the month with the department (none for fees), and
    the figure (a count of decisions, or the fee income in fen)."""
    if isinstance(event, FeeIncomeRecorded):
        return CaseRef(return_id(event.organ, event.month), f"{event.month:%Y-%m}", int(event.yuan * 100))
    label = f"{event.month:%Y-%m} {event.department} {event.kind}"
    return CaseRef(return_id(event.organ, event.month), label, event.count)


def returns_from(events: Iterable[DomainEvent]) -> tuple[list[MonthlyCount], list[MonthlyFee]]:
    """The monthly returns' figures as last corrected, from their events in log order."""
    counts: dict[tuple[str, date, str, DecisionKind], MonthlyCount] = {}
    fees: dict[tuple[str, date], MonthlyFee] = {}
    for event in events:
        if isinstance(event, DecisionsCounted):
            counted = MonthlyCount(
                return_ref(event), event.organ, event.month, event.department, event.kind, event.count
            )
            counts[(event.organ, event.month, event.department, event.kind)] = counted
        elif isinstance(event, FeeIncomeRecorded):
            fees[(event.organ, event.month)] = MonthlyFee(return_ref(event), event.organ, event.month, event.yuan)
    return list(counts.values()), list(fees.values())


@attrs.frozen
class ProactiveTable:
    """Table 2 of a year: each cell's figure and the records it counts (documents, monthly returns)."""

    year: int
    values: Mapping[tuple[str, str], int]
    """Every cell's figure; the fee income's in fen."""
    cells: Mapping[tuple[str, str], tuple[CaseRef, ...]]
    ambiguities: tuple[Ambiguity, ...] = ()

    def value(self, row: str, column: str) -> int:
        return self.values.get((row, column), 0)

    @property
    def fee_income_wan_yuan(self) -> Decimal:
        """The fee income in 万元, exact."""
        return Decimal(self.value(FEE_INCOME, FEN)) / FEN_PER_WAN_YUAN


def proactive_table(
    documents: Iterable[DocumentFacts], counts: Iterable[MonthlyCount], fees: Iterable[MonthlyFee], year: int
) -> ProactiveTable:
    """Table 2 of `year` over these documents and monthly returns (one organ's, or a district's)."""
    filling = _Filling(date(year, 1, 1), date(year, 12, 31))
    decisions = []
    for doc in documents:
        if doc.kind.is_decision:
            decisions.append(doc)
        elif doc.published:  # a regulation or normative document is in force only once it has gone out
            filling.count_document(doc)
    filling.count_decisions(decisions, counts)
    fees_of_year = [f for f in fees if filling.start <= f.month <= filling.end]
    filling.ambiguities += _months_missing(fees_of_year)
    for fee in fees_of_year:
        filling.add(FEE_INCOME, FEN, fee.ref, int(fee.yuan * 100))
    ordered = {key: tuple(sorted(refs, key=CaseRef.sort_key)) for key, refs in filling.cells.items()}
    in_order = tuple(sorted(filling.ambiguities, key=lambda a: (*a.case.sort_key(), a.why)))
    return ProactiveTable(year, dict(filling.values), ordered, in_order)


class _Filling:
    """Table 2's cells of a year being filled: each figure, the records behind it, and what is ambiguous."""

    def __init__(self, start: date, end: date) -> None:
        self.start, self.end = start, end
        self.values: dict[tuple[str, str], int] = defaultdict(int)
        self.cells: dict[tuple[str, str], list[CaseRef]] = defaultdict(list)
        self.ambiguities: list[Ambiguity] = []

    def add(self, row: str, column: str, ref: CaseRef, value: int = 1) -> None:
        self.values[(row, column)] += value
        self.cells[(row, column)].append(ref)

    def count_document(self, doc: DocumentFacts) -> None:
        """Count a regulation or normative document that went out: issued, repealed or expired, in force."""
        row, ended = (REGULATION if doc.kind is DocumentKind.REGULATION else NORMATIVE), doc.ended_on
        year = self.start.year
        self.ambiguities += [Ambiguity(doc.ref, late_reason(e)) for e in doc.late if e.dated.year == year]
        if self.start <= doc.issued_on <= self.end:
            self.add(row, ISSUED, doc.ref)
        if ended is not None and self.start <= ended <= self.end:
            self.add(row, REPEALED, doc.ref)
        if doc.issued_on <= self.end and (ended is None or ended > self.end):
            self.add(row, IN_FORCE, doc.ref)

    def count_decisions(self, decisions: Iterable[DocumentFacts], counts: Iterable[MonthlyCount]) -> None:
        """Each department's monthly count where it entered one, its decisions one by one where not."""
        # A department is one organ's, and named as entered give or take spaces at either end.
        one_by_one: dict[tuple[str, date, str, DocumentKind], list[CaseRef]] = defaultdict(list)
        for doc in decisions:
            if self.start <= doc.issued_on <= self.end:
                one_by_one[(doc.organ, doc.issued_on.replace(day=1), doc.department.strip(), doc.kind)].append(doc.ref)
        for count in counts:
            if not self.start <= count.month <= self.end:
                continue
            self.add(count.kind.value, DECISIONS, count.ref, count.count)
            registered = one_by_one.pop(
                (count.organ, count.month, count.department.strip(), count.kind.document_kind), []
            )
            if len(registered) > count.count:
                why = (
                    f"{count.department} entered {count.count} {count.kind} decisions for {count.month:%Y-%m}, but "
                    f"{len(registered)} are registered one by one: the count entered is the month's figure"
                )
                self.ambiguities.append(Ambiguity(count.ref, why))
        for (_, _, _, kind), refs in one_by_one.items():
            for ref in refs:
                self.add(_decision_row(kind), DECISIONS, ref)


def _decision_row(kind: DocumentKind) -> str:
    return next(k.value for k in DecisionKind if k.document_kind is kind)


def _months_missing(fees: list[MonthlyFee]) -> list[Ambiguity]:
    """Months with no fee income entered, though a later month of the year has one: the year's sum lacks them."""
    entered: dict[str, set[date]] = defaultdict(set)
    for fee in fees:
        entered[fee.organ].add(fee.month)
    ambiguities = []
    for organ, months in entered.items():
        latest = max(months)
        for month in (date(latest.year, m, 1) for m in range(1, latest.month)):
            if month not in months:
                why = (
                    f"{organ} entered no fee income for {month:%Y-%m}, though it did for {latest:%Y-%m}: "
                    "the year's sum lacks the month"
                )
                ambiguities.append(Ambiguity(CaseRef(return_id(organ, month), f"{month:%Y-%m}"), why))
    return ambiguities
