"""R-REPORT on documents: the validity period (有效期) and repeal (废止) of regulations and normative documents, and an
issue date that cannot come after the day the document takes effect.

The bureau's rules on identifying persons with employment difficulties (就业困难人员认定管理办法) are signed and issued
on Mon 2025-03-03 and go out with their Q&A on Mon 2025-03-10.
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from domain.document import commands as cmd
from domain.document import events as ev
from domain.document.state import Document
from domain.document.values import DocumentKind
from domain.errors import InvalidValue, RuleViolation, StepOutOfOrder
from tests.domain.documents.builders import (
    at,
    attached,
    both_reviews,
    fold,
    given,
    interpretation_of,
    only_event,
    proactive,
    publication,
    refusal,
    registration,
    then,
    withdrawn,
)

ISSUED = date(2025, 3, 3)
OUT = date(2025, 3, 10)
TITLES = {
    DocumentKind.REGULATION: "上海市就业促进若干规定",
    DocumentKind.ENFORCEMENT_DECISION: "查封场所设施财物决定书",
}
"""Titles for the kinds the shared builders have none for."""
WITHOUT_VALIDITY = [k for k in DocumentKind if not k.has_validity and k is not DocumentKind.INTERPRETATION]
"""The kinds with no validity period (an interpretation is registered against its policy, so it is left out)."""


def registered(kind: DocumentKind, formed_on: date = ISSUED) -> Document:
    """A document of any kind registered by its drafter on the day it was formed."""
    base = registration(formed_on, DocumentKind.NORMATIVE if kind.has_validity else DocumentKind.WORK_INFORMATION)
    command = attrs.evolve(base, kind=kind, title=TITLES.get(kind, base.title))
    return given(at(formed_on, command))


def went_out(kind: DocumentKind = DocumentKind.NORMATIVE, formed_on: date = ISSUED, out: date = OUT) -> Document:
    """A regulation or normative document cleared on the day it was issued and published with its Q&A on `out`."""
    doc = then(registered(kind, formed_on), proactive(formed_on), *both_reviews(formed_on))
    qa = given(interpretation_of(doc, formed_on), proactive(formed_on), *both_reviews(formed_on))
    doc = attached(doc, qa, formed_on)
    return fold(doc, publication(doc, out, "policies", related=[qa], interpretation_column_id="interpretations"))


def validity(effective_on: date, valid_until: date | None = None) -> cmd.SetValidity:
    """The validity period: from `effective_on` to `valid_until` (no term when None)."""
    return cmd.SetValidity(effective_on=effective_on, valid_until=valid_until)


def repeal(repealed_on: date, reason: str = "上位法修订，本办法停止执行") -> cmd.RecordRepeal:
    """The repeal on a day, with its reason."""
    return cmd.RecordRepeal(repealed_on=repealed_on, reason=reason)


# The kinds ---------------------------------------------------------------------------------------------------


def test_only_regulations_and_normative_documents_have_a_validity_period() -> None:
    assert {k for k in DocumentKind if k.has_validity} == {DocumentKind.REGULATION, DocumentKind.NORMATIVE}


def test_licensing_penalty_and_enforcement_are_the_decisions_table_2_counts() -> None:
    decisions = {k for k in DocumentKind if k.is_decision}
    assert decisions == {
        DocumentKind.LICENSING_DECISION,
        DocumentKind.PENALTY_DECISION,
        DocumentKind.ENFORCEMENT_DECISION,
    }


def test_a_regulation_is_published_with_its_interpretation() -> None:
    assert DocumentKind.REGULATION.needs_interpretation
    assert went_out(DocumentKind.REGULATION).is_published


# SetValidity -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [DocumentKind.NORMATIVE, DocumentKind.REGULATION])
def test_a_validity_period_is_recorded_and_folded(kind: DocumentKind) -> None:
    # Issued Mon 3/3, takes effect Tue 4/1, valid for five years: to Sun 2030-3-31, entered on 3/10.
    doc = went_out(kind)
    event = only_event(doc, at(OUT, validity(date(2025, 4, 1), date(2030, 3, 31))))
    assert isinstance(event, ev.ValiditySet)
    assert (event.effective_on, event.valid_until) == (date(2025, 4, 1), date(2030, 3, 31))
    doc = fold(doc, [event])
    assert (doc.effective_on, doc.valid_until, doc.repealed_on) == (date(2025, 4, 1), date(2030, 3, 31), None)


def test_a_validity_period_without_a_term_is_recorded_before_publication() -> None:
    # Still a draft: the validity is set with the text, before it goes out.
    doc = then(registered(DocumentKind.NORMATIVE), at(ISSUED, validity(date(2025, 4, 1))))
    assert (doc.effective_on, doc.valid_until) == (date(2025, 4, 1), None)


def test_a_document_may_take_effect_on_the_day_it_was_issued_but_not_before() -> None:
    # Issued 3/3: effective 3/3 is accepted; effective 3/2, a day before its issue, is refused.
    doc = went_out()
    assert then(doc, at(OUT, validity(ISSUED, date(2027, 3, 2)))).effective_on == ISSUED
    error = refusal(doc, at(OUT, validity(date(2025, 3, 2), date(2027, 3, 2))))
    assert isinstance(error, RuleViolation)
    assert (error.code, error.field) == ("R-REPORT", "effective_on")


def test_a_term_of_one_day_is_accepted_and_one_ending_before_it_starts_is_refused() -> None:
    # Effective Tue 4/1: a term to 4/1 is one day long; a term to Mon 3/31 ends before it starts.
    doc = went_out()
    assert then(doc, at(OUT, validity(date(2025, 4, 1), date(2025, 4, 1)))).valid_until == date(2025, 4, 1)
    error = refusal(doc, at(OUT, validity(date(2025, 4, 1), date(2025, 3, 31))))
    assert isinstance(error, InvalidValue)
    assert (error.code, error.field) == ("R-VALUE", "valid_until")


@pytest.mark.parametrize("kind", WITHOUT_VALIDITY)
def test_a_document_of_another_kind_has_no_validity_period(kind: DocumentKind) -> None:
    error = refusal(registered(kind), at(ISSUED, validity(ISSUED, date(2027, 3, 2))))
    assert isinstance(error, RuleViolation)
    assert error.code == "R-REPORT"


def test_a_term_is_extended_on_its_last_day_and_the_later_term_stands() -> None:
    # Term to Wed 2025-12-31, its last valid day; extended that day by two years, to Fri 2027-12-31.
    doc = then(went_out(), at(OUT, validity(date(2025, 4, 1), date(2025, 12, 31))))
    doc = then(doc, at(date(2025, 12, 31), validity(date(2025, 4, 1), date(2027, 12, 31))))
    assert (doc.effective_on, doc.valid_until) == (date(2025, 4, 1), date(2027, 12, 31))


def test_an_expired_term_is_not_extended() -> None:
    # Term to Wed 2025-12-31: on Thu 2026-1-1 the document has expired; it is replaced, not extended.
    doc = then(went_out(), at(OUT, validity(date(2025, 4, 1), date(2025, 12, 31))))
    error = refusal(doc, at(date(2026, 1, 1), validity(date(2025, 4, 1), date(2027, 12, 31))))
    assert isinstance(error, StepOutOfOrder)
    assert error.code == "R-REPORT"


def test_a_term_recorded_late_may_have_ended_but_a_running_term_is_not_cut_into_the_past() -> None:
    # Entered on Wed 2025-10-15: a first term to Tue 9/30 is a fact recorded late (it expired on 10/1), accepted.
    late = at(date(2025, 10, 15), validity(date(2025, 4, 1), date(2025, 9, 30)))
    assert then(went_out(), late).valid_until == date(2025, 9, 30)
    # A term running to 2030: cutting it to 9/30, a day already past, would end it without a repeal; refused.
    running = then(went_out(), at(OUT, validity(date(2025, 4, 1), date(2030, 3, 31))))
    error = refusal(running, late)
    assert isinstance(error, RuleViolation)
    assert (error.code, error.field) == ("R-REPORT", "valid_until")
    # Shortened to Wed 2025-12-31, a day still ahead: accepted.
    shortened = at(date(2025, 10, 15), validity(date(2025, 4, 1), date(2025, 12, 31)))
    assert then(running, shortened).valid_until == date(2025, 12, 31)


def test_a_repealed_document_gets_no_new_validity_period() -> None:
    # Repealed Mon 6/30; a term set on Tue 7/1 is refused, however long.
    doc = then(went_out(), at(date(2025, 6, 30), repeal(date(2025, 6, 30))))
    error = refusal(doc, at(date(2025, 7, 1), validity(date(2025, 4, 1), date(2030, 3, 31))))
    assert isinstance(error, StepOutOfOrder)
    assert error.code == "R-REPORT"


# RecordRepeal ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [DocumentKind.NORMATIVE, DocumentKind.REGULATION])
def test_a_document_in_force_is_repealed_with_its_reason(kind: DocumentKind) -> None:
    # Out on 3/10, repealed on Mon 6/30 and entered on Tue 7/1.
    doc = went_out(kind)
    event = only_event(doc, at(date(2025, 7, 1), repeal(date(2025, 6, 30))))
    assert isinstance(event, ev.Repealed)
    assert (event.repealed_on, event.reason) == (date(2025, 6, 30), "上位法修订，本办法停止执行")
    assert fold(doc, [event]).repealed_on == date(2025, 6, 30)


def test_a_document_never_published_is_not_repealed() -> None:
    # Issued 3/3 but never out: it was never in force.
    doc = then(registered(DocumentKind.NORMATIVE), proactive(ISSUED))
    error = refusal(doc, at(date(2025, 6, 30), repeal(date(2025, 6, 30))))
    assert isinstance(error, StepOutOfOrder)
    assert error.code == "R-REPORT"


def test_a_document_taken_down_after_it_went_out_is_still_repealed() -> None:
    # Out 3/10, withdrawn Fri 3/14 to fix a typo, repealed Mon 6/30: it went out, so it was in force.
    doc = then(went_out(), withdrawn(date(2025, 3, 14)), at(date(2025, 6, 30), repeal(date(2025, 6, 30))))
    assert doc.repealed_on == date(2025, 6, 30)


def test_a_repeal_is_not_dated_in_the_future() -> None:
    # Entered Mon 6/30 for Tue 7/1, the next day.
    error = refusal(went_out(), at(date(2025, 6, 30), repeal(date(2025, 7, 1))))
    assert isinstance(error, InvalidValue)
    assert (error.code, error.field) == ("R-VALUE", "repealed_on")


def test_a_repeal_is_not_dated_before_the_document_went_out() -> None:
    # Issued Mon 3/3, out Mon 3/10: in force from 3/10, so a repeal dated Sun 3/2 or Fri 3/7 is before it was.
    for day in (date(2025, 3, 2), date(2025, 3, 7)):
        error = refusal(went_out(), at(date(2025, 6, 30), repeal(day)))
        assert isinstance(error, RuleViolation)
        assert (error.code, error.field) == ("R-REPORT", "repealed_on")
    assert then(went_out(), at(date(2025, 6, 30), repeal(OUT))).repealed_on == OUT


def test_a_repeal_on_the_last_day_of_the_term_is_accepted_and_after_it_refused() -> None:
    # Term to Tue 2025-9-30: repealed that day is accepted; on Wed 10/1 it had already expired.
    doc = then(went_out(), at(OUT, validity(date(2025, 4, 1), date(2025, 9, 30))))
    assert then(doc, at(date(2025, 9, 30), repeal(date(2025, 9, 30)))).repealed_on == date(2025, 9, 30)
    error = refusal(doc, at(date(2025, 10, 9), repeal(date(2025, 10, 1))))
    assert isinstance(error, RuleViolation)
    assert (error.code, error.field) == ("R-REPORT", "repealed_on")


def test_a_document_is_repealed_once() -> None:
    # Repealed Mon 6/30; a second repeal on Tue 7/1 is refused.
    doc = then(went_out(), at(date(2025, 6, 30), repeal(date(2025, 6, 30))))
    error = refusal(doc, at(date(2025, 7, 1), repeal(date(2025, 7, 1))))
    assert isinstance(error, StepOutOfOrder)
    assert error.code == "R-REPORT"


def test_a_repeal_states_its_reason() -> None:
    error = refusal(went_out(), at(date(2025, 6, 30), repeal(date(2025, 6, 30), reason="  ")))
    assert isinstance(error, InvalidValue)
    assert error.field == "reason"


@pytest.mark.parametrize("kind", WITHOUT_VALIDITY)
def test_a_document_of_another_kind_is_not_repealed(kind: DocumentKind) -> None:
    error = refusal(registered(kind), at(date(2025, 6, 30), repeal(date(2025, 6, 30))))
    assert isinstance(error, RuleViolation)
    assert error.code == "R-REPORT"


# RecordIssue against the validity ----------------------------------------------------------------------------


def drafted_to_take_effect_on_1_april() -> Document:
    """A draft registered Mon 3/3 whose validity (from Tue 4/1, for five years) was set on Wed 3/5."""
    return then(registered(DocumentKind.NORMATIVE), at(date(2025, 3, 5), validity(date(2025, 4, 1), date(2030, 3, 31))))


def test_a_document_is_issued_by_the_day_it_takes_effect() -> None:
    # Takes effect Tue 4/1: signed and issued on 4/1 itself, entered Wed 4/2, is accepted.
    doc = then(drafted_to_take_effect_on_1_april(), at(date(2025, 4, 2), cmd.RecordIssue(issued_on=date(2025, 4, 1))))
    assert doc.formed_on == date(2025, 4, 1)


def test_an_issue_date_after_the_day_it_takes_effect_is_refused() -> None:
    # Takes effect Tue 4/1: issued Wed 4/2 would put it in force before it existed.
    doc = drafted_to_take_effect_on_1_april()
    error = refusal(doc, at(date(2025, 4, 2), cmd.RecordIssue(issued_on=date(2025, 4, 2))))
    assert isinstance(error, RuleViolation)
    assert (error.code, error.field) == ("R-REPORT", "issued_on")


def test_without_a_validity_period_any_past_issue_date_is_accepted() -> None:
    # No validity recorded: issued Wed 4/2, entered the same day.
    doc = then(registered(DocumentKind.NORMATIVE), at(date(2025, 4, 2), cmd.RecordIssue(issued_on=date(2025, 4, 2))))
    assert doc.formed_on == date(2025, 4, 2)


def test_a_validity_set_after_the_issue_is_checked_against_the_recorded_issue_date() -> None:
    # Registered 3/3, issued Tue 4/1 (entered 4/2): taking effect Mon 3/31 is now before its issue.
    doc = then(registered(DocumentKind.NORMATIVE), at(date(2025, 4, 2), cmd.RecordIssue(issued_on=date(2025, 4, 1))))
    error = refusal(doc, at(date(2025, 4, 2), validity(date(2025, 3, 31), date(2030, 3, 30))))
    assert (error.code, error.field) == ("R-REPORT", "effective_on")
    assert then(doc, at(date(2025, 4, 2), validity(date(2025, 4, 1)))).effective_on == date(2025, 4, 1)
