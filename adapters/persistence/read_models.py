"""The read models of folded states that gongkai keeps, and where each one's rows live."""

from __future__ import annotations

from adapters.persistence.state_rows import StateRowsSpec
from application.streams import DISCLOSURE_REQUEST, DOCUMENT
from domain.disclosure_request.state import DisclosureRequest
from domain.document.stage import stage
from domain.document.state import Document

REQUEST_WORKLIST = StateRowsSpec(
    name="worklist",
    sqlite_table="request_worklist",
    postgres_table="gongkai_request_worklist",
    state_type=DisclosureRequest,
    keys=lambda r: (r.organ, r.department, r.status.value),
    fold_version=DISCLOSURE_REQUEST.fold_version,
)
DOCUMENT_WORKLIST = StateRowsSpec(
    name="document_worklist",
    sqlite_table="document_worklist",
    postgres_table="gongkai_document_worklist",
    state_type=Document,
    keys=lambda d: (d.organ, d.department, stage(d).value),
    fold_version=DOCUMENT.fold_version,
)
