import uuid

from fastapi import APIRouter, BackgroundTasks

from app import crud
from app.api.deps import (
    ClientAddress,
    CurrentUser,
    Limit,
    SessionDep,
    Skip,
    SuperUser,
)
from app.core.errors import BadRequest, Forbidden, NotFound, TooManyRequests, responses
from app.core.security import verify_password
from app.models import (
    Message,
    UpdatePassword,
    User,
    UserCreate,
    UserCreated,
    UserPublic,
    UserRegister,
    UsersPublic,
    UserUpdate,
    UserUpdateMe,
)
from app.utils.email import (
    MailNotSent,
    generate_email_changed_email,
    generate_new_account_email,
    send_email,
    send_email_in_background,
)

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/", response_model=UsersPublic, responses=responses(403))
def read_users(
    session: SessionDep, _: SuperUser, skip: Skip = 0, limit: Limit = 100
) -> UsersPublic:
    """Retrieve users (superuser)."""
    users, count = crud.paginate(session, crud.users_query(), skip=skip, limit=limit)
    return UsersPublic(data=[UserPublic.model_validate(u) for u in users], count=count)


@router.post("/", response_model=UserCreated, responses=responses(400, 403))
def create_user(
    *, session: SessionDep, _: SuperUser, user_in: UserCreate
) -> UserCreated:
    """Create new user (superuser); `warning` says if the account mail was not sent."""
    user = crud.create_user(session=session, user_create=user_in)
    email_data = generate_new_account_email(email_to=user.email, username=user.username)
    created = UserCreated.model_validate(user)
    try:
        if not send_email(
            email_to=user.email,
            subject=email_data.subject,
            html_content=email_data.html_content,
        ):
            created.warning = "The account mail was not sent: mail is not configured"
    except MailNotSent as exc:
        created.warning = f"The account mail was not sent. {exc.detail}"
    return created


def _notify_email_change(
    background_tasks: BackgroundTasks, *, old_email: str, user: User
) -> None:
    """Tell the old address, after the answer (a mail failure changes nothing)."""
    if user.email == old_email:
        return
    mail = generate_email_changed_email(
        email_to=old_email, new_email=user.email, username=user.username
    )
    background_tasks.add_task(
        send_email_in_background,
        email_to=old_email,
        subject=mail.subject,
        html_content=mail.html_content,
    )


@router.patch("/me", response_model=UserPublic, responses=responses(400, 409))
def update_user_me(
    *,
    session: SessionDep,
    user_in: UserUpdateMe,
    current_user: CurrentUser,
    background_tasks: BackgroundTasks,
) -> User:
    """Update own user; a new email needs `current_password` and signs out every session."""
    changes = user_in.model_dump(exclude_unset=True, exclude={"current_password"})
    if changes.get("email") not in (None, current_user.email):
        if user_in.current_password is None:
            raise BadRequest("Enter your current password to change your email")
        if not verify_password(user_in.current_password, current_user.hashed_password):
            raise BadRequest("Incorrect password")
    old_email = current_user.email
    user = crud.update_user(
        session=session,
        db_user=current_user,
        user_in=UserUpdate.model_validate(changes),
    )
    _notify_email_change(background_tasks, old_email=old_email, user=user)
    return user


@router.patch("/me/password", response_model=Message, responses=responses(400))
def update_password_me(
    *,
    session: SessionDep,
    body: UpdatePassword,
    current_user: CurrentUser,
    address: ClientAddress,
) -> Message:
    """Update own password."""
    if not verify_password(body.current_password, current_user.hashed_password):
        raise BadRequest("Incorrect password")
    if body.current_password == body.new_password:
        raise BadRequest("New password cannot be the same as the current one")
    crud.set_password(
        session=session,
        user=current_user,
        password=body.new_password,
        address=address,
    )
    return Message(message="Password updated successfully")


@router.get("/me", response_model=UserPublic)
def read_user_me(current_user: CurrentUser) -> User:
    """Get current user."""
    return current_user


@router.delete("/me", response_model=Message, responses=responses(403))
def delete_user_me(session: SessionDep, current_user: CurrentUser) -> Message:
    """Delete own user (with everything they own)."""
    if current_user.is_superuser:
        raise Forbidden("Super users are not allowed to delete themselves")
    crud.delete_user(session=session, user=current_user)
    return Message(message="User deleted successfully")


@router.post("/signup", response_model=UserPublic, responses=responses(400, 429))
def register_user(
    session: SessionDep, user_in: UserRegister, address: ClientAddress
) -> User:
    """Create new user without the need to be logged in.

    Too many signups from the client's address: 429 with Retry-After.
    """
    wait = crud.take_signup(session=session, address=address)
    if wait is not None:  # rolled back with the request: a refusal is not counted
        raise TooManyRequests(
            f"Too many signups from your address: try again in {wait} seconds",
            retry_after=wait,
        )
    # Counted whatever the answer: "this email already exists" is a counted answer.
    session.commit()
    return crud.create_user(
        session=session, user_create=UserCreate.model_validate(user_in)
    )


@router.get(
    "/{user_id}",
    response_model=UserPublic,
    responses=responses(403, 404),
)
def read_user_by_id(
    user_id: uuid.UUID, session: SessionDep, current_user: CurrentUser
) -> User:
    """Get a specific user by id."""
    if user_id == current_user.id:
        return current_user
    if not current_user.is_superuser:
        raise Forbidden("The user doesn't have enough privileges")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("User not found")
    return user


@router.patch(
    "/{user_id}",
    response_model=UserPublic,
    responses=responses(403, 404, 409),
)
def update_user(
    *,
    session: SessionDep,
    current_user: SuperUser,
    user_id: uuid.UUID,
    user_in: UserUpdate,
    background_tasks: BackgroundTasks,
) -> User:
    """Update a user (superuser); 409 for the caller's own lockout, password or email, or
    the last superuser's lockout."""
    db_user = session.get(User, user_id)
    if not db_user:
        raise NotFound("The user with this id does not exist in the system")
    old_email = db_user.email
    user = crud.update_user_as_superuser(
        session=session, db_user=db_user, user_in=user_in, by=current_user
    )
    _notify_email_change(background_tasks, old_email=old_email, user=user)
    return user


@router.delete("/{user_id}", response_model=Message, responses=responses(403, 404, 409))
def delete_user(
    session: SessionDep, current_user: SuperUser, user_id: uuid.UUID
) -> Message:
    """Delete a user (superuser); 409 for the last active superuser."""
    user = session.get(User, user_id)
    if not user:
        raise NotFound("User not found")
    if user.id == current_user.id:
        raise Forbidden("Super users are not allowed to delete themselves")
    crud.delete_user(session=session, user=user)
    return Message(message="User deleted successfully")
