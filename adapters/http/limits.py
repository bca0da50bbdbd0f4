"""The limits of the API's input; above all the longest text each field takes, in characters, by field name: one
table for the door and the OpenAPI document alike.

Names and organs are short, so that they fit any index and any form; free text is generous but bounded, so that
no single value can hold up a read model, a search index or a reply. Counted in Unicode characters (code points),
as JSON Schema's `maxLength` counts them.
"""

from __future__ import annotations

from typing import Final

IDENTIFIER: Final = 64
"""Ids and slugs a person or the system chose: a column id, a consultation id, a staff member's id."""
NAME: Final = 100
"""A person's, an organ's or a department's name."""
TITLE: Final = 500
"""A document's or a link's title: government titles quote the documents they issue, so allow several lines."""
STATEMENT: Final = 2_000
"""A legal ground or a short statement; also the default for a text field not listed."""
FREE_TEXT: Final = 10_000
"""Reasons, summaries, notes, conclusions: about ten pages of Chinese, more than any form field needs."""
DOCUMENT_TEXT: Final = 200_000
"""A document's full text. Normative documents run to 5,000–30,000 characters and the longest reports to about
100,000; 200,000 (about 600 KB of UTF-8) bounds one event's size and the time jieba takes to index it (under a
second) while leaving room for the largest text the bureau publishes."""

MAX_LENGTH: Final[dict[str, int]] = {
    # who and where
    "organ": NAME,
    "department": NAME,
    "name": NAME,
    "handler_name": NAME,
    "organ_name": NAME,
    "responsible_organ": NAME,
    "body": NAME,
    "source": 300,
    # personal data
    "id_number": IDENTIFIER,
    "phone": 32,
    "email": 254,
    "address": 300,
    # ids and slugs
    "handler_id": IDENTIFIER,
    "column_id": IDENTIFIER,
    "column": IDENTIFIER,
    "code": IDENTIFIER,
    "interpretation_column_id": IDENTIFIER,
    "consultation_id": IDENTIFIER,
    "review_id": IDENTIFIER,
    "follows": IDENTIFIER,
    "channels": IDENTIFIER,
    "holidays": 32,
    "workdays": 32,
    # titles, numbers and links
    "title": TITLE,
    "document_number": NAME,
    "url": 2_048,
    "stream_link": 2_048,
    "venue": 300,
    "q": 200,
    # statements and free text
    "legal_ground": STATEMENT,
    "information_requested": FREE_TEXT,
    "what_to_correct": FREE_TEXT,
    "summary": FREE_TEXT,
    "comment": FREE_TEXT,
    "urgency_reason": FREE_TEXT,
    "reason": FREE_TEXT,
    "late_confirmation_reason": FREE_TEXT,
    "subject": FREE_TEXT,
    "to_be_disclosed": FREE_TEXT,
    "note": FREE_TEXT,
    "conclusion": FREE_TEXT,
    "findings": FREE_TEXT,
    "opinion": FREE_TEXT,
    "already_public_at": FREE_TEXT,
    "withheld": FREE_TEXT,
    "description": FREE_TEXT,
    "text": DOCUMENT_TEXT,
    "draft_interpretation": DOCUMENT_TEXT,
    # the policy message board
    "question": FREE_TEXT,
    "answer": FREE_TEXT,
    "reply": FREE_TEXT,
    "scope": STATEMENT,
    "public_title": TITLE,
    "public_question": FREE_TEXT,
    "public_reply": FREE_TEXT,
}
"""The maximum length of each text field, by its name (wherever it appears, nested or in a list)."""

DEFAULT_MAX_LENGTH: Final = STATEMENT
"""For a text field the table does not list."""


LAST_PAGE: Final = 10**9
"""The last page a worklist may ask for: far past any worklist's end (it is empty, not an error), and an offset
every store can take."""


def max_length(field: str) -> int:
    """The maximum length of a text field, by its name."""
    return MAX_LENGTH.get(field, DEFAULT_MAX_LENGTH)
