"""The organ's register of applications on both stores: numbers per organ and year, unique under concurrent
receipts, and the per-item fee counting one applicant's items across applications in a month (R-REQ-FEE)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest

from adapters.bootstrap import Gongkai, build
from domain.actors import Role
from domain.disclosure_request import commands as cmd
from domain.disclosure_request.values import ApplicantType, Channel, DeliveryForm, FeeScale
from domain.personal_data import PersonalData
from tests.domain.builders import instant
from tests.support import FixedClock, credential, unique

CLERK = credential(Role.CLERK, name="王敏")


@pytest.fixture
def gongkai(database_url: str) -> Iterator[Gongkai]:
    """gongkai on each store, its clock on Wed 2025-03-05."""
    clock = FixedClock()
    clock.set_business_day(date(2025, 3, 5))
    core = build(database_url, clock=clock)
    yield core
    core.close()


def application(organ: str, arrived_on: date, id_number: str | None = None, **fields: Any) -> cmd.ReceiveRequest:
    """An application handed in at 10:00 on a day, by 陈静 unless told."""
    return cmd.ReceiveRequest(
        request_id=uuid.uuid4(),
        organ=organ,
        department="社会保险科",
        channel=Channel.IN_PERSON,
        arrived_at=instant(arrived_on),
        confirmed_on=None,
        applicant=PersonalData(name="陈静", id_number=id_number),
        applicant_type=ApplicantType.NATURAL_PERSON,
        information_requested="2024年度社会保险补贴发放情况",
        **fields,
    )


def test_numbers_run_per_organ_and_year_of_receipt(gongkai: Gongkai) -> None:
    organ, other = unique("organ"), unique("organ")
    numbers = [
        gongkai.requests.receive(application(organ, day), CLERK).state.registration_number
        for day in (date(2024, 12, 31), date(2025, 1, 2), date(2025, 1, 3))
    ]
    assert numbers == ["2024-0001", "2025-0001", "2025-0002"]
    assert gongkai.requests.receive(application(other, date(2025, 1, 3)), CLERK).state.registration_number == (
        "2025-0001"
    )


def test_clerks_registering_at_the_same_moment_get_distinct_numbers_and_none_is_refused(gongkai: Gongkai) -> None:
    organ = unique("organ")
    numbers: list[str | None] = []
    failures: list[BaseException] = []
    start = threading.Barrier(8)

    def register() -> None:
        start.wait()
        try:
            for _ in range(3):
                numbers.append(
                    gongkai.requests.receive(application(organ, date(2025, 3, 4)), CLERK).state.registration_number
                )
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=register) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(numbers) == [f"2025-{n:04d}" for n in range(1, 25)]  # type: ignore[type-var]


def test_the_per_item_fee_counts_the_same_applicants_items_over_the_month(gongkai: Gongkai) -> None:
    # 8 items on 3/3 and 4 on 3/4 by the same identity number: the second application's items are the 9th–12th.
    organ = unique("organ")
    gongkai.requests.receive(application(organ, date(2025, 3, 3), "310101199001011234", items=8), CLERK)
    second = gongkai.requests.receive(application(organ, date(2025, 3, 4), " 310101199001011234 ", items=4), CLERK)
    notice = cmd.SendFeeNotice(sent_on=date(2025, 3, 5), scale=FeeScale.PER_ITEM, form=DeliveryForm.PAPER)
    saved = gongkai.requests.execute(second.request_id, notice, CLERK)
    assert saved.state.fee_notice is not None
    assert (saved.state.fee_notice.items_before, saved.state.fee_notice.amount) == (8, Decimal(200))


def test_another_applicant_or_none_with_an_identity_number_counts_alone(gongkai: Gongkai) -> None:
    organ = unique("organ")
    gongkai.requests.receive(application(organ, date(2025, 3, 3), "310101199001011234", items=10), CLERK)
    for id_number in ("310101199202022345", None):
        other = gongkai.requests.receive(application(organ, date(2025, 3, 4), id_number, items=11), CLERK)
        notice = cmd.SendFeeNotice(sent_on=date(2025, 3, 5), scale=FeeScale.PER_ITEM, form=DeliveryForm.PAPER)
        fee = gongkai.requests.execute(other.request_id, notice, CLERK).state.fee_notice
        assert fee is not None and (fee.items_before, fee.amount) == (0, Decimal(100))


def test_the_applicant_key_is_a_keyed_hash_not_the_number(gongkai: Gongkai) -> None:
    saved = gongkai.requests.receive(application(unique("organ"), date(2025, 3, 3), "310101199001011234"), CLERK)
    key = saved.state.applicant_key
    assert key is not None and "310101199001011234" not in key and len(key) == 32


def test_an_applicant_registered_under_the_wrong_type_is_still_the_same_applicant(gongkai: Gongkai) -> None:
    # The first application was registered as a business by mistake; the month still counts its items.
    organ = unique("organ")
    wrong = attrs.evolve(
        application(organ, date(2025, 3, 3), "310101199001011234", items=10), applicant_type=ApplicantType.BUSINESS
    )
    gongkai.requests.receive(wrong, CLERK)
    second = gongkai.requests.receive(application(organ, date(2025, 3, 4), "310101199001011234", items=1), CLERK)
    notice = cmd.SendFeeNotice(sent_on=date(2025, 3, 5), scale=FeeScale.PER_ITEM, form=DeliveryForm.PAPER)
    fee = gongkai.requests.execute(second.request_id, notice, CLERK).state.fee_notice
    assert fee is not None and (fee.items_before, fee.amount) == (10, Decimal(100))


def test_an_identity_number_in_full_width_characters_is_the_same_number(gongkai: Gongkai) -> None:
    organ = unique("organ")
    first = gongkai.requests.receive(application(organ, date(2025, 3, 3), "310101199001011234"), CLERK)
    again = gongkai.requests.receive(
        application(organ, date(2025, 3, 4), "３１０１０１１９９００１０１１２３４"), CLERK
    )
    assert first.state.applicant_key == again.state.applicant_key
