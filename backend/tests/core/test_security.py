import time
from datetime import timedelta

import jwt
import pytest

from app.core import security
from app.core.config import settings
from app.core.security import (
    TokenClaims,
    create_access_token,
    create_token,
    decode_token,
    get_password_hash,
    verify_password,
)


def test_hash_and_verify_roundtrip() -> None:
    hashed = get_password_hash("correct horse battery staple")
    assert hashed.startswith("$2")
    assert "correct horse" not in hashed
    assert verify_password("correct horse battery staple", hashed)


def test_hashes_are_salted() -> None:
    assert get_password_hash("same password") != get_password_hash("same password")


def test_wrong_password_does_not_verify() -> None:
    hashed = get_password_hash("correct horse battery staple")
    assert not verify_password("Correct horse battery staple", hashed)
    assert not verify_password("", hashed)


@pytest.mark.parametrize("stored", ["", "not-a-hash", "$2b$04$short", "\u00e9\u00e9"])
def test_malformed_stored_hash_does_not_verify(stored: str) -> None:
    assert verify_password("anything at all", stored) is False


def test_every_byte_of_a_long_password_counts() -> None:
    long_password = "x" * 72 + "tail"
    hashed = get_password_hash(long_password)
    assert verify_password(long_password, hashed)
    assert not verify_password("x" * 72, hashed)
    assert not verify_password("x" * 72 + "tale", hashed)


def test_nul_and_multibyte_passwords() -> None:
    for password in ("nul\u0000inside", "\u20ac" * 60, "\U0001f9f9" * 128):
        hashed = get_password_hash(password)
        assert verify_password(password, hashed)
        assert not verify_password(password[:-1], hashed)


def test_access_token_roundtrip() -> None:
    token = create_access_token(
        "subject-1", expires_delta=timedelta(minutes=5), version=7
    )
    assert decode_token(token, purpose="access") == TokenClaims("subject-1", 7)


def test_token_purposes_are_separate() -> None:
    five_minutes = timedelta(minutes=5)
    access = create_token("u", purpose="access", expires_delta=five_minutes, version=0)
    reset = create_token(
        "u", purpose="password-reset", expires_delta=five_minutes, version=0
    )
    assert decode_token(access, purpose="access") == TokenClaims("u", 0)
    assert decode_token(access, purpose="password-reset") is None
    assert decode_token(reset, purpose="password-reset") == TokenClaims("u", 0)
    assert decode_token(reset, purpose="access") is None


def test_expired_token_is_refused() -> None:
    token = create_access_token("u", expires_delta=timedelta(seconds=-1), version=0)
    assert decode_token(token, purpose="access") is None


def test_token_signed_with_another_key_is_refused() -> None:
    token = jwt.encode(
        {"sub": "u", "purpose": "access", "exp": 4102444800, "ver": 0},
        "some-other-key-that-is-long-enough-for-hs256",
        algorithm=security.ALGORITHM,
    )
    assert decode_token(token, purpose="access") is None


@pytest.mark.parametrize(
    "payload",
    [
        {"purpose": "access", "exp": 4102444800, "ver": 0},  # no subject
        {"sub": "u", "purpose": "access", "ver": 0},  # no expiry
        {"sub": 42, "purpose": "access", "exp": 4102444800, "ver": 0},  # not a string
        {"sub": "u", "exp": 4102444800, "ver": 0},  # no purpose
        {"sub": "u", "purpose": "access", "exp": 4102444800},  # no token version
        {"sub": "u", "purpose": "access", "exp": 4102444800, "ver": "0"},
        {"sub": "u", "purpose": "access", "exp": 4102444800, "ver": False},
    ],
)
def test_token_missing_claims_is_refused(payload: dict[str, object]) -> None:
    token = jwt.encode(
        payload, security.derive_key("jwt"), algorithm=security.ALGORITHM
    )
    assert decode_token(token, purpose="access") is None


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "\u00e9.\u00e9.\u00e9"])
def test_garbage_token_is_refused(token: str) -> None:
    assert decode_token(token, purpose="access") is None


def test_unsigned_token_is_refused() -> None:
    token = jwt.encode(
        {"sub": "u", "purpose": "access", "exp": 4102444800, "ver": 0},
        None,
        algorithm="none",
    )
    assert decode_token(token, purpose="access") is None


@pytest.mark.parametrize(
    ("claims", "valid"),
    [
        ({"exp": 4102444800, "nbf": 4102444000}, False),  # not valid yet
        ({"exp": 4102444800, "iat": 4102444000}, False),  # issued in the future
        ({"exp": 4102444800, "nbf": 1, "iat": 1}, True),
        ({"exp": "4102444800"}, False),  # times are numbers
        ({"exp": 4102444800, "nbf": "1"}, False),
    ],
)
def test_token_times_follow_pyjwts_rules(
    claims: dict[str, object], valid: bool
) -> None:
    token = jwt.encode(
        {"sub": "u", "purpose": "access", "ver": 0, **claims},
        security.derive_key("jwt"),
        algorithm=security.ALGORITHM,
    )
    for _ in range(2):  # checked once, then remembered: the same answer
        claims_ = decode_token(token, purpose="access")
        assert (claims_ == TokenClaims("u", 0)) is valid


def test_a_remembered_token_still_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    token = create_access_token("u", expires_delta=timedelta(seconds=60), version=0)
    assert decode_token(token, purpose="access") == TokenClaims("u", 0)
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert decode_token(token, purpose="access") is None


def test_a_new_secret_key_refuses_old_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    token = create_access_token("u", expires_delta=timedelta(minutes=5), version=0)
    assert decode_token(token, purpose="access") == TokenClaims("u", 0)
    monkeypatch.setattr(settings, "SECRET_KEY", "another-secret-key-entirely")
    assert decode_token(token, purpose="access") is None
