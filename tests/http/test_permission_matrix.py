"""Who may do what, as a table over every operation of the served OpenAPI document × every role.

Each operation is named here with the permission it needs (application/permissions.py), or as public: a new
endpoint fails the first test until someone decides who may call it. Every call carries a valid body (the
document's own example) and ids of records that do not exist, so a permitted role gets past the permission check
(to a 404, 409 or 422, or a 200) and any other role is refused with 403 before anything is read.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from application.permissions import ROLES, Operation
from domain.actors import SYSTEM, Role
from tests.http.conftest import Api, Person, open_api

PUBLIC = None
OPERATIONS: dict[str, Operation | None] = {
    "receiveDisclosureRequest": Operation.RECEIVE_REQUEST,
    "listDisclosureRequests": Operation.READ_REQUESTS,
    "getDisclosureRequest": Operation.READ_REQUESTS,
    "assignHandler": Operation.HANDLE_REQUEST,
    "requestCorrection": Operation.HANDLE_REQUEST,
    "receiveCorrection": Operation.HANDLE_REQUEST,
    "acceptLateCorrection": Operation.ACCEPT_LATE_CORRECTION,
    "declareAbandoned": Operation.HANDLE_REQUEST,
    "recordWithdrawal": Operation.HANDLE_REQUEST,
    "correctApplicantType": Operation.HANDLE_REQUEST,
    "grantExtension": Operation.APPROVE_EXTENSION,
    "startConsultation": Operation.HANDLE_REQUEST,
    "recordLetterReceived": Operation.HANDLE_REQUEST,
    "recordConsultationAnswer": Operation.HANDLE_REQUEST,
    "notifyOverride": Operation.HANDLE_REQUEST,
    "sendFeeNotice": Operation.HANDLE_REQUEST,
    "recordFeeNoticeReceived": Operation.HANDLE_REQUEST,
    "recordFeePayment": Operation.HANDLE_REQUEST,
    "waiveFee": Operation.HANDLE_REQUEST,
    "requestReasons": Operation.HANDLE_REQUEST,
    "setLaterDueDate": Operation.HANDLE_REQUEST,
    "holdConference": Operation.RECORD_CONTACT,
    "recordContact": Operation.RECORD_CONTACT,
    "reply": Operation.HANDLE_REQUEST,
    "correctReply": Operation.CORRECT_REPLY,
    "recordDelivery": Operation.HANDLE_REQUEST,
    "fileReview": Operation.HANDLE_REQUEST,
    "decideReview": Operation.HANDLE_REQUEST,
    "registerDocument": Operation.DRAFT,
    "listDocuments": Operation.READ_DOCUMENTS,
    "getDocument": Operation.READ_DOCUMENTS,
    "setDisclosureAttribute": Operation.DRAFT,
    "recordIssue": Operation.DRAFT,
    "reviseDocument": Operation.DRAFT,
    "reviewConfidentiality": Operation.REVIEW_CONFIDENTIALITY,
    "reviewDisclosure": Operation.REVIEW_DISCLOSURE,
    "setServiceLinks": Operation.DRAFT,
    "attachInterpretation": Operation.DRAFT,
    "detachInterpretation": Operation.DRAFT,
    "publishDocument": Operation.PUBLISH,
    "withdrawDocument": Operation.PUBLISH,
    "recordPenaltyChange": Operation.RECORD_PENALTY_CHANGE,
    "setDocumentValidity": Operation.RECORD_VALIDITY,
    "repealDocument": Operation.RECORD_VALIDITY,
    "fileDocumentReview": Operation.RECORD_DOCUMENT_CHALLENGE,
    "decideDocumentReview": Operation.RECORD_DOCUMENT_CHALLENGE,
    "openConsultation": Operation.OPEN_CONSULTATION,
    "listConsultations": Operation.READ_CONSULTATIONS,
    "listCommentsAwaitingDisposition": Operation.READ_CONSULTATIONS,
    "getConsultation": Operation.READ_CONSULTATIONS,
    "receiveComment": Operation.RECEIVE_COMMENT,
    "disposeComment": Operation.DISPOSE_COMMENT,
    "publishAdoptionReport": Operation.PUBLISH_ADOPTION_REPORT,
    "listOpenConsultations": PUBLIC,
    "getPublicConsultation": PUBLIC,
    "submitComment": PUBLIC,
    "getAdoptionReport": PUBLIC,
    "getCatalogue": PUBLIC,
    "addColumn": Operation.PUBLISH,
    "renameColumn": Operation.PUBLISH,
    "retireColumn": Operation.PUBLISH,
    "searchPublishedDocuments": PUBLIC,
    "getPublishedDocument": PUBLIC,
    "receiveEnquiry": Operation.RECEIVE_ENQUIRY,
    "listEnquiries": Operation.READ_ENQUIRIES,
    "listEnquiryQueues": Operation.READ_ENQUIRIES,
    "countEnquiriesByDepartment": Operation.READ_ENQUIRIES,
    "getEnquiry": Operation.READ_ENQUIRIES,
    "routeEnquiry": Operation.ROUTE_ENQUIRY,
    "splitEnquiry": Operation.ROUTE_ENQUIRY,
    "transferEnquiryPart": Operation.ROUTE_ENQUIRY,
    "answerEnquiryPart": Operation.ANSWER_ENQUIRY_PART,
    "replyToEnquiry": Operation.REPLY_TO_ENQUIRY,
    "selectEnquiryForPublication": Operation.PUBLISH_ENQUIRY,
    "withdrawEnquiryPublication": Operation.PUBLISH_ENQUIRY,
    "submitEnquiry": PUBLIC,
    "searchPublishedEnquiries": PUBLIC,
    "getPublishedEnquiry": PUBLIC,
    "getEnquiryByReceiptCode": PUBLIC,
    "dueDate": PUBLIC,
    "listHolidayYears": Operation.READ_HOLIDAYS,
    "loadHolidayYear": Operation.LOAD_HOLIDAYS,
    "listReferenceLists": PUBLIC,
    "getReferenceList": PUBLIC,
    "listRules": PUBLIC,
    "getAuditTrail": Operation.READ_AUDIT_TRAIL,
    "getRule": PUBLIC,
    "listEvents": Operation.READ_EVENT_FEED,
    "streamEvents": Operation.READ_EVENT_FEED,
    "listEventSchemas": PUBLIC,
    "getEventSchema": PUBLIC,
    "planOpenDay": Operation.RUN_OPEN_DAYS,
    "listOpenDays": Operation.READ_OPEN_DAYS,
    "getOpenDay": Operation.READ_OPEN_DAYS,
    "openRegistration": Operation.RUN_OPEN_DAYS,
    "closeRegistration": Operation.RUN_OPEN_DAYS,
    "rescheduleOpenDay": Operation.RUN_OPEN_DAYS,
    "cancelOpenDay": Operation.RUN_OPEN_DAYS,
    "recordOpenDayHeld": Operation.RUN_OPEN_DAYS,
    "recordOpenDayFeedback": Operation.RUN_OPEN_DAYS,
    "publishOpenDaySummary": Operation.RUN_OPEN_DAYS,
    "listUpcomingOpenDays": PUBLIC,
    "getUpcomingOpenDay": PUBLIC,
    "registerForOpenDay": PUBLIC,
    "getOwnRegistration": PUBLIC,
    "cancelOwnRegistration": PUBLIC,
    "getAnnualReport": Operation.READ_ANNUAL_REPORT,
    "getDistrictAnnualReport": Operation.READ_ANNUAL_REPORT,
    "publishAnnualReport": Operation.PUBLISH_ANNUAL_REPORT,
    "getAnnualReportPage": Operation.READ_ANNUAL_REPORT,
    "getAnnualReportWorkbook": Operation.READ_ANNUAL_REPORT,
    "getAnnualReportCsv": Operation.READ_ANNUAL_REPORT,
    "getMonthlyReturn": Operation.READ_ANNUAL_REPORT,
    "countDecisions": Operation.ENTER_MONTHLY_RETURN,
    "recordFeeIncome": Operation.ENTER_MONTHLY_RETURN,
}
"""Every operation of the API and the permission it needs (PUBLIC: none, no token)."""

PATH_VALUES = {"organ": "某区某局", "column_id": "policies", "name": "roles", "code": "R-INPUT"}
PATH_VALUES |= {"consultation_id": str(uuid.uuid4()), "comment_id": str(uuid.uuid4())}
QUERY_VALUES = {
    "dueDate": {"after": "2025-03-03", "working_days": "5"},
    "streamEvents": {"until": "0"},  # the stream ends at once instead of following the log
}
PATH_VALUES |= {"enquiry_id": str(uuid.uuid4()), "year": "2025", "month": "2025-03"}


@pytest.fixture(scope="module")
def matrix_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Api, dict[Role, Person]]]:
    """The API on SQLite (permissions do not depend on the store) with one person per role, each holding only it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'gongkai.sqlite3'}"
    for api in open_api(url):
        people = {}
        for role in Role:
            person_id, token = api.gongkai.staff.add(f"只任{role.value}", (role,), SYSTEM)
            people[role] = Person(person_id=person_id, name=role.value, token=token)
        yield api, people


def _document(api: Api) -> dict[str, Any]:
    response = api.client.get("/schema/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield method, path, operation


def _example(document: dict[str, Any], operation: dict[str, Any]) -> Any:
    if "requestBody" not in operation:
        return None
    reference = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return document["components"]["schemas"][reference.rsplit("/", 1)[1]]["examples"][0]


def _url(path: str) -> str:
    for name, value in PATH_VALUES.items():
        path = path.replace(f"{{{name}}}", value)
    for name in ("request_id", "document_id", "record_id", "open_day_id"):
        path = path.replace(f"{{{name}}}", str(uuid.uuid4()))
    return path


def test_every_operation_of_the_api_has_its_permission_decided(matrix_api: tuple[Api, dict[Role, Person]]) -> None:
    api, _ = matrix_api
    served = {operation["operationId"] for _, _, operation in _operations(_document(api))}
    assert served == set(OPERATIONS), (
        f"undecided: {sorted(served - set(OPERATIONS))}; gone: {sorted(set(OPERATIONS) - served)}"
    )


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_refused_exactly_the_operations_it_may_not_perform(
    matrix_api: tuple[Api, dict[Role, Person]], role: Role
) -> None:
    api, people = matrix_api
    document = _document(api)
    wrong: list[str] = []
    for method, path, operation in _operations(document):
        needed = OPERATIONS[operation["operationId"]]
        response = api.client.request(
            method.upper(),
            _url(path),
            json=_example(document, operation),
            params=QUERY_VALUES.get(operation["operationId"]),
            headers=people[role].headers,
        )
        allowed = needed is PUBLIC or role in ROLES[needed]
        refused = response.status_code == 403 and response.json()["code"] == "R-ROLE"
        if allowed == refused or response.status_code in (400, 401, 500):
            wrong.append(f"{operation['operationId']}: {response.status_code} {response.text[:160]}")
    assert wrong == [], f"{role}: " + "\n".join(wrong)


def test_public_operations_answer_without_a_token(matrix_api: tuple[Api, dict[Role, Person]]) -> None:
    api, _ = matrix_api
    document = _document(api)
    for method, path, operation in _operations(document):
        response = api.client.request(method.upper(), _url(path), params=QUERY_VALUES.get(operation["operationId"]))
        expected_public = OPERATIONS[operation["operationId"]] is PUBLIC
        assert (response.status_code != 401) == expected_public, (operation["operationId"], response.status_code)


def test_the_readme_shows_the_matrix_as_the_code_has_it() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    for operation, roles in ROLES.items():
        row = f"| `{operation.value}` | " + ", ".join(f"`{r.value}`" for r in roles) + " |"
        assert row in readme, f"README.md lacks the row {row}"
