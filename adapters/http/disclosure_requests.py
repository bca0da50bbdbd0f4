"""/api/v1/disclosure-requests: register an application, one endpoint per step, read one, the worklist."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated
from uuid import UUID

import anyio.to_thread
import attrs
from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody, Parameter

from adapters.http.limits import LAST_PAGE
from adapters.http.markers import SEEN_POSITION, Caller, Core, text_query
from adapters.http.schemas import DisclosureRequestOut, NewDisclosureRequest, WorklistOut
from application.worklist import WorklistQuery
from domain.calendar import business_date
from domain.disclosure_request import commands as cmd
from domain.disclosure_request.values import Status

STEP = {"status_code": 200, "sync_to_thread": True}


def _step(
    gongkai: Core, request_id: FromPath[UUID], command: cmd.Command | cmd.SendFeeNotice, credential: Caller
) -> DisclosureRequestOut:
    saved = gongkai.requests.execute(request_id, command, credential)
    return DisclosureRequestOut.of(gongkai.requests.view(request_id, credential, saved=saved), saved.position)


class DisclosureRequestController(Controller):
    """依申请公开: applications for disclosure and every step of their handling."""

    path = "/api/v1/disclosure-requests"
    tags = ("disclosure requests",)

    @post("/", operation_id="receiveDisclosureRequest", status_code=201, sync_to_thread=True)
    def receive(
        self,
        gongkai: Core,
        credential: Caller,
        data: JSONBody[NewDisclosureRequest],
    ) -> DisclosureRequestOut:
        """Register an application; its receipt date follows from the channel (R-REQ-RECEIPT)."""
        command = cmd.ReceiveRequest(request_id=uuid.uuid4(), **attrs.asdict(data, recurse=False))
        saved = gongkai.requests.receive(command, credential)
        view = gongkai.requests.view(saved.request_id, credential, saved=saved)
        return DisclosureRequestOut.of(view, saved.position)

    @get("/", operation_id="listDisclosureRequests")
    async def worklist(
        self,
        gongkai: Core,
        credential: Caller,
        status: Annotated[list[Status] | None, Parameter(description="one or more statuses")] = None,
        organ: Annotated[str | None, text_query("organ", "only this organ's")] = None,
        department: Annotated[str | None, text_query("department", "only this department's")] = None,
        overdue: Annotated[
            bool | None, Parameter(description="only overdue (true) or only not overdue (false)")
        ] = None,
        due_within: Annotated[
            int | None, Parameter(ge=1, le=366, description="open, due within N working days")
        ] = None,
        page: Annotated[int, Parameter(ge=1, le=LAST_PAGE, description="the page to show, from 1")] = 1,
        page_size: Annotated[int, Parameter(ge=1, le=500)] = 50,
        position: Annotated[int | None, SEEN_POSITION] = None,
    ) -> WorklistOut:
        """The worklist: filtered by status, organ, department, overdue or due soon; soonest due first."""
        query = WorklistQuery(tuple(status or ()), organ, department, overdue, due_within, page, page_size)
        calendar = await anyio.to_thread.run_sync(gongkai.calendar.current)
        today = business_date(gongkai.clock.now())
        return WorklistOut.of(await gongkai.worklist.query(query, calendar, today, credential, position))

    @get("/{request_id:uuid}", operation_id="getDisclosureRequest", sync_to_thread=True)
    def read(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        as_of_version: Annotated[
            int | None, Parameter(ge=1, description="the case as it stood at this version")
        ] = None,
        as_of: Annotated[datetime | None, Parameter(description="the case as it stood at this instant")] = None,
    ) -> DisclosureRequestOut:
        """One request: status, reply due date and its derivation, and the full event history."""
        view = gongkai.requests.view(request_id, credential, version=as_of_version, moment=as_of)
        return DisclosureRequestOut.of(view)

    @post("/{request_id:uuid}/handler", operation_id="assignHandler", **STEP)
    def assign(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.AssignHandler],
    ) -> DisclosureRequestOut:
        """Hand the case to a handler in a department."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/correction-notice", operation_id="requestCorrection", **STEP)
    def request_correction(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.RequestCorrection],
    ) -> DisclosureRequestOut:
        """补正告知: the one correction notice, within 7 working days of receipt (R-REQ-CORRECT)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/correction", operation_id="receiveCorrection", **STEP)
    def receive_correction(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.ReceiveCorrection],
    ) -> DisclosureRequestOut:
        """The corrected application arrived: the reply period restarts (R-REQ-CORRECT)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/correction/late-acceptance", operation_id="acceptLateCorrection", **STEP)
    def accept_late_correction(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.AcceptLateCorrection],
    ) -> DisclosureRequestOut:
        """A correction after its deadline, accepted for a good reason by the head of the disclosure office; the reply
        period restarts (R-REQ-CORRECT)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/abandonment", operation_id="declareAbandoned", **STEP)
    def declare_abandoned(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.DeclareAbandoned],
    ) -> DisclosureRequestOut:
        """视为放弃: close after the correction or payment deadline passed (R-REQ-CORRECT, R-REQ-FEE); `decided_on`
        defaults to today (send `{}`)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/withdrawal", operation_id="recordWithdrawal", **STEP)
    def withdrawal(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.RecordWithdrawal],
    ) -> DisclosureRequestOut:
        """撤回申请: the applicant withdrew before the reply, also while a correction or fee was awaited; the case
        closes as 其他处理 (ground 3) (R-REQ-OUTCOME)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/applicant-type", operation_id="correctApplicantType", **STEP)
    def correct_applicant_type(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.CorrectApplicantType],
    ) -> DisclosureRequestOut:
        """Correct an applicant type recorded wrongly, with the reason; the report counts the corrected type
        (R-REQ-APPLICANT-FIX)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/extension", operation_id="grantExtension", **STEP)
    def grant_extension(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.GrantExtension],
    ) -> DisclosureRequestOut:
        """延期答复: the one extension, by the head of the disclosure office, never the handler (R-REQ-EXTEND)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/consultations", operation_id="startConsultation", **STEP)
    def start_consultation(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.StartConsultation],
    ) -> DisclosureRequestOut:
        """Consult a third party or another organ; the clock stops (R-REQ-THIRDPARTY, R-REQ-ORGANS)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/consultations/letter-received", operation_id="recordLetterReceived", **STEP)
    def letter_received(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.RecordLetterReceived],
    ) -> DisclosureRequestOut:
        """The day the consulted party received the letter; its 15 working days run from then."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/consultations/answer", operation_id="recordConsultationAnswer", **STEP)
    def consultation_answer(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.RecordConsultationAnswer],
    ) -> DisclosureRequestOut:
        """The consulted party's answer; the clock runs again."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/consultations/public-interest-override", operation_id="notifyOverride", **STEP)
    def public_interest_override(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.NotifyPublicInterestOverride],
    ) -> DisclosureRequestOut:
        """Tell an objecting third party what will be disclosed in the public interest, and why."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/fee-notice", operation_id="sendFeeNotice", **STEP)
    def fee_notice(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.SendFeeNotice],
    ) -> DisclosureRequestOut:
        """收费通知 on one scale; the clock stops until payment or waiver (R-REQ-FEE)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/fee-notice/receipt", operation_id="recordFeeNoticeReceived", **STEP)
    def fee_notice_received(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.RecordFeeNoticeReceived],
    ) -> DisclosureRequestOut:
        """The applicant received the fee notice; the 20 working days to pay run from the next day (R-REQ-FEE)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/fee-payment", operation_id="recordFeePayment", **STEP)
    def fee_payment(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.RecordFeePayment],
    ) -> DisclosureRequestOut:
        """The fee was paid (R-REQ-FEE)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/fee-waiver", operation_id="waiveFee", **STEP)
    def fee_waiver(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.WaiveFee],
    ) -> DisclosureRequestOut:
        """The fee is waived, with the reason (R-REQ-FEE)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/reasons-request", operation_id="requestReasons", **STEP)
    def reasons_request(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.RequestReasons],
    ) -> DisclosureRequestOut:
        """Ask an apparently excessive applicant for reasons (R-REQ-EXCESS)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/later-due-date", operation_id="setLaterDueDate", **STEP)
    def later_due_date(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.SetLaterDueDate],
    ) -> DisclosureRequestOut:
        """A later reasonable due date for an excessive application (R-REQ-EXCESS)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/conferences", operation_id="holdConference", **STEP)
    def conference(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.HoldConference],
    ) -> DisclosureRequestOut:
        """会商: a joint conference of the disclosure, legal and business sides (R-REQ-CONFERENCE)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/contacts", operation_id="recordContact", **STEP)
    def contact(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.RecordContact],
    ) -> DisclosureRequestOut:
        """A call, guidance or clarification with the applicant (R-REQ-CONTACT)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/reply", operation_id="reply", **STEP)
    def reply(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.Reply],
    ) -> DisclosureRequestOut:
        """答复 with exactly one outcome and its legal ground (R-REQ-OUTCOME)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/reply/correction", operation_id="correctReply", **STEP)
    def correct_reply(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.CorrectReply],
    ) -> DisclosureRequestOut:
        """A reply recorded with the wrong outcome, corrected by the head of the disclosure office with the reason;
        the case keeps both, and the report counts the corrected one (R-REQ-OUTCOME)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/delivery", operation_id="recordDelivery", **STEP)
    def delivery(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.RecordDelivery],
    ) -> DisclosureRequestOut:
        """送达: handed over or posted; on time when on or before the due date (R-REQ-DELIVERY)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/reviews", operation_id="fileReview", **STEP)
    def file_review(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.FileReview],
    ) -> DisclosureRequestOut:
        """行政复议 or 行政诉讼 against the reply, or against a failure to reply while the case is open; litigation
        after reconsideration names the reconsideration it `follows` (R-REQ-REVIEW)."""
        return _step(gongkai, request_id, data, credential)

    @post("/{request_id:uuid}/reviews/decision", operation_id="decideReview", **STEP)
    def decide_review(
        self,
        gongkai: Core,
        credential: Caller,
        request_id: FromPath[UUID],
        data: JSONBody[cmd.DecideReview],
    ) -> DisclosureRequestOut:
        """The result of a reconsideration or lawsuit: upheld, corrected or other; a later decision (appeal, retrial)
        supersedes an earlier one and both are kept (R-REQ-REVIEW)."""
        return _step(gongkai, request_id, data, credential)
