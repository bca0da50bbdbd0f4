"""R-DOC-ATTR, R-DOC-SECRET, R-DOC-REVIEW, R-DOC-SOD and R-DOC-LINK: what must hold before a document is out.

A notice of the employment-promotion section is formed and registered on Mon 2025-03-03 and published
on Mon 2025-03-10 in the column 工作动态.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.actors import Role
from domain.document import commands as cmd
from domain.document import events as ev
from domain.document.decisions import publish
from domain.document.values import DisclosureAttribute, DocumentKind, ServiceLink
from domain.errors import InvalidValue, NotPermitted, RuleViolation
from tests.domain.documents.builders import (
    APPROVER,
    CATALOGUE,
    DRAFTER,
    PUBLISHER,
    SECOND_DRAFTER,
    SECRECY,
    approved,
    as_role,
    at,
    attached,
    both_reviews,
    cleared,
    context,
    drafted,
    given,
    interpretation_of,
    only_event,
    proactive,
    publication,
    publish_refusal,
    published,
    publishing,
    refusal,
    registration,
    revised,
    secrecy_passed,
    then,
)

FORMED = date(2025, 3, 3)
OUT = date(2025, 3, 10)


def failed_secrecy(revision: int = 1) -> cmd.ReviewConfidentiality:
    """A confidentiality review that finds personal information in the text."""
    return cmd.ReviewConfidentiality(revision=revision, passed=False, findings="附件含个人身份证号码")


def refused_approval(revision: int = 1) -> cmd.ReviewDisclosure:
    """A disclosure review that does not approve the revision."""
    return cmd.ReviewDisclosure(revision=revision, approved=False, opinion="表述不准确，退回修改")


# R-DOC-ATTR --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("attribute", [DisclosureAttribute.WITHHELD, DisclosureAttribute.ON_REQUEST])
@pytest.mark.parametrize("ground", [None, "", "   "])
def test_withheld_or_on_request_needs_a_legal_ground(attribute: DisclosureAttribute, ground: str | None) -> None:
    doc = given(drafted(FORMED))
    error = refusal(doc, at(FORMED, cmd.SetAttribute(attribute=attribute, legal_ground=ground)))
    assert isinstance(error, RuleViolation)
    assert (error.code, error.field) == ("R-DOC-ATTR", "legal_ground")


def test_a_withheld_document_records_its_legal_ground() -> None:
    ground = "《政府信息公开条例》第十六条：内部事务信息"
    command = cmd.SetAttribute(attribute=DisclosureAttribute.WITHHELD, legal_ground=f"  {ground} ")
    event = only_event(given(drafted(FORMED)), at(FORMED, command))
    assert isinstance(event, ev.AttributeSet)
    assert (event.attribute, event.legal_ground) == (DisclosureAttribute.WITHHELD, ground)


def test_a_proactive_document_needs_no_legal_ground() -> None:
    doc = given(drafted(FORMED), proactive(FORMED))
    assert (doc.attribute, doc.legal_ground) == (DisclosureAttribute.PROACTIVE, None)


@pytest.mark.parametrize("attribute", [DisclosureAttribute.WITHHELD, DisclosureAttribute.ON_REQUEST])
def test_only_a_proactive_document_is_published(attribute: DisclosureAttribute) -> None:
    set_at_source = at(FORMED, cmd.SetAttribute(attribute=attribute, legal_ground="条例第十四条"))
    doc = given(drafted(FORMED), set_at_source, *both_reviews(FORMED))
    assert doc.current.cleared
    assert publish_refusal(doc, OUT).code == "R-DOC-ATTR"


def test_a_document_without_an_attribute_is_neither_approved_nor_published() -> None:
    doc = given(drafted(FORMED), secrecy_passed(FORMED))
    assert refusal(doc, approved(FORMED)).code == "R-DOC-ATTR"
    assert publish_refusal(doc, OUT).code == "R-DOC-ATTR"


def test_the_attribute_of_a_published_document_is_not_changed() -> None:
    doc = published(cleared(FORMED), OUT)
    command = cmd.SetAttribute(attribute=DisclosureAttribute.WITHHELD, legal_ground="条例第十四条")
    assert refusal(doc, at(OUT, command)).code == "R-DOC-ATTR"
    assert refusal(doc, at(OUT, cmd.SetAttribute(attribute=DisclosureAttribute.PROACTIVE))).code == "R-DOC-ATTR"


# R-DOC-SECRET ------------------------------------------------------------------------------------------------


def test_no_publication_without_a_confidentiality_review() -> None:
    doc = given(drafted(FORMED), proactive(FORMED))
    assert publish_refusal(doc, OUT).code == "R-DOC-SECRET"


def test_no_publication_after_a_failed_confidentiality_review() -> None:
    doc = given(drafted(FORMED), proactive(FORMED), at(FORMED, failed_secrecy(), SECRECY))
    assert publish_refusal(doc, OUT).code == "R-DOC-SECRET"


def test_disclosure_approval_needs_a_passed_confidentiality_review() -> None:
    unreviewed = given(drafted(FORMED), proactive(FORMED))
    failed = then(unreviewed, at(FORMED, failed_secrecy(), SECRECY))
    assert refusal(unreviewed, approved(FORMED)).code == "R-DOC-SECRET"
    assert refusal(failed, approved(FORMED)).code == "R-DOC-SECRET"


def test_a_failed_confidentiality_review_states_its_findings() -> None:
    doc = given(drafted(FORMED), proactive(FORMED))
    silent = cmd.ReviewConfidentiality(revision=1, passed=False, findings=" ")
    error = refusal(doc, at(FORMED, silent, SECRECY))
    assert (error.code, error.field) == ("R-VALUE", "findings")


def test_a_revision_has_one_confidentiality_review() -> None:
    doc = given(drafted(FORMED), proactive(FORMED), at(FORMED, failed_secrecy(), SECRECY))
    assert refusal(doc, secrecy_passed(FORMED)).code == "R-DOC-SECRET"


def test_a_confidentiality_review_does_not_carry_over_to_a_new_revision() -> None:
    doc = given(drafted(FORMED), proactive(FORMED), secrecy_passed(FORMED), revised(date(2025, 3, 5)))
    assert doc.current.confidentiality is None
    assert refusal(doc, approved(OUT, revision=2)).code == "R-DOC-SECRET"
    assert publish_refusal(doc, OUT).code == "R-DOC-SECRET"


# R-DOC-REVIEW ------------------------------------------------------------------------------------------------


def test_no_publication_without_an_approving_disclosure_review() -> None:
    doc = given(drafted(FORMED), proactive(FORMED), secrecy_passed(FORMED))
    assert publish_refusal(doc, OUT).code == "R-DOC-REVIEW"
    not_approved = then(doc, at(FORMED, refused_approval(), APPROVER))
    assert publish_refusal(not_approved, OUT).code == "R-DOC-REVIEW"


def test_a_revision_has_one_disclosure_review() -> None:
    doc = cleared(FORMED)
    assert refusal(doc, at(FORMED, refused_approval(), APPROVER)).code == "R-DOC-REVIEW"


@pytest.mark.parametrize("revision", [0, 1, 3])
def test_only_the_current_revision_is_reviewed(revision: int) -> None:
    doc = given(drafted(FORMED), proactive(FORMED), revised(date(2025, 3, 5)))
    for step in (secrecy_passed(OUT, revision), approved(OUT, revision)):
        error = refusal(doc, step)
        assert (error.code, error.field) == ("R-DOC-REVIEW", "revision")


def test_a_review_names_the_revision_it_is_of() -> None:
    doc = given(drafted(FORMED), proactive(FORMED), revised(date(2025, 3, 5)))
    event = only_event(doc, secrecy_passed(OUT, revision=2))
    assert isinstance(event, ev.ConfidentialityReviewed) and event.revision == 2


def test_revising_after_approval_needs_both_reviews_of_the_new_revision() -> None:
    doc = then(cleared(FORMED), revised(date(2025, 3, 6)))
    assert not doc.current.cleared and doc.revisions[0].cleared
    assert publish_refusal(doc, OUT).code == "R-DOC-SECRET"
    doc = then(doc, secrecy_passed(OUT, revision=2))
    assert publish_refusal(doc, OUT).code == "R-DOC-REVIEW"
    doc = then(doc, approved(OUT, revision=2))
    [event] = publication(doc, OUT)
    assert isinstance(event, ev.Published) and event.revision == 2


def test_a_published_revision_is_not_reviewed_again() -> None:
    doc = published(cleared(FORMED), OUT)
    assert refusal(doc, approved(OUT)).code == "R-DOC-REVIEW"
    assert refusal(doc, secrecy_passed(OUT)).code == "R-DOC-SECRET"


def test_a_published_revision_is_not_published_again() -> None:
    doc = published(cleared(FORMED), OUT)
    assert publish_refusal(doc, OUT).code == "R-STEP"


def test_a_review_never_carries_over_to_another_document() -> None:
    reviewed = cleared(FORMED)
    other = given(drafted(FORMED), proactive(FORMED))
    assert reviewed.current.cleared and not other.current.cleared
    assert publish_refusal(other, OUT).code == "R-DOC-SECRET"


def test_publication_is_dated_no_earlier_than_the_revision_and_not_in_the_future() -> None:
    doc = cleared(FORMED)
    assert publish_refusal(doc, date(2025, 3, 2)).field == "published_on"
    tomorrow = publishing(date(2025, 3, 11))
    with pytest.raises(InvalidValue) as caught:
        publish(doc, tomorrow, CATALOGUE, {}, context(OUT, PUBLISHER))
    assert caught.value.field == "published_on"


# R-DOC-SOD ---------------------------------------------------------------------------------------------------


def test_the_drafter_may_not_review_their_own_revision() -> None:
    doc = given(drafted(FORMED), proactive(FORMED))
    same_person = as_role(DRAFTER, Role.CONFIDENTIALITY_REVIEWER)
    error = refusal(doc, secrecy_passed(FORMED, by=same_person))
    assert isinstance(error, NotPermitted) and error.code == "R-DOC-SOD"


def test_the_drafter_may_not_approve_their_own_revision() -> None:
    doc = given(drafted(FORMED), proactive(FORMED), secrecy_passed(FORMED))
    same_person = as_role(DRAFTER, Role.DISCLOSURE_REVIEWER)
    error = refusal(doc, approved(FORMED, by=same_person))
    assert isinstance(error, NotPermitted) and error.code == "R-DOC-SOD"


def test_another_drafter_of_a_later_revision_changes_who_is_excluded() -> None:
    doc = given(drafted(FORMED), proactive(FORMED), revised(date(2025, 3, 5), by=SECOND_DRAFTER))
    assert doc.current.drafter_id == SECOND_DRAFTER.person_id
    second_reviews = as_role(SECOND_DRAFTER, Role.CONFIDENTIALITY_REVIEWER)
    assert refusal(doc, secrecy_passed(OUT, 2, by=second_reviews)).code == "R-DOC-SOD"
    first_reviews = as_role(DRAFTER, Role.CONFIDENTIALITY_REVIEWER)
    first_approves = as_role(DRAFTER, Role.DISCLOSURE_REVIEWER)
    doc = then(doc, secrecy_passed(OUT, 2, by=first_reviews), approved(OUT, 2, by=first_approves))
    assert doc.current.cleared
    [event] = publication(doc, OUT)
    assert isinstance(event, ev.Published) and event.revision == 2


def test_reviews_are_recorded_by_person_and_role() -> None:
    doc = cleared(FORMED)
    assert doc.current.confidentiality is not None and doc.current.disclosure is not None
    assert doc.current.confidentiality.reviewer == SECRECY
    assert doc.current.disclosure.reviewer == APPROVER


# R-DOC-LINK --------------------------------------------------------------------------------------------------

SERVICE = ServiceLink(title="就业困难人员认定申请", url="https://zwdt.sh.gov.cn/govPortals/item/12345")


def normative_with_service_items() -> cmd.RegisterDocument:
    """A normative document whose text names 一网通办 service items."""
    return registration(FORMED, DocumentKind.NORMATIVE, has_service_items=True)


def test_a_normative_document_with_service_items_is_not_published_without_their_links() -> None:
    doc = given(at(FORMED, normative_with_service_items()), proactive(FORMED), *both_reviews(FORMED))
    assert publish_refusal(doc, OUT, "policies").code == "R-DOC-LINK"


def test_the_links_are_set_as_an_event() -> None:
    doc = given(at(FORMED, normative_with_service_items()))
    event = only_event(doc, at(FORMED, cmd.SetServiceLinks(links=(SERVICE,))))
    assert isinstance(event, ev.ServiceLinksSet) and event.links == (SERVICE,)
    assert then(doc, at(FORMED, cmd.SetServiceLinks(links=(SERVICE,)))).service_links == (SERVICE,)


@pytest.mark.parametrize("url", ["zwdt.sh.gov.cn/item/1", "ftp://zwdt.sh.gov.cn/item/1", "javascript:alert(1)"])
def test_a_service_link_is_an_http_url(url: str) -> None:
    doc = given(at(FORMED, normative_with_service_items()))
    bad = ServiceLink(title="就业困难人员认定申请", url=url)
    error = refusal(doc, at(FORMED, cmd.SetServiceLinks(links=(SERVICE, bad))))
    assert (error.code, error.field) == ("R-VALUE", "links[1].url")


def test_at_least_one_link_is_given() -> None:
    doc = given(at(FORMED, normative_with_service_items()))
    assert refusal(doc, at(FORMED, cmd.SetServiceLinks(links=()))).field == "links"


def test_only_a_document_with_service_items_takes_links() -> None:
    doc = given(drafted(FORMED, DocumentKind.NORMATIVE))
    assert refusal(doc, at(FORMED, cmd.SetServiceLinks(links=(SERVICE,)))).code == "R-DOC-LINK"


def test_service_items_belong_to_normative_documents() -> None:
    command = registration(FORMED, DocumentKind.POLICY, has_service_items=True)
    assert refusal(None, at(FORMED, command)).field == "has_service_items"


def test_a_normative_document_without_service_items_needs_no_links() -> None:
    doc = given(drafted(FORMED, DocumentKind.NORMATIVE), proactive(FORMED), *both_reviews(FORMED))
    assert publish_refusal(doc, OUT, "policies").code == "R-DOC-INTERPRET"


def test_a_normative_document_with_its_links_and_interpretation_is_published() -> None:
    doc = given(
        at(FORMED, normative_with_service_items()),
        proactive(FORMED),
        at(FORMED, cmd.SetServiceLinks(links=(SERVICE,))),
        *both_reviews(FORMED),
    )
    interpretation = given(interpretation_of(doc, FORMED), proactive(FORMED), *both_reviews(FORMED))
    doc = attached(doc, interpretation, FORMED)
    events = publication(doc, OUT, "policies", related=[interpretation], interpretation_column_id="interpretations")
    assert [e.originator_id for e in events] == [doc.id, interpretation.id]


def test_the_attribute_of_a_reviewed_revision_is_changed_only_by_a_new_revision() -> None:
    doc = cleared(date(2025, 3, 3))
    change = cmd.SetAttribute(attribute=DisclosureAttribute.WITHHELD, legal_ground="条例第十四条")
    assert refusal(doc, at(date(2025, 3, 4), change)).code == "R-DOC-ATTR"
    doc = then(doc, revised(date(2025, 3, 4)))
    assert then(doc, at(date(2025, 3, 4), change)).attribute is DisclosureAttribute.WITHHELD


# Each review carries its day and findings; publication comes after both ------------------------------------


def test_a_review_entered_later_carries_the_day_it_was_made_and_its_findings() -> None:
    doc = given(drafted(date(2025, 3, 3)), proactive(date(2025, 3, 3)))
    review = cmd.ReviewConfidentiality(revision=1, passed=True, findings="不涉密", reviewed_on=date(2025, 3, 4))
    doc = then(doc, at(date(2025, 3, 6), review, SECRECY))
    assert doc.current.confidentiality is not None
    assert (doc.current.confidentiality.reviewed_on, doc.current.confidentiality.findings) == (
        date(2025, 3, 4),
        "不涉密",
    )


def test_a_review_is_not_dated_before_its_revision_nor_the_approval_before_the_confidentiality_review() -> None:
    doc = given(drafted(date(2025, 3, 3)), proactive(date(2025, 3, 3)))
    early = cmd.ReviewConfidentiality(revision=1, passed=True, reviewed_on=date(2025, 3, 2))
    error = refusal(doc, at(date(2025, 3, 6), early, SECRECY))
    assert (error.code, error.field) == ("R-DOC-SECRET", "reviewed_on")
    doc = then(doc, at(date(2025, 3, 5), cmd.ReviewConfidentiality(revision=1, passed=True), SECRECY))
    before = cmd.ReviewDisclosure(revision=1, approved=True, reviewed_on=date(2025, 3, 4))
    error = refusal(doc, at(date(2025, 3, 6), before, APPROVER))
    assert (error.code, error.field) == ("R-DOC-REVIEW", "reviewed_on")


def test_a_publication_is_not_dated_before_the_approval_it_rests_on() -> None:
    # 先审查、后公开: approved on 3/5, so not out on 3/4 even when entered on 3/6.
    doc = given(drafted(date(2025, 3, 3)), proactive(date(2025, 3, 3)), secrecy_passed(date(2025, 3, 4)))
    doc = then(doc, approved(date(2025, 3, 5)))
    error = publish_refusal(doc, date(2025, 3, 4))
    assert (error.code, error.field) == ("R-DOC-REVIEW", "published_on")
