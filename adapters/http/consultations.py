"""/api/v1/consultations (staff) and /api/v1/public/consultations (no token): 征求意见 on draft policies."""

from __future__ import annotations

import uuid
from typing import Annotated
from uuid import UUID

import anyio.to_thread
import attrs
from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody, Parameter

from adapters.http.consultation_schemas import (
    AdoptionReportOut,
    AwaitingCommentPageOut,
    CommentOut,
    CommentReceipt,
    ConsultationOut,
    ConsultationPageOut,
    NewConsultation,
    PublicCommentIn,
    PublicConsultationOut,
    StaffCommentIn,
)
from adapters.http.limits import LAST_PAGE
from adapters.http.markers import SEEN_POSITION, Caller, Core, text_query
from application.consultation_worklist import CommentQuery, ConsultationQuery
from application.errors import NotFound
from domain.calendar import business_date
from domain.consultation import commands as cmd
from domain.consultation.commands import DisposeComment, PublishAdoptionReport
from domain.consultation.values import ConsultationStatus
from domain.staff import Credential

STEP = {"status_code": 200, "sync_to_thread": True}


def _view(gongkai: Core, consultation_id: UUID, credential: Credential, position: int | None = None) -> ConsultationOut:
    view = gongkai.consultations.view(consultation_id, credential)
    return ConsultationOut.of(view, business_date(gongkai.clock.now()), position)


def _comment(gongkai: Core, comment_id: UUID, credential: Credential, position: int) -> CommentOut:
    view = gongkai.consultations.view_comment(comment_id, credential)
    return CommentOut.of(view, position)


class ConsultationController(Controller):
    """征求意见: staff open consultations on drafts, enter comments that came by letter or phone, give each comment
    its disposition and publish the adoption report."""

    path = "/api/v1/consultations"
    tags = ("consultations",)

    # 404: the body names a document that does not exist.
    @post("/", operation_id="openConsultation", status_code=201, sync_to_thread=True, problems=(404,))
    def open(self, gongkai: Core, credential: Caller, data: JSONBody[NewConsultation]) -> ConsultationOut:
        """Open a consultation on the current draft revision of a policy or normative document, with its draft
        interpretation (R-CON-DRAFT), for at least the period its category needs (R-CON-PERIOD)."""
        command = cmd.OpenConsultation(consultation_id=uuid.uuid4(), **attrs.asdict(data, recurse=False))
        saved = gongkai.consultations.open(command, credential)
        return _view(gongkai, saved.id, credential, saved.position)

    @get("/", operation_id="listConsultations")
    async def list(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Annotated[str | None, text_query("organ", "only this organ's")] = None,
        department: Annotated[str | None, text_query("department", "only this department's")] = None,
        status: Annotated[list[ConsultationStatus] | None, Parameter(description="one or more statuses")] = None,
        awaiting_report: Annotated[
            bool | None, Parameter(description="closed without an adoption report (true), or not (false)")
        ] = None,
        closing_within: Annotated[
            int | None, Parameter(ge=1, le=366, description="open and closing within N working days")
        ] = None,
        page: Annotated[int, Parameter(ge=1, le=LAST_PAGE, description="the page to show, from 1")] = 1,
        page_size: Annotated[int, Parameter(ge=1, le=500)] = 50,
        position: Annotated[int | None, SEEN_POSITION] = None,
    ) -> ConsultationPageOut:
        """Consultations by closing day, soonest first: closing within N working days, or closed and awaiting their
        adoption report."""
        query = ConsultationQuery(
            organ, department, tuple(status or ()), awaiting_report, closing_within, page, page_size
        )
        calendar = await anyio.to_thread.run_sync(gongkai.calendar.current)
        today = business_date(gongkai.clock.now())
        found = await gongkai.consultation_lists.staff_list(query, calendar, today, credential, position)
        return ConsultationPageOut.of(found, today)

    @get("/comments-awaiting-disposition", operation_id="listCommentsAwaitingDisposition")
    async def awaiting(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Annotated[str | None, text_query("organ", "only this organ's")] = None,
        department: Annotated[str | None, text_query("department", "only this department's")] = None,
        after_close: Annotated[
            bool, Parameter(description="only comments whose consultation has closed (default), or all")
        ] = True,
        page: Annotated[int, Parameter(ge=1, le=LAST_PAGE, description="the page to show, from 1")] = 1,
        page_size: Annotated[int, Parameter(ge=1, le=500)] = 50,
        position: Annotated[int | None, SEEN_POSITION] = None,
    ) -> AwaitingCommentPageOut:
        """Comments without a disposition, by their consultation's closing day (R-CON-ADOPT); without who made them."""
        query = CommentQuery(organ, department, after_close, page, page_size)
        today = business_date(gongkai.clock.now())
        return AwaitingCommentPageOut.of(
            await gongkai.consultation_lists.awaiting_disposition(query, today, credential, position)
        )

    @get("/{consultation_id:uuid}", operation_id="getConsultation", sync_to_thread=True)
    def read(self, gongkai: Core, credential: Caller, consultation_id: FromPath[UUID]) -> ConsultationOut:
        """One consultation with every comment and its disposition; who commented only for those who may read it."""
        return _view(gongkai, consultation_id, credential)

    @post("/{consultation_id:uuid}/comments", operation_id="receiveComment", status_code=201, sync_to_thread=True)
    def receive(
        self, gongkai: Core, credential: Caller, consultation_id: FromPath[UUID], data: JSONBody[StaffCommentIn]
    ) -> CommentOut:
        """A comment that came by letter, phone, e-mail, fax or in person, entered while the consultation is open
        (R-CON-WINDOW)."""
        command = cmd.SubmitComment(
            comment_id=uuid.uuid4(),
            channel=data.channel,
            commenter=data.commenter,
            comment=data.comment,
            received_at=data.received_at,
        )
        saved = gongkai.consultations.receive(consultation_id, command, credential)
        return _comment(gongkai, saved.id, credential, saved.position)

    @post("/{consultation_id:uuid}/comments/{comment_id:uuid}/disposition", operation_id="disposeComment", **STEP)
    def dispose(
        self,
        gongkai: Core,
        credential: Caller,
        consultation_id: FromPath[UUID],
        comment_id: FromPath[UUID],
        data: JSONBody[DisposeComment],
    ) -> CommentOut:
        """The comment's one disposition — adopted, partly adopted or not adopted — with the reason (R-CON-ADOPT)."""
        saved = gongkai.consultations.dispose(consultation_id, comment_id, data, credential)
        return _comment(gongkai, saved.id, credential, saved.position)

    @post("/{consultation_id:uuid}/adoption-report", operation_id="publishAdoptionReport", **STEP)
    def publish_report(
        self,
        gongkai: Core,
        credential: Caller,
        consultation_id: FromPath[UUID],
        data: JSONBody[PublishAdoptionReport],
    ) -> ConsultationOut:
        """意见采纳情况: published once the consultation has closed, the final document is published and every
        comment has its disposition (R-CON-ADOPT); no comment is taken after it."""
        saved = gongkai.consultations.publish_report(consultation_id, data, credential)
        return _view(gongkai, consultation_id, credential, saved.position)


class PublicConsultationController(Controller):
    """征求意见 for the public, without a token: open consultations, the draft and its interpretation, comments, and
    the adoption report."""

    path = "/api/v1/public/consultations"
    tags = ("public",)
    security = ({},)

    @get("/", operation_id="listOpenConsultations")
    async def list(
        self,
        gongkai: Core,
        organ: Annotated[str | None, text_query("organ", "only this organ's")] = None,
        page: Annotated[int, Parameter(ge=1, le=LAST_PAGE, description="the page to show, from 1")] = 1,
        page_size: Annotated[int, Parameter(ge=1, le=100)] = 20,
        position: Annotated[int | None, SEEN_POSITION] = None,
    ) -> ConsultationPageOut:
        """Consultations taking comments today, closing soonest first."""
        today = business_date(gongkai.clock.now())
        found = await gongkai.consultation_lists.open_now(organ, page, page_size, today, position)
        return ConsultationPageOut.of(found, today)

    @get("/{consultation_id:uuid}", operation_id="getPublicConsultation", sync_to_thread=True)
    def read(self, gongkai: Core, consultation_id: FromPath[UUID]) -> PublicConsultationOut:
        """A consultation: the draft, its interpretation, the period (with the urgency reason of a shortened one) and
        the channels for comments."""
        consultation = gongkai.consultations.get(consultation_id)
        return PublicConsultationOut.of(consultation, business_date(gongkai.clock.now()))

    @post("/{consultation_id:uuid}/comments", operation_id="submitComment", status_code=201, sync_to_thread=True)
    def comment(
        self, gongkai: Core, consultation_id: FromPath[UUID], data: JSONBody[PublicCommentIn]
    ) -> CommentReceipt:
        """Send a comment while the consultation is open (R-CON-WINDOW); the receipt's `comment_id` is the one the
        adoption report gives its disposition under."""
        saved = gongkai.consultations.comment_online(consultation_id, uuid.uuid4(), data.commenter, data.comment)
        received = saved.events[0]
        return CommentReceipt(comment_id=saved.id, consultation_id=consultation_id, received_at=received.timestamp)

    @get("/{consultation_id:uuid}/adoption-report", operation_id="getAdoptionReport", sync_to_thread=True)
    def report(self, gongkai: Core, consultation_id: FromPath[UUID]) -> AdoptionReportOut:
        """意见采纳情况: counts by disposition and each comment's reason, by receipt id; 404 until it is published."""
        consultation = gongkai.consultations.get(consultation_id)
        if consultation.report is None:
            raise NotFound("the adoption report of this consultation is not published yet")
        return AdoptionReportOut.of(consultation, consultation.report)
