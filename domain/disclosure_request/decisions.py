"""Decisions on disclosure requests: state, command and context in, events out, or a refusal naming its rule.

Each rule family has its own module, which registers its commands in the table of deciders:
receipt_and_correction, extension_and_consultations, fees_and_excess, reply_and_after.
"""

from __future__ import annotations

from domain.context import Context
from domain.disclosure_request import commands as cmd
from domain.disclosure_request import (
    extension_and_consultations,
    fees_and_excess,
    receipt_and_correction,
    reply_and_after,
)
from domain.disclosure_request.guards import DECIDERS
from domain.disclosure_request.state import DisclosureRequest
from domain.events import DomainEvent

receive = receipt_and_correction.receive
receipt_date = receipt_and_correction.receipt_date
send_fee_notice = fees_and_excess.send_fee_notice
_FAMILIES = (extension_and_consultations, reply_and_after)
"""Imported for the commands they register."""


def decide(state: DisclosureRequest, command: cmd.Command, ctx: Context) -> list[DomainEvent]:
    """The events a command on an existing request produces, or a DomainError refusing it."""
    return DECIDERS.decide(state, command, ctx)
