"""The organs' settings for the configurable rules, read from a JSON file named by GONGKAI_SETTINGS.

    {
      "default": {"reply_working_days": 20, "timely_working_days": 20},
      "organs": {"闵行区人力资源和社会保障局": {"reply_working_days": 15}}
    }

Any field of `RequestRules` or `DocumentRules` may be set; an organ's entry overrides the default for that
organ only, and anything not set keeps the statutory number. So may `enquiry_reply_working_days` of `EnquiryRules`,
and the fields of `ConsultationRules` (R-CON-PERIOD).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs

from application.settings import Settings
from domain.consultation.rules import ConsultationRules
from domain.disclosure_request.rules import RequestRules
from domain.document.rules import DocumentRules
from domain.policy_enquiry.rules import EnquiryRules

_REQUEST_FIELDS = {f.name for f in attrs.fields(RequestRules)}
_DOCUMENT_FIELDS = {f.name for f in attrs.fields(DocumentRules)}
_ENQUIRY_FIELDS = {f.name for f in attrs.fields(EnquiryRules)}
_CONSULTATION_FIELDS = {f.name for f in attrs.fields(ConsultationRules)}


class SettingsFileError(ValueError):
    """A settings file that cannot be used, naming the entry at fault."""


def _rules(entry: Any, where: str, base: tuple[RequestRules, DocumentRules]) -> tuple[RequestRules, DocumentRules]:
    if not isinstance(entry, dict):
        raise SettingsFileError(f"{where} is an object of rule numbers")
    unknown = set(entry) - _REQUEST_FIELDS - _DOCUMENT_FIELDS - _ENQUIRY_FIELDS - _CONSULTATION_FIELDS
    if unknown:
        known = ", ".join(sorted(_REQUEST_FIELDS | _DOCUMENT_FIELDS | _ENQUIRY_FIELDS | _CONSULTATION_FIELDS))
        raise SettingsFileError(f"{where}: unknown {', '.join(sorted(unknown))}; known: {known}")
    for name, value in entry.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 366:
            raise SettingsFileError(f"{where}.{name} is a whole number of days from 1 to 366, not {value!r}")
    request = attrs.evolve(base[0], **{k: v for k, v in entry.items() if k in _REQUEST_FIELDS})
    document = attrs.evolve(base[1], **{k: v for k, v in entry.items() if k in _DOCUMENT_FIELDS})
    return request, document


def parse_settings(text: str) -> Settings:
    """Settings from the JSON text of a settings file."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise SettingsFileError(f"not JSON: {error}") from None
    if not isinstance(data, dict) or set(data) - {"default", "organs"}:
        raise SettingsFileError('the file is an object with "default" and "organs"')
    default = _rules(data.get("default", {}), "default", (RequestRules(), DocumentRules()))
    organs = data.get("organs", {})
    if not isinstance(organs, dict):
        raise SettingsFileError('"organs" maps each organ to its rule numbers')
    by_organ = {organ: _rules(entry, f"organs.{organ}", default) for organ, entry in organs.items()}
    return Settings(
        default_request_rules=default[0],
        request_rules_by_organ={organ: rules[0] for organ, rules in by_organ.items()},
        default_document_rules=default[1],
        document_rules_by_organ={organ: rules[1] for organ, rules in by_organ.items()},
        **_enquiry_settings(data),
        **_consultation_settings(data),
    )


def _enquiry_settings(data: dict[str, Any]) -> dict[str, Any]:
    """The policy-enquiry rules of a settings file already checked: the default's, and each organ's over it."""
    default = attrs.evolve(EnquiryRules(), **{k: v for k, v in data.get("default", {}).items() if k in _ENQUIRY_FIELDS})
    organs = {
        organ: attrs.evolve(default, **{k: v for k, v in entry.items() if k in _ENQUIRY_FIELDS})
        for organ, entry in data.get("organs", {}).items()
    }
    return {"default_enquiry_rules": default, "enquiry_rules_by_organ": organs}


def _consultation_settings(data: dict[str, Any]) -> dict[str, Any]:
    """The consultation rules of a settings file already checked: the default's, and each organ's over it."""
    chosen = {k: v for k, v in data.get("default", {}).items() if k in _CONSULTATION_FIELDS}
    default = attrs.evolve(ConsultationRules(), **chosen)
    organs = {
        organ: attrs.evolve(default, **{k: v for k, v in entry.items() if k in _CONSULTATION_FIELDS})
        for organ, entry in data.get("organs", {}).items()
    }
    return {"default_consultation_rules": default, "consultation_rules_by_organ": organs}


def load_settings(path: str | None) -> Settings:
    """The settings in the file, or the statutory defaults when no file is named."""
    if not path:
        return Settings()
    try:
        return parse_settings(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise SettingsFileError(f"GONGKAI_SETTINGS {path}: {error.strerror}") from None
    except SettingsFileError as error:
        raise SettingsFileError(f"GONGKAI_SETTINGS {path}: {error}") from None
