"""The numbers of the document rules, with the statutory defaults."""

from __future__ import annotations

import attrs


@attrs.frozen
class DocumentRules:
    """An organ's settings for R-DOC-*."""

    timely_working_days: int = 20
    """R-DOC-TIMELY (Art. 26): proactive information out within 20 wd of being formed or changed (configurable)."""
    dual_publication_working_days: int = 7
    """R-DOC-DUAL: licensing and penalty decisions out within 7 wd of the decision."""
    penalty_withdrawal_working_days: int = 3
    """R-DOC-DUAL (行政处罚法 Art. 48): a changed, revoked or void penalty withdrawn within 3 wd."""
