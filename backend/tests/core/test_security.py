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
    claims = decode_token(token, purpose="access")
    assert claims is not None
    assert (claims.subject, claims.version) == ("subject-1", 7)


def test_every_token_has_its_own_id() -> None:
    # A logout ends one token by its id; two issued in the same second still differ.
    tokens = [
        create_access_token("s", expires_delta=timedelta(minutes=5), version=0)
        for _ in range(2)
    ]
    claims = [decode_token(t, purpose="access") for t in tokens]
    assert claims[0] is not None and claims[1] is not None
    assert claims[0].token_id != claims[1].token_id


def test_token_purposes_are_separate() -> None:
    five_minutes = timedelta(minutes=5)
    access = create_token("u", purpose="access", expires_delta=five_minutes, version=0)
    reset = create_token(
        "u", purpose="password-reset", expires_delta=five_minutes, version=0
    )
    assert isinstance(decode_token(access, purpose="access"), TokenClaims)
    assert decode_token(access, purpose="password-reset") is None
    assert isinstance(decode_token(reset, purpose="password-reset"), TokenClaims)
    assert decode_token(reset, purpose="access") is None


def test_expired_token_is_refused() -> None:
    token = create_access_token("u", expires_delta=timedelta(seconds=-1), version=0)
    assert decode_token(token, purpose="access") is None


JTI = "5f0e6bd1c1b54f4f9a1c7f0d5c3e2b1a"


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
        {"sub": "u", "purpose": "access", "exp": 4102444800, "ver": 0, "jti": None},
        {"sub": "u", "purpose": "access", "exp": 4102444800, "ver": 0, "jti": "x"},
        {"sub": "u", "purpose": "access", "exp": 4102444800, "ver": 0, "jti": 1},
    ],
)
def test_token_missing_claims_is_refused(payload: dict[str, object]) -> None:
    token = jwt.encode(
        {"jti": JTI, **payload},
        security.derive_key("jwt"),
        algorithm=security.ALGORITHM,
    )
    assert decode_token(token, purpose="access") is None


def test_a_token_without_an_id_is_refused() -> None:
    # The id is what a logout ends: a token without one could not be ended.
    payload = {"sub": "u", "purpose": "access", "exp": 4102444800, "ver": 0}
    key = security.derive_key("jwt")
    token = jwt.encode(payload, key, algorithm=security.ALGORITHM)
    assert decode_token(token, purpose="access") is None
    token = jwt.encode({**payload, "jti": JTI}, key, algorithm=security.ALGORITHM)
    assert decode_token(token, purpose="access") is not None


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
        {"sub": "u", "purpose": "access", "ver": 0, "jti": JTI, **claims},
        security.derive_key("jwt"),
        algorithm=security.ALGORITHM,
    )
    for _ in range(2):  # checked once, then remembered: the same answer
        claims_ = decode_token(token, purpose="access")
        assert (claims_ is not None and claims_.subject == "u") is valid


def test_a_remembered_token_still_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    token = create_access_token("u", expires_delta=timedelta(seconds=60), version=0)
    assert isinstance(decode_token(token, purpose="access"), TokenClaims)
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert decode_token(token, purpose="access") is None


def test_a_new_secret_key_refuses_old_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    token = create_access_token("u", expires_delta=timedelta(minutes=5), version=0)
    assert isinstance(decode_token(token, purpose="access"), TokenClaims)
    monkeypatch.setattr(settings, "SECRET_KEY", "another-secret-key-entirely")
    assert decode_token(token, purpose="access") is None
