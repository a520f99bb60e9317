"""Emails: one case rule for storage, uniqueness and lookup, in every script.

A user signs up with an email as they spell it, and can always log in and recover their
password with that email in any case; two spellings that fold to the same email cannot both
register. The rule: Unicode caseless matching (full case folding, compatibility normalised),
with the Turkish dotted and dotless i folded into i.
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.core.config import settings
from app.core.security import get_password_hash
from app.models import User
from app.models.users import email_key
from tests.utils.smtp import SMTPServer
from tests.utils.user import user_authentication_headers

API = settings.API_V1_STR
PASSWORD = "a-good-password"
pytestmark = pytest.mark.usefixtures("db")

# (the email signed up with, other spellings of it that must log in, and register no one)
SPELLINGS = {
    "turkish dotted I": ("İlker@example.com", ["İLKER", "i̇lker", "ilker", "ILKER"]),
    "turkish dotless i": ("ılgın@example.com", ["ILGIN", "ılgın", "ilgin", "IlGıN"]),
    "german sharp s": (
        "Straße@example.com",
        ["STRASSE", "STRAẞE", "strasse", "straße"],
    ),
    "greek sigmas": ("σοφιας@example.com", ["ΣΟΦΙΑΣ", "σοφιασ", "Σοφιας", "ΣΟΦΙΑς"]),
    "combining accent": ("élise@example.com", ["e\u0301lise", "ÉLISE", "E\u0301LISE"]),
    "ligature": ("ﬁnn@example.com", ["finn", "FINN", "Finn"]),
    "ascii": ("Ann.Lee@example.com", ["ann.lee", "ANN.LEE", "aNN.lEE"]),
}
CASES = [
    pytest.param(email, [f"{local}@{email.split('@')[1]}" for local in others], id=name)
    for name, (email, others) in SPELLINGS.items()
]


def sign_up(client: TestClient, email: str) -> Any:
    return client.post(
        f"{API}/users/signup", json={"email": email, "password": PASSWORD}
    )


@pytest.mark.parametrize(("email", "spellings"), CASES)
def test_the_email_signed_up_with_logs_in_in_any_case(
    client: TestClient, email: str, spellings: list[str]
) -> None:
    r = sign_up(client, email)
    assert r.status_code == 200, r.text
    assert r.json()["email"] == email  # kept as spelled: mail goes to that address
    for spelling in [email, email.upper(), email.lower(), *spellings]:
        headers = user_authentication_headers(
            client=client, email=spelling, password=PASSWORD
        )
        me = client.get(f"{API}/users/me", headers=headers).json()
        assert me["id"] == r.json()["id"], spelling


@pytest.mark.parametrize(("email", "spellings"), CASES)
def test_password_recovery_finds_the_email_in_any_case(
    client: TestClient,
    mailbox: SMTPServer,
    email: str,
    spellings: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A mail for each spelling (the limit per account, which counts them as one, aside).
    monkeypatch.setattr(settings, "RECOVERY_MAILS_PER_ACCOUNT", 100)
    assert sign_up(client, email).status_code == 200
    for spelling in [email.upper(), *spellings]:
        assert client.post(f"{API}/password-recovery/{spelling}").status_code == 200
    assert len(mailbox.to(email)) == len(spellings) + 1


@pytest.mark.parametrize(("email", "spellings"), CASES)
def test_spellings_that_fold_together_cannot_both_register(
    client: TestClient,
    superuser_token_headers: dict[str, str],
    email: str,
    spellings: list[str],
) -> None:
    assert sign_up(client, email).status_code == 200
    other = sign_up(client, "someone.else@example.com")
    other_headers = user_authentication_headers(
        client=client, email="someone.else@example.com", password=PASSWORD
    )
    for spelling in [email.upper(), *spellings]:
        r = sign_up(client, spelling)
        assert r.status_code == 400, (spelling, r.text)
        r = client.post(
            f"{API}/users/",
            headers=superuser_token_headers,
            json={"email": spelling, "password": PASSWORD},
        )
        assert r.status_code == 400, (spelling, r.text)
        r = client.patch(
            f"{API}/users/me",
            headers=other_headers,
            json={"email": spelling, "current_password": PASSWORD},
        )
        assert r.status_code == 409, (spelling, r.text)
    assert other.json()["email"] == "someone.else@example.com"


@pytest.mark.parametrize(("email", "spellings"), CASES)
def test_the_database_holds_the_rule_too(
    db: Session, email: str, spellings: list[str]
) -> None:
    """Two requests racing past the app's check still cannot store both spellings."""
    db.add(User(email=email, username="first", hashed_password=get_password_hash("x")))
    db.flush()
    for n, spelling in enumerate(spellings):
        with pytest.raises(IntegrityError), db.begin_nested():
            db.add(User(email=spelling, username=f"other{n}", hashed_password="x"))


@pytest.mark.parametrize("email", [email for email, _ in SPELLINGS.values()])
def test_the_rule_is_stable(email: str) -> None:
    # Folding a folded email changes nothing, so a stored key always matches a new lookup.
    assert email_key(email_key(email)) == email_key(email)
    assert email_key(email.upper()) == email_key(email) == email_key(email.lower())
