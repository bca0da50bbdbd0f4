"""The staff directory: adding people and tokens, revoking, roles, expiry, and tokens issued before it existed.

Every change must hold at once in another process: `other` is a second `Gongkai` on the same database, which
has already read the directory (so anything it cached is in play). Each test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from litestar.testing import TestClient

from adapters.bootstrap import Gongkai, build
from adapters.http.app import create_app
from application.errors import NotFound, Unauthenticated
from application.ports import LoggedEvent
from application.settings import Settings
from application.staff import LegacyLog, token_hash
from domain.actors import SYSTEM, Role
from domain.calendar import WorkingCalendar, business_date
from domain.context import Context
from domain.deciding import first_event, next_event
from domain.errors import InvalidValue, StepOutOfOrder
from domain.staff import Credential, CredentialIssued, CredentialRevoked, credential_id
from tests.support import FixedClock, unique


@pytest.fixture
def clock() -> FixedClock:
    """Monday 3 March 2025, 10:00 in Shanghai, until a test moves it."""
    return FixedClock(datetime(2025, 3, 3, 2, 0, tzinfo=UTC))


@pytest.fixture
def gongkai(database_url: str, clock: FixedClock) -> Iterator[Gongkai]:
    """gongkai on the store, tokens living 180 days."""
    app = build(database_url, clock=clock, settings=Settings(token_days=180))
    yield app
    app.close()


@pytest.fixture
def other(database_url: str, clock: FixedClock) -> Iterator[Gongkai]:
    """A second gongkai on the same database, as another serving process would be."""
    app = build(database_url, clock=clock, settings=Settings(token_days=180))
    yield app
    app.close()


def refusal(gongkai: Gongkai, token: str) -> str:
    """Why the token is refused; fails when it is admitted."""
    with pytest.raises(Unauthenticated) as refused:
        gongkai.staff.authenticate(token)
    return str(refused.value)


# ---------------------------------------------------------------- adding people and tokens


def test_adding_a_name_already_on_the_staff_is_refused_naming_the_person(gongkai: Gongkai) -> None:
    name = unique("王敏")
    first = gongkai.staff.add_person(name, (Role.CLERK,), SYSTEM)
    position = gongkai.store.last_position()

    with pytest.raises(InvalidValue) as refused:
        gongkai.staff.add_person(name, (Role.AUDITOR,), SYSTEM)
    assert first.person_id in str(refused.value) and refused.value.field == "name"
    assert gongkai.store.last_position() == position


def test_a_second_person_of_the_same_name_is_added_when_asked(gongkai: Gongkai) -> None:
    name = unique("王敏")
    first = gongkai.staff.add_person(name, (Role.CLERK,), SYSTEM)
    second = gongkai.staff.add_person(name, (Role.AUDITOR,), SYSTEM, same_name_as_another=True)

    assert second.person_id != first.person_id
    assert gongkai.staff.authenticate(first.token).roles == (Role.CLERK,)
    assert gongkai.staff.authenticate(second.token).roles == (Role.AUDITOR,)


def test_a_revoked_persons_name_may_be_given_to_a_new_person(gongkai: Gongkai) -> None:
    name = unique("王敏")
    first = gongkai.staff.add_person(name, (Role.CLERK,), SYSTEM)
    gongkai.staff.revoke(first.person_id, "left the office", SYSTEM)

    assert gongkai.staff.add_person(name, (Role.CLERK,), SYSTEM).person_id != first.person_id


def test_a_token_for_an_unknown_person_id_is_refused(gongkai: Gongkai) -> None:
    position = gongkai.store.last_position()
    with pytest.raises(NotFound):
        gongkai.staff.issue_token(unique("staff-zhao"), "赵主任", SYSTEM)
    assert gongkai.store.last_position() == position


def test_a_new_person_is_added_under_a_chosen_id_when_asked(gongkai: Gongkai) -> None:
    person_id = unique("staff-zhao")
    issued = gongkai.staff.add_person(unique("赵主任"), (Role.OFFICE_HEAD,), SYSTEM, person_id=person_id)

    assert gongkai.staff.authenticate(issued.token).person_id == person_id
    with pytest.raises(InvalidValue) as refused:
        gongkai.staff.add_person(unique("钱科长"), (Role.CLERK,), SYSTEM, person_id=person_id)
    assert refused.value.field == "person_id"


def test_a_token_for_a_known_person_must_name_them_rightly(gongkai: Gongkai) -> None:
    issued = gongkai.staff.add_person(unique("王敏"), (Role.CLERK,), SYSTEM)
    with pytest.raises(InvalidValue) as refused:
        gongkai.staff.issue_token(issued.person_id, "刘洋", SYSTEM)
    assert refused.value.field == "name"


@pytest.mark.parametrize(("name", "field"), [("", "name"), ("   ", "name"), ("王" * 101, "name")])
def test_a_blank_or_overlong_name_is_refused(gongkai: Gongkai, name: str, field: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        gongkai.staff.add_person(name, (Role.CLERK,), SYSTEM)
    assert refused.value.field == field


def test_a_name_of_a_hundred_characters_is_accepted(gongkai: Gongkai) -> None:
    name = unique("王")[:9] + "王" * 91
    issued = gongkai.staff.add_person(name, (Role.CLERK,), SYSTEM)
    assert gongkai.staff.authenticate(issued.token).name == name


def test_a_person_holds_at_least_one_role(gongkai: Gongkai) -> None:
    with pytest.raises(InvalidValue):
        gongkai.staff.add_person(unique("王敏"), (), SYSTEM)


# ---------------------------------------------------------------- re-issuing, revoking, roles: at once, everywhere


def test_reissuing_a_token_revokes_the_persons_other_tokens_at_once(gongkai: Gongkai, other: Gongkai) -> None:
    name = unique("王敏")
    first = gongkai.staff.add_person(name, (Role.CLERK,), SYSTEM)
    assert other.staff.authenticate(first.token).person_id == first.person_id

    second = gongkai.staff.issue_token(first.person_id, name, SYSTEM)

    assert second.replaced == (first.token_id,)
    assert "revoked" in refusal(other, first.token)
    assert other.staff.authenticate(second.token).person_id == first.person_id


def test_reissuing_keeps_the_other_tokens_when_asked(gongkai: Gongkai, other: Gongkai) -> None:
    name = unique("王敏")
    first = gongkai.staff.add_person(name, (Role.CLERK,), SYSTEM)
    second = gongkai.staff.issue_token(first.person_id, name, SYSTEM, keep_other_tokens=True)

    assert second.replaced == ()
    assert other.staff.authenticate(first.token).person_id == first.person_id
    assert other.staff.authenticate(second.token).person_id == first.person_id


def test_revoking_a_person_stops_all_their_tokens_at_once_in_another_process(gongkai: Gongkai, other: Gongkai) -> None:
    name = unique("王敏")
    first = gongkai.staff.add_person(name, (Role.CLERK,), SYSTEM)
    second = gongkai.staff.issue_token(first.person_id, name, SYSTEM, keep_other_tokens=True)
    colleague = gongkai.staff.add_person(unique("刘洋"), (Role.CLERK,), SYSTEM)
    for token in (first.token, second.token, colleague.token):
        other.staff.authenticate(token)

    gongkai.staff.revoke(first.person_id, "left the office", SYSTEM)

    for token in (first.token, second.token):
        assert "revoked on 2025-03-03 10:00" in refusal(other, token)
    assert other.staff.authenticate(colleague.token).person_id == colleague.person_id
    with pytest.raises(StepOutOfOrder):
        gongkai.staff.issue_token(first.person_id, name, SYSTEM)


def test_revoking_one_token_stops_it_at_once_in_another_process(gongkai: Gongkai, other: Gongkai) -> None:
    name = unique("王敏")
    first = gongkai.staff.add_person(name, (Role.CLERK,), SYSTEM)
    second = gongkai.staff.issue_token(first.person_id, name, SYSTEM, keep_other_tokens=True)
    other.staff.authenticate(first.token)

    gongkai.staff.revoke(first.token_id, "laptop lost", SYSTEM)

    assert "the bearer token was revoked on 2025-03-03 10:00" in refusal(other, first.token)
    assert other.staff.authenticate(second.token).person_id == first.person_id
    with pytest.raises(StepOutOfOrder):
        other.staff.revoke(first.token_id, "again", SYSTEM)


def test_revoking_an_unknown_id_is_not_found(gongkai: Gongkai) -> None:
    with pytest.raises(NotFound):
        gongkai.staff.revoke(unique("nobody"), "", SYSTEM)


def test_changed_roles_take_effect_at_once_on_every_token_in_another_process(gongkai: Gongkai, other: Gongkai) -> None:
    name = unique("王敏")
    first = gongkai.staff.add_person(name, (Role.CLERK,), SYSTEM)
    second = gongkai.staff.issue_token(first.person_id, name, SYSTEM, keep_other_tokens=True)
    assert other.staff.authenticate(first.token).roles == (Role.CLERK,)

    gongkai.staff.set_roles(first.person_id, (Role.CLERK, Role.OFFICE_HEAD), SYSTEM)

    for token in (first.token, second.token):
        credential = other.staff.authenticate(token)
        assert credential.roles == (Role.CLERK, Role.OFFICE_HEAD)
        assert credential.acting_as((Role.OFFICE_HEAD,)).role == Role.OFFICE_HEAD
    with pytest.raises(StepOutOfOrder):
        gongkai.staff.set_roles(first.person_id, (Role.OFFICE_HEAD, Role.CLERK), SYSTEM)


# ---------------------------------------------------------------- expiry


def test_a_token_admits_until_its_lifetime_is_over_then_says_it_expired_and_when(
    gongkai: Gongkai, clock: FixedClock
) -> None:
    issued = gongkai.staff.add_person(unique("王敏"), (Role.CLERK,), SYSTEM)
    # Issued Monday 3 March 2025 10:00 in Shanghai; 180 days later is Saturday 30 August 2025 10:00.
    assert issued.expires_at == datetime(2025, 8, 30, 2, 0, tzinfo=UTC)
    clock.advance(days=180, seconds=-1)
    assert gongkai.staff.authenticate(issued.token).person_id == issued.person_id

    clock.advance(seconds=1)
    assert "expired on 2025-08-30 10:00 (Asia/Shanghai)" in refusal(gongkai, issued.token)


def test_the_token_lifetime_is_a_setting(database_url: str, clock: FixedClock) -> None:
    app = build(database_url, clock=clock, settings=Settings(token_days=7))
    try:
        issued = app.staff.add_person(unique("王敏"), (Role.CLERK,), SYSTEM)
        assert issued.expires_at == clock.now() + timedelta(days=7)
    finally:
        app.close()


def test_the_web_api_answers_an_expired_token_with_401_saying_when(gongkai: Gongkai, clock: FixedClock) -> None:
    issued = gongkai.staff.add_person(unique("王敏"), (Role.CLERK,), SYSTEM)
    clock.advance(days=181)
    with TestClient(create_app(gongkai)) as client:
        response = client.get("/api/v1/disclosure-requests", headers={"Authorization": f"Bearer {issued.token}"})
    assert response.status_code == 401
    assert "expired on 2025-08-30 10:00" in response.text


# ---------------------------------------------------------------- tokens issued before the directory


def legacy_token(gongkai: Gongkai, name: str, *roles: Role, person_id: str | None = None) -> str:
    """A token issued as gongkai did before the directory: a stream of its own holding `staff.credential_issued`."""
    token = unique("old-token") * 4
    now = gongkai.clock.now()
    ctx = Context(actor=SYSTEM, now=now, today=business_date(now), calendar=WorkingCalendar())
    fields = {"person_id": person_id or unique("staff"), "name": name, "roles": roles, "token_hash": token_hash(token)}
    gongkai.store.append([first_event(CredentialIssued, credential_id(token_hash(token)), ctx, **fields)])
    return token


def legacy_revocation(gongkai: Gongkai, token: str, reason: str) -> None:
    """A token revoked as gongkai did before the directory."""
    now = gongkai.clock.now()
    ctx = Context(actor=SYSTEM, now=now, today=business_date(now), calendar=WorkingCalendar())
    state = Credential(credential_id(token_hash(token)), 1, "", "", ())
    gongkai.store.append([next_event(CredentialRevoked, state, ctx, reason=reason)])


def test_tokens_issued_before_the_directory_still_admit_and_are_listed(
    gongkai: Gongkai, database_url: str, clock: FixedClock
) -> None:
    name = unique("陈静")
    kept = legacy_token(gongkai, name, Role.DRAFTER, Role.PUBLISHER)
    gone = legacy_token(gongkai, unique("孙丽"), Role.CLERK)
    legacy_revocation(gongkai, gone, "left the office")
    clock.advance(days=200)  # longer than a token's lifetime: an imported token lives a lifetime from its import

    restarted = build(database_url, clock=clock, settings=Settings(token_days=180))
    try:
        credential = restarted.staff.authenticate(kept)
        assert (credential.name, credential.roles) == (name, (Role.DRAFTER, Role.PUBLISHER))
        assert "revoked" in refusal(restarted, gone)
        directory = restarted.staff.directory()
        assert directory is not None
        [listed] = directory.tokens_of(credential.person_id)
        assert listed.token_id == credential.token_id and listed.revoked_at is None
        assert listed.expires_at == clock.now() + timedelta(days=180)

        restarted.staff.revoke(credential.token_id, "replaced", SYSTEM)
        assert "revoked" in refusal(restarted, kept)
    finally:
        restarted.close()


def test_a_revocation_written_the_old_way_after_the_import_is_brought_in_at_the_next_start(
    gongkai: Gongkai, database_url: str, clock: FixedClock
) -> None:
    token = legacy_token(gongkai, unique("陈静"), Role.DRAFTER)
    imported = build(database_url, clock=clock)
    try:
        imported.staff.authenticate(token)
        legacy_revocation(imported, token, "revoked by an older gongkai still running")
    finally:
        imported.close()

    restarted = build(database_url, clock=clock)
    try:
        assert "revoked" in refusal(restarted, token)
    finally:
        restarted.close()


def test_a_person_with_several_old_tokens_holds_the_roles_of_the_newest_not_revoked(
    gongkai: Gongkai, database_url: str, clock: FixedClock
) -> None:
    # Made head of office, then given a new token as a clerk only: the old office-head token left in use must not
    # make them head of office again (a union of the tokens' roles would).
    person_id, name = unique("staff-zhao"), unique("赵主任")
    first = legacy_token(gongkai, name, Role.OFFICE_HEAD, Role.CLERK, person_id=person_id)
    second = legacy_token(gongkai, name, Role.CLERK, person_id=person_id)
    revoked = legacy_token(gongkai, name, Role.ADMINISTRATOR, person_id=person_id)
    legacy_revocation(gongkai, revoked, "no longer the administrator")

    restarted = build(database_url, clock=clock)
    try:
        for token in (first, second):
            assert restarted.staff.authenticate(token).roles == (Role.CLERK,)
    finally:
        restarted.close()


def test_the_scan_for_old_credentials_resumes_where_the_last_one_ended(clock: FixedClock) -> None:
    app = build("memory://", clock=clock)
    try:
        asked: list[int] = []

        def log_ahead_by(positions: int) -> LegacyLog:
            def read(after: int) -> tuple[list[LoggedEvent], int]:
                asked.append(after)
                return [], after + positions

            return read

        position = app.store.last_position()
        app.staff.import_legacy(log_ahead_by(50), SYSTEM)  # a short scan finding nothing writes nothing
        assert app.store.last_position() == position
        app.staff.import_legacy(log_ahead_by(20_000), SYSTEM)  # a long one notes how far it read
        app.staff.import_legacy(log_ahead_by(50), SYSTEM)
        assert asked == [0, 0, 20_000]
    finally:
        app.close()
