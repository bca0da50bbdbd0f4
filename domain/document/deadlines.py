"""Publication and withdrawal deadlines of a document, derived at read time (R-COUNT-4)."""

from __future__ import annotations

from datetime import date

import attrs

from domain.calendar import WorkingCalendar
from domain.document.rules import DocumentRules
from domain.document.state import Document
from domain.document.values import DisclosureAttribute, DocumentKind


@attrs.frozen
class Deadline:
    """A date by which something must happen, the rule that sets it, and how it was derived."""

    what: str
    """'publication' or 'withdrawal'."""
    rule: str
    due: date
    provisional: bool
    derivation: str

    def overdue(self, today: date) -> bool:
        """Past its due date and not met."""
        return today > self.due


def deadlines(state: Document, calendar: WorkingCalendar, rules: DocumentRules) -> tuple[Deadline, ...]:
    """The deadlines not yet met: publishing the current revision, withdrawing a changed penalty."""
    found: list[Deadline] = []
    publication = _publication_deadline(state, calendar, rules)
    if publication is not None:
        found.append(publication)
    change = state.penalty_change
    if change is not None and state.is_published:
        days = rules.penalty_withdrawal_working_days
        due = calendar.add_working_days(change.changed_on, days)
        text = f"Penalty decision {change.change} on {change.changed_on}: withdraw within {days} working days, "
        text += "publishing the reason in its place" + _assumed(due.assumption)
        found.append(Deadline("withdrawal", "R-DOC-DUAL", due.due, due.provisional, text))
    return tuple(found)


def _publication_deadline(state: Document, calendar: WorkingCalendar, rules: DocumentRules) -> Deadline | None:
    waiting = (
        state.attribute is DisclosureAttribute.PROACTIVE
        and not state.current_revision_is_out
        and state.penalty_change is None
        and not state.current_revision_withdrawn
    )
    if not waiting:
        return None
    days = rules.timely_working_days
    last_out = state.publication.revision if state.publication else state.withdrawn_revision
    if last_out is None or state.first_published_revision is None:
        # Drafts before the first publication are not changes to published information: redrafting never moves it.
        base, what = state.formed_on, "Signed and issued"
    else:
        # Changed since it was last out: from the first revision after it, however often it is redrafted since.
        change = state.revisions[last_out]
        base, what = change.changed_on, f"Changed after publication (revision {change.number})"
    due = calendar.add_working_days(base, days)
    text = f"{what} on {base}: out within {days} working days" + _assumed(due.assumption)
    deadline = Deadline("publication", "R-DOC-TIMELY", due.due, due.provisional, text)
    if state.kind.is_dual_publication and state.first_published_on is None:
        days = rules.dual_publication_working_days
        dual = calendar.add_working_days(state.formed_on, days)
        if dual.due <= deadline.due:
            text = f"{_DECISION[state.kind]} of {state.formed_on}: published within {days} working days"
            text += _assumed(dual.assumption)
            deadline = Deadline("publication", "R-DOC-DUAL", dual.due, dual.provisional, text)
    return deadline


_DECISION = {
    DocumentKind.LICENSING_DECISION: "Licensing decision",
    DocumentKind.PENALTY_DECISION: "Penalty decision",
}


def _assumed(assumption: str | None) -> str:
    """The end of a derivation: what a provisional due date assumed (R-COUNT-3)."""
    return f" (provisional: {assumption})." if assumption else "."
