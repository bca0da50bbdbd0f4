"""/api/v1/enquiries (staff) and /api/v1/public/enquiries (anyone): the policy message board (政策留言板)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated
from uuid import UUID

import anyio.to_thread
import attrs
from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from adapters.http.enquiry_schemas import (
    DepartmentsOut,
    EnquiryHitPageOut,
    EnquiryListOut,
    EnquiryOut,
    NewEnquiry,
    PublicQuestion,
    PublishedEnquiryOut,
    QueuePageOut,
    ReceiptOut,
    SubmittedOut,
)
from adapters.http.limits import LAST_PAGE
from adapters.http.markers import SEEN_POSITION, Caller, Core, text_path, text_query
from application.enquiries import EnquirySaved
from application.enquiry_list import EnquiryListQuery
from application.enquiry_queues import QueueQuery
from application.publications import MAX_PAGE
from application.published_enquiries import EnquirySearch
from domain.calendar import business_date
from domain.policy_enquiry import commands as cmd
from domain.policy_enquiry.values import EnquiryChannel, EnquiryStatus

STEP = {"status_code": 200, "sync_to_thread": True}


def _out(gongkai: Core, saved: EnquirySaved, credential: Caller) -> EnquiryOut:
    return EnquiryOut.of(gongkai.enquiry_board.enquiries.view(saved.enquiry_id, credential, saved=saved), saved)


def _step(gongkai: Core, enquiry_id: UUID, command: cmd.Command, credential: Caller) -> EnquiryOut:
    return _out(gongkai, gongkai.enquiry_board.enquiries.execute(enquiry_id, command, credential), credential)


class EnquiryController(Controller):
    """政策留言板: questions entered, routed (转办, 分办), transferred, answered, replied to and published (选登)."""

    path = "/api/v1/enquiries"
    tags = ("policy enquiries",)

    @post("/", operation_id="receiveEnquiry", status_code=201, sync_to_thread=True)
    def receive(self, gongkai: Core, credential: Caller, data: JSONBody[NewEnquiry]) -> EnquiryOut:
        """Enter a question that came by the hotline, by letter or in person (online questions come through the
        public endpoint); its final reply is due 5 working days after the day it arrived (R-ENQ-REPLY)."""
        command = cmd.ReceiveEnquiry(enquiry_id=uuid.uuid4(), **attrs.asdict(data, recurse=False))
        return _out(gongkai, gongkai.enquiry_board.enquiries.receive(command, credential), credential)

    @get("/", operation_id="listEnquiries")
    async def listing(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Annotated[str | None, text_query("organ", "only this organ's")] = None,
        status: Annotated[list[EnquiryStatus] | None, Parameter(description="one or more statuses")] = None,
        published: Annotated[bool | None, Parameter(description="only published (true) or only not (false)")] = None,
        overdue: Annotated[bool, Parameter(description="only questions not replied to past their due date")] = False,
        page: Annotated[int, Parameter(ge=1, le=LAST_PAGE, description="the page to show, from 1")] = 1,
        page_size: Annotated[int, Parameter(ge=1, le=500)] = 50,
        position: Annotated[int | None, SEEN_POSITION] = None,
    ) -> EnquiryListOut:
        """The questions by status (awaiting routing, with departments, answered, replied), published or not, overdue;
        oldest first, each with its reply due date (R-ENQ-REPLY)."""
        query = EnquiryListQuery(organ, tuple(status or ()), published, overdue, page, page_size)
        calendar = await anyio.to_thread.run_sync(gongkai.calendar.current)
        today = business_date(gongkai.clock.now())
        return EnquiryListOut.of(
            await gongkai.enquiry_board.listing.query(query, calendar, today, credential, position)
        )

    @get("/queues", operation_id="listEnquiryQueues")
    async def queues(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Annotated[str | None, text_query("organ", "only this organ's")] = None,
        department: Annotated[str | None, text_query("department", "only this department's queue")] = None,
        waiting: Annotated[
            bool | None, Parameter(description="only parts still in the queue (true) or only those gone (false)")
        ] = None,
        overdue: Annotated[bool, Parameter(description="only waiting parts whose question is overdue")] = False,
        due_within: Annotated[
            int | None, Parameter(ge=1, le=366, description="only waiting parts due within N working days")
        ] = None,
        page: Annotated[int, Parameter(ge=1, le=LAST_PAGE, description="the page to show, from 1")] = 1,
        page_size: Annotated[int, Parameter(ge=1, le=500)] = 50,
        position: Annotated[int | None, SEEN_POSITION] = None,
    ) -> QueuePageOut:
        """The departments' queues: each part's stay in a department, with its question's reply due date and the
        working days it spent there; oldest question first (R-ENQ-ROUTE, R-ENQ-REPLY)."""
        query = QueueQuery(organ, department, waiting, overdue, due_within, page, page_size)
        calendar = await anyio.to_thread.run_sync(gongkai.calendar.current)
        today = business_date(gongkai.clock.now())
        found = await gongkai.enquiry_board.queues.query(query, calendar, today, credential, position)
        return QueuePageOut.of(found)

    @get("/departments", operation_id="countEnquiriesByDepartment")
    async def departments(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Annotated[str | None, text_query("organ", "only this organ's")] = None,
        position: Annotated[int | None, SEEN_POSITION] = None,
    ) -> DepartmentsOut:
        """Per department: how many parts of questions wait in its queue, and how many of them are overdue."""
        calendar = await anyio.to_thread.run_sync(gongkai.calendar.current)
        today = business_date(gongkai.clock.now())
        counts, reached = await gongkai.enquiry_board.queues.departments(organ, calendar, today, credential, position)
        return DepartmentsOut(departments=tuple(counts), position=reached)

    @get("/{enquiry_id:uuid}", operation_id="getEnquiry", sync_to_thread=True)
    def read(self, gongkai: Core, credential: Caller, enquiry_id: FromPath[UUID]) -> EnquiryOut:
        """One question: its parts and their queues, the reply due date and whether it is overdue, the history."""
        return EnquiryOut.of(gongkai.enquiry_board.enquiries.view(enquiry_id, credential))

    @post("/{enquiry_id:uuid}/route", operation_id="routeEnquiry", **STEP)
    def route(
        self, gongkai: Core, credential: Caller, enquiry_id: FromPath[UUID], data: JSONBody[cmd.RouteEnquiry]
    ) -> EnquiryOut:
        """转办: send the whole question to the drafting or responsible department (R-ENQ-ROUTE)."""
        return _step(gongkai, enquiry_id, data, credential)

    @post("/{enquiry_id:uuid}/split", operation_id="splitEnquiry", **STEP)
    def split(
        self, gongkai: Core, credential: Caller, enquiry_id: FromPath[UUID], data: JSONBody[cmd.SplitEnquiry]
    ) -> EnquiryOut:
        """分办: divide the question between two or more departments, each answering its share (R-ENQ-ROUTE)."""
        return _step(gongkai, enquiry_id, data, credential)

    @post("/{enquiry_id:uuid}/transfers", operation_id="transferEnquiryPart", **STEP)
    def transfer(
        self, gongkai: Core, credential: Caller, enquiry_id: FromPath[UUID], data: JSONBody[cmd.TransferPart]
    ) -> EnquiryOut:
        """Move a part on to another department, with the reason; its time in each queue is kept (R-ENQ-ROUTE)."""
        return _step(gongkai, enquiry_id, data, credential)

    @post("/{enquiry_id:uuid}/answers", operation_id="answerEnquiryPart", **STEP)
    def answer(
        self, gongkai: Core, credential: Caller, enquiry_id: FromPath[UUID], data: JSONBody[cmd.AnswerPart]
    ) -> EnquiryOut:
        """A department's answer to its part of the question."""
        return _step(gongkai, enquiry_id, data, credential)

    @post("/{enquiry_id:uuid}/reply", operation_id="replyToEnquiry", **STEP)
    def reply(
        self, gongkai: Core, credential: Caller, enquiry_id: FromPath[UUID], data: JSONBody[cmd.ReplyToEnquiry]
    ) -> EnquiryOut:
        """The final reply to the asker, once every part is answered (R-ENQ-REPLY, R-ENQ-ROUTE)."""
        return _step(gongkai, enquiry_id, data, credential)

    @post("/{enquiry_id:uuid}/publication", operation_id="selectEnquiryForPublication", **STEP)
    def publish(
        self,
        gongkai: Core,
        credential: Caller,
        enquiry_id: FromPath[UUID],
        data: JSONBody[cmd.SelectForPublication],
    ) -> EnquiryOut:
        """选登: publish a replied question in an edited text; refused while a text holds the asker's name, identity
        number, phone, address or e-mail as recorded (R-ENQ-PUBLISH)."""
        return _step(gongkai, enquiry_id, data, credential)

    @post("/{enquiry_id:uuid}/publication/withdrawal", operation_id="withdrawEnquiryPublication", **STEP)
    def withdraw(
        self,
        gongkai: Core,
        credential: Caller,
        enquiry_id: FromPath[UUID],
        data: JSONBody[cmd.WithdrawPublication],
    ) -> EnquiryOut:
        """Take a published question down, with the reason."""
        return _step(gongkai, enquiry_id, data, credential)


class PublicEnquiryController(Controller):
    """The message board for anyone, without a token: ask a question; read and search those published."""

    path = "/api/v1/public/enquiries"
    tags = ("public",)
    security = ({},)

    @post("/", operation_id="submitEnquiry", status_code=201, sync_to_thread=True)
    def submit(self, gongkai: Core, data: JSONBody[PublicQuestion]) -> SubmittedOut:
        """Ask a question (网上留言): the answer gives the receipt code to quote, and the day the final reply is due
        (5 working days after the day received, R-ENQ-REPLY). Name and contact details are never published."""
        board = gongkai.enquiry_board.enquiries
        command = cmd.ReceiveEnquiry(
            enquiry_id=uuid.uuid4(),
            channel=EnquiryChannel.ONLINE,
            arrived_at=gongkai.clock.now(),
            **attrs.asdict(data, recurse=False),
        )
        saved = board.submit(command)
        view = board.derive(saved.state, saved.events, saved.state.receipt_date)
        return SubmittedOut(
            id=saved.enquiry_id,
            receipt_code=saved.state.receipt_code,
            receipt_date=saved.state.receipt_date,
            reply_due=view.reply_due.due,
            reply_due_provisional=view.reply_due.provisional,
        )

    @get("/", operation_id="searchPublishedEnquiries", problems=(422,))
    async def search(
        self,
        gongkai: Core,
        q: Annotated[
            str,
            text_query(
                "q",
                "words to find (Chinese is segmented); at least one word when given: punctuation, symbols, numbers "
                "such as ① and words such as 的 alone are refused (400), an empty q lists",
            ),
        ] = "",
        organ: Annotated[str | None, text_query("organ", "the organ that answered")] = None,
        published_from: FromQuery[date | None] = None,
        published_to: FromQuery[date | None] = None,
        page: Annotated[int, Parameter(ge=1, le=MAX_PAGE, description="the page to show, from 1")] = 1,
        page_size: Annotated[int, Parameter(ge=1, le=100)] = 20,
        position: Annotated[int | None, SEEN_POSITION] = None,
    ) -> EnquiryHitPageOut:
        """Published questions and replies (选登): with `q`, most relevant first; without, newest first."""
        query = EnquirySearch(q, organ, published_from, published_to, page, page_size)
        return EnquiryHitPageOut.of(await gongkai.enquiry_board.published.search(query, position))

    @get("/receipts/{code:str}", operation_id="getEnquiryByReceiptCode")
    async def receipt(
        self, gongkai: Core, code: Annotated[str, text_path("code", "the receipt code the question was given")]
    ) -> ReceiptOut:
        """反馈: the asker reads where their question stands and, once given, the final reply, by the receipt code
        (any case; spaces and hyphens are ignored). 404 for a code no question has."""
        return ReceiptOut.of(await gongkai.enquiry_board.receipts.look_up(code))

    @get("/{enquiry_id:uuid}", operation_id="getPublishedEnquiry", sync_to_thread=True)
    def published(self, gongkai: Core, enquiry_id: FromPath[UUID]) -> PublishedEnquiryOut:
        """One published question and its reply; 404 for anything not published."""
        return PublishedEnquiryOut.of(gongkai.enquiry_board.published.published(enquiry_id))
