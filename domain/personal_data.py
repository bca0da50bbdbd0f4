"""Personal data of members of the public, kept apart from every other field of an event."""

from __future__ import annotations

import attrs


@attrs.frozen
class PersonalData:
    """个人信息: name and contact details of an applicant, third party or commenter.

    Kept in its own value so that it can be encrypted per person and left out of the
    public-safe form of an event.
    """

    name: str
    id_number: str | None = None
    """A natural person's identity document number, or an organisation's unified social credit code
    (统一社会信用代码)."""
    phone: str | None = None
    address: str | None = None
    email: str | None = None
