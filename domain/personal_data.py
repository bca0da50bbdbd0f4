"""Personal data of members of the public, kept apart from every other field of an event."""

from __future__ import annotations

import attrs

ASSIGNED = "assigned"
"""Field metadata: a field the system sets when the value is recorded, which no one sends in a command."""
ERASED_NAME = "（已删除）"
"""What stands for a name whose person's personal data was erased."""
UNOPENED_NAME = "（未解密）"
"""What stands for a name in sealed data read without its key (`PersonalData.unopened`)."""


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
    person_id: str | None = attrs.field(default=None, metadata={ASSIGNED: True})
    """Whose data this is: the id under which the person's data is encrypted and erased, set when it is first
    recorded. None in data recorded before personal data was encrypted per person."""
    erased: bool = attrs.field(default=False, metadata={ASSIGNED: True})
    """The person's data was erased: `name` is （已删除） and every other detail is gone."""

    @classmethod
    def unopened(cls, person_id: str) -> PersonalData:
        """Sealed data read without its key, for a fold that never reads the details (the open days' board): whose
        data it is, and nothing of it."""
        return cls(name=UNOPENED_NAME, person_id=person_id)

    @classmethod
    def erased_form(cls, person_id: str) -> PersonalData:
        """What is left of a person's data once it is erased: their id, and the name marked erased."""
        return cls(name=ERASED_NAME, person_id=person_id, erased=True)

    def of_person(self, person_id: str) -> PersonalData:
        """The same details as data of this person (never marked erased: new data is given, not left over)."""
        return attrs.evolve(self, person_id=person_id, erased=False)
