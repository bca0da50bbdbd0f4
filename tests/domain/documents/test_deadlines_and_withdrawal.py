"""R-DOC-TIMELY, R-DOC-DUAL and R-DOC-WITHDRAW on the real calendar.

Holidays used (State Council notices): 2025 Spring Festival 1/28–2/4 off, Sun 1/26 and Sat 2/8 worked;
Labour Day 5/1–5/5 off, Sun 4/27 worked; National Day + Mid-Autumn 10/1–10/8 off, Sun 9/28 and Sat 10/11
worked.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.document import commands as cmd
from domain.document import events as ev
from domain.document.rules import DocumentRules
from domain.document.state import Document
from domain.document.values import DisclosureAttribute, DocumentKind, PenaltyChange
from domain.errors import StepOutOfOrder
from domain.events import DomainEvent
from tests.domain.documents.builders import (
    PUBLISHER,
    RULES,
    approved,
    at,
    both_reviews,
    cleared,
    drafted,
    fold,
    given,
    only_event,
    proactive,
    publication,
    publish_refusal,
    published,
    refusal,
    revised,
    secrecy_passed,
    then,
    withdrawn,
)
from tests.domain.documents.builders import open_deadlines as deadlines_of


def due_dates(doc: Document, rules: DocumentRules = RULES) -> list[tuple[str, str, date]]:
    """What is due, under which rule, by when."""
    return [(d.what, d.rule, d.due) for d in deadlines_of(doc, rules)]


def revoked(day: date, change: PenaltyChange = PenaltyChange.REVOKED) -> cmd.RecordPenaltyChange:
    """The penalty decision revoked (or otherwise changed) on a day after reconsideration."""
    return cmd.RecordPenaltyChange(change=change, changed_on=day, reason="行政复议决定撤销原处罚决定")


# R-DOC-TIMELY ------------------------------------------------------------------------------------------------


def test_proactive_information_is_due_20_working_days_after_it_was_formed() -> None:
    # Formed Mon 1/20: 1/21–1/24 = 1–4, Sun 1/26 = 5, 1/27 = 6, 2/5–2/7 = 7–9, Sat 2/8 = 10,
    # 2/10–2/14 = 11–15, 2/17–2/21 = 16–20.
    doc = given(drafted(date(2025, 1, 20)), proactive(date(2025, 1, 20)))
    [deadline] = deadlines_of(doc)
    assert (deadline.what, deadline.rule, deadline.due) == ("publication", "R-DOC-TIMELY", date(2025, 2, 21))
    assert not deadline.provisional
    assert "2025-01-20" in deadline.derivation


def test_the_period_is_configurable() -> None:
    # The same count stops at the 10th working day, Sat 2/8, worked for the Spring Festival.
    doc = given(drafted(date(2025, 1, 20)), proactive(date(2025, 1, 20)))
    assert due_dates(doc, DocumentRules(timely_working_days=10)) == [("publication", "R-DOC-TIMELY", date(2025, 2, 8))]


def test_a_changed_document_is_due_20_working_days_after_the_change() -> None:
    # Changed Fri 4/25: Sun 4/27 = 1, 4/28–4/30 = 2–4, 5/6–5/9 = 5–8, 5/12–5/16 = 9–13,
    # 5/19–5/23 = 14–18, 5/26–5/27 = 19–20.
    doc = published(cleared(date(2025, 4, 1)), date(2025, 4, 3))
    assert due_dates(doc) == []
    doc = then(doc, revised(date(2025, 4, 25)))
    [deadline] = deadlines_of(doc)
    assert (deadline.rule, deadline.due) == ("R-DOC-TIMELY", date(2025, 5, 27))
    assert "revision 2" in deadline.derivation


def test_a_deadline_is_overdue_the_day_after() -> None:
    [deadline] = deadlines_of(given(drafted(date(2025, 1, 20)), proactive(date(2025, 1, 20))))
    assert not deadline.overdue(date(2025, 2, 21)) and deadline.overdue(date(2025, 2, 22))


@pytest.mark.parametrize("attribute", [None, DisclosureAttribute.ON_REQUEST, DisclosureAttribute.WITHHELD])
def test_only_proactive_information_has_a_publication_deadline(attribute: DisclosureAttribute | None) -> None:
    doc = given(drafted(date(2025, 1, 20)))
    if attribute is not None:
        doc = then(doc, at(date(2025, 1, 20), cmd.SetAttribute(attribute=attribute, legal_ground="条例第十四条")))
    assert due_dates(doc) == []


def test_a_published_document_has_no_publication_deadline() -> None:
    assert due_dates(published(cleared(date(2025, 1, 20)), date(2025, 1, 21))) == []


# R-DOC-DUAL --------------------------------------------------------------------------------------------------


def test_a_licensing_decision_is_due_7_working_days_after_the_decision() -> None:
    # Decided Fri 9/26: Sun 9/28 = 1, 9/29–9/30 = 2–3, 10/9–10/10 = 4–5, Sat 10/11 = 6, Mon 10/13 = 7.
    doc = given(drafted(date(2025, 9, 26), DocumentKind.LICENSING_DECISION), proactive(date(2025, 9, 26)))
    [deadline] = deadlines_of(doc)
    assert (deadline.what, deadline.rule, deadline.due) == ("publication", "R-DOC-DUAL", date(2025, 10, 13))
    assert deadline.derivation.startswith("Licensing decision of 2025-09-26")


def test_a_penalty_decision_is_due_7_working_days_after_the_decision() -> None:
    # Decided Fri 1/24: Sun 1/26 = 1, 1/27 = 2, 2/5–2/7 = 3–5, Sat 2/8 = 6, Mon 2/10 = 7.
    doc = given(drafted(date(2025, 1, 24), DocumentKind.PENALTY_DECISION), proactive(date(2025, 1, 24)))
    assert due_dates(doc) == [("publication", "R-DOC-DUAL", date(2025, 2, 10))]


def test_the_dual_period_is_configurable() -> None:
    doc = given(drafted(date(2025, 1, 24), DocumentKind.PENALTY_DECISION), proactive(date(2025, 1, 24)))
    rules = DocumentRules(dual_publication_working_days=6)
    assert due_dates(doc, rules) == [("publication", "R-DOC-DUAL", date(2025, 2, 8))]


def published_penalty() -> Document:
    """A penalty decision of Mon 9/22 published on Fri 9/26 in 行政处罚."""
    return published(cleared(date(2025, 9, 22), DocumentKind.PENALTY_DECISION), date(2025, 9, 26), "penalties")


@pytest.mark.parametrize("change", list(PenaltyChange))
def test_a_published_penalty_that_is_changed_is_withdrawn_within_3_working_days(change: PenaltyChange) -> None:
    # Revoked Tue 9/30: 10/9 = 1, 10/10 = 2, Sat 10/11 = 3.
    doc = then(published_penalty(), at(date(2025, 9, 30), revoked(date(2025, 9, 30), change), PUBLISHER))
    [deadline] = deadlines_of(doc)
    assert (deadline.what, deadline.rule, deadline.due) == ("withdrawal", "R-DOC-DUAL", date(2025, 10, 11))
    assert deadline.overdue(date(2025, 10, 13)) and not deadline.overdue(date(2025, 10, 11))


def test_the_withdrawal_period_is_configurable() -> None:
    doc = then(published_penalty(), at(date(2025, 9, 30), revoked(date(2025, 9, 30)), PUBLISHER))
    rules = DocumentRules(penalty_withdrawal_working_days=1)
    assert due_dates(doc, rules) == [("withdrawal", "R-DOC-DUAL", date(2025, 10, 9))]


def test_the_withdrawal_deadline_is_met_by_the_withdrawal() -> None:
    doc = then(published_penalty(), at(date(2025, 9, 30), revoked(date(2025, 9, 30)), PUBLISHER))
    assert due_dates(then(doc, withdrawn(date(2025, 10, 9), "原处罚决定已被撤销"))) == []


def test_a_penalty_changed_before_publication_has_nothing_due() -> None:
    doc = given(drafted(date(2025, 9, 22), DocumentKind.PENALTY_DECISION), proactive(date(2025, 9, 22)))
    assert due_dates(then(doc, at(date(2025, 9, 23), revoked(date(2025, 9, 23))))) == []


def test_the_change_is_an_event() -> None:
    event = only_event(published_penalty(), at(date(2025, 9, 30), revoked(date(2025, 9, 30)), PUBLISHER))
    assert isinstance(event, ev.PenaltyChanged)
    assert (event.change, event.changed_on) == (PenaltyChange.REVOKED, date(2025, 9, 30))


def test_only_a_penalty_decision_is_changed_revoked_or_voided() -> None:
    doc = published(cleared(date(2025, 9, 22), DocumentKind.LICENSING_DECISION), date(2025, 9, 26), "licensing")
    assert refusal(doc, at(date(2025, 9, 30), revoked(date(2025, 9, 30)))).code == "R-DOC-DUAL"


def test_a_penalty_is_changed_once() -> None:
    doc = then(published_penalty(), at(date(2025, 9, 30), revoked(date(2025, 9, 30))))
    error = refusal(doc, at(date(2025, 9, 30), revoked(date(2025, 9, 30), PenaltyChange.VOID)))
    assert isinstance(error, StepOutOfOrder) and error.code == "R-DOC-DUAL"


def test_a_change_is_dated_between_the_decision_and_today() -> None:
    doc = published_penalty()
    assert refusal(doc, at(date(2025, 9, 30), revoked(date(2025, 9, 21)))).field == "changed_on"
    assert refusal(doc, at(date(2025, 9, 30), revoked(date(2025, 10, 1)))).field == "changed_on"


# R-DOC-WITHDRAW ----------------------------------------------------------------------------------------------

FORMED, OUT, TAKEN_DOWN, CORRECTED = date(2025, 3, 3), date(2025, 3, 10), date(2025, 3, 12), date(2025, 3, 13)


def test_only_a_published_document_is_withdrawn() -> None:
    error = refusal(cleared(FORMED), withdrawn(OUT))
    assert isinstance(error, StepOutOfOrder) and error.code == "R-DOC-WITHDRAW"


def test_a_withdrawn_document_is_not_withdrawn_again() -> None:
    doc = then(published(cleared(FORMED), OUT), withdrawn(TAKEN_DOWN))
    assert refusal(doc, withdrawn(TAKEN_DOWN)).code == "R-DOC-WITHDRAW"


def test_the_withdrawal_is_an_event_with_its_reason() -> None:
    doc = published(cleared(FORMED), OUT)
    event = only_event(doc, withdrawn(TAKEN_DOWN))
    assert isinstance(event, ev.Withdrawn)
    assert (event.withdrawn_on, event.reason) == (TAKEN_DOWN, "第三条补贴标准有误")
    doc = fold(doc, [event])
    assert (doc.publication, doc.withdrawn_on, doc.first_published_on) == (None, TAKEN_DOWN, OUT)


def test_a_withdrawal_has_a_reason_and_follows_the_publication() -> None:
    doc = published(cleared(FORMED), OUT)
    assert refusal(doc, withdrawn(TAKEN_DOWN, reason="  ")).field == "reason"
    assert refusal(doc, withdrawn(date(2025, 3, 7))).field == "withdrawn_on"


def test_a_corrected_revision_is_republished_only_after_its_own_reviews() -> None:
    history: list[DomainEvent] = []

    def record(doc: Document | None, events: list[DomainEvent]) -> Document:
        history.extend(events)
        return fold(doc, events)

    doc = cleared(FORMED)
    doc = record(doc, publication(doc, OUT))
    doc = record(doc, [only_event(doc, withdrawn(TAKEN_DOWN))])
    correction = only_event(doc, revised(CORRECTED, correction=True))
    assert isinstance(correction, ev.Revised) and (correction.revision, correction.is_correction) == (2, True)
    doc = record(doc, [correction])
    assert publish_refusal(doc, CORRECTED).code == "R-DOC-SECRET"
    doc = record(doc, [only_event(doc, secrecy_passed(CORRECTED, revision=2))])
    assert publish_refusal(doc, CORRECTED).code == "R-DOC-REVIEW"
    doc = record(doc, [only_event(doc, both_reviews(CORRECTED, revision=2)[1])])
    doc = record(doc, publication(doc, CORRECTED))
    assert [type(e).__name__ for e in history] == [
        "Published",
        "Withdrawn",
        "Revised",
        "ConfidentialityReviewed",
        "DisclosureReviewed",
        "Published",
    ]
    assert [e.revision for e in history if isinstance(e, ev.Published)] == [1, 2]
    assert (doc.publication and doc.publication.revision, doc.first_published_on) == (2, OUT)


def test_a_corrected_revision_is_due_from_the_correction() -> None:
    # Corrected Thu 3/13: 3/14 = 1, 3/17–3/21 = 2–6, 3/24–3/28 = 7–11, 3/31–4/3 = 12–15 (4/4 Qingming),
    # 4/7–4/11 = 16–20.
    doc = then(published(cleared(FORMED), OUT), withdrawn(TAKEN_DOWN), revised(CORRECTED, correction=True))
    assert due_dates(doc) == [("publication", "R-DOC-TIMELY", date(2025, 4, 11))]


def test_a_withdrawn_document_not_yet_corrected_has_no_publication_deadline() -> None:
    doc = then(published(cleared(FORMED), OUT), withdrawn(TAKEN_DOWN))
    assert due_dates(doc) == []


def test_a_correction_without_withdrawal_leaves_the_old_revision_out_until_the_new_one_is() -> None:
    doc = then(published(cleared(FORMED), OUT), revised(CORRECTED, correction=True))
    assert doc.is_published and doc.publication is not None and doc.publication.revision == 1
    assert not doc.current_revision_is_out
    doc = published(then(doc, *both_reviews(CORRECTED, revision=2)), CORRECTED)
    assert doc.publication is not None and doc.publication.revision == 2


def test_a_correction_made_on_the_day_of_the_withdrawal_is_due_too() -> None:
    # Withdrawn and corrected Wed 3/12: 3/13–3/14 = 1–2, 3/17–3/21 = 3–7, 3/24–3/28 = 8–12,
    # 3/31–4/3 = 13–16 (4/4 Qingming), 4/7–4/10 = 17–20.
    doc = then(published(cleared(FORMED), OUT), withdrawn(TAKEN_DOWN), revised(TAKEN_DOWN, correction=True))
    assert due_dates(doc) == [("publication", "R-DOC-TIMELY", date(2025, 4, 10))]


def test_a_penalty_revoked_before_publication_is_never_published() -> None:
    doc = then(
        cleared(date(2025, 9, 22), DocumentKind.PENALTY_DECISION),
        at(date(2025, 9, 23), revoked(date(2025, 9, 23)), PUBLISHER),
    )
    assert publish_refusal(doc, date(2025, 9, 24), "penalties").code == "R-DOC-DUAL"


def test_a_decision_revised_before_publication_keeps_its_7_day_deadline() -> None:
    # Decided Fri 9/26, revised Mon 9/29: still 7 wd from the decision — Sun 9/28 = 1, 9/29–9/30 = 2–3,
    # 10/9–10/10 = 4–5, Sat 10/11 = 6, Mon 10/13 = 7.
    doc = given(drafted(date(2025, 9, 26), DocumentKind.LICENSING_DECISION), proactive(date(2025, 9, 26)))
    doc = then(doc, revised(date(2025, 9, 29)))
    assert due_dates(doc) == [("publication", "R-DOC-DUAL", date(2025, 10, 13))]


def test_a_withdrawn_revision_needs_a_new_disclosure_review_to_go_out_again() -> None:
    doc = then(published(cleared(date(2025, 3, 3)), date(2025, 3, 5)), withdrawn(date(2025, 3, 6)))
    assert publish_refusal(doc, date(2025, 3, 7)).code == "R-DOC-REVIEW"
    doc = then(doc, approved(date(2025, 3, 7)))
    assert published(doc, date(2025, 3, 7)).is_published


# R-DOC-TIMELY runs from the day the document is signed and issued -----------------------------------------------


def test_redrafting_before_publication_never_moves_the_timeliness_deadline() -> None:
    # Signed and issued Mon 1/20, due Fri 2/21 (see above); two redrafts on 2/10 and 2/17 leave it there.
    doc = given(drafted(date(2025, 1, 20)), proactive(date(2025, 1, 20)), revised(date(2025, 2, 10)))
    doc = then(doc, revised(date(2025, 2, 17)))
    [deadline] = deadlines_of(doc)
    assert (deadline.rule, deadline.due) == ("R-DOC-TIMELY", date(2025, 2, 21))
    assert deadline.derivation.startswith("Signed and issued on 2025-01-20")


def test_a_redraft_after_publication_and_withdrawal_is_a_change_that_starts_its_own_period() -> None:
    # Out 4/3, withdrawn 4/10, corrected Fri 4/25: due Tue 5/27 as any change (see above).
    doc = published(cleared(date(2025, 4, 1)), date(2025, 4, 3))
    doc = then(doc, withdrawn(date(2025, 4, 10)), revised(date(2025, 4, 25), correction=True))
    assert due_dates(doc) == [("publication", "R-DOC-TIMELY", date(2025, 5, 27))]


def test_a_provisional_deadline_says_what_it_assumed() -> None:
    # 2026 is loaded, 2027 is not: formed Mon 2026-12-21, the period runs into 2027 and counts its weekdays.
    doc = given(drafted(date(2026, 12, 21)), proactive(date(2026, 12, 21)))
    [deadline] = deadlines_of(doc)
    assert deadline.provisional
    assert "no holiday table is loaded for 2027: 2027-01-01 to" in deadline.derivation


# R-DOC-DUAL: 确认违法, and the reason published in the withdrawn penalty's place ------------------------------------


@pytest.mark.parametrize("change", list(PenaltyChange))
def test_a_penalty_changed_revoked_found_unlawful_or_void_is_withdrawn_within_3_working_days(
    change: PenaltyChange,
) -> None:
    doc = published(cleared(date(2025, 9, 22), DocumentKind.PENALTY_DECISION), date(2025, 9, 23), "penalties")
    doc = then(doc, at(date(2025, 9, 26), revoked(date(2025, 9, 26), change), by=PUBLISHER))
    # Fri 9/26: Sun 9/28 = 1, 9/29 = 2, 9/30 = 3.
    assert due_dates(doc) == [("withdrawal", "R-DOC-DUAL", date(2025, 9, 30))]


def test_withdrawing_a_changed_penalty_publishes_the_reason_in_its_place() -> None:
    doc = published(cleared(date(2025, 9, 22), DocumentKind.PENALTY_DECISION), date(2025, 9, 23), "penalties")
    doc = then(doc, at(date(2025, 9, 26), revoked(date(2025, 9, 26), PenaltyChange.FOUND_UNLAWFUL), by=PUBLISHER))
    reason = "该处罚决定经区人民法院判决确认违法，现予撤回"
    event = only_event(doc, withdrawn(date(2025, 9, 29), reason))
    assert isinstance(event, ev.Withdrawn) and event.reason_published
    assert then(doc, withdrawn(date(2025, 9, 29), reason)).withdrawal_notice == reason


def test_withdrawing_any_other_document_keeps_its_reason_internal() -> None:
    doc = published(cleared(date(2025, 4, 1)), date(2025, 4, 3))
    event = only_event(doc, withdrawn(date(2025, 4, 10)))
    assert isinstance(event, ev.Withdrawn) and not event.reason_published
    assert then(doc, withdrawn(date(2025, 4, 10))).withdrawal_notice is None


def test_a_withdrawal_dated_before_the_publication_is_refused_under_its_rule() -> None:
    doc = published(cleared(date(2025, 4, 1)), date(2025, 4, 3))
    error = refusal(doc, withdrawn(date(2025, 4, 2)))
    assert (error.code, error.field) == ("R-DOC-WITHDRAW", "withdrawn_on")


def test_redrafting_a_change_to_published_information_never_moves_its_deadline() -> None:
    # Out 4/3; changed Fri 4/25 (due Tue 5/27, see above); redrafted on 5/20 and 6/3: still due 5/27, and overdue after.
    doc = published(cleared(date(2025, 4, 1)), date(2025, 4, 3))
    doc = then(doc, revised(date(2025, 4, 25)), revised(date(2025, 5, 20)), revised(date(2025, 6, 3)))
    [deadline] = deadlines_of(doc)
    assert (deadline.rule, deadline.due) == ("R-DOC-TIMELY", date(2025, 5, 27))
    assert deadline.derivation.startswith("Changed after publication (revision 2) on 2025-04-25")
    assert deadline.overdue(date(2025, 6, 3))


def test_a_draft_registered_before_it_was_signed_takes_its_issue_date_later() -> None:
    # Registered as a draft on Mon 1/20; signed and issued on Fri 2/7: 2/8 (Sat, worked) = 1, 2/10–2/14 = 2–6,
    # 2/17–2/21 = 7–11, 2/24–2/28 = 12–16, 3/3–3/6 = 17–20.
    doc = given(drafted(date(2025, 1, 20)), proactive(date(2025, 1, 20)))
    doc = then(doc, at(date(2025, 2, 10), cmd.RecordIssue(issued_on=date(2025, 2, 7))))
    [deadline] = deadlines_of(doc)
    assert (deadline.rule, deadline.due) == ("R-DOC-TIMELY", date(2025, 3, 6))
    assert deadline.derivation.startswith("Signed and issued on 2025-02-07")


def test_an_issue_date_is_not_in_the_future_and_stands_once_the_document_went_out() -> None:
    doc = given(drafted(date(2025, 1, 20)), proactive(date(2025, 1, 20)))
    assert refusal(doc, at(date(2025, 2, 10), cmd.RecordIssue(issued_on=date(2025, 2, 11)))).field == "issued_on"
    out = published(cleared(date(2025, 4, 1)), date(2025, 4, 3))
    assert refusal(out, at(date(2025, 4, 10), cmd.RecordIssue(issued_on=date(2025, 4, 2)))).code == "R-DOC-TIMELY"


def test_a_document_does_not_go_out_before_it_was_signed_and_issued() -> None:
    doc = given(drafted(date(2025, 3, 3)), proactive(date(2025, 3, 3)), *both_reviews(date(2025, 3, 3)))
    doc = then(doc, at(date(2025, 3, 6), cmd.RecordIssue(issued_on=date(2025, 3, 5))))
    error = publish_refusal(doc, date(2025, 3, 4))
    assert (error.code, error.field) == ("R-DOC-REVIEW", "published_on")
