"""The numbers of the policy-enquiry rules, with the work plan's defaults."""

from __future__ import annotations

import attrs


@attrs.frozen
class EnquiryRules:
    """An organ's settings for R-ENQ-*."""

    enquiry_reply_working_days: int = 5
    """R-ENQ-REPLY (work plan §3.4): the final reply within 5 working days of receipt (configurable)."""
