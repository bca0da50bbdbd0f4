"""Applicant keys: an HMAC of an applicant's identity number under a server secret that never enters the log.

The same applicant gets the same key in every application, so the per-item fee scale can count their items over a
month (R-REQ-FEE), and the key stays meaningful after their personal data is erased; without the secret nobody can
tell whose number it was, or test a guessed number against it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import unicodedata
from pathlib import Path

from adapters.persistence.database import DatabaseURL
from domain.disclosure_request.values import ApplicantType
from domain.personal_data import PersonalData

SECRET_BYTES = 32


class HmacApplicantKeys:
    """The ApplicantKeys port: HMAC-SHA256 under a secret of 32 random bytes."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("the applicant-key secret holds at least 16 bytes")
        self._secret = secret

    def key(self, applicant: PersonalData, applicant_type: ApplicantType) -> str | None:
        """The key of an applicant's identity number, or None when no number was given.

        The applicant type plays no part: one recorded wrongly (R-REQ-APPLICANT-FIX) must not make the same applicant
        another; identity numbers and unified social credit codes do not coincide in practice.
        """
        # Full-width digits and letters (３１０…Ｘ) are the same number as their ASCII forms.
        number = "".join(unicodedata.normalize("NFKC", applicant.id_number or "").split()).upper()
        if not number:
            return None
        return hmac.new(self._secret, number.encode(), hashlib.sha256).hexdigest()[:32]


def secret_from_file(path: Path) -> bytes:
    """The secret kept in a file, made with fresh random bytes (readable by its owner only) when it does not exist.

    Every process and host serving one database must read the same file: a new secret would give every applicant
    a new key, and their earlier items would no longer count.
    """
    if path.exists():
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written whole under another name, then linked into place: a process starting at the same moment reads either
    # nothing (and makes its own, which loses the race to link) or the whole secret, never half of it.
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, secrets.token_bytes(SECRET_BYTES))
    finally:
        os.close(fd)
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path.read_bytes()


def default_secret_file(database: DatabaseURL) -> Path | None:
    """Where the secret lives unless GONGKAI_APPLICANT_SECRET_FILE says: beside the SQLite file, or under ./var/ for
    PostgreSQL; None for memory://, which keeps nothing."""
    if database.kind == "sqlite":
        return Path(f"{database.path}.applicant-secret")
    if database.kind == "postgresql":
        return Path("var/applicant-secret")
    return None


def applicant_keys(database: DatabaseURL, secret_file: str | None) -> HmacApplicantKeys:
    """The applicant keys of a deployment, from the secret file named or the default one."""
    path = Path(secret_file) if secret_file else default_secret_file(database)
    return HmacApplicantKeys(secret_from_file(path) if path else secrets.token_bytes(SECRET_BYTES))
