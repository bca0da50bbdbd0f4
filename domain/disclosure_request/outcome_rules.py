"""Which outcomes a reply may take, with the particulars each needs (R-REQ-OUTCOME)."""

from __future__ import annotations

from domain.disclosure_request.state import DisclosureRequest
from domain.disclosure_request.values import (
    EXCESSIVE,
    FEE_NOT_PAID,
    GROUNDS,
    NO_CORRECTION_IN_TIME,
    NOT_HELD,
    OTHER_GROUND,
    STILL_UNCLEAR_AFTER_CORRECTION,
    Outcome,
    OutcomeCategory,
)
from domain.errors import RuleViolation

CODE = "R-REQ-OUTCOME"


def _refuse(message: str, field: str, code: str = CODE) -> RuleViolation:
    return RuleViolation(message, code=code, field=f"outcome.{field}")


def check_outcome(outcome: Outcome, state: DisclosureRequest) -> None:
    """Refuse an outcome the law does not enumerate, or one missing the particulars it needs."""
    _check_ground(outcome)
    _check_particulars(outcome)
    _check_history(outcome, state)


def _check_ground(outcome: Outcome) -> None:
    grounds = GROUNDS.get(outcome.category)
    if grounds is None:
        if outcome.ground is not None:
            raise _refuse(f"a “{outcome.category}” reply takes no ground", "ground")
        return
    if outcome.ground not in grounds:
        allowed = ", ".join(str(g) for g in grounds)
        raise _refuse(f"a “{outcome.category}” reply needs one ground of {allowed}", "ground")
    if outcome.category is OutcomeCategory.OTHER and outcome.ground in (NO_CORRECTION_IN_TIME, FEE_NOT_PAID):
        raise _refuse(
            "no correction or no fee in time closes the case by 'declare abandoned', not by a reply", "ground"
        )


def _check_particulars(outcome: Outcome) -> None:
    category = outcome.category
    partial = category is OutcomeCategory.PARTIALLY_DISCLOSED
    if partial and not (outcome.withheld or "").strip():
        raise _refuse("a partial disclosure states what is withheld and why (Art. 37)", "withheld")
    if partial and not outcome.withheld_grounds:
        raise _refuse("a partial disclosure names the grounds of what is withheld", "withheld_grounds")
    bad = [g for g in outcome.withheld_grounds if g not in GROUNDS[OutcomeCategory.NOT_DISCLOSED]]
    if bad:
        raise _refuse(f"withheld grounds are the non-disclosure grounds 1–8, not {bad}", "withheld_grounds")
    if not partial and (outcome.withheld or outcome.withheld_grounds):
        raise _refuse("only a partial disclosure withholds parts", "withheld")
    if outcome.already_public_at and category is not OutcomeCategory.DISCLOSED:
        raise _refuse("'already public at' belongs to a disclosure", "already_public_at")
    not_held = category is OutcomeCategory.CANNOT_PROVIDE and outcome.ground == NOT_HELD
    if outcome.responsible_organ and not not_held:
        raise _refuse("a responsible organ is named only when the information is not held", "responsible_organ")
    other = category is OutcomeCategory.OTHER and outcome.ground == OTHER_GROUND
    if other and not (outcome.description or "").strip():
        raise _refuse("the ground 'other' needs a description", "description")
    if outcome.description and not other:
        raise _refuse("a description belongs to the ground 'other'", "description")


def _check_history(outcome: Outcome, state: DisclosureRequest) -> None:
    if (
        outcome.category is OutcomeCategory.CANNOT_PROVIDE
        and outcome.ground == STILL_UNCLEAR_AFTER_CORRECTION
        and state.corrected_on is None
    ):
        raise _refuse("'still unclear after correction' needs a correction received first", "ground")
    if (
        outcome.category is OutcomeCategory.NOT_PROCESSED
        and outcome.ground == EXCESSIVE
        and not state.reasons_requested
    ):
        raise _refuse(
            "an excessive application is refused only after the applicant was asked for reasons",
            "ground",
            code="R-REQ-EXCESS",
        )
