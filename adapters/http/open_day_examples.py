"""One example of every open-day request body (adapters/http/examples.py gathers them)."""

from __future__ import annotations

from typing import Any

from adapters.http.open_day_schemas import NewOpenDay, NewRegistration
from domain.open_day import commands as cmd

OPEN_DAY_EXAMPLES: dict[type, dict[str, Any]] = {
    NewOpenDay: {
        "organ": "闵行区人力资源和社会保障局",
        "department": "就业促进科",
        "title": "“乐业闵行”就业政策宣讲会",
        "description": "介绍2025年本区就业补贴政策，现场答疑",
        "format": "lecture",
        "venue": "闵行区人社局三楼报告厅",
        "starts_at": "2031-05-20T09:30:00+08:00",
        "ends_at": "2031-05-20T11:30:00+08:00",
        "capacity": 50,
        "registration_opens_at": "2031-05-06T09:00:00+08:00",
        "registration_closes_at": "2031-05-18T17:00:00+08:00",
        "min_age": 18,
        "max_age": 65,
    },
    NewRegistration: {
        "registrant": {"name": "陈静", "id_number": "310112198001010022", "email": "chenjing@example.org"},
        "birth_date": "1980-01-01",
    },
    cmd.OpenRegistration: {},
    cmd.CloseRegistration: {},
    cmd.Reschedule: {
        "starts_at": "2031-05-27T09:30:00+08:00",
        "ends_at": "2031-05-27T11:30:00+08:00",
        "reason": "报告厅设备检修，活动顺延一周",
    },
    cmd.CancelOpenDay: {"reason": "台风红色预警，活动取消"},
    cmd.RecordHeld: {"held_on": "2031-05-20", "attendance": 46},
    cmd.RecordFeedback: {"responses": 40, "findings": "38人满意，建议增加互动环节"},
    cmd.PublishSummary: {"summary": "本次开放活动共46人参加，满意度95%。"},
}
