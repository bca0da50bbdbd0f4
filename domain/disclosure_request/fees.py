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


def fee(scale: FeeScale, quantity: int) -> Decimal:
    """The fee on one scale for a quantity of items or pages."""
    return per_item_fee(quantity) if scale is FeeScale.PER_ITEM else per_volume_fee(quantity)


def scale_allows(scale: FeeScale, form: DeliveryForm) -> bool:
    """The per-volume scale applies only to paper or copied data."""
    return scale is FeeScale.PER_ITEM or form in (DeliveryForm.PAPER, DeliveryForm.COPIED_DATA)
