from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends
from fastapi.responses import HTMLResponse
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import EmailStr

from app import crud
from app.api.deps import ClientAddress, CurrentUser, SessionDep, SuperUser, TokenDep
from app.core import security
from app.core.config import settings
from app.core.errors import BadRequest, NotFound, TooManyRequests, responses
from app.models import Message, NewPassword, Token, User, UserPublic
from app.utils.email import (
    generate_password_reset_token,
    generate_reset_password_email,
    send_email_in_background,
)

router = APIRouter(tags=["login"])


@router.post("/login/access-token", responses=responses(400, 429))
def login_access_token(
    session: SessionDep,
    form_data: Annotated[OAuth2PasswordRequestForm, Depends()],
    address: ClientAddress,
) -> Token:
    """OAuth2 compatible token login, get an access token for future requests.

    Too many failed logins for the account from the client's address, for the account from
    everywhere (unless the address logged in to it before), or from the address: 429 with
    Retry-After.
    """
    attempt = {"email": form_data.username, "address": address}
    wait = crud.take_login_attempt(session=session, **attempt)
    if (
        wait is not None
    ):  # rolled back with the request: a refused attempt is not counted
        raise TooManyRequests(
            f"Too many failed logins: try again in {wait} seconds", retry_after=wait
        )
    # Kept whatever the answer, and the counters are not locked through the password check.
    session.commit()
    user = crud.authenticate(
        session=session, email=form_data.username, password=form_data.password
    )
    if not user:
        raise BadRequest("Incorrect email or password")
    if not user.is_active:
        raise BadRequest("Inactive user")
    crud.forget_login_attempt(session=session, **attempt)
    expires = timedelta(minutes=settings.ACCESS_TOKEN_EXPIRE_MINUTES)
    return Token(
        access_token=security.create_access_token(
            str(user.id), expires_delta=expires, version=user.token_version
        )
    )


@router.post("/login/logout")
def logout(session: SessionDep, token: TokenDep, _: CurrentUser) -> Message:
    """End the presented access token on the server (other sessions stay signed in)."""
    crud.revoke_token(session=session, token=token)
    return Message(message="Logged out")


@router.post("/login/test-token", response_model=UserPublic)
def test_token(current_user: CurrentUser) -> User:
    """Test access token."""
    return current_user


@router.post("/password-recovery/{email}", responses=responses(429))
def recover_password(
    email: EmailStr,
    session: SessionDep,
    background_tasks: BackgroundTasks,
    address: ClientAddress,
) -> Message:
    """Password recovery: mail a reset link, if the email belongs to a user.

    The answer is the same either way, so it does not tell who has an account; past a few
    mails to an account in a window no more are sent, with the same answer. Too many requests
    from the client's address: 429 with Retry-After.
    """
    wait = crud.take_recovery_request(session=session, address=address)
    if wait is not None:
        raise TooManyRequests(
            f"Too many recovery requests: try again in {wait} seconds",
            retry_after=wait,
        )
    # Counted for every email, registered or not, so the work done does not tell them apart.
    may_mail = crud.take_recovery_mail(session=session, email=email)
    user = crud.get_user_by_email(session=session, email=email)
    if user and may_mail:
        token = generate_password_reset_token(user)
        email_data = generate_reset_password_email(
            email_to=user.email, email=email, token=token
        )
        # Sent after the answer: a slow or failing mail server changes neither what the
        # client is told nor when, so the answer never tells a registered email apart.
        background_tasks.add_task(
            send_email_in_background,
            email_to=user.email,
            subject=email_data.subject,
            html_content=email_data.html_content,
        )
    return Message(
        message="If that email is registered, we sent a password recovery link"
    )


@router.post("/reset-password/", responses=responses(400))
def reset_password(
    session: SessionDep, body: NewPassword, address: ClientAddress
) -> Message:
    """Reset the password with the token from the recovery mail."""
    # Locked: of two resets racing with one token, the second sees the version moved on.
    user = crud.get_user_by_token(
        session=session, token=body.token, purpose="password-reset", for_update=True
    )
    if not user:  # also: used, issued before a password change, or its user deleted
        raise BadRequest("Invalid token")
    if not user.is_active:
        raise BadRequest("Inactive user")
    crud.set_password(
        session=session, user=user, password=body.new_password, address=address
    )
    return Message(message="Password updated successfully")


@router.post(
    "/password-recovery-html-content/{email}",
    response_class=HTMLResponse,
    responses=responses(403, 404),
)
def recover_password_html_content(
    email: EmailStr, session: SessionDep, _: SuperUser
) -> HTMLResponse:
    """HTML content of the password recovery mail (superuser)."""
    user = crud.get_user_by_email(session=session, email=email)
    if not user:
        raise NotFound("The user with this username does not exist in the system.")
    token = generate_password_reset_token(user)
    email_data = generate_reset_password_email(
        email_to=user.email, email=email, token=token
    )
    return HTMLResponse(
        content=email_data.html_content, headers={"subject": email_data.subject}
    )
