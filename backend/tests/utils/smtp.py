"""A real SMTP server (aiosmtpd) on a free local port, for tests that check the mail sent."""

import asyncio
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import cast

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SMTPSession

from app.core.config import settings

HOST = "127.0.0.1"


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def html(self) -> str:
        body = self.message.get_body(preferencelist=("html",))
        assert body is not None, "the mail has no HTML part"
        return cast(EmailMessage, body).get_content()  # type: ignore[no-any-return]

    def reset_token(self) -> str:
        """The token of the reset-password link in the mail."""
        match = re.search(r"/reset-password\?token=([A-Za-z0-9._-]+)", self.html)
        assert match, "no reset-password link in the mail"
        return match.group(1)


class SMTPServer:
    """Keeps every message it accepts, in order."""

    host = HOST

    def __init__(self) -> None:
        self.port = 0
        self.messages: list[ReceivedMail] = []
        self._lock = threading.Lock()

    async def handle_DATA(
        self, server: SMTP, session: SMTPSession, envelope: Envelope
    ) -> str:
        assert isinstance(envelope.content, bytes)
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(
                ReceivedMail(
                    mail_from=str(envelope.mail_from),
                    rcpt_tos=list(envelope.rcpt_tos),
                    message=message,
                )
            )
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[ReceivedMail]:
        with self._lock:
            return [m for m in self.messages if address in m.rcpt_tos]


class _EphemeralPortController(Controller):
    """Listens on port 0 (the OS picks a free port) and learns the port it got."""

    def _trigger_server(self) -> None:
        assert isinstance(self.server, asyncio.Server)
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()  # type: ignore[no-untyped-call]


@contextmanager
def running_smtp_server() -> Iterator[SMTPServer]:
    server = SMTPServer()
    controller = _EphemeralPortController(server, hostname=HOST, port=0)
    controller.start()
    server.port = controller.port
    try:
        yield server
    finally:
        controller.stop()


def use_smtp_server(monkeypatch: pytest.MonkeyPatch, server: SMTPServer) -> None:
    """Point the app's SMTP settings at `server` (plain SMTP, no login)."""
    monkeypatch.setattr(settings, "SMTP_HOST", server.host)
    monkeypatch.setattr(settings, "SMTP_PORT", server.port)
    monkeypatch.setattr(settings, "SMTP_TLS", False)
    monkeypatch.setattr(settings, "SMTP_SSL", False)
    monkeypatch.setattr(settings, "SMTP_USER", None)
    monkeypatch.setattr(settings, "SMTP_PASSWORD", None)
    monkeypatch.setattr(settings, "EMAILS_FROM_EMAIL", "noreply@example.com")


def smtp_environment(server: SMTPServer) -> dict[str, str]:
    """The same settings as use_smtp_server, as environment for an API in another process."""
    return {
        "SMTP_HOST": server.host,
        "SMTP_PORT": str(server.port),
        "SMTP_TLS": "False",
        "SMTP_SSL": "False",
        "SMTP_USER": "",
        "SMTP_PASSWORD": "",
        "EMAILS_FROM_EMAIL": "noreply@example.com",
    }


def disable_smtp(monkeypatch: pytest.MonkeyPatch, server: SMTPServer) -> None:
    """No SMTP host; everything else points at `server`, so a mail sent anyway would land there."""
    use_smtp_server(monkeypatch, server)
    monkeypatch.setattr(settings, "SMTP_HOST", None)


def refusing_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def use_unreachable_smtp(monkeypatch: pytest.MonkeyPatch) -> None:
    """SMTP configured, but its port refuses connections (a mail server that is down)."""
    use_smtp_server(monkeypatch, SMTPServer())
    monkeypatch.setattr(settings, "SMTP_PORT", refusing_port())
