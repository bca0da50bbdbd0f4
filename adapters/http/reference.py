"""/api/v1/reference: public lists for clients and forms (every value with its Chinese label) and the rules a
problem's `type` points to, with their text and legal source."""

from __future__ import annotations

import enum
import re
from typing import Annotated, TypeAlias

import attrs
from litestar import Controller, Request, get
from litestar.params import Parameter

from adapters.http.base_url import base_url
from adapters.http.docstrings import attribute_docs, class_doc
from adapters.http.markers import text_path
from adapters.http.problems import RULES_PATH
from application.errors import NotFound
from domain.disclosure_request.values import GROUNDS, OutcomeCategory, Status
from domain.document.stage import Stage
from domain.labels import LABELS
from domain.rulebook import RULES, Rule

PATH = "/api/v1/reference"
_NAMES = {Status: "request-statuses", Stage: "document-stages"}


def list_name(enum_type: type[enum.Enum]) -> str:
    """The name a list is served under: `OutcomeCategory` → `outcome-categories`."""
    if enum_type in _NAMES:
        return _NAMES[enum_type]
    words = re.sub(r"(?<!^)(?=[A-Z])", "-", enum_type.__name__).lower()
    return words[:-1] + "ies" if words.endswith("y") else words + ("es" if words.endswith("s") else "s")


LISTS: dict[str, type[enum.StrEnum]] = {list_name(t): t for t in LABELS}
"""Every list served, by name: the enums domain/labels.py labels."""
ListName: TypeAlias = Annotated[
    str, Parameter(description="the list's name", max_length=64, schema_extra={"enum": list(LISTS)})
]
RuleCode: TypeAlias = Annotated[str, text_path("code", "a rule's code, e.g. R-REQ-CORRECT")]


@attrs.frozen(kw_only=True)
class GroundOut:
    """A numbered legal ground of an outcome category, as the annual report numbers it."""

    number: int
    text: str


@attrs.frozen(kw_only=True)
class ValueOut:
    """One value a field takes: what to send, its Chinese label, what it means; grounds for outcome categories."""

    value: str
    label: str
    description: str | None
    grounds: tuple[GroundOut, ...] = ()


@attrs.frozen(kw_only=True)
class ListOut:
    """A list of the values a field takes."""

    name: str
    description: str | None
    values: tuple[ValueOut, ...]


@attrs.frozen(kw_only=True)
class RuleOut:
    """A rule of RULES.md (or one of the API's own codes), the page a problem's `type` points to."""

    code: str
    title: str
    text: str
    source: str
    url: str
    outcomes: tuple[ValueOut, ...] = ()
    """For R-REQ-OUTCOME: the outcome categories with their numbered grounds."""


def values_of(enum_type: type[enum.StrEnum]) -> tuple[ValueOut, ...]:
    """Every member of an enum with its label, its docstring and, for outcome categories, its grounds."""
    docs, labels = attribute_docs(enum_type), LABELS[enum_type]
    return tuple(
        ValueOut(
            value=member.value,
            label=labels.get(member.value, member.value),
            description=docs.get(member.name),
            grounds=_grounds(member) if isinstance(member, OutcomeCategory) else (),
        )
        for member in enum_type
    )


def _grounds(category: OutcomeCategory) -> tuple[GroundOut, ...]:
    return tuple(GroundOut(number=n, text=text) for n, text in GROUNDS.get(category, {}).items())


def rule_out(rule: Rule, base_url: str) -> RuleOut:
    """A rule as served, with its own URL."""
    outcomes = values_of(OutcomeCategory) if rule.code == "R-REQ-OUTCOME" else ()
    url = base_url.rstrip("/") + RULES_PATH + rule.code
    return RuleOut(code=rule.code, title=rule.title, text=rule.text, source=rule.source, url=url, outcomes=outcomes)


class ReferenceController(Controller):
    """Reference lists and rules: public, no token needed."""

    path = PATH
    tags = ("reference",)
    security = ({},)

    @get("/", operation_id="listReferenceLists", sync_to_thread=False)
    def index(self) -> tuple[ListOut, ...]:
        """Every reference list with its values and their Chinese labels."""
        return tuple(ListOut(name=name, description=class_doc(t), values=values_of(t)) for name, t in LISTS.items())

    @get("/{name:str}", operation_id="getReferenceList", sync_to_thread=False)
    def one_list(self, name: ListName) -> ListOut:
        """The values one field takes, each with its Chinese label (and, for outcome categories, the grounds)."""
        if name not in LISTS:
            raise NotFound(f"there is no reference list {name}; the lists are " + ", ".join(LISTS), field="name")
        return ListOut(name=name, description=class_doc(LISTS[name]), values=values_of(LISTS[name]))

    @get("/rules", operation_id="listRules", sync_to_thread=False)
    def rules(self, request: Request[object, object, object]) -> tuple[RuleOut, ...]:
        """Every rule gongkai enforces and every code a problem can carry."""
        return tuple(rule_out(rule, base_url(request)) for rule in RULES.values())

    @get("/rules/{code:str}", operation_id="getRule", sync_to_thread=False)
    def rule(self, request: Request[object, object, object], code: RuleCode) -> RuleOut:
        """One rule: its text and legal source (a problem's `type` is this URL)."""
        if code not in RULES:
            raise NotFound(f"there is no rule {code}; GET {RULES_PATH.rstrip('/')} lists them", field="code")
        return rule_out(RULES[code], base_url(request))
