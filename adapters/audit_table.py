"""`gongkai audit history ID`: a record's decision history as a table a person reads, or as JSON."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
import uuid
from datetime import datetime
from typing import Any

from adapters.bootstrap import build
from application.audit import AuditTrail
from application.plain_json import plain
from domain.actors import Role
from domain.calendar import SHANGHAI
from domain.disclosure_request.values import OutcomeCategory
from domain.errors import InvalidValue
from domain.labels import label
from domain.staff import Credential

AUDITOR = Credential(uuid.UUID(int=0), 0, "cli-auditor", "服务器操作员（审计）", (Role.AUDITOR,))
"""The operator at the server's shell reading as an auditor: reads everything, changes nothing."""
DUE_LABELS = {
    "reply": "答复期限",
    "correction_notice": "补正告知期限",
    "fee_payment": "缴费期限",
    "publication": "发布期限",
    "withdrawal": "撤回期限",
}
"""The Chinese name of each kind of due date (a consultation's answer keeps its own description)."""
HEADERS = ("版本", "时间（北京时间）", "事件", "人员", "角色", "状态", "结果或理由")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _outcome_or_reason(data: dict[str, Any]) -> str:
    outcome = data.get("outcome")
    if isinstance(outcome, dict) and outcome.get("category"):
        shown = label(OutcomeCategory(outcome["category"])) or outcome["category"]
        return shown + (f"（{data['reason']}）" if data.get("reason") else "")
    return str(data.get("reason") or "")


def rows(trail: AuditTrail) -> list[tuple[str, ...]]:
    """One line per event: version, local time, what happened, who, in which role, the status after, why."""
    found = []
    for entry in trail.entries:
        event = entry.event
        when = datetime.fromisoformat(event.timestamp).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
        role = event.actor["role"]
        found.append(
            (
                str(event.version),
                when,
                entry.label,
                event.actor["name"],
                label(Role(role)) or role,
                entry.status_label or "",
                _outcome_or_reason(event.data),
            )
        )
    return found


def table(trail: AuditTrail) -> str:
    """The history as aligned columns, then the due dates as they stood."""
    lines = [f"{trail.stream_label} {trail.stream_id}"]
    if trail.known_at:
        lines[0] += f"（截至 {trail.known_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M}）"
    body = [HEADERS, *rows(trail)]
    widths = [max(_width(row[i]) for row in body) for i in range(len(HEADERS))]
    lines += ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in body]
    for due in trail.due_dates:
        flag = "（暂定）" if due.provisional else ""
        lines.append(f"{DUE_LABELS.get(due.what, due.what)}（{due.rule}）：{due.due or '—'}{flag}")
    return "\n".join(lines)


def _history(args: argparse.Namespace) -> int:
    try:
        record_id = uuid.UUID(args.record_id)
    except ValueError:
        raise InvalidValue(f"{args.record_id!r} is not a record id (a UUID)", field="record_id") from None
    moment = None
    if args.as_of:
        try:
            moment = datetime.fromisoformat(args.as_of)
        except ValueError:
            raise InvalidValue(f"--as-of {args.as_of!r} is not an ISO 8601 instant", field="as_of") from None
    gongkai = build(args.database_url)
    try:
        trail = gongkai.audit.trail(AUDITOR, record_id, version=args.as_of_version, moment=moment)
    finally:
        gongkai.close()
    if args.json:
        json.dump(plain.unstructure(trail), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(table(trail))
    return 0


def add_history_command(
    audit: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """`gongkai audit history ID [--as-of INSTANT | --as-of-version N] [--json]`."""
    history = audit.add_parser(
        "history", parents=[common], help="a record's decision history (any kind of record), as a table or JSON"
    )
    history.add_argument("record_id", metavar="ID", help="the record's id (an application, a document, …)")
    when = history.add_mutually_exclusive_group()
    when.add_argument("--as-of", metavar="INSTANT", help="as it stood at an instant, e.g. 2025-03-03T18:00:00+08:00")
    when.add_argument("--as-of-version", type=int, metavar="N", help="as it stood at a version")
    history.add_argument("--json", action="store_true", help="JSON instead of a table")
    history.set_defaults(run=_history)
