"""R-DOC-INTERPRET: a policy goes out together with a cleared interpretation of its current revision.

The notice on graduate employment is formed on Mon 2025-03-03 with its Q&A (一问一答) and both are
published on Mon 2025-03-10: the notice in 政策文件, the Q&A in 政策解读.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

import attrs
import pytest

from domain.document import commands as cmd
from domain.document import events as ev
from domain.document.decisions import attach_interpretation, detach_interpretation, withdraw
from domain.document.state import Document
from domain.document.values import DocumentKind
from domain.errors import DomainError
from domain.events import DomainEvent
from tests.domain.documents.builders import (
    APPROVER,
    PUBLISHER,
    SECRECY,
    Step,
    at,
    attach_refusal,
    attached,
    both_reviews,
    cleared,
    context,
    drafted,
    fold,
    given,
    interpretation_of,
    proactive,
    publication,
    publish_refusal,
    refusal,
    registration,
    revised,
    secrecy_passed,
    then,
)

FORMED = date(2025, 3, 3)
OUT = date(2025, 3, 10)


def cleared_interpretation(policy: Document, day: date = FORMED) -> Document:
    """A Q&A of the policy, set proactive and through both reviews."""
    return given(interpretation_of(policy, day), proactive(day), *both_reviews(day))


def publish_together(policy: Document, *interpretations: Document, day: date = OUT) -> list[ev.Published]:
    """Publishing the policy in 政策文件 with its interpretations in 政策解读."""
    events = publication(policy, day, "policies", related=interpretations, interpretation_column_id="interpretations")
    out = [e for e in events if isinstance(e, ev.Published)]
    assert len(out) == len(events)
    return out


@pytest.mark.parametrize("kind", [DocumentKind.POLICY, DocumentKind.NORMATIVE])
def test_a_policy_is_not_published_without_an_interpretation(kind: DocumentKind) -> None:
    policy = cleared(FORMED, kind)
    assert publish_refusal(policy, OUT, "policies").code == "R-DOC-INTERPRET"


def test_a_registered_but_unattached_interpretation_does_not_count() -> None:
    policy = cleared(FORMED, DocumentKind.POLICY)
    interpretation = cleared_interpretation(policy)
    assert publish_refusal(policy, OUT, "policies", related=[interpretation]).code == "R-DOC-INTERPRET"


def test_policy_and_interpretation_are_published_in_one_list_of_events() -> None:
    policy = cleared(FORMED, DocumentKind.POLICY)
    interpretation = cleared_interpretation(policy)
    policy = attached(policy, interpretation, FORMED)
    out, companion = publish_together(policy, interpretation)
    assert (out.originator_id, out.column_id, out.column_name) == (policy.id, "policies", "政策文件")
    assert (companion.originator_id, companion.column_id) == (interpretation.id, "interpretations")
    assert out.published_with == (interpretation.id,) and companion.published_with == (policy.id,)
    assert out.timestamp == companion.timestamp and out.published_on == companion.published_on == OUT
    assert fold(interpretation, [out, companion]).is_published


def test_every_attached_interpretation_goes_out_with_the_policy() -> None:
    policy = cleared(FORMED, DocumentKind.POLICY)
    qa, graphic = cleared_interpretation(policy), cleared_interpretation(policy)
    policy = attached(attached(policy, qa, FORMED), graphic, FORMED)
    events = publish_together(policy, qa, graphic)
    assert [e.originator_id for e in events] == [policy.id, qa.id, graphic.id]
    assert events[0].published_with == (qa.id, graphic.id)


def test_without_an_interpretation_column_the_interpretation_goes_in_the_policys() -> None:
    policy = cleared(FORMED, DocumentKind.POLICY)
    interpretation = cleared_interpretation(policy)
    policy = attached(policy, interpretation, FORMED)
    events = publication(policy, OUT, "policies", related=[interpretation])
    assert {e.column_id for e in events if isinstance(e, ev.Published)} == {"policies"}


@pytest.mark.parametrize(
    "steps",
    [
        pytest.param(lambda day: [proactive(day)], id="no reviews"),
        pytest.param(lambda day: [proactive(day), secrecy_passed(day)], id="no approval"),
        pytest.param(lambda day: [secrecy_passed(day)], id="no attribute"),
        pytest.param(
            lambda day: [
                proactive(day),
                at(day, cmd.ReviewConfidentiality(revision=1, passed=False, findings="含工作秘密"), SECRECY),
            ],
            id="failed secrecy",
        ),
    ],
)
def test_an_attached_interpretation_that_is_not_cleared_blocks_the_policy(
    steps: Callable[[date], list[Step]],
) -> None:
    policy = cleared(FORMED, DocumentKind.POLICY)
    interpretation = given(interpretation_of(policy, FORMED), *steps(FORMED))
    policy = attached(policy, interpretation, FORMED)
    assert publish_refusal(policy, OUT, "policies", related=[interpretation]).code == "R-DOC-INTERPRET"


def test_one_uncleared_interpretation_blocks_the_policy_even_beside_a_cleared_one() -> None:
    policy = cleared(FORMED, DocumentKind.POLICY)
    ready, unready = cleared_interpretation(policy), given(interpretation_of(policy, FORMED))
    policy = attached(attached(policy, ready, FORMED), unready, FORMED)
    assert publish_refusal(policy, OUT, "policies", related=[ready, unready]).code == "R-DOC-INTERPRET"


def test_an_interpretation_of_an_earlier_revision_does_not_count() -> None:
    policy = given(drafted(FORMED, DocumentKind.POLICY), proactive(FORMED))
    interpretation = cleared_interpretation(policy)
    policy = attached(policy, interpretation, FORMED)
    policy = then(policy, revised(date(2025, 3, 5)), *both_reviews(date(2025, 3, 6), revision=2))
    assert policy.interpretations_of_current_revision() == ()
    assert publish_refusal(policy, OUT, "policies", related=[interpretation]).code == "R-DOC-INTERPRET"
    policy = attached(policy, interpretation, date(2025, 3, 6))
    assert [e.revision for e in publish_together(policy, interpretation)] == [2, 1]


def test_a_revised_policy_is_not_republished_beside_an_interpretation_already_out() -> None:
    """Each publication of a policy carries an interpretation published with it in the same step."""
    policy = cleared(FORMED, DocumentKind.POLICY)
    interpretation = cleared_interpretation(policy)
    policy = attached(policy, interpretation, FORMED)
    events = publish_together(policy, interpretation)
    policy, interpretation = fold(policy, events), fold(interpretation, events)
    changed = date(2025, 3, 12)
    policy = then(policy, revised(changed), *both_reviews(changed, revision=2))
    policy = attached(policy, interpretation, changed)
    refused = publish_refusal(policy, changed, "policies", related=[interpretation])
    assert refused.code == "R-DOC-INTERPRET"
    interpretation = then(interpretation, revised(changed), *both_reviews(changed, revision=2))
    out, companion = publish_together(policy, interpretation, day=changed)
    assert (out.revision, companion.revision) == (2, 2)
    assert out.published_with == (interpretation.id,)


def test_an_interpretation_alone_only_follows_a_published_policy() -> None:
    policy = cleared(FORMED, DocumentKind.POLICY)
    first = cleared_interpretation(policy)
    follow_up = cleared_interpretation(policy)
    assert publish_refusal(follow_up, OUT, "interpretations", related=[policy]).code == "R-DOC-INTERPRET"
    assert publish_refusal(follow_up, OUT, "interpretations").code == "R-DOC-INTERPRET"
    policy = attached(policy, first, FORMED)
    policy = fold(policy, publish_together(policy, first))
    alone, attachment = publication(follow_up, date(2025, 3, 11), "interpretations", related=[policy])
    assert isinstance(alone, ev.Published) and alone.published_with == ()
    # 跟踪解读: attached to the policy's revision that is out in the same step, so the policy's withdrawal finds it.
    assert isinstance(attachment, ev.InterpretationAttached)
    assert (attachment.originator_id, attachment.interpretation_id, attachment.policy_revision) == (
        policy.id,
        follow_up.id,
        1,
    )


def test_a_follow_up_published_alone_goes_down_with_its_policy() -> None:
    # Found by the document property: a follow-up out alone, never attached, outlived its withdrawn policy.
    policy = cleared(FORMED, DocumentKind.POLICY)
    first = cleared_interpretation(policy)
    policy = attached(policy, first, FORMED)
    events = publish_together(policy, first)
    policy, first = fold(policy, events), fold(first, events)
    follow_up = cleared_interpretation(policy)
    alone = publication(follow_up, date(2025, 3, 11), "interpretations", related=[policy])
    policy, follow_up = fold(policy, alone), fold(follow_up, alone)
    down = withdraw(
        policy,
        cmd.WithdrawDocument(withdrawn_on=date(2025, 3, 12), reason="政策已废止"),
        (first, follow_up),
        context(date(2025, 3, 12), PUBLISHER),
    )
    assert {e.originator_id for e in down} == {policy.id, first.id, follow_up.id}


def test_an_interpretation_of_a_withdrawn_policy_is_not_published_alone() -> None:
    policy = cleared(FORMED, DocumentKind.POLICY)
    first = cleared_interpretation(policy)
    policy = attached(policy, first, FORMED)
    policy = fold(policy, publish_together(policy, first))
    policy = then(policy, at(OUT, cmd.WithdrawDocument(withdrawn_on=OUT, reason="被新文件替代"), SECRECY))
    follow_up = cleared_interpretation(policy, OUT)
    assert publish_refusal(follow_up, OUT, "interpretations", related=[policy]).code == "R-DOC-INTERPRET"


def test_only_a_policy_or_normative_document_takes_an_interpretation() -> None:
    policy = cleared(FORMED, DocumentKind.POLICY)
    interpretation = cleared_interpretation(policy)
    work = cleared(FORMED, DocumentKind.WORK_INFORMATION)
    assert attach_refusal(work, interpretation, FORMED).code == "R-DOC-INTERPRET"


def test_only_an_interpretation_registered_for_this_policy_is_attached() -> None:
    policy, other = cleared(FORMED, DocumentKind.POLICY), cleared(FORMED, DocumentKind.POLICY)
    for wrong in (cleared_interpretation(other), cleared(FORMED, DocumentKind.WORK_INFORMATION)):
        error = attach_refusal(policy, wrong, FORMED)
        assert (error.code, error.field) == ("R-DOC-INTERPRET", "interpretation_id")


def test_an_interpretation_is_attached_to_a_revision_once() -> None:
    policy = cleared(FORMED, DocumentKind.POLICY)
    interpretation = cleared_interpretation(policy)
    policy = attached(policy, interpretation, FORMED)
    assert attach_refusal(policy, interpretation, FORMED).code == "R-DOC-INTERPRET"


def test_the_attachment_is_an_event_naming_the_current_revision() -> None:
    policy = given(drafted(FORMED, DocumentKind.POLICY), revised(date(2025, 3, 4)))
    interpretation = given(interpretation_of(policy, FORMED))
    [event] = attach_interpretation(policy, interpretation, context(date(2025, 3, 4)))
    assert isinstance(event, ev.InterpretationAttached)
    assert (event.interpretation_id, event.policy_revision) == (interpretation.id, 2)


def test_an_interpretation_names_its_policy_and_its_form() -> None:
    command = registration(FORMED, DocumentKind.INTERPRETATION, interprets=uuid.uuid4())
    for incomplete in (attrs.evolve(command, interprets=None), attrs.evolve(command, interpretation_form=None)):
        error = refusal(None, at(FORMED, incomplete))
        assert (error.code, error.field) == ("R-VALUE", "interprets")


def test_only_an_interpretation_interprets_a_policy() -> None:
    command = registration(FORMED, DocumentKind.WORK_INFORMATION)
    error = refusal(None, at(FORMED, attrs.evolve(command, interprets=uuid.uuid4())))
    assert (error.code, error.field) == ("R-VALUE", "interprets")


# ---------------------------------------------------------------- withdrawal

WITHDRAWN = date(2025, 3, 20)


def out_together() -> tuple[Document, Document, Document]:
    """The notice and its Q&A out together on OUT; a follow-up graphic drafted, cleared, attached, not yet out."""
    policy = cleared(FORMED, DocumentKind.POLICY)
    reading = cleared_interpretation(policy)
    policy = attached(policy, reading, FORMED)
    events = publish_together(policy, reading)
    policy, reading = fold(policy, events), fold(reading, events)
    follow_up = cleared_interpretation(policy, OUT)
    return attached(policy, follow_up, OUT), reading, follow_up


def taking_down(policy: Document, *attached_ones: Document, reason: str = "政策已废止") -> list[ev.Withdrawn]:
    events = withdraw(
        policy,
        cmd.WithdrawDocument(withdrawn_on=WITHDRAWN, reason=reason),
        attached_ones,
        context(WITHDRAWN, PUBLISHER),
    )
    assert all(isinstance(e, ev.Withdrawn) for e in events)
    return [e for e in events if isinstance(e, ev.Withdrawn)]


def test_a_withdrawn_policy_takes_its_interpretations_that_are_out_down_with_it() -> None:
    policy, reading, follow_up = out_together()

    events = taking_down(policy, reading, follow_up)

    assert [e.originator_id for e in events] == [policy.id, reading.id]
    assert events[0].reason == "政策已废止"
    assert events[1].reason == "withdrawn with the document it interprets: 政策已废止"
    assert {e.withdrawn_on for e in events} == {WITHDRAWN}
    assert fold(reading, events).is_published is False


def test_an_interpretation_withdrawn_alone_leaves_its_policy_out() -> None:
    policy, reading, _ = out_together()

    [alone] = taking_down(reading, reason="图解数据有误")

    assert alone.originator_id == reading.id
    assert fold(policy, [alone]).is_published


def test_a_policy_withdrawn_with_its_interpretation_goes_out_again_only_with_it_approved_anew() -> None:
    policy, reading, _ = out_together()
    events = taking_down(policy, reading)
    policy, reading = fold(policy, events), fold(reading, events)
    again = date(2025, 3, 24)

    refused = publish_refusal(policy, again, "policies", related=[reading])
    assert refused.code == "R-DOC-REVIEW"  # the policy's own approval was spent on its first publication

    policy = then(policy, at(again, cmd.ReviewDisclosure(revision=1, approved=True, opinion="同意重新公开"), APPROVER))
    assert publish_refusal(policy, again, "policies", related=[reading]).code == "R-DOC-INTERPRET"

    reading = then(
        reading, at(again, cmd.ReviewDisclosure(revision=1, approved=True, opinion="同意重新公开"), APPROVER)
    )
    out = publish_together(policy, reading, day=again)
    assert [e.originator_id for e in out] == [policy.id, reading.id]


# ---------------------------------------------------------------- detaching


def detaching(policy: Document, interpretation: Document, day: date = FORMED) -> list[DomainEvent]:
    command = cmd.DetachInterpretation(interpretation_id=interpretation.id, reason="附错了解读")
    return detach_interpretation(policy, interpretation, command, context(day))


def detach_refusal(policy: Document, interpretation: Document, day: date = FORMED) -> DomainError:
    with pytest.raises(DomainError) as caught:
        detaching(policy, interpretation, day)
    return caught.value


def test_an_interpretation_attached_in_error_is_detached_and_no_longer_goes_out_with_the_policy() -> None:
    policy = cleared(FORMED, DocumentKind.POLICY)
    right, wrong = cleared_interpretation(policy), given(interpretation_of(policy, FORMED))
    policy = attached(attached(policy, right, FORMED), wrong, FORMED)
    # Attached, the wrong one (never reviewed) holds the policy's publication up.
    assert publish_refusal(policy, OUT, "policies", related=[right, wrong]).code == "R-DOC-INTERPRET"

    [event] = detaching(policy, wrong)
    assert isinstance(event, ev.InterpretationDetached)
    assert (event.interpretation_id, event.policy_revision, event.reason) == (wrong.id, 1, "附错了解读")
    policy = fold(policy, [event])

    assert policy.interpretations_of_current_revision() == (right.id,)
    out = publish_together(policy, right)
    assert [e.originator_id for e in out] == [policy.id, right.id]


def test_only_an_interpretation_attached_to_the_current_revision_and_not_out_is_detached() -> None:
    policy, reading, follow_up = out_together()
    assert detach_refusal(policy, reading).code == "R-DOC-INTERPRET"  # out: withdrawn, not detached
    stranger = cleared_interpretation(cleared(FORMED, DocumentKind.POLICY))
    refused = detach_refusal(policy, stranger)
    assert (refused.code, refused.field) == ("R-DOC-INTERPRET", "interpretation_id")
    [event] = detaching(policy, follow_up, OUT)
    assert detach_refusal(fold(policy, [event]), follow_up).code == "R-DOC-INTERPRET"  # not attached any more


def test_a_detachment_needs_a_reason() -> None:
    policy = cleared(FORMED, DocumentKind.POLICY)
    reading = cleared_interpretation(policy)
    policy = attached(policy, reading, FORMED)
    command = cmd.DetachInterpretation(interpretation_id=reading.id, reason="  ")
    with pytest.raises(DomainError) as caught:
        detach_interpretation(policy, reading, command, context(FORMED))
    assert caught.value.field == "reason"
