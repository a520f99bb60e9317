from fastapi import APIRouter
from pydantic.networks import EmailStr
from starlette.concurrency import run_in_threadpool

from app.api.deps import SuperUser
from app.core.config import settings
from app.core.db import ping_database
from app.core.errors import ServiceUnavailable, responses
from app.models import Message, PublicSettings
from app.utils.email import generate_test_email, send_email

router = APIRouter(prefix="/utils", tags=["utils"])

MAIL_NOT_CONFIGURED = (
    "Mail is not configured on this server:"
    " set SMTP_HOST and EMAILS_FROM_EMAIL to send mail"
)


@router.post("/test-email/", status_code=201, responses=responses(403, 502))
def test_email(email_to: EmailStr, _: SuperUser) -> Message:
    """Send a test mail (superuser); 502 when the mail server fails, 503 when this server has
    no mail settings (nothing could be sent)."""
    email_data = generate_test_email(email_to=email_to)
    sent = send_email(
        email_to=email_to,
        subject=email_data.subject,
        html_content=email_data.html_content,
    )
    if not sent:
        raise ServiceUnavailable(MAIL_NOT_CONFIGURED)
    return Message(message="Test email sent")


@router.get("/settings/", response_model=PublicSettings)
async def read_public_settings() -> PublicSettings:
    """What a client needs to know of this server's settings (no token needed)."""
    return PublicSettings(
        project_name=settings.PROJECT_NAME, currency=settings.CURRENCY
    )


@router.get("/health-check/")
async def health_check() -> bool:
    """True while this process serves (liveness). It asks nothing of the database, so it costs
    almost nothing however often it is polled; `/utils/ready/` says whether the database
    answers."""
    return True


@router.get("/ready/", responses=responses(503))
async def ready() -> bool:
    """True when this process can serve requests: its database answers (503 when it does not,
    with Retry-After). For a load balancer's or orchestrator's readiness check."""
    # The ping runs in a thread: a database call never holds the event loop.
    await run_in_threadpool(ping_database)
    return True
