"""Who a person is, and what their key does: one person across applications by their identity number, a new one
without it; an erased person never has a key again; data recorded in the plain before this release still reads, and
an erasure names what of it key destruction cannot reach."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import attrs
import psycopg
import pytest

from adapters.cli import main
from adapters.persistence.database import DatabaseURL
from adapters.persistence.key_ring import open_key_ring
from adapters.persistence.key_tables.postgres import PostgresKeyTable
from application.saving import after
from application.streams import DISCLOSURE_REQUEST
from domain.disclosure_request.decisions import receive as received_event
from domain.personal_data import PersonalData
from tests.domain.builders import application, context
from tests.personal_data_support import HEAD, details, opened, receive, rows_holding


def test_one_identity_number_is_one_person_and_no_number_a_new_one_each_time(empty_store_url: str) -> None:
    gongkai = opened(empty_store_url)
    try:
        applicant = details()
        first, again = receive(gongkai, applicant), receive(gongkai, attrs.evolve(applicant, phone="13900000000"))
        without = [receive(gongkai, attrs.evolve(applicant, id_number=None)) for _ in range(2)]
    finally:
        gongkai.close()

    assert first.state.applicant.person_id == again.state.applicant.person_id
    people = {first.state.applicant.person_id, *(s.state.applicant.person_id for s in without)}
    assert len(people) == 3


def test_new_people_at_the_same_moment_each_get_a_key_and_one_number_one_person(empty_store_url: str) -> None:
    ring = open_key_ring(DatabaseURL.parse(empty_store_url))
    try:
        with ThreadPoolExecutor(8) as threads:
            same = list(threads.map(lambda _: ring.person_for("the-same-applicant-key"), range(8)))
            different = list(threads.map(ring.person_for, [f"applicant-key-{n}" for n in range(8)]))
            unlinked = list(threads.map(lambda _: ring.sealing_key(ring.person_for(None)), range(8)))
    finally:
        ring.close()

    assert len(set(same)) == 1
    assert len(set(different)) == 8
    assert all(key is not None for key in unlinked)
    again = open_key_ring(DatabaseURL.parse(empty_store_url))
    try:
        assert {again.status(p) for p in [*same, *different]} == {"held"}
    finally:
        again.close()


def test_an_erased_person_is_never_given_a_key_again(empty_store_url: str) -> None:
    gongkai = opened(empty_store_url)
    try:
        saved = receive(gongkai, details())
        person = saved.state.applicant.person_id
        assert person is not None
        gongkai.privacy.erase(person, "申请人要求删除", HEAD)
        # A writer still holding the person's data (a state read before the erasure) writes only the erased form.
        stale = gongkai.store.codec.converter.unstructure(saved.state.applicant)
        assert stale == {"person_id": person, "erased": True}
    finally:
        gongkai.close()

    elsewhere = open_key_ring(DatabaseURL.parse(empty_store_url))
    try:
        assert elsewhere.sealing_key(person) is None
        assert elsewhere.status(person) == "erased"
    finally:
        elsewhere.close()


def test_data_opened_and_sealed_before_an_erasure_is_never_served_from_memory_after_it(empty_store_url: str) -> None:
    gongkai = opened(empty_store_url)
    try:
        saved = receive(gongkai, details())
        person = saved.state.applicant.person_id
        assert person is not None
        sealing = gongkai.store.codec.sealing
        form = gongkai.store.codec.converter.unstructure(saved.state.applicant)
        assert sealing.open(form) == sealing.open(form) == saved.state.applicant  # opened once, then remembered
        assert sealing.seal(saved.state.applicant) == form  # made once, then remembered
        gongkai.privacy.erase(person, "申请人要求删除", HEAD)
        assert sealing.open(form) == PersonalData.erased_form(person)
        assert sealing.seal(saved.state.applicant) == {"person_id": person, "erased": True}
    finally:
        gongkai.close()


def test_data_recorded_in_the_plain_still_reads_and_erasure_names_it(
    empty_store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    gongkai = opened(empty_store_url)
    try:
        applicant = details()
        # As a release before per-person encryption recorded it: no person id, the details in the plain.
        command = attrs.evolve(application(date(2025, 3, 3)), applicant=applicant)
        old = received_event(command, None, None, context(date(2025, 3, 3)))
        gongkai.store.append([old], [(DISCLOSURE_REQUEST, after(DISCLOSURE_REQUEST, None, [old]))])
        assert rows_holding(empty_store_url, applicant.phone or "")
        assert gongkai.requests.get(old.originator_id).applicant == applicant

        new = receive(gongkai, attrs.evolve(applicant, phone="13900000000"))
        person = new.state.applicant.person_id
        assert person is not None
        exported = gongkai.privacy.export(person, HEAD)
    finally:
        gongkai.close()
    assert [o.record_id for o in exported.plain] == [old.originator_id]

    assert main(["privacy", "erase", person, "--reason", "申请人要求删除", "--database", empty_store_url]) == 0

    answer = capsys.readouterr().out
    assert "its 1 occurrence(s) read as erased" in answer
    assert "key destruction cannot erase 1 occurrence(s)" in answer and str(old.originator_id) in answer
    gongkai = opened(empty_store_url)
    try:
        assert gongkai.requests.get(new.request_id).applicant.erased
        assert gongkai.requests.get(old.originator_id).applicant == applicant  # beyond key destruction
    finally:
        gongkai.close()


def test_personal_data_of_no_person_is_written_as_before(empty_store_url: str) -> None:
    gongkai = opened(empty_store_url)
    try:
        plain = PersonalData(name="陈静", phone="13800000000")
        assert gongkai.store.codec.converter.unstructure(plain)["phone"] == "13800000000"
        sealed = gongkai.store.codec.converter.unstructure(plain.of_person("p-1"))
        assert set(sealed) == {"person_id", "sealed"}
        assert gongkai.store.codec.converter.structure(sealed, PersonalData) == plain.of_person("p-1")
        plain_store = opened(empty_store_url, seal=False)
        try:
            with pytest.raises(ValueError, match="sealed personal data"):
                plain_store.store.codec.converter.structure(sealed, PersonalData)
        finally:
            plain_store.close()
    finally:
        gongkai.close()


def test_the_key_table_reads_again_on_a_fresh_connection_after_a_restart_broke_its_pool(
    fresh_postgres_url: str,
) -> None:
    table = PostgresKeyTable(DatabaseURL.parse(fresh_postgres_url))
    try:
        assert table.add("person-1", None, b"wrapped")
        # what a restart of the server does to the pool's idle connections
        with psycopg.connect(DatabaseURL.parse(fresh_postgres_url).dsn(), autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        assert table.wrapped(["person-1"]) == {"person-1": b"wrapped"}
    finally:
        table.close()
