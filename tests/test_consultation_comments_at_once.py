"""Many people comment on one consultation at the same moment, on both stores: every comment is recorded and listed,
nobody is refused for someone else's comment; and a comment decided before the adoption report but saved after it is
refused by the store (the report sealed its comment box), never left out of the report."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import attrs
import pytest

from adapters.bootstrap import Gongkai, build
from application.consultations import ONLINE_FORM
from application.errors import ConcurrencyConflict, NotFound
from application.streams import CONSULTATION, CONSULTATION_COMMENT, CONSULTATION_COMMENT_BOX
from domain.actors import Role
from domain.calendar import business_date
from domain.consultation import commands as cmd
from domain.consultation import decisions
from domain.consultation.state import COMMENT_BOXES, CommentBox, box_id, box_number
from domain.consultation.values import CommentChannel, ConsultationCategory
from domain.context import Context
from domain.document import commands as doc_cmd
from domain.document.state import Publication
from domain.document.values import DocumentKind
from domain.personal_data import PersonalData
from tests.support import FixedClock, credential, unique

DRAFTER = credential(Role.DRAFTER)
OPENED_ON = date(2025, 3, 10)
CLOSES_ON = date(2025, 3, 19)


@pytest.fixture
def gongkai(database_url: str) -> Iterator[Gongkai]:
    """The application on each store, with the clock on Monday 10 March 2025."""
    clock = FixedClock()
    clock.set_business_day(OPENED_ON)
    core = build(database_url, clock=clock)
    try:
        yield core
    finally:
        core.close()


def _consultation(gongkai: Gongkai) -> uuid.UUID:
    document_id = uuid.uuid4()
    register = doc_cmd.RegisterDocument(
        document_id=document_id,
        organ=unique("闵行区人社局"),
        department="就业促进科",
        kind=DocumentKind.POLICY,
        title="促进就业若干措施",
        formed_on=OPENED_ON,
        text="征求意见稿",
    )
    gongkai.documents.register(register, DRAFTER)
    command = cmd.OpenConsultation(
        consultation_id=uuid.uuid4(),
        document_id=document_id,
        revision=1,
        category=ConsultationCategory.OTHER_NORMATIVE,
        draft_interpretation="解读",
        closes_on=CLOSES_ON,
        channels=(CommentChannel.ONLINE,),
    )
    return gongkai.consultations.open(command, DRAFTER).id


def test_sixty_four_people_commenting_at_once_are_all_recorded(gongkai: Gongkai) -> None:
    consultation_id = _consultation(gongkai)

    def comment(n: int) -> uuid.UUID:
        person = PersonalData(name=f"市民{n}", phone=f"139{n:08d}")
        return gongkai.consultations.comment_online(consultation_id, uuid.uuid4(), person, f"第{n}条意见").id

    with ThreadPoolExecutor(max_workers=16) as pool:
        ids = list(pool.map(comment, range(64)))
    view = gongkai.consultations.view(consultation_id, credential(Role.CLERK))
    assert sorted(c.comment.id for c in view.comments) == sorted(ids)
    assert {c.commenter.name for c in view.comments if c.commenter} == {f"市民{n}" for n in range(64)}


def test_a_comment_decided_before_the_report_and_saved_after_it_is_refused(gongkai: Gongkai) -> None:
    consultation_id = _consultation(gongkai)
    store = gongkai.store
    consultation = store.load(CONSULTATION, consultation_id)
    late = cmd.SubmitComment(
        comment_id=uuid.uuid4(),
        channel=CommentChannel.ONLINE,
        commenter=PersonalData(name="迟到者", person_id=uuid.uuid4().hex),
        comment="在截止前一刻提交的意见",
    )
    now = gongkai.clock.now()
    ctx = Context(actor=ONLINE_FORM, now=now, today=business_date(now), calendar=gongkai.calendar.current())
    in_flight = decisions.receive_comment(consultation, None, late, ctx)

    # The window closes, the final document is out and the report (with no comments) seals every box.
    document = gongkai.documents.get(consultation.document_id)
    final = attrs.evolve(document, publication=Publication(1, "policies", date(2025, 3, 21)))
    boxes: dict[int, CommentBox | None] = dict.fromkeys(range(COMMENT_BOXES))
    report_ctx = attrs.evolve(ctx, today=date(2025, 3, 24))
    report = decisions.publish_report(consultation, final, boxes, {}, cmd.PublishAdoptionReport(), report_ctx)
    store.append(report)

    with pytest.raises(ConcurrencyConflict):
        store.append(in_flight)
    assert store.load(CONSULTATION_COMMENT_BOX, box_id(consultation_id, box_number(late.comment_id))).comment_ids == ()
    with pytest.raises(NotFound):
        store.load(CONSULTATION_COMMENT, late.comment_id)
