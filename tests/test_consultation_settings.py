"""R-CON-PERIOD's numbers are the organ's settings: read from the settings file, and applied when a consultation
opens (the defaults for organs the file does not list)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date

import pytest

from adapters.bootstrap import Gongkai, build
from adapters.settings_file import SettingsFileError, parse_settings
from domain.actors import Role
from domain.consultation import commands as cmd
from domain.consultation.rules import ConsultationRules
from domain.consultation.values import CommentChannel, ConsultationCategory
from domain.document import commands as doc_cmd
from domain.document.values import DocumentKind
from domain.errors import DomainError
from tests.support import FixedClock, credential

SLOW = "某区慎重局"
"""An organ that consults on its normative documents for ten working days."""
FILE = {"default": {"major_decision_calendar_days": 45}, "organs": {SLOW: {"normative_working_days": 10}}}
DRAFTER = credential(Role.DRAFTER)


def test_the_settings_file_sets_the_consultation_periods_per_organ() -> None:
    settings = parse_settings(json.dumps(FILE))
    assert settings.consultation_rules(SLOW) == ConsultationRules(
        major_decision_calendar_days=45, normative_working_days=10
    )
    assert settings.consultation_rules("其他机关") == ConsultationRules(major_decision_calendar_days=45)


def test_a_misspelt_consultation_setting_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(SettingsFileError, match="normative_working_days"):
        parse_settings(json.dumps({"default": {"normative_workdays": 10}}))


@pytest.fixture
def gongkai() -> Iterator[Gongkai]:
    """The application in memory, on Monday 10 March 2025, under the file's settings."""
    clock = FixedClock()
    clock.set_business_day(date(2025, 3, 10))
    core = build("memory://", clock=clock, settings=parse_settings(json.dumps(FILE)))
    yield core
    core.close()


def _open(gongkai: Gongkai, organ: str, closes_on: date) -> None:
    document_id = uuid.uuid4()
    register = doc_cmd.RegisterDocument(
        document_id=document_id,
        organ=organ,
        department="法制科",
        kind=DocumentKind.NORMATIVE,
        title="某规范性文件（征求意见稿）",
        formed_on=date(2025, 3, 10),
        text="第一条",
    )
    gongkai.documents.register(register, DRAFTER)
    command = cmd.OpenConsultation(
        consultation_id=uuid.uuid4(),
        document_id=document_id,
        revision=1,
        category=ConsultationCategory.OTHER_NORMATIVE,
        draft_interpretation="解读",
        closes_on=closes_on,
        channels=(CommentChannel.ONLINE,),
    )
    gongkai.consultations.open(command, DRAFTER)


def test_an_organ_with_a_longer_period_refuses_the_statutory_minimum(gongkai: Gongkai) -> None:
    # From Mon 10 March: 7 working days end Wed 19 March; 10 end Mon 24 March (11–14, 17–21, 24).
    _open(gongkai, "其他机关", date(2025, 3, 19))
    with pytest.raises(DomainError) as refused:
        _open(gongkai, SLOW, date(2025, 3, 21))
    assert refused.value.code == "R-CON-PERIOD"
    assert "2025-03-24" in refused.value.message
    _open(gongkai, SLOW, date(2025, 3, 24))
