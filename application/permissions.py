"""Who may see and do what: one table of operations and the roles that may perform them, enforced by the use cases.

Reading an applicant's personal data is its own operation: the disclosure office and auditors see who applied;
department handlers, consulted on the substance of a case, see it without the applicant; drafters, reviewers,
publishers and the administrator do not see applications at all (the operator at the server's shell, an
administrator, may export or erase one person's data, as the head of the disclosure office may). Documents before
publication are read by the staff who work on them, the disclosure office and auditors, not by the administrator,
whose work is staff and holiday tables. Auditors read everything and change nothing. Integrators (other systems)
read the event feed in its public-safe form and the holiday tables, nothing else. Consultations are run by the
drafting unit: its drafter opens one on their draft and disposes of each comment; comments by letter or phone reach
the disclosure office, which enters them and, with auditors, sees who commented; publishers publish the adoption
report. The annual report's tables are read by the disclosure office, publishers and auditors; the records behind
each cell by auditors; the disclosure office enters the monthly returns table 2 counts (decisions by department, fee
income), and a document's drafting unit, publishers or the office head its validity and repeal. The order of the
roles in each row is the role a person holding several acts in.
"""

from __future__ import annotations

import enum

from domain import reviews
from domain.actors import Actor, Role
from domain.disclosure_request import commands as request_commands
from domain.document import commands as document_commands
from domain.staff import Credential


class Operation(enum.StrEnum):
    """What a person asks to do or see."""

    READ_REQUESTS = "read_requests"
    """Read applications and the worklist, without who applied."""
    READ_APPLICANTS = "read_applicants"
    """Read applicants' and third parties' personal data."""
    RECEIVE_REQUEST = "receive_request"
    HANDLE_REQUEST = "handle_request"
    """Every step on an application not named below."""
    RECORD_CONTACT = "record_contact"
    """Contacts with the applicant and joint conferences (R-REQ-CONTACT, R-REQ-CONFERENCE)."""
    APPROVE_EXTENSION = "approve_extension"
    ACCEPT_LATE_CORRECTION = "accept_late_correction"
    CORRECT_REPLY = "correct_reply"
    READ_DOCUMENTS = "read_documents"
    """Read documents before publication, and the document worklist."""
    DRAFT = "draft"
    """Register, revise, set the attribute, attach or detach interpretations, set service links."""
    REVIEW_CONFIDENTIALITY = "review_confidentiality"
    REVIEW_DISCLOSURE = "review_disclosure"
    PUBLISH = "publish"
    """Publish, withdraw, keep the catalogue."""
    RECORD_PENALTY_CHANGE = "record_penalty_change"
    RECORD_VALIDITY = "record_validity"
    """Record a regulation's or normative document's validity period and its repeal (table 2 counts them)."""
    RECORD_DOCUMENT_CHALLENGE = "record_document_challenge"
    """Reconsideration and litigation against proactive disclosure, and their decisions."""
    READ_CONSULTATIONS = "read_consultations"
    """Read consultations as staff see them, with their comments and dispositions, without who commented."""
    READ_COMMENTERS = "read_commenters"
    """Read the personal data of those who commented on a consultation."""
    OPEN_CONSULTATION = "open_consultation"
    """Put a draft revision and its draft interpretation to the public (征求意见)."""
    RECEIVE_COMMENT = "receive_comment"
    """Enter a comment that came by letter, phone, e-mail, fax or in person."""
    DISPOSE_COMMENT = "dispose_comment"
    """Give a comment its disposition: adopted, partly adopted or not adopted, with the reason."""
    PUBLISH_ADOPTION_REPORT = "publish_adoption_report"
    """Publish the adoption report (意见采纳情况) once the final document is out."""
    READ_HOLIDAYS = "read_holidays"
    LOAD_HOLIDAYS = "load_holidays"
    READ_EVENT_FEED = "read_event_feed"
    """Follow the log's events: integrators in their public-safe form, auditors in full."""
    READ_EVENTS_IN_FULL = "read_events_in_full"
    """Read every field of every event, personal data included."""
    READ_AUDIT_TRAIL = "read_audit_trail"
    """Read the decision history of any record of any aggregate, and any record as it stood."""
    EXPORT_PERSONAL_DATA = "export_personal_data"
    """Export everything recorded of one person, for their access request (`gongkai privacy export`)."""
    ERASE_PERSONAL_DATA = "erase_personal_data"
    """Erase one person's personal data by destroying their key (`gongkai privacy erase`)."""
    READ_ENQUIRIES = "read_enquiries"
    """Read policy enquiries and the departments' queues, without who asked."""
    READ_ASKERS = "read_askers"
    """Read the personal data of those who asked policy enquiries."""
    RECEIVE_ENQUIRY = "receive_enquiry"
    """Enter a question that came by the hotline, by letter or in person."""
    ROUTE_ENQUIRY = "route_enquiry"
    """转办 and 分办: send a question, or shares of it, to departments; transfer a part on."""
    ANSWER_ENQUIRY_PART = "answer_enquiry_part"
    """A department's answer to its part of a question."""
    REPLY_TO_ENQUIRY = "reply_to_enquiry"
    """The final reply to the asker."""
    PUBLISH_ENQUIRY = "publish_enquiry"
    """选登: select a replied question for publication in an edited text; take it down again."""
    READ_OPEN_DAYS = "read_open_days"
    """Read open days as staff see them (every status, the counts of places and of those waiting)."""
    RUN_OPEN_DAYS = "run_open_days"
    """Plan, open and close registration, reschedule, cancel, record attendance and feedback, publish the summary."""
    READ_REGISTRANTS = "read_registrants"
    """Read who registered for an open day, with their personal data."""
    READ_ANNUAL_REPORT = "read_annual_report"
    """Compute the annual report's tables for an organ or the district, for any year, as of any instant."""
    PUBLISH_ANNUAL_REPORT = "publish_annual_report"
    """Publish an organ's annual report: its figures frozen in the log with their digest."""
    READ_REPORT_RECORDS = "read_report_records"
    """See the records behind each cell of the annual report (registration numbers and ids), to check it by case."""
    ENTER_MONTHLY_RETURN = "enter_monthly_return"
    """Enter a month's counts of decisions by department and the organ's fee income, for table 2."""


_OFFICE = (Role.CLERK, Role.OFFICE_HEAD)
_DOCUMENT_STAFF = (
    Role.DRAFTER,
    Role.CONFIDENTIALITY_REVIEWER,
    Role.DISCLOSURE_REVIEWER,
    Role.PUBLISHER,
    Role.OFFICE_HEAD,
    Role.CLERK,
    Role.DEPARTMENT_HANDLER,
    Role.AUDITOR,
)
ROLES: dict[Operation, tuple[Role, ...]] = {
    Operation.READ_REQUESTS: (*_OFFICE, Role.DEPARTMENT_HANDLER, Role.AUDITOR),
    Operation.READ_APPLICANTS: (*_OFFICE, Role.AUDITOR),
    Operation.RECEIVE_REQUEST: _OFFICE,
    Operation.HANDLE_REQUEST: _OFFICE,
    Operation.RECORD_CONTACT: (*_OFFICE, Role.DEPARTMENT_HANDLER),
    Operation.APPROVE_EXTENSION: (Role.OFFICE_HEAD,),
    Operation.ACCEPT_LATE_CORRECTION: (Role.OFFICE_HEAD,),
    Operation.CORRECT_REPLY: (Role.OFFICE_HEAD,),
    Operation.READ_DOCUMENTS: _DOCUMENT_STAFF,
    Operation.DRAFT: (Role.DRAFTER,),
    Operation.REVIEW_CONFIDENTIALITY: (Role.CONFIDENTIALITY_REVIEWER,),
    Operation.REVIEW_DISCLOSURE: (Role.DISCLOSURE_REVIEWER,),
    Operation.PUBLISH: (Role.PUBLISHER, Role.OFFICE_HEAD),
    Operation.RECORD_PENALTY_CHANGE: (Role.DRAFTER, Role.PUBLISHER, Role.OFFICE_HEAD),
    Operation.RECORD_VALIDITY: (Role.DRAFTER, Role.PUBLISHER, Role.OFFICE_HEAD),
    Operation.RECORD_DOCUMENT_CHALLENGE: (Role.PUBLISHER, Role.OFFICE_HEAD),
    Operation.READ_CONSULTATIONS: _DOCUMENT_STAFF,
    Operation.READ_COMMENTERS: (*_OFFICE, Role.AUDITOR),
    Operation.OPEN_CONSULTATION: (Role.DRAFTER,),
    Operation.RECEIVE_COMMENT: _OFFICE,
    Operation.DISPOSE_COMMENT: (Role.DRAFTER,),
    Operation.PUBLISH_ADOPTION_REPORT: (Role.PUBLISHER, Role.OFFICE_HEAD),
    Operation.READ_HOLIDAYS: tuple(Role),
    Operation.LOAD_HOLIDAYS: (Role.ADMINISTRATOR,),
    Operation.READ_EVENT_FEED: (Role.AUDITOR, Role.INTEGRATOR),
    Operation.READ_EVENTS_IN_FULL: (Role.AUDITOR,),
    Operation.READ_AUDIT_TRAIL: (Role.AUDITOR,),
    Operation.EXPORT_PERSONAL_DATA: (Role.OFFICE_HEAD, Role.ADMINISTRATOR),
    Operation.ERASE_PERSONAL_DATA: (Role.OFFICE_HEAD, Role.ADMINISTRATOR),
    Operation.READ_ENQUIRIES: (*_OFFICE, Role.DEPARTMENT_HANDLER, Role.PUBLISHER, Role.AUDITOR),
    Operation.READ_ASKERS: (*_OFFICE, Role.AUDITOR),
    Operation.RECEIVE_ENQUIRY: _OFFICE,
    Operation.ROUTE_ENQUIRY: _OFFICE,
    Operation.ANSWER_ENQUIRY_PART: (Role.DEPARTMENT_HANDLER,),
    Operation.REPLY_TO_ENQUIRY: (Role.DEPARTMENT_HANDLER, *_OFFICE),
    Operation.PUBLISH_ENQUIRY: (Role.PUBLISHER, Role.OFFICE_HEAD),
    Operation.READ_OPEN_DAYS: (Role.ORGANISER, Role.OFFICE_HEAD, Role.AUDITOR),
    Operation.RUN_OPEN_DAYS: (Role.ORGANISER,),
    Operation.READ_REGISTRANTS: (Role.ORGANISER, Role.AUDITOR),
    Operation.READ_ANNUAL_REPORT: (Role.OFFICE_HEAD, Role.CLERK, Role.PUBLISHER, Role.AUDITOR),
    Operation.PUBLISH_ANNUAL_REPORT: (Role.OFFICE_HEAD, Role.PUBLISHER),
    Operation.READ_REPORT_RECORDS: (Role.AUDITOR,),
    Operation.ENTER_MONTHLY_RETURN: _OFFICE,
}
"""The role × operation matrix; README.md shows it and tests check every API operation against it."""

REQUEST_STEPS: dict[type, Operation] = {
    request_commands.GrantExtension: Operation.APPROVE_EXTENSION,
    request_commands.AcceptLateCorrection: Operation.ACCEPT_LATE_CORRECTION,
    request_commands.CorrectReply: Operation.CORRECT_REPLY,
    request_commands.RecordContact: Operation.RECORD_CONTACT,
    request_commands.HoldConference: Operation.RECORD_CONTACT,
}
"""Steps on an application that are not HANDLE_REQUEST."""

DOCUMENT_STEPS: dict[type, Operation] = {
    document_commands.ReviewConfidentiality: Operation.REVIEW_CONFIDENTIALITY,
    document_commands.ReviewDisclosure: Operation.REVIEW_DISCLOSURE,
    document_commands.RecordPenaltyChange: Operation.RECORD_PENALTY_CHANGE,
    document_commands.SetValidity: Operation.RECORD_VALIDITY,
    document_commands.RecordRepeal: Operation.RECORD_VALIDITY,
    document_commands.PublishDocument: Operation.PUBLISH,
    document_commands.WithdrawDocument: Operation.PUBLISH,
    reviews.FileReview: Operation.RECORD_DOCUMENT_CHALLENGE,
    reviews.DecideReview: Operation.RECORD_DOCUMENT_CHALLENGE,
}
"""Steps on a document that are not DRAFT."""


def acting(credential: Credential, operation: Operation) -> Actor:
    """The person acting in the first role of the operation's row they hold; NotPermitted (R-ROLE) otherwise."""
    return credential.acting_as(ROLES[operation])


def permits(credential: Credential, operation: Operation) -> bool:
    """Whether the person holds a role the operation admits."""
    return any(role in credential.roles for role in ROLES[operation])


def request_step(command: object) -> Operation:
    """The operation a step on an application is."""
    return REQUEST_STEPS.get(type(command), Operation.HANDLE_REQUEST)


def document_step(command: object) -> Operation:
    """The operation a step on a document is."""
    return DOCUMENT_STEPS.get(type(command), Operation.DRAFT)
