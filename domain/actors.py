"""Who acted: a person in a role. Every event records one."""

from __future__ import annotations

import enum

import attrs


class Role(enum.StrEnum):
    """Staff roles; a person may hold several."""

    CLERK = "clerk"
    """依申请公开经办人: disclosure-office clerk who receives and handles applications."""
    OFFICE_HEAD = "office_head"
    """政务公开办公室负责人: head of the disclosure office; approves extensions."""
    DEPARTMENT_HANDLER = "department_handler"
    """业务科室经办人: business-department handler consulted on a case."""
    ADMINISTRATOR = "administrator"
    """System administrator: staff and holiday tables."""
    AUDITOR = "auditor"
    """Reads every case and its history; changes nothing."""
    DRAFTER = "drafter"
    """起草人: drafts documents in a drafting unit and sets their disclosure attribute."""
    CONFIDENTIALITY_REVIEWER = "confidentiality_reviewer"
    """保密审查人"""
    DISCLOSURE_REVIEWER = "disclosure_reviewer"
    """公开审查人 / 审签: approves exactly one revision for publication."""
    PUBLISHER = "publisher"
    """信息发布员: publishes and withdraws documents, keeps the disclosure catalogue."""
    INTEGRATOR = "integrator"
    """对接系统: another system following the public-safe form of the event feed; reads nothing else."""
    ORGANISER = "organiser"
    """活动组织者: plans and runs government open days, and reads their registrants."""


@attrs.frozen
class Actor:
    """The person who acted and the role they acted in."""

    person_id: str
    name: str
    role: Role


SYSTEM = Actor(person_id="system", name="gongkai", role=Role.ADMINISTRATOR)
"""The software itself, e.g. when it seeds the holiday tables on first start."""
