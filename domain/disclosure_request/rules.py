"""The configurable numbers of the disclosure-request rules, with their statutory defaults."""

from __future__ import annotations

import attrs


@attrs.frozen
class RequestRules:
    """An organ's settings for R-REQ-*; each default is the number the law gives."""

    reply_working_days: int = 20
    """R-REQ-REPLY (Art. 33)"""
    correction_notice_working_days: int = 7
    """R-REQ-CORRECT (Art. 30)"""
    max_extension_working_days: int = 20
    """R-REQ-EXTEND (Art. 33)"""
    consultation_answer_working_days: int = 15
    """R-REQ-THIRDPARTY / R-REQ-ORGANS (Art. 32, 34)"""
    fee_payment_working_days: int = 20
    """R-REQ-FEE (Art. 42)"""
