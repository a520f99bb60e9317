"""Outgoing mail: HTML bodies from templates, sent over SMTP when SMTP settings exist."""

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from app.core.config import settings
from app.core.errors import BadGateway
from app.core.security import create_token
from app.models import User

logger = logging.getLogger(__name__)

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parents[1] / "email-templates" / "build"),
    autoescape=select_autoescape(["html"]),
)


@dataclass
class EmailData:
    html_content: str
    subject: str


def render_email_template(*, template_name: str, context: dict[str, Any]) -> str:
    return _templates.get_template(template_name).render(context)


class MailNotSent(BadGateway):
    """The mail server failed or could not be reached (logged where it happens)."""

    def __init__(self) -> None:
        super().__init__(
            "The mail server could not be reached: the mail could not be sent"
        )


def send_email(*, email_to: str, subject: str, html_content: str) -> bool:
    """Send one HTML mail; without SMTP settings, log that it was not sent and return False.

    Raises MailNotSent when the mail server fails: callers decide what the client sees.
    """
    if not settings.emails_enabled:
        logger.warning(
            "SMTP is not configured: not sending %r to %s", subject, email_to
        )
        return False
    assert settings.SMTP_HOST and settings.EMAILS_FROM_EMAIL
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = formataddr(
        (settings.EMAILS_FROM_NAME or "", settings.EMAILS_FROM_EMAIL)
    )
    message["To"] = email_to
    message.set_content(
        "This message is HTML; open it in a mail client that shows HTML."
    )
    message.add_alternative(html_content, subtype="html")

    smtp_class = smtplib.SMTP_SSL if settings.SMTP_SSL else smtplib.SMTP
    try:
        with smtp_class(settings.SMTP_HOST, settings.SMTP_PORT, timeout=10) as server:
            if settings.SMTP_TLS and not settings.SMTP_SSL:
                server.starttls()
            if settings.SMTP_USER and settings.SMTP_PASSWORD:
                server.login(settings.SMTP_USER, settings.SMTP_PASSWORD)
            server.send_message(message)
    except OSError as exc:  # refused, timed out, TLS or SMTP errors (SMTPException too)
        logger.error(
            "%r to %s could not be sent through %s:%s: %r",
            subject,
            email_to,
            settings.SMTP_HOST,
            settings.SMTP_PORT,
            exc,
        )
        raise MailNotSent() from exc
    logger.info("Sent %r to %s", subject, email_to)
    return True


def send_email_in_background(*, email_to: str, subject: str, html_content: str) -> None:
    """send_email for a mail no client waits on: a failure is logged (by send_email) only."""
    try:
        send_email(email_to=email_to, subject=subject, html_content=html_content)
    except MailNotSent:
        pass


def generate_test_email(email_to: str) -> EmailData:
    subject = f"{settings.PROJECT_NAME} - Test email"
    html_content = render_email_template(
        template_name="test_email.html",
        context={"project_name": settings.PROJECT_NAME, "email": email_to},
    )
    return EmailData(html_content=html_content, subject=subject)


def generate_reset_password_email(email_to: str, email: str, token: str) -> EmailData:
    subject = f"{settings.PROJECT_NAME} - Password recovery for user {email}"
    link = f"{settings.FRONTEND_HOST}/reset-password?token={token}"
    html_content = render_email_template(
        template_name="reset_password.html",
        context={
            "project_name": settings.PROJECT_NAME,
            "username": email,
            "email": email_to,
            "valid_hours": settings.EMAIL_RESET_TOKEN_EXPIRE_HOURS,
            "link": link,
        },
    )
    return EmailData(html_content=html_content, subject=subject)


def generate_new_account_email(email_to: str, username: str) -> EmailData:
    subject = f"{settings.PROJECT_NAME} - New account for user {username}"
    html_content = render_email_template(
        template_name="new_account.html",
        context={
            "project_name": settings.PROJECT_NAME,
            "username": username,
            "email": email_to,
            "link": settings.FRONTEND_HOST,
        },
    )
    return EmailData(html_content=html_content, subject=subject)


def generate_email_changed_email(
    email_to: str, new_email: str, username: str
) -> EmailData:
    """The notice to the old address that the account's email was changed."""
    subject = f"{settings.PROJECT_NAME} - The email of your account was changed"
    html_content = render_email_template(
        template_name="email_changed.html",
        context={
            "project_name": settings.PROJECT_NAME,
            "username": username,
            "email": email_to,
            "new_email": new_email,
        },
    )
    return EmailData(html_content=html_content, subject=subject)


def generate_password_reset_token(user: User) -> str:
    return create_token(
        str(user.id),
        purpose="password-reset",
        expires_delta=timedelta(hours=settings.EMAIL_RESET_TOKEN_EXPIRE_HOURS),
        version=user.token_version,
    )
