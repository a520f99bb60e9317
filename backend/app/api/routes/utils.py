from fastapi import APIRouter
from pydantic.networks import EmailStr
from sqlalchemy import text

from app.api.deps import SessionDep, SuperUser
from app.core.errors import responses
from app.models import Message
from app.utils.email import generate_test_email, send_email

router = APIRouter(prefix="/utils", tags=["utils"])


@router.post("/test-email/", status_code=201, responses=responses(403, 502))
def test_email(email_to: EmailStr, _: SuperUser) -> Message:
    """Send a test mail (superuser); 502 when the mail server fails."""
    email_data = generate_test_email(email_to=email_to)
    send_email(
        email_to=email_to,
        subject=email_data.subject,
        html_content=email_data.html_content,
    )
    return Message(message="Test email sent")


@router.get("/health-check/")
def health_check(session: SessionDep) -> bool:
    """True when the API is up and its database answers (503 when it does not)."""
    session.execute(text("SELECT 1"))
    return True
