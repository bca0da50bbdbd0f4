"""The rules gongkai enforces, as RULES.md states them, one entry per code: what a problem's `type` URL shows, so
that a person refused by a rule can read it and the law it rests on. Pure data."""

from __future__ import annotations

import attrs


@attrs.frozen
class Rule:
    """One rule: its code, a short title, its text and its legal source."""

    code: str
    title: str
    text: str
    source: str


_LAW = "政府信息公开条例 (2019 revision)"
_ENTRIES: tuple[tuple[str, str, str, str], ...] = (
    # Counting
    ("R-COUNT-1", "A period of working days does not count its first day", "民法典 Art. 201",
     "A period of N working days that runs from day D does not count D (期间开始的当日不计入). The due date is the "
     "N-th working day strictly after D. If D is not a working day, the first working day after D is day 1 (a "
     "调休 Sunday counts)."),
    ("R-COUNT-2", "A period of calendar days ends on a working day", "民法典 Art. 203",
     "A period in calendar days (e.g. a 30-day consultation) whose last day is not a working day ends on the next "
     "working day."),
    ("R-COUNT-3", "Provisional due dates past the loaded holiday tables", "国务院办公厅 annual holiday notice",
     "A period that runs into a year whose holiday table is not loaded yields a provisional due date (weekends "
     "only for that year), flagged as such everywhere it is shown, and recomputed when the table is loaded. An "
     "administrator loads a year's table when the State Council's notice appears."),
    ("R-COUNT-4", "Due dates are derived, never stored", "gongkai design",
     "Due dates are derived from the events plus the calendar, at read time. They are never stored as the truth "
     "in an event, so loading a new year's table corrects every open case at once. Business dates are dates in "
     "Asia/Shanghai; event timestamps are UTC instants."),
    # Disclosure on request
    ("R-REQ-RECEIPT", "The receipt date follows from the channel", f"{_LAW} Art. 31",
     "In person: the day the application is handed in. Post: the day the organ signs for it (an unsigned ordinary "
     "letter: the day receipt is confirmed with the applicant, which the office must do on the day the letter "
     "arrives; a later confirmation is recorded with its reason and shown as late). Online or the organ's fax: the "
     "day both sides confirm. The channel and the raw arrival instant are recorded as well."),
    ("R-REQ-REPLY", "Reply within 20 working days", f"{_LAW} Art. 33",
     "Reply within 20 working days of receipt (configurable by the organ)."),
    ("R-REQ-CORRECT", "One correction notice; the reply period restarts", f"{_LAW} Art. 30",
     "If the application is unclear, one correction notice (补正告知) is sent within 7 working days of receipt, "
     "stating what to fix and a reasonable deadline. The reply period restarts from the day the corrected "
     "application is received. A deadline on a day that is not a working day moves to the next working day. "
     "Without a correction by the deadline and without good reason the application is deemed abandoned (视为放弃); "
     "a late correction with a good reason may be accepted by the head of the disclosure office, reason recorded. "
     "Only one correction notice per application."),
    ("R-REQ-EXTEND", "One extension of at most 20 working days", f"{_LAW} Art. 33",
     "One extension of at most 20 working days, approved by the head of the disclosure office (a different person "
     "from the handler), decided and notified to the applicant on or before the current due date. The day it was "
     "decided, not the day it is typed in, is judged against the due date; it may not lie in the future or before "
     "the facts it follows."),
    ("R-REQ-THIRDPARTY", "Consulting a third party stops the clock", f"{_LAW} Art. 32",
     "A third party whose interests are affected is consulted in writing and has 15 working days from receiving "
     "the letter to answer. The consultation time does not count toward the reply period: the working days from "
     "the day after the letter is sent through the day the answer arrives are added to the due date; with no "
     "answer, through the last of its 15 working days. A late answer does not lengthen the pause. An objection "
     "with good reason means not disclosed, unless the public interest overrides, in which case the third party "
     "is told in writing what will be disclosed and why."),
    ("R-REQ-ORGANS", "Consulting other organs stops the clock", f"{_LAW} Art. 33–34",
     "Consulting other administrative organs likewise does not count toward the reply period; organs consulted on "
     "jointly produced information answer within 15 working days, and silence counts as consent."),
    ("R-REQ-APPLICANT", "Every application records its applicant type", "国办公开办函〔2021〕30号",
     "Every application records its applicant type as the annual report counts them: natural person (自然人), or a "
     "legal person or other organisation: business (商业企业), research institution (科研机构), public-interest "
     "organisation (社会公益组织), legal-services body (法律服务机构), other (其他)."),
    ("R-REQ-OUTCOME", "Exactly one outcome, with its legal ground", f"{_LAW} Art. 36–39; 国办公开办函〔2021〕30号",
     "Every closed application has exactly one outcome, and the outcomes are exactly the rows of the annual "
     "report's table 3, each with its legal basis: disclosed (予以公开, incl. already public: say where and how to "
     "obtain it); partially disclosed (部分公开: what is withheld and why); not disclosed (不予公开), cannot provide "
     "(无法提供), not processed (不予处理) and other (其他处理), each with one numbered ground. An applicant may "
     "withdraw at any point before the reply, which closes the case as other, ground 3."),
    ("R-REQ-APPLICANT-FIX", "A wrong applicant type is corrected by an event", "gongkai design",
     "An applicant type recorded wrongly is corrected by an event with its reason; the report counts the corrected "
     "type; nothing is edited."),
    ("R-REQ-FEE", "Processing fees on one scale", f"{_LAW} Art. 42; 国办函〔2020〕109号",
     "Free in principle. Per-item scale, cumulative per applicant per calendar month over all of the applicant's "
     "applications to the organ: items 1–10 free, 11–30 ¥100 each, 31–40 ¥200 each, then +¥100 per further band "
     "of 10. Per-volume scale (paper, e-mail or copied electronic data): up to 30 pages free, 31–100 ¥10 a page, "
     "101–200 ¥20 a page, 201 and more ¥40 a page. One scale per application, never both; a fee notice stops the "
     "clock until payment; the applicant pays within 20 working days counted from the day after they received the "
     "notice; unpaid means abandoned (other, ground 2); fees may be waived with a recorded reason."),
    ("R-REQ-EXCESS", "Clearly excessive applications", f"{_LAW} Art. 35",
     "For a clearly unreasonable number or frequency of applications the organ may ask for reasons, then refuse to "
     "process or set a later reasonable due date, each notified to the applicant."),
    ("R-REQ-DELIVERY", "A reply is on time when handed over or posted by the due date", "国办公开办函〔2016〕235号",
     "A reply is on time if handed over (signature date) or posted (posting date) on or before the due date."),
    ("R-REQ-CONFERENCE", "Joint conference on a hard case", "the bureau's 2024 work plan §1.2",
     "A hard case can be referred to a joint conference (会商) of the disclosure, legal and business departments; "
     "its members and conclusion are recorded."),
    ("R-REQ-CONTACT", "Every contact with the applicant is recorded", "the bureau's 2024 work plan §1.2",
     "Every contact with the applicant (call, guidance, clarification) is recorded."),
    ("R-REQ-REVIEW", "Reconsideration and litigation are recorded", "行政复议法; 行政诉讼法",
     "Reconsideration (行政复议) and litigation (行政诉讼) against a reply, or against a failure to reply in time "
     "(不作为, possible while the case is open), are recorded on the request; those against proactive disclosure on "
     "the document. Litigation is filed directly or after reconsideration, naming the reconsideration it follows. "
     "Each has its result — upheld (维持), corrected (纠正), other (其他) — or is pending (尚未审结); a later decision "
     "supersedes an earlier one and both stay in the history."),
    # Documents
    ("R-DOC-ATTR", "The disclosure attribute is set at the source", "国办发〔2016〕80号",
     "The disclosure attribute (主动公开 proactive / 依申请公开 on request / 不予公开 withheld) is set by the drafting "
     "unit when the document is drafted (源头认定). On request and withheld need a stated legal ground."),
    ("R-DOC-SECRET", "No publication without a passed confidentiality review", "the bureau's 2024 work plan §1.1",
     "No publication without a passed confidentiality review (保密审查) of the same revision: state secrets, work "
     "secrets, sensitive data, personal information."),
    ("R-DOC-REVIEW", "Review before publication, one review per revision", "the bureau's 2024 work plan §1.1",
     "先审查、后公开, 一事一审: each publication needs its own approved disclosure review of exactly that revision; a "
     "review never carries over to another revision or another document."),
    ("R-DOC-SOD", "The drafter does not review their own revision", "gongkai design",
     "The drafter of a revision may not review or approve it; confidentiality reviewer, disclosure reviewer and "
     "approver are recorded by person and role."),
    ("R-DOC-INTERPRET", "A policy is published with its interpretation", "国办发〔2016〕80号",
     "A policy document (including a normative document) is published together with its interpretation (解读): "
     "drafted, reviewed and signed together and published in the same atomic step. A policy cannot be published "
     "without an approved interpretation of its current revision. Follow-up interpretations (跟踪解读) can be added "
     "after publication."),
    ("R-DOC-TIMELY", "Proactive information out within 20 working days", f"{_LAW} Art. 26",
     "Proactive information is published within 20 working days of being formed (the day the document is signed "
     "and issued, 成文) or, once published, of being changed (configurable); overdue items show on the worklist. "
     "Redrafting never moves the deadline."),
    ("R-DOC-DUAL", "Licensing and penalty decisions out within 7 working days",
     "国办发〔2015〕51号; 发改办财金〔2018〕424号",
     "Administrative licensing and penalty decisions are published within 7 working days of the decision date. A "
     "published penalty that is changed, revoked, found unlawful or found void is withdrawn within 3 working days, "
     "and the reason is published in its place (行政处罚法 Art. 48)."),
    ("R-DOC-LINK", "Normative documents link their service items", "the bureau's 2024 work plan §2.3",
     "阅办联动: a normative document that contains 一网通办 service items carries the links to those items when "
     "published."),
    ("R-DOC-CATALOG", "Everything published belongs to a catalogue column", "the bureau's 2024 work plan §1.3",
     "Every published item belongs to a column of the organ's disclosure catalogue (公开标准目录); the catalogue is "
     "itself versioned (columns added, renamed, retired)."),
    ("R-DOC-WITHDRAW", "Withdrawals and corrections are events", "gongkai design",
     "Withdrawal, correction and re-publication are events, never edits; the history shows all."),
    # Consultations, open days, the message board, the annual report
    ("R-CON-DRAFT", "A consultation opens on a draft", "the bureau's 2024 work plan §3.1",
     "A consultation opens on a draft document and publishes a draft interpretation with it."),
    ("R-CON-PERIOD", "Consultation periods", "重大行政决策程序暂行条例 Art. 15",
     "At least 30 calendar days for major administrative decisions and documents closely tied to business "
     "operations; at least 7 working days for other normative documents (configurable). A shorter period needs a "
     "recorded urgency reason published with the consultation."),
    ("R-CON-WINDOW", "Comments only while open", "the bureau's 2024 work plan §3.1",
     "Comments are accepted only while the consultation is open; channel and time are recorded; commenters' "
     "personal data is protected like applicants'."),
    ("R-CON-ADOPT", "Every comment gets a disposition", "the bureau's 2024 work plan §3.1",
     "Every comment gets one disposition — adopted, partly adopted, not adopted — with a reason. The adoption "
     "report (意见采纳情况) can be published only after the final document is published and every comment has a "
     "disposition."),
    ("R-OPEN-CAPACITY", "Never more confirmed registrations than places", "the bureau's 2024 work plan §3.3",
     "Confirmed registrations never exceed capacity, however many people register at once; the rest go on a "
     "waiting list in arrival order and are promoted when someone cancels."),
    ("R-OPEN-SHAPE", "What an open day states", "the bureau's 2024 work plan §3.3",
     "An open day has a format (visit, lecture, live stream, survey), venue or stream link, date and time, "
     "capacity, and registration window (configurable eligibility, e.g. age 18–65)."),
    ("R-OPEN-LIFECYCLE", "An open day's course", "the bureau's 2024 work plan §3.3",
     "Planned → registration open → registration closed → held (attendance recorded) → feedback collected → "
     "summary published; cancelled or rescheduled at any point before held, with registrants notified."),
    ("R-ENQ-REPLY", "A policy question is answered within 5 working days", "the bureau's 2024 work plan §3.4",
     "A question gets its final reply within 5 working days of receipt (configurable)."),
    ("R-ENQ-ROUTE", "Questions are routed to the responsible department", "the bureau's 2024 work plan §3.4",
     "A question is routed (转办, 分办) to the drafting or responsible department; transfers are recorded, and time in "
     "each department's queue is measurable."),
    ("R-ENQ-PUBLISH", "Selected questions are published without personal data", "the bureau's 2024 work plan §3.4",
     "A replied question may be selected for publication (选登) with the asker's personal data removed."),
    ("R-REPORT", "The annual report by 31 January", f"{_LAW} Art. 49–50; 国办公开办函〔2021〕30号",
     "Each organ publishes the previous year's report by 31 January. Its statistical tables (2: proactive "
     "disclosure; 3: disclosure on request by applicant type and outcome; 4: reconsideration and litigation) are "
     "computed from the events, for any past year, identical on every replay; every column of table 3 balances."),
    # The API's own codes
    ("R-INPUT", "Malformed input", "RFC 9457; this API's OpenAPI document",
     "The request is malformed: not JSON, an unknown or missing field, a value of the wrong type or form, or text "
     "longer than its field allows. Each field at fault is named in the problem's errors."),
    ("R-AUTH", "Not authenticated", "this API", "The request carries no valid bearer token."),
    ("R-ROLE", "Not permitted", "this API",
     "The caller's roles do not include one that may take this step, or the rule excludes this person."),
    ("R-NOT-FOUND", "Not found", "this API", "There is no record with that id, or nothing at that path."),
    ("R-CONFLICT", "Concurrent change", "this API",
     "Someone else changed the record at the same moment, twice in a row; read it again and retry."),
    ("R-STEP", "Step out of order", "this API",
     "The step does not fit the record's current state (e.g. a reply to a closed request)."),
    ("R-VALUE", "Value out of range", "this API",
     "A value is well formed but outside what the rules accept (e.g. a date in the future, blank text)."),
    ("R-INTERNAL", "Internal error", "this API",
     "Something went wrong on the server; it has been logged. Nothing a client sends should cause it."),
    ("R-UNAVAILABLE", "Temporarily unavailable", "this API",
     "The server cannot answer now: the database cannot be reached, or a list has not yet caught up with the log "
     "within the time a read waits. Nothing was written; retry after the seconds the Retry-After header gives."),
    ("R-RATE-LIMIT", "Too many requests", "this API",
     "This client has made as many requests to the public endpoints as the limit allows in the current window "
     "(GONGKAI_PUBLIC_RATE_LIMIT). Nothing was done; retry after the seconds the Retry-After header gives."),
    ("R-UNKNOWN", "Unclassified refusal", "this API", "The rules refused the command without naming a rule."),
)  # fmt: skip

RULES: dict[str, Rule] = {code: Rule(code, title, text, source) for code, title, source, text in _ENTRIES}
"""Every rule by its code."""
