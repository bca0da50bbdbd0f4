"""The notification port's adapters — e-mail over SMTP and the server's log — and the runner that sends the open
days' notices due, in the background of one serving process (on PostgreSQL, the one holding an advisory lock)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import smtplib
import time
from collections.abc import Awaitable, Callable
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

import anyio.to_thread
import attrs

from application.open_day_notices import Notice, NotificationFailed, Notifier, Outbox
from domain.calendar import SHANGHAI
from domain.open_day.values import NoticeKind

logger = logging.getLogger("gongkai.notices")

SUBJECTS = {
    NoticeKind.CONFIRMED: "报名成功：{title}",
    NoticeKind.PROMOTED: "候补转正：{title}",
    NoticeKind.CANCELLED: "活动取消：{title}",
    NoticeKind.RESCHEDULED: "活动改期：{title}",
}
BODIES = {
    NoticeKind.CONFIRMED: "您已成功报名“{title}”，时间：{when}，地点：{where}。",
    NoticeKind.PROMOTED: "有报名者取消，您已由候补转为正式报名“{title}”，时间：{when}，地点：{where}。",
    NoticeKind.CANCELLED: "很抱歉，“{title}”（原定{when}）已取消。",
    NoticeKind.RESCHEDULED: "“{title}”已改期，新的时间：{when}，地点：{where}。",
}


def _fill(template: str, notice: Notice) -> str:
    starts, ends = notice.starts_at.astimezone(SHANGHAI), notice.ends_at.astimezone(SHANGHAI)
    when = f"{starts:%Y-%m-%d %H:%M}–{ends:%H:%M}"
    return template.format(title=notice.title, when=when, where=notice.where)


class LogNotifier:
    """Writes each notice to the server's log (`gongkai.notices`), without personal data: the default channel."""

    def send(self, notice: Notice) -> str:
        """Log the notice by its kind and registration."""
        logger.info("notice %s for registration %s: %s", notice.kind, notice.registration_id,
                    _fill(SUBJECTS[notice.kind], notice))  # fmt: skip
        return "log"


@attrs.frozen
class SmtpNotifier:
    """Sends each notice by e-mail over SMTP (STARTTLS when the server offers it and `starttls`); a registrant without
    an e-mail address (or whose data was erased) is not written to, and the record says so."""

    host: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = None
    starttls: bool = True
    timeout: float = 10.0

    def send(self, notice: Notice) -> str:
        """Send the notice; NotificationFailed when the server refuses it or cannot be reached."""
        address = notice.registrant.email
        if not address or notice.registrant.erased:
            return "none: no e-mail address"
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = address
        message["Subject"] = _fill(SUBJECTS[notice.kind], notice)
        message.set_content(f"{notice.registrant.name}：\n\n{_fill(BODIES[notice.kind], notice)}\n")
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                smtp.ehlo()
                if self.starttls and smtp.has_extn("starttls"):
                    smtp.starttls()
                    smtp.ehlo()
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            raise NotificationFailed(f"{type(error).__name__}: {error}") from error
        return "email"


def notifier_from_env() -> Notifier:
    """GONGKAI_SMTP_URL (`smtp://[user:password@]host:port`) and GONGKAI_SMTP_FROM: e-mail; without them, the log."""
    url = os.environ.get("GONGKAI_SMTP_URL")
    if not url:
        return LogNotifier()
    parts = urlsplit(url)
    if parts.scheme != "smtp" or not parts.hostname:
        raise ValueError(f"GONGKAI_SMTP_URL is smtp://[user:password@]host:port, not {url!r}")
    return SmtpNotifier(
        host=parts.hostname,
        port=parts.port or 25,
        sender=os.environ.get("GONGKAI_SMTP_FROM", "gongkai@localhost"),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


NOTICES_LOCK = 0x6F70656E  # "open"
"""The advisory lock of the process that sends the open days' notices, on PostgreSQL."""
PASS_SECONDS = 0.5


def notices_enabled() -> bool:
    """Whether this process sends the open days' notices: unless GONGKAI_NOTICES is `off` (for tests that count what
    the log holds, and for extra processes that only serve reads)."""
    return os.environ.get("GONGKAI_NOTICES", "on") != "off"


class OutboxRunner:
    """Runs the outbox's passes on the serving loop, in a worker thread, every half second; where `lead` is given
    (PostgreSQL), only while this process holds the notices' lock, so one process sends."""

    def __init__(
        self,
        outbox: Outbox,
        lead: Callable[[], Awaitable[bool]] | None = None,
        give_up: Callable[[], Awaitable[None]] | None = None,
        enabled: bool | None = None,
    ) -> None:
        self.outbox = outbox
        self._lead = lead
        self._give_up = give_up
        self.enabled = notices_enabled() if enabled is None else enabled
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start passing in the background of the running loop (unless notices are off)."""
        if self.enabled:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            try:
                if self._lead is None or await self._lead():
                    await anyio.to_thread.run_sync(self.outbox.run_once)
            except Exception:  # the store away for a moment: the next pass tries again
                logger.exception("a pass of the notices failed")
            await asyncio.sleep(PASS_SECONDS)

    async def stop(self) -> None:
        """Stop passing."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        if self._give_up is not None and self.enabled:
            await self._give_up()


def monotonic() -> float:
    """The clock retries are timed by."""
    return time.monotonic()
