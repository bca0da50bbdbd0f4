"""The lists' filters, given values of any length or content as query parameters, answer with a page or a problem
naming the parameter, never a 500: on PostgreSQL an index entry holds at most 2,704 bytes, and text no NUL."""

from __future__ import annotations

import random

from adapters.http.limits import max_length
from domain.actors import Role
from tests.http.conftest import API, Api, assert_problem
from tests.http.document_support import DOCS, PUBLIC, staff


def varied(size: int, seed: int) -> str:
    """About `size` bytes of Chinese characters in no order, which hardly compress."""
    rng = random.Random(seed)
    return "".join(chr(rng.randrange(0x4E00, 0x9FA6)) for _ in range(size // 3))


VALUES = {
    "9 KB": varied(9 * 1024, 1),
    "200 characters and more": "闵" * 199 + varied(600, 2),
    "outside the basic plane": "𠀀𠀁人社局" * 50,
    "a backslash": "闵行\\0人社局",
    "NUL": "闵行\x00人社局",
}


def test_filters_of_any_length_or_content_are_a_page_or_a_problem(api: Api) -> None:
    reader = staff(api, "陈静", Role.DRAFTER)
    asks = [
        (API, api.clerk.headers, ("organ", "department"), {}),
        (DOCS, reader.headers, ("organ", "department"), {}),
        (PUBLIC, {}, ("organ", "column"), {}),
        (PUBLIC, {}, ("organ", "column"), {"q": "就业"}),
    ]
    for path, headers, fields, more in asks:
        for name, value in VALUES.items():
            for field in fields:
                response = api.client.get(path, params={field: value, **more}, headers=headers)
                if "\x00" in value or len(value) > max_length(field):
                    assert_problem(response, 400, field=field)
                else:  # nothing of this test's is there to find
                    assert response.status_code == 200, (path, name, field, response.text)
                    assert response.json()["total"] == 0, (path, name, field)
