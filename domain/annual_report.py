"""The annual report's statistical tables on applications (R-REPORT): table 3 (依申请公开, the applications by
applicant type and outcome) and table 4 (复议 and 诉讼), from the events of requests and documents as the log gives
them. Which date puts a case in a year:

- table 3, new this year: the receipt date (收到申请之日) is in the year;
- table 3, carried over from last year: received before the year, not closed before it;
- table 3, an outcome row: closed in the year (the reply's date, or the date the case was deemed abandoned or
  withdrawn), counted under the outcome and the applicant type as corrected since (R-REQ-APPLICANT-FIX; a corrected
  reply keeps its date);
- table 3, carried over to next year: received in or before the year, not closed by its end;
- table 4: a reconsideration or lawsuit filed in the year, with the result of the latest decision dated in the year,
  or pending (尚未审结) when none is.

Every column of table 3 balances by construction (new + carried in = answered + carried out: both sides count the
cases received by the year's end and not closed before its start), and a year's carried-in is the year before's
carried-out. A case the log makes ambiguous is named with the reason instead of being guessed at: one closed before
its receipt date is left out of every row, and a closing or a correction entered after the end of the year its date
falls in (so that a report computed in time did not have it) is counted by its date, and named.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from uuid import UUID

import attrs

from domain import reviews
from domain.calendar import business_date
from domain.disclosure_request import events as ev
from domain.disclosure_request.values import GROUNDS, ApplicantType, Outcome, OutcomeCategory
from domain.events import DomainEvent
from domain.reviews import Review, ReviewKind, ReviewResult

FIRST_YEAR = 2008
"""The regulations took effect on 1 May 2008: no report is for an earlier year."""
TOTAL = "total"
"""The column (and, in table 4, the result) that sums the others: 总计."""

NEW = "new"
CARRIED_IN = "carried_in"
ANSWERED = "answered"
CARRIED_OUT = "carried_out"
PENDING = "pending"
"""Table 4's result of a review not decided by the year's end: 尚未审结."""


def outcome_row(outcome: Outcome) -> str:
    """Table 3's row of an outcome: its category, and the ground where the category has them (`not_disclosed.4`)."""
    return outcome.category.value if outcome.ground is None else f"{outcome.category.value}.{outcome.ground}"


CATEGORY_NAMES: dict[OutcomeCategory, str] = {
    OutcomeCategory.DISCLOSED: "予以公开",
    OutcomeCategory.PARTIALLY_DISCLOSED: "部分公开",
    OutcomeCategory.NOT_DISCLOSED: "不予公开",
    OutcomeCategory.CANNOT_PROVIDE: "无法提供",
    OutcomeCategory.NOT_PROCESSED: "不予处理",
    OutcomeCategory.OTHER: "其他处理",
}
CATEGORY_LABELS: dict[OutcomeCategory, str] = {
    category: f"（{number}）{name}"
    for number, (category, name) in zip("一二三四五六", CATEGORY_NAMES.items(), strict=True)
}
"""Each category of outcome as table 3 numbers it: （一）予以公开 … （六）其他处理."""
CATEGORY_ROWS: dict[OutcomeCategory, tuple[str, ...]] = {
    category: (category.value,)
    if category not in GROUNDS
    else tuple(f"{category.value}.{g}" for g in GROUNDS[category])
    for category in OutcomeCategory
}
"""Each category's rows of table 3: the category itself, or one row for each of its grounds."""
OUTCOME_ROWS: tuple[str, ...] = tuple(row for rows in CATEGORY_ROWS.values() for row in rows)
"""The outcome rows of table 3, in the official order (予以公开 … 其他处理 3)."""
TABLE3_ROWS: tuple[str, ...] = (NEW, CARRIED_IN, *OUTCOME_ROWS, ANSWERED, CARRIED_OUT)
RESULTS = "三、本年度办理结果"
TABLE3_NAMES: dict[str, tuple[str, str, str]] = {
    NEW: ("一、本年新收政府信息公开申请数量", "", ""),
    CARRIED_IN: ("二、上年结转政府信息公开申请数量", "", ""),
    **{c.value: (RESULTS, CATEGORY_LABELS[c], "") for c in OutcomeCategory if c not in GROUNDS},
    **{
        f"{c.value}.{ground}": (RESULTS, CATEGORY_LABELS[c], f"{ground}. {text.split(' ')[0]}")
        for c, grounds in GROUNDS.items()
        for ground, text in grounds.items()
    },
    ANSWERED: (RESULTS, "（七）总计", ""),
    CARRIED_OUT: ("四、结转下年度继续办理", "", ""),
}
"""Each row of table 3 by the official table's three levels of heading (a ground named by the Chinese of GROUNDS);
levels a row does not have are empty. TABLE3_ROWS gives their order."""
_TYPE_LABELS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")


def _row_label(row: str, first: str, second: str, third: str) -> str:
    if third:
        return f"{second} {third}"
    if row == ANSWERED:
        return first + second  # （七）总计 alone says nothing in a flat list
    return second or first


TABLE3_LABELS: dict[str, str] = {
    **{row: _row_label(row, *names) for row, names in TABLE3_NAMES.items()},
    **{t.value: label for t, label in zip(ApplicantType, _TYPE_LABELS, strict=True)},
    TOTAL: "总计",
}
"""Table 3's rows and columns as the official table prints them (国办公开办函〔2021〕30号)."""
TABLE4_LABELS: dict[str, str] = {
    ReviewKind.RECONSIDERATION.value: "行政复议",
    ReviewKind.DIRECT_LITIGATION.value: "行政诉讼：未经复议直接起诉",
    ReviewKind.LITIGATION_AFTER_RECONSIDERATION.value: "行政诉讼：复议后起诉",
    ReviewResult.UPHELD.value: "结果维持",
    ReviewResult.CORRECTED.value: "结果纠正",
    ReviewResult.OTHER.value: "其他结果",
    PENDING: "尚未审结",
    TOTAL: "总计",
}
"""Table 4's rows and columns as the official table prints them."""
TABLE3_COLUMNS: tuple[str, ...] = (*(t.value for t in ApplicantType), TOTAL)
TABLE4_ROWS: tuple[str, ...] = tuple(k.value for k in ReviewKind)
TABLE4_COLUMNS: tuple[str, ...] = (*(r.value for r in ReviewResult), PENDING, TOTAL)


@attrs.frozen
class CaseRef:
    """A record a cell counts: the request, document or monthly return, and its registration number (a document's
    number, a return's month and department), for checking case by case."""

    id: UUID
    registration_number: str | None = None
    figure: int | None = None
    """What an entry of a monthly return stands for (its count of decisions, or its fee income in fen); None for a
    record that counts once."""

    def sort_key(self) -> tuple[str, str]:
        """Records are listed by registration number (then id): the same whatever order they came in."""
        return self.registration_number or "", str(self.id)


@attrs.frozen
class Ambiguity:
    """A case the log leaves open to more than one reading, and why."""

    case: CaseRef
    why: str


class Kind(enum.StrEnum):
    """What a late entry changed."""

    CLOSING = "closing"
    REPLY_CORRECTION = "reply_correction"
    APPLICANT_TYPE = "applicant_type"
    PUBLICATION = "publication"
    """A regulation or normative document first went out after the end of the year it was issued in."""
    REPEAL = "repeal"
    EXPIRY = "expiry"
    """A term was recorded whose end falls in a year that had ended."""


@attrs.frozen
class LateEntry:
    """A step entered after the end of the year its date falls in."""

    kind: Kind
    dated: date
    """The year this date falls in is the year it counts in (for an applicant type, the receipt's)."""
    entered: date


@attrs.frozen
class Case:
    """One application as table 3 counts it: received, of a type, closed (or not) with an outcome."""

    ref: CaseRef
    organ: str
    received_on: date
    applicant_type: ApplicantType
    closed_on: date | None
    outcome: Outcome | None
    reviews: tuple[Review, ...] = ()
    late: tuple[LateEntry, ...] = ()


COUNTED: tuple[type[DomainEvent], ...] = (
    ev.Received,
    ev.ApplicantTypeCorrected,
    ev.Replied,
    ev.DeemedAbandoned,
    ev.ApplicationWithdrawn,
    ev.ReplyCorrected,
    ev.ReviewFiled,
    ev.ReviewDecided,
)
"""A request's events that the tables read: everything else a request records leaves its case as it was."""


def case_from(events: Sequence[DomainEvent]) -> Case:
    """A request's case from its events of the COUNTED types, in order (the first its receipt), as the request's own
    fold would give it: the applicant type and the outcome as last corrected, the closing date, the reviews."""
    received = events[0]
    if not isinstance(received, ev.Received):
        raise TypeError(f"a request's case starts with 'received', not {received.type_name}")
    applicant_type, closed_on, outcome = received.applicant_type, None, None
    challenges: tuple[Review, ...] = ()
    late: list[LateEntry] = []
    for event in events[1:]:
        if isinstance(event, ev.ApplicantTypeCorrected):
            applicant_type = event.applicant_type
            dated: tuple[Kind, date] | None = (Kind.APPLICANT_TYPE, received.receipt_date)
        elif isinstance(event, ev.Replied | ev.DeemedAbandoned | ev.ApplicationWithdrawn):
            closed_on, outcome = _closing_date(event), event.outcome
            dated = Kind.CLOSING, closed_on
        elif isinstance(event, ev.ReplyCorrected):
            outcome = event.outcome
            dated = (Kind.REPLY_CORRECTION, closed_on) if closed_on is not None else None
        elif isinstance(event, ev.ReviewFiled):
            challenges, dated = reviews.filed(challenges, event), None
        elif isinstance(event, ev.ReviewDecided):
            challenges, dated = reviews.decided(challenges, event), None
        else:
            continue
        entered = business_date(event.timestamp)
        if dated is not None and entered.year > dated[1].year:
            late.append(LateEntry(dated[0], dated[1], entered))
    return Case(
        ref=CaseRef(received.originator_id, received.registration_number),
        organ=received.organ,
        received_on=received.receipt_date,
        applicant_type=applicant_type,
        closed_on=closed_on,
        outcome=outcome,
        reviews=challenges,
        late=tuple(late),
    )


def _closing_date(event: ev.Replied | ev.DeemedAbandoned | ev.ApplicationWithdrawn) -> date:
    if isinstance(event, ev.Replied):
        return event.replied_on
    if isinstance(event, ev.DeemedAbandoned):
        return event.closed_on
    return event.withdrawn_on


@attrs.frozen
class Table:
    """A table's cells: the records each counts, by row and column (the total column and row sums included)."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: Mapping[tuple[str, str], tuple[CaseRef, ...]]

    def count(self, row: str, column: str) -> int:
        return len(self.cells.get((row, column), ()))

    def counts(self) -> dict[str, dict[str, int]]:
        """Every cell's count, by row then column."""
        return {row: {column: self.count(row, column) for column in self.columns} for row in self.rows}


class _Filling:
    """Cells being filled, each record once per cell."""

    def __init__(self) -> None:
        self.cells: dict[tuple[str, str], list[CaseRef]] = {}

    def add(self, row: str, column: str, ref: CaseRef) -> None:
        for key in ((row, column), (row, TOTAL)):
            self.cells.setdefault(key, []).append(ref)

    def table(self, rows: tuple[str, ...], columns: tuple[str, ...]) -> Table:
        ordered = {key: tuple(sorted(refs, key=CaseRef.sort_key)) for key, refs in self.cells.items()}
        return Table(rows, columns, ordered)


@attrs.frozen
class ApplicationTables:
    """Tables 3 and 4 of one year, and the cases the log leaves ambiguous."""

    year: int
    table3: Table
    table4: Table
    ambiguities: tuple[Ambiguity, ...]


def tables(
    cases: Iterable[Case], year: int, documents: Iterable[tuple[CaseRef, Sequence[Review]]] = ()
) -> ApplicationTables:
    """Tables 3 and 4 for `year` over these cases (one organ's, or a district's) and documents' challenges."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    t3, t4, ambiguities = _Filling(), _Filling(), []
    for case in cases:
        column = case.applicant_type.value
        if (why := _uncountable(case)) is not None:
            if year in (case.received_on.year, case.closed_on.year if case.closed_on else None):
                ambiguities.append(Ambiguity(case.ref, why))
            continue
        open_at_start = case.closed_on is None or case.closed_on >= start
        if start <= case.received_on <= end:
            t3.add(NEW, column, case.ref)
        elif case.received_on < start and open_at_start:
            t3.add(CARRIED_IN, column, case.ref)
        if case.closed_on is not None and case.outcome is not None and start <= case.closed_on <= end:
            t3.add(outcome_row(case.outcome), column, case.ref)
            t3.add(ANSWERED, column, case.ref)
        if case.received_on <= end and (case.closed_on is None or case.closed_on > end):
            t3.add(CARRIED_OUT, column, case.ref)
        ambiguities += [Ambiguity(case.ref, late_reason(entry)) for entry in case.late if entry.dated.year == year]
        _count_reviews(t4, case.ref, case.reviews, start, end)
    for ref, challenged in documents:
        _count_reviews(t4, ref, challenged, start, end)
    return ApplicationTables(
        year, t3.table(TABLE3_ROWS, TABLE3_COLUMNS), t4.table(TABLE4_ROWS, TABLE4_COLUMNS), _in_order(ambiguities)
    )


def _in_order(ambiguities: list[Ambiguity]) -> tuple[Ambiguity, ...]:
    """By record, then reason: the same whatever order the cases came in (the log's interleaving of different cases'
    events is no part of the report)."""
    return tuple(sorted(ambiguities, key=lambda a: (*a.case.sort_key(), a.why)))


def _uncountable(case: Case) -> str | None:
    """Why the log's record of a case fits no row of table 3, or None."""
    if case.closed_on is None:
        return None
    if case.closed_on < case.received_on:
        return f"closed on {case.closed_on}, before its receipt on {case.received_on}: counted in no row"
    if case.outcome is None or outcome_row(case.outcome) not in OUTCOME_ROWS:
        return f"closed on {case.closed_on} without an outcome of table 3's rows: counted in no row"
    return None


def late_reason(entry: LateEntry) -> str:
    """Why a step entered after the end of the year its date falls in makes a record ambiguous in that year."""
    what = {
        Kind.CLOSING: f"closed on {entry.dated}",
        Kind.REPLY_CORRECTION: f"its reply of {entry.dated} was corrected",
        Kind.APPLICANT_TYPE: f"its applicant type (received {entry.dated}) was corrected",
        Kind.PUBLICATION: f"issued on {entry.dated}, it first went out",
        Kind.REPEAL: f"repealed on {entry.dated}",
        Kind.EXPIRY: f"its term, ending before {entry.dated}, was recorded",
    }[entry.kind]
    return f"{what}, entered on {entry.entered}, after the year's end: a report made before then counted it otherwise"


def _count_reviews(t4: _Filling, ref: CaseRef, reviews: Sequence[Review], start: date, end: date) -> None:
    for review in reviews:
        if not start <= review.filed_on <= end:
            continue
        decided = [d for d in review.decisions if d.decided_on <= end]
        result = decided[-1].result.value if decided else PENDING
        t4.add(review.kind.value, result, ref)


@attrs.frozen
class YearOverYear:
    """One figure the report's text compares with the year before, and the sentence that says it."""

    subject: str
    this_year: int
    last_year: int
    text: str


def sentence(subject: str, now: int, before: int) -> YearOverYear:
    """The report text's comparison of a figure with the year before's."""
    if now == before:
        change = "与上年持平"
    else:
        direction = "增加" if now > before else "减少"
        share = f"（{abs(now - before) / before:.1%}）" if before else ""
        change = f"比上年{direction}{abs(now - before)}件{share}"
    return YearOverYear(subject, now, before, f"{subject}{now}件，{change}。")


def _total(table: Table, rows: Iterable[str]) -> int:
    return sum(table.count(row, TOTAL) for row in rows)


def year_over_year(this: ApplicationTables, last: ApplicationTables) -> tuple[YearOverYear, ...]:
    """The comparisons the report's text makes: applications received, carried over, answered (by category of
    outcome) and carried on, and reconsideration and litigation, each against the year before."""

    def compared(subject: str, count: Callable[[ApplicationTables], int]) -> YearOverYear:
        return sentence(subject, count(this), count(last))

    def outcomes(category: OutcomeCategory) -> Callable[[ApplicationTables], int]:
        return lambda t: _total(t.table3, CATEGORY_ROWS[category])

    return (
        compared("本年新收政府信息公开申请", lambda t: t.table3.count(NEW, TOTAL)),
        compared("上年结转政府信息公开申请", lambda t: t.table3.count(CARRIED_IN, TOTAL)),
        compared("本年度办结政府信息公开申请", lambda t: t.table3.count(ANSWERED, TOTAL)),
        *(compared("其中" + name, outcomes(c)) for c, name in CATEGORY_NAMES.items()),
        compared("结转下年度继续办理", lambda t: t.table3.count(CARRIED_OUT, TOTAL)),
        compared("政府信息公开行政复议", lambda t: t.table4.count(TABLE4_ROWS[0], TOTAL)),
        compared("政府信息公开行政诉讼", lambda t: _total(t.table4, TABLE4_ROWS[1:])),
        compared(
            "行政复议、行政诉讼结果纠正", lambda t: sum(t.table4.count(r, ReviewResult.CORRECTED) for r in TABLE4_ROWS)
        ),
    )
