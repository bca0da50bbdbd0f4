"""GONGKAI_SETTINGS: an organ's configurable rule numbers, read from a file (RULES.md: configurable rules)."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path

import pytest

from adapters.bootstrap import build
from adapters.settings_file import SettingsFileError, load_settings, parse_settings
from domain.actors import Role
from domain.disclosure_request import commands as cmd
from domain.disclosure_request.values import ApplicantType, Channel
from domain.personal_data import PersonalData
from tests.support import FixedClock, credential

BUREAU = "闵行区人力资源和社会保障局"


def test_an_organ_overrides_the_default_and_the_rest_keep_the_law() -> None:
    settings = parse_settings(
        json.dumps({"default": {"timely_working_days": 15}, "organs": {BUREAU: {"reply_working_days": 15}}})
    )
    assert settings.request_rules(BUREAU).reply_working_days == 15
    assert settings.request_rules(BUREAU).correction_notice_working_days == 7
    assert settings.request_rules("闵行区民政局").reply_working_days == 20
    assert settings.document_rules(BUREAU).timely_working_days == 15
    assert settings.document_rules("闵行区民政局").timely_working_days == 15


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("not json", "not JSON"),
        ('{"defaults": {}}', '"default" and "organs"'),
        ('{"default": {"reply_days": 15}}', "default: unknown reply_days"),
        ('{"organs": {"x": {"reply_working_days": 0}}}', "organs.x.reply_working_days"),
        ('{"organs": {"x": {"reply_working_days": true}}}', "organs.x.reply_working_days"),
        ('{"organs": []}', '"organs"'),
    ],
)
def test_a_bad_file_is_refused_naming_the_entry(text: str, names: str) -> None:
    with pytest.raises(SettingsFileError) as refusal:
        parse_settings(text)
    assert names in str(refusal.value)


def test_a_missing_file_is_named() -> None:
    with pytest.raises(SettingsFileError) as refusal:
        load_settings("/nonexistent/gongkai-settings.json")
    assert "/nonexistent/gongkai-settings.json" in str(refusal.value)


def test_the_reply_period_of_an_organ_follows_its_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"organs": {BUREAU: {"reply_working_days": 15}}}), encoding="utf-8")
    monkeypatch.setenv("GONGKAI_SETTINGS", str(path))
    clock = FixedClock()
    clock.set_business_day(date(2025, 3, 3))
    gongkai = build("memory://", clock=clock)
    try:
        request = cmd.ReceiveRequest(
            request_id=uuid.uuid4(),
            organ=BUREAU,
            department="办公室",
            channel=Channel.IN_PERSON,
            arrived_at=clock.now(),
            confirmed_on=None,
            applicant=PersonalData("李四"),
            applicant_type=ApplicantType.NATURAL_PERSON,
            information_requested="2024年就业补贴发放情况",
        )
        saved = gongkai.requests.receive(request, credential(Role.CLERK))
        # Received Mon 3/3: 3/4–3/7 = 1–4, 3/10–3/14 = 5–9, 3/17–3/21 = 10–14, Mon 3/24 = 15.
        assert gongkai.requests.view(saved.request_id, credential(Role.CLERK)).clock.due == date(2025, 3, 24)
    finally:
        gongkai.close()
