"""Use cases on policy enquiries (政策留言板): a question submitted by the public or entered by staff, routed, answered,
replied to and selected for publication; get, decide, save."""

from __future__ import annotations

import secrets
from datetime import date
from uuid import UUID

import attrs

from application.calendar import CalendarBook, Contexts
from application.permissions import Operation, acting, permits
from application.personal_data import Intake, NewPersonEachTime, People
from application.ports import ApplicantKeys, Clock, EventStore
from application.saving import Decision, after, decide_and_save, decide_on_remembered
from application.settings import Settings
from application.streams import POLICY_ENQUIRY
from domain.actors import SYSTEM, Actor
from domain.calendar import DueDate, business_date
from domain.errors import InvalidValue
from domain.events import DomainEvent
from domain.policy_enquiry import commands as cmd
from domain.policy_enquiry.deadlines import is_overdue, replied_late, reply_due, working_days_in_queue
from domain.policy_enquiry.decisions import decide, receive
from domain.policy_enquiry.state import PolicyEnquiry
from domain.policy_enquiry.values import EnquiryChannel, Stay
from domain.staff import Credential

ONLINE_FORM = attrs.evolve(SYSTEM, person_id="public", name="网上留言")
"""Who records a question the public submits without a token: the software, on the asker's behalf (the asker's
name is personal data, so it is in the event's `asker`, never in its actor)."""

ENQUIRY_STEPS: dict[type, Operation] = {
    cmd.RouteEnquiry: Operation.ROUTE_ENQUIRY,
    cmd.SplitEnquiry: Operation.ROUTE_ENQUIRY,
    cmd.TransferPart: Operation.ROUTE_ENQUIRY,
    cmd.AnswerPart: Operation.ANSWER_ENQUIRY_PART,
    cmd.ReplyToEnquiry: Operation.REPLY_TO_ENQUIRY,
    cmd.SelectForPublication: Operation.PUBLISH_ENQUIRY,
    cmd.WithdrawPublication: Operation.PUBLISH_ENQUIRY,
}
"""The operation (application/permissions.py) each step on an enquiry is."""

_CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Letters and digits of a receipt code, without those read as others (0/O, 1/I/L)."""


def new_receipt_code() -> str:
    """留言编号: ten letters and digits an asker can read out on the phone, e.g. Q7KX3M9PTA (about 8·10¹⁴ codes)."""
    return "".join(secrets.choice(_CODE_LETTERS) for _ in range(10))


@attrs.frozen
class EnquirySaved:
    """An enquiry's new state and version, the log position of the step's last event, and the events it recorded."""

    enquiry_id: UUID
    version: int
    position: int
    state: PolicyEnquiry
    events: list[DomainEvent]


@attrs.frozen
class StayView:
    """A part's time in one department's queue, in working days (until today while it is there)."""

    stay: Stay
    working_days: int


@attrs.frozen
class EnquiryView:
    """An enquiry as staff read it: its reply due date derived now (R-COUNT-4), the time each part spent in each
    department's queue, its history, and the asker only for those who may read personal data."""

    state: PolicyEnquiry
    reply_due: DueDate
    overdue: bool
    replied_late: bool
    stays: tuple[tuple[int, StayView], ...]
    """(part number, stay) in the order the part went through the departments."""
    history: tuple[DomainEvent, ...]
    personal_data: bool


class PolicyEnquiries:
    """政策留言板 use cases."""

    def __init__(
        self,
        store: EventStore,
        calendar: CalendarBook,
        clock: Clock,
        settings: Settings,
        keys: ApplicantKeys,
        people: People | None = None,
    ) -> None:
        self._store = store
        self._calendar = calendar
        self._clock = clock
        self._settings = settings
        self._intake = Intake(people or NewPersonEachTime(), keys)
        self._contexts = Contexts(calendar, clock, settings)

    def submit(self, command: cmd.ReceiveEnquiry) -> EnquirySaved:
        """A question from the public endpoint, without a token: it arrives online, now."""
        command = attrs.evolve(command, channel=EnquiryChannel.ONLINE, arrived_at=self._clock.now())
        return self._receive(command, ONLINE_FORM)

    def receive(self, command: cmd.ReceiveEnquiry, credential: Credential) -> EnquirySaved:
        """A question that came by the hotline, by letter or in person, entered by staff as it arrived."""
        actor = acting(credential, Operation.RECEIVE_ENQUIRY)
        if command.channel is EnquiryChannel.ONLINE:
            raise InvalidValue("online questions arrive through the public endpoint", field="channel")
        return self._receive(command, actor)

    def _receive(self, command: cmd.ReceiveEnquiry, actor: Actor) -> EnquirySaved:
        command = self._intake.identified(command)
        code = new_receipt_code()

        def decide_receipt() -> Decision:
            event = receive(command, code, self._contexts.for_actor(actor, command.organ))
            return Decision([event], [(POLICY_ENQUIRY, after(POLICY_ENQUIRY, None, [event]))])

        return self._saved(*decide_and_save(self._store, decide_receipt))

    def execute(self, enquiry_id: UUID, command: cmd.Command, credential: Credential) -> EnquirySaved:
        """A step on an enquiry, decided on its state as it stands; a conflict is retried once, then reported."""
        actor = acting(credential, ENQUIRY_STEPS[type(command)])

        def decide_step(state: PolicyEnquiry) -> Decision:
            events = decide(state, command, self._contexts.for_actor(actor, state.organ))
            return Decision(events, [(POLICY_ENQUIRY, after(POLICY_ENQUIRY, state, events))])

        return self._saved(*decide_on_remembered(self._store, POLICY_ENQUIRY, enquiry_id, decide_step))

    @staticmethod
    def _saved(position: int, decision: Decision) -> EnquirySaved:
        state: PolicyEnquiry = decision.states[0][1]
        events = [e for e in decision.events if e.originator_id == state.id]
        return EnquirySaved(state.id, state.version, position, state, events)

    def get(self, enquiry_id: UUID) -> PolicyEnquiry:
        """The current state (NotFound for an id that is no enquiry)."""
        return self._store.load(POLICY_ENQUIRY, enquiry_id)

    def view(self, enquiry_id: UUID, credential: Credential, saved: EnquirySaved | None = None) -> EnquiryView:
        """The enquiry with its due date and queue times derived now; after a step, pass what it `saved`."""
        acting(credential, Operation.READ_ENQUIRIES)
        personal = permits(credential, Operation.READ_ASKERS)
        if saved is not None:
            state, history = saved.state, saved.events
        else:
            state, history = self.get(enquiry_id), self._store.history(enquiry_id)
        return self.derive(state, history, business_date(self._clock.now()), personal)

    def derive(
        self, state: PolicyEnquiry, history: list[DomainEvent], today: date, personal: bool = False
    ) -> EnquiryView:
        """What the calendar and the organ's rules make of an enquiry today (R-COUNT-4)."""
        calendar = self._calendar.current()
        rules = self._settings.enquiry_rules(state.organ)
        stays = tuple(
            (part.number, StayView(stay, working_days_in_queue(stay, calendar, today)))
            for part in state.parts
            for stay in part.stays
        )
        return EnquiryView(
            state=state,
            reply_due=reply_due(state, calendar, rules),
            overdue=is_overdue(state, calendar, rules, today),
            replied_late=replied_late(state, calendar, rules),
            stays=stays,
            history=tuple(history),
            personal_data=personal,
        )
