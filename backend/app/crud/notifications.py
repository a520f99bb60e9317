"""Notifications: a row written with the change that causes it (the outbox), mailed after the
commit from what was committed. A mail failure marks the row; it never undoes the change."""

import logging
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, update
from sqlalchemy import select as core_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col
from starlette.background import BackgroundTasks

from app.core.config import settings
from app.core.db import new_session
from app.crud.common import (
    profile_columns,
    public_profile,
    read_page_and_total,
    with_total,
)
from app.models import (
    Cleaning,
    Notification,
    NotificationKind,
    NotificationPublic,
    User,
)
from app.models.base import utcnow
from app.utils.email import MailNotSent, render_email_template, send_email

logger = logging.getLogger(__name__)

# Where a session keeps the ids of the notifications it wrote, until they are mailed.
OUTBOX = "notification_outbox"


def notify(
    *,
    session: Session,
    user_id: uuid.UUID,
    kind: NotificationKind,
    cleaning: Cleaning,
    actor_id: uuid.UUID,
) -> None:
    """Add a notification to the caller's transaction (it commits or rolls back with it)."""
    notification = Notification(
        user_id=user_id,
        kind=kind,
        cleaning_id=cleaning.id,
        cleaning_name=cleaning.name,
        actor_id=actor_id,
    )
    session.add(notification)
    session.info.setdefault(OUTBOX, []).append(notification.id)


def mail_after_answer(session: Session, background_tasks: BackgroundTasks) -> None:
    """Mail the notifications this request's session wrote, once the answer is sent (the
    unit of work commits before that): from what was committed, never before."""
    ids: list[uuid.UUID] = session.info.pop(OUTBOX, [])
    if ids:
        background_tasks.add_task(deliver, ids)


_Actor = aliased(User, name="actor")
# A notification and its actor's public profile.
_COLUMNS = (
    *Notification.__table__.columns,  # type: ignore[attr-defined]
    *profile_columns(_Actor, "actor"),
)


def read_notifications(
    *,
    session: Session,
    user_id: uuid.UUID,
    unread_only: bool,
    skip: int,
    limit: int,
) -> tuple[list[NotificationPublic], int]:
    """The user's notifications, newest first, with the actor's public profile; the count."""
    mine = col(Notification.user_id) == user_id
    if unread_only:
        mine = mine & col(Notification.read_at).is_(None)
    count = core_select(func.count()).select_from(Notification).where(mine)
    page = (
        core_select(*_COLUMNS)
        .outerjoin(_Actor, col(_Actor.id) == col(Notification.actor_id))
        .where(mine)
        .order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
        .offset(skip)
        .limit(limit)
    )
    rows, total = read_page_and_total(
        session.connection(), with_total(page, count), count, {}
    )
    return [_public(row) for row in rows], total


def _public(row: dict[str, Any]) -> NotificationPublic:
    return NotificationPublic.model_validate(
        {
            "id": row["id"],
            "kind": row["kind"],
            "created_at": row["created_at"],
            "read_at": row["read_at"],
            "cleaning": {"id": row["cleaning_id"], "name": row["cleaning_name"]},
            "actor": public_profile(row, "actor"),
        }
    )


def mark_read(
    *, session: Session, user_id: uuid.UUID, ids: Sequence[uuid.UUID] | None
) -> int:
    """Mark the user's notifications (those of `ids`, or all) as read; how many were unread.
    Ids of someone else's notifications match nothing."""
    unread = (col(Notification.user_id) == user_id) & col(Notification.read_at).is_(
        None
    )
    if ids is not None:
        unread = unread & col(Notification.id).in_(ids)
    result = session.execute(
        update(Notification).where(unread).values(read_at=func.now())
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


# What each kind says, to the recipient, of the actor and the job.
MESSAGES = {
    NotificationKind.offer_received: "{actor} offered to do your job “{job}”.",
    NotificationKind.hire_cancelled: (
        "{actor} cancelled your job “{job}”: it is open for offers again."
    ),
    NotificationKind.offer_accepted: (
        "{actor} accepted your offer for “{job}”: you are hired. Their phone number is on"
        " the job's page."
    ),
    NotificationKind.offer_declined: "{actor} chose another cleaner for “{job}”.",
    NotificationKind.evaluated: "{actor} rated your work on “{job}”.",
}


def deliver(ids: Sequence[uuid.UUID]) -> None:
    """Mail the committed notifications `ids` to whoever wants mail (after the answer, in the
    background); each is marked mailed or with its error. Never raises."""
    if not ids or not settings.emails_enabled:
        return
    try:
        with new_session() as session:
            _deliver(session, ids)
            session.commit()
    except Exception:  # a background task: nobody to answer, so the log says it
        logger.exception("Mailing notifications %s failed", list(ids))


def _deliver(session: Session, ids: Sequence[uuid.UUID]) -> None:
    recipient = aliased(User, name="recipient")
    rows = session.execute(
        core_select(Notification, recipient, _Actor)
        .join(recipient, col(recipient.id) == col(Notification.user_id))
        .outerjoin(_Actor, col(_Actor.id) == col(Notification.actor_id))
        .where(col(Notification.id).in_(ids), col(Notification.mailed_at).is_(None))
        .order_by(col(Notification.created_at))
        .with_for_update(of=Notification, skip_locked=True)
    ).all()
    for notification, to, actor in rows:
        if not to.notification_mails or not to.is_active:
            continue
        name = (actor.full_name or actor.username) if actor else "Someone"
        message = MESSAGES[notification.kind].format(
            actor=name, job=notification.cleaning_name
        )
        link = (
            f"{settings.FRONTEND_HOST}/cleanings/{notification.cleaning_id}"
            if notification.cleaning_id
            else settings.FRONTEND_HOST
        )
        html = render_email_template(
            template_name="notification.html",
            context={
                "project_name": settings.PROJECT_NAME,
                "username": to.username,
                "message": message,
                "link": link,
            },
        )
        try:
            send_email(
                email_to=to.email,
                subject=f"{settings.PROJECT_NAME} - {message}",
                html_content=html,
            )
            notification.mailed_at = utcnow()
        except MailNotSent as exc:
            notification.mail_error = exc.detail[:500]
        session.add(notification)
