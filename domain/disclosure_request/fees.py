"""信息处理费: the two fee scales of 国办函〔2020〕109号 (R-REQ-FEE)."""

from __future__ import annotations

from decimal import Decimal

from domain.disclosure_request.values import DeliveryForm, FeeScale

_PAGE_BANDS: tuple[tuple[int, int], ...] = ((30, 0), (100, 10), (200, 20))
_PAGE_RATE_BEYOND = 40
_FREE_ITEMS = 10
_FIRST_PAID_BAND_END = 30
_FIRST_PAID_RATE = 100
_BAND_SIZE = 10


def per_item_fee(items: int) -> Decimal:
    """按件: the applicant's items this calendar month; 1–10 free, 11–30 ¥100 each, then +¥100 per band of 10."""
    total = _FIRST_PAID_RATE * max(0, min(items, _FIRST_PAID_BAND_END) - _FREE_ITEMS)
    beyond = max(0, items - _FIRST_PAID_BAND_END)
    full_bands, rest = divmod(beyond, _BAND_SIZE)
    # Band k (k = 1, 2, …) above 30 items charges ¥100 × (k + 1) for each of its 10 items.
    total += _BAND_SIZE * _FIRST_PAID_RATE * (full_bands * (full_bands + 1) // 2 + full_bands)
    total += rest * _FIRST_PAID_RATE * (full_bands + 2)
    return Decimal(total)


def per_volume_fee(pages: int) -> Decimal:
    """按量: ≤30 pages free, 31–100 ¥10/page, 101–200 ¥20/page, 201+ ¥40/page, each rate on its band."""
    total, lower = 0, 0
    for upper, rate in _PAGE_BANDS:
        total += max(0, min(pages, upper) - lower) * rate
        lower = upper
    total += max(0, pages - lower) * _PAGE_RATE_BEYOND
    return Decimal(total)


def fee(scale: FeeScale, quantity: int, items_before: int = 0) -> Decimal:
    """The fee on one scale for a quantity of items (after the month's earlier ones) or pages."""
    return per_item_fee_after(items_before, quantity) if scale is FeeScale.PER_ITEM else per_volume_fee(quantity)


PER_VOLUME_FORMS = (DeliveryForm.PAPER, DeliveryForm.EMAIL, DeliveryForm.COPIED_DATA)
"""The forms the per-volume scale applies to (109号 第五条: 纸质、电子邮件、复制电子数据)."""


def scale_allows(scale: FeeScale, form: DeliveryForm) -> bool:
    """The per-volume scale applies only to paper, e-mail or copied electronic data."""
    return scale is FeeScale.PER_ITEM or form in PER_VOLUME_FORMS


def per_item_fee_after(items_before: int, items: int) -> Decimal:
    """按件, cumulative: what this application's items cost after the applicant's earlier items that calendar month
    (109号 第四条: 同一申请人一个自然月内累计申请)."""
    return per_item_fee(items_before + items) - per_item_fee(items_before)
