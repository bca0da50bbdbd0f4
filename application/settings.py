"""An organ's settings for the configurable rules, with the statutory defaults."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import attrs

from domain.consultation.rules import ConsultationRules
from domain.disclosure_request.rules import RequestRules
from domain.document.rules import DocumentRules
from domain.policy_enquiry.rules import EnquiryRules


@attrs.frozen
class Settings:
    """Rules per organ; organs not listed use the defaults."""

    default_request_rules: RequestRules = attrs.field(factory=RequestRules)
    request_rules_by_organ: Mapping[str, RequestRules] = attrs.field(factory=dict)
    default_document_rules: DocumentRules = attrs.field(factory=DocumentRules)
    document_rules_by_organ: Mapping[str, DocumentRules] = attrs.field(factory=dict)
    default_enquiry_rules: EnquiryRules = attrs.field(factory=EnquiryRules)
    enquiry_rules_by_organ: Mapping[str, EnquiryRules] = attrs.field(factory=dict)
    default_consultation_rules: ConsultationRules = attrs.field(factory=ConsultationRules)
    consultation_rules_by_organ: Mapping[str, ConsultationRules] = attrs.field(factory=dict)
    calendar_refresh_seconds: float = 30.0
    """How long one process trusts its cached holiday tables before rereading them (other processes may load)."""
    token_days: int = 180
    """How long a staff bearer token admits its holder, in days from its issue (GONGKAI_TOKEN_DAYS)."""

    def digest(self) -> str:
        """What identifies the rule numbers due dates are derived under: rows derived under others are rebuilt."""
        rules = (
            self.default_request_rules,
            sorted(self.request_rules_by_organ.items()),
            self.default_document_rules,
            sorted(self.document_rules_by_organ.items()),
        )
        return hashlib.sha256(repr(rules).encode()).hexdigest()[:16]

    def request_rules(self, organ: str) -> RequestRules:
        """The disclosure-request rules in force for an organ."""
        return self.request_rules_by_organ.get(organ, self.default_request_rules)

    def document_rules(self, organ: str) -> DocumentRules:
        """The document rules in force for an organ."""
        return self.document_rules_by_organ.get(organ, self.default_document_rules)

    def consultation_rules(self, organ: str) -> ConsultationRules:
        """The consultation rules in force for an organ."""
        return self.consultation_rules_by_organ.get(organ, self.default_consultation_rules)

    def enquiry_rules(self, organ: str) -> EnquiryRules:
        """The policy-enquiry rules in force for an organ."""
        return self.enquiry_rules_by_organ.get(organ, self.default_enquiry_rules)
