"""/api/v1/documents: register, set the attribute, revise, review, attach or detach, publish, withdraw; read one."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated
from uuid import UUID

import anyio.to_thread
import attrs
from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody, Parameter

from adapters.http.document_schemas import DocumentOut, DocumentWorklistOut, NewDocument
from adapters.http.limits import LAST_PAGE
from adapters.http.markers import SEEN_POSITION, Caller, Core, text_query
from application.document_worklist import DocumentWorklistQuery
from application.documents import DocumentSaved
from domain.calendar import business_date
from domain.document import commands as cmd
from domain.document.stage import Stage
from domain.reviews import DecideReview, FileReview

STEP = {"status_code": 200, "sync_to_thread": True}


def _out(gongkai: Core, saved: DocumentSaved, credential: Caller) -> DocumentOut:
    view = gongkai.documents.view(saved.document_id, credential, saved=saved)
    return DocumentOut.of(view, business_date(gongkai.clock.now()), saved.position)


def _step(gongkai: Core, document_id: FromPath[UUID], command: cmd.Command, credential: Caller) -> DocumentOut:
    return _out(gongkai, gongkai.documents.execute(document_id, command, credential), credential)


class DocumentController(Controller):
    """Documents: disclosure attribute at the source, review before publication (先审查、后公开, 一事一审)."""

    path = "/api/v1/documents"
    tags = ("documents",)

    @post("/", operation_id="registerDocument", status_code=201, sync_to_thread=True)
    def register(self, gongkai: Core, credential: Caller, data: JSONBody[NewDocument]) -> DocumentOut:
        """Register a drafted document (revision 1); the registrant is its drafter."""
        command = cmd.RegisterDocument(document_id=uuid.uuid4(), **attrs.asdict(data, recurse=False))
        return _out(gongkai, gongkai.documents.register(command, credential), credential)

    @get("/", operation_id="listDocuments")
    async def worklist(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Annotated[str | None, text_query("organ", "only this organ's")] = None,
        department: Annotated[str | None, text_query("department", "only this department's")] = None,
        stage: Annotated[list[Stage] | None, Parameter(description="one or more stages")] = None,
        awaiting_my_review: Annotated[bool, Parameter(description="documents I may review now")] = False,
        overdue: Annotated[bool | None, Parameter(description="only overdue (true) or only not (false)")] = None,
        due_within: Annotated[
            int | None, Parameter(ge=1, le=366, description="a deadline within N working days")
        ] = None,
        page: Annotated[int, Parameter(ge=1, le=LAST_PAGE, description="the page to show, from 1")] = 1,
        page_size: Annotated[int, Parameter(ge=1, le=500)] = 50,
        position: Annotated[int | None, SEEN_POSITION] = None,
    ) -> DocumentWorklistOut:
        """The document worklist: awaiting my review, overdue, due soon; soonest due first."""
        query = DocumentWorklistQuery(
            organ, department, tuple(stage or ()), awaiting_my_review, overdue, due_within, page, page_size
        )
        calendar = await anyio.to_thread.run_sync(gongkai.calendar.current)
        today = business_date(gongkai.clock.now())
        found = await gongkai.document_worklist.query(query, calendar, today, credential, position)
        return DocumentWorklistOut.of(found, today)

    @get("/{document_id:uuid}", operation_id="getDocument", sync_to_thread=True)
    def read(
        self,
        gongkai: Core,
        credential: Caller,
        document_id: FromPath[UUID],
        as_of_version: Annotated[
            int | None, Parameter(ge=1, description="the document as it stood at this version")
        ] = None,
        as_of: Annotated[datetime | None, Parameter(description="the document as it stood at this instant")] = None,
    ) -> DocumentOut:
        """One document: revisions and their reviews, publication, open deadlines, full history."""
        view = gongkai.documents.view(document_id, credential, version=as_of_version, moment=as_of)
        return DocumentOut.of(view, business_date(gongkai.clock.now()))

    @post("/{document_id:uuid}/issue", operation_id="recordIssue", **STEP)
    def record_issue(
        self,
        gongkai: Core,
        credential: Caller,
        document_id: FromPath[UUID],
        data: JSONBody[cmd.RecordIssue],
    ) -> DocumentOut:
        """成文 / 签发: the day a document registered as a draft was signed and issued; the timeliness clock runs from
        it (R-DOC-TIMELY). Refused once the document has gone out."""
        return _step(gongkai, document_id, data, credential)

    @post("/{document_id:uuid}/attribute", operation_id="setDisclosureAttribute", **STEP)
    def set_attribute(
        self,
        gongkai: Core,
        credential: Caller,
        document_id: FromPath[UUID],
        data: JSONBody[cmd.SetAttribute],
    ) -> DocumentOut:
        """公开属性认定 at the source; a legal ground where not proactive (R-DOC-ATTR)."""
        return _step(gongkai, document_id, data, credential)

    @post("/{document_id:uuid}/revisions", operation_id="reviseDocument", **STEP)
    def revise(
        self,
        gongkai: Core,
        credential: Caller,
        document_id: FromPath[UUID],
        data: JSONBody[cmd.ReviseDocument],
    ) -> DocumentOut:
        """A new revision or correction; it needs reviews of its own (R-DOC-REVIEW, R-DOC-WITHDRAW)."""
        return _step(gongkai, document_id, data, credential)

    @post("/{document_id:uuid}/confidentiality-review", operation_id="reviewConfidentiality", **STEP)
    def review_confidentiality(
        self,
        gongkai: Core,
        credential: Caller,
        document_id: FromPath[UUID],
        data: JSONBody[cmd.ReviewConfidentiality],
    ) -> DocumentOut:
        """保密审查 of the current revision, never by its drafter (R-DOC-SECRET, R-DOC-SOD)."""
        return _step(gongkai, document_id, data, credential)

    @post("/{document_id:uuid}/disclosure-review", operation_id="reviewDisclosure", **STEP)
    def review_disclosure(
        self,
        gongkai: Core,
        credential: Caller,
        document_id: FromPath[UUID],
        data: JSONBody[cmd.ReviewDisclosure],
    ) -> DocumentOut:
        """公开审查 of the current revision, never by its drafter (R-DOC-REVIEW, R-DOC-SOD)."""
        return _step(gongkai, document_id, data, credential)

    @post("/{document_id:uuid}/service-links", operation_id="setServiceLinks", **STEP)
    def service_links(
        self,
        gongkai: Core,
        credential: Caller,
        document_id: FromPath[UUID],
        data: JSONBody[cmd.SetServiceLinks],
    ) -> DocumentOut:
        """阅办联动: links to the normative document's 一网通办 service items (R-DOC-LINK)."""
        return _step(gongkai, document_id, data, credential)

    @post("/{document_id:uuid}/interpretations", operation_id="attachInterpretation", **STEP)
    def attach_interpretation(
        self,
        gongkai: Core,
        credential: Caller,
        document_id: FromPath[UUID],
        data: JSONBody[cmd.AttachInterpretation],
    ) -> DocumentOut:
        """Attach an interpretation to the policy's current revision (R-DOC-INTERPRET)."""
        saved = gongkai.documents.attach_interpretation(document_id, data.interpretation_id, credential)
        return _out(gongkai, saved, credential)

    @post("/{document_id:uuid}/interpretations/detachment", operation_id="detachInterpretation", **STEP)
    def detach_interpretation(
        self,
        gongkai: Core,
        credential: Caller,
        document_id: FromPath[UUID],
        data: JSONBody[cmd.DetachInterpretation],
    ) -> DocumentOut:
        """Detach an interpretation not yet out from the policy's current revision, with the reason."""
        return _out(gongkai, gongkai.documents.detach_interpretation(document_id, data, credential), credential)

    @post("/{document_id:uuid}/publication", operation_id="publishDocument", **STEP)
    def publish(
        self,
        gongkai: Core,
        credential: Caller,
        document_id: FromPath[UUID],
        data: JSONBody[cmd.PublishDocument],
    ) -> DocumentOut:
        """Publish the current revision in a catalogue column; a policy with its interpretations, atomically."""
        return _out(gongkai, gongkai.documents.publish(document_id, data, credential), credential)

    @post("/{document_id:uuid}/withdrawal", operation_id="withdrawDocument", **STEP)
    def withdraw(
        self,
        gongkai: Core,
        credential: Caller,
        document_id: FromPath[UUID],
        data: JSONBody[cmd.WithdrawDocument],
    ) -> DocumentOut:
        """Withdraw a published document, with the reason (R-DOC-WITHDRAW); a policy's interpretations that are
        out are withdrawn with it, in the same step."""
        return _out(gongkai, gongkai.documents.withdraw(document_id, data, credential), credential)

    @post("/{document_id:uuid}/penalty-change", operation_id="recordPenaltyChange", **STEP)
    def penalty_change(
        self,
        gongkai: Core,
        credential: Caller,
        document_id: FromPath[UUID],
        data: JSONBody[cmd.RecordPenaltyChange],
    ) -> DocumentOut:
        """A penalty decision changed, revoked or void: withdraw within 3 working days (R-DOC-DUAL)."""
        return _step(gongkai, document_id, data, credential)

    @post("/{document_id:uuid}/validity", operation_id="setDocumentValidity", **STEP)
    def set_validity(
        self,
        gongkai: Core,
        credential: Caller,
        document_id: FromPath[UUID],
        data: JSONBody[cmd.SetValidity],
    ) -> DocumentOut:
        """有效期 of a regulation or normative document: the day it takes effect and its last valid day (none: no fixed
        term). Set again before the term ends, the later one stands (an extension). Table 2 counts a document whose
        term has ended as repealed in the year after its last day (R-REPORT)."""
        return _step(gongkai, document_id, data, credential)

    @post("/{document_id:uuid}/repeal", operation_id="repealDocument", **STEP)
    def repeal(
        self,
        gongkai: Core,
        credential: Caller,
        document_id: FromPath[UUID],
        data: JSONBody[cmd.RecordRepeal],
    ) -> DocumentOut:
        """废止: a regulation or normative document that went out and is in force was repealed on a day, with the
        reason (R-REPORT). It stays published, marked as repealed; table 2 counts it in the year of its repeal."""
        return _step(gongkai, document_id, data, credential)

    @post("/{document_id:uuid}/reviews", operation_id="fileDocumentReview", **STEP)
    def file_review(
        self,
        gongkai: Core,
        credential: Caller,
        document_id: FromPath[UUID],
        data: JSONBody[FileReview],
    ) -> DocumentOut:
        """行政复议 or 行政诉讼 against the document's proactive disclosure, e.g. one not published (R-REQ-REVIEW)."""
        return _step(gongkai, document_id, data, credential)

    @post("/{document_id:uuid}/reviews/decision", operation_id="decideDocumentReview", **STEP)
    def decide_review(
        self,
        gongkai: Core,
        credential: Caller,
        document_id: FromPath[UUID],
        data: JSONBody[DecideReview],
    ) -> DocumentOut:
        """A decision on a challenge to the document's disclosure; a later one supersedes it (R-REQ-REVIEW)."""
        return _step(gongkai, document_id, data, credential)
