import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

import bcrypt
import jwt

from app.core.config import settings

ALGORITHM = "HS256"

# What a token may be used for; an access token cannot reset a password and vice versa.
TokenPurpose = Literal["access", "password-reset"]


def _prehash(password: str) -> bytes:
    # bcrypt reads at most 72 bytes (bcrypt 5 raises past that). Hashing first with
    # SHA-256 lets every byte of a long password count, and the base64 digest has no NUL.
    return base64.b64encode(hashlib.sha256(password.encode()).digest())


def get_password_hash(password: str) -> str:
    salt = bcrypt.gensalt(rounds=settings.BCRYPT_ROUNDS)
    return bcrypt.hashpw(_prehash(password), salt).decode()


def verify_password(plain_password: str, hashed_password: str) -> bool:
    try:
        return bcrypt.checkpw(_prehash(plain_password), hashed_password.encode())
    except ValueError:  # a malformed stored hash never matches
        return False


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """Checked against when the email is unknown, so a login takes as long either way (made on
    first use: a bcrypt hash at import would slow every worker's start)."""
    return get_password_hash("not a real password")


def _jwt_key() -> bytes:
    return derive_key("jwt")


@dataclass(frozen=True)
class TokenClaims:
    subject: str
    # The user's token_version when the token was issued: a password change moves it on,
    # which ends every token issued before (a counter, so two in one second still differ).
    version: int


def create_token(
    subject: str, *, purpose: TokenPurpose, expires_delta: timedelta, version: int
) -> str:
    now = datetime.now(UTC)
    payload: dict[str, Any] = {
        "sub": subject,
        "purpose": purpose,
        "ver": version,
        "iat": now,
        "nbf": now,
        "exp": now + expires_delta,
    }
    return jwt.encode(payload, _jwt_key(), algorithm=ALGORITHM)


def create_access_token(subject: str, expires_delta: timedelta, version: int) -> str:
    return create_token(
        subject, purpose="access", expires_delta=expires_delta, version=version
    )


def decode_token(token: str, *, purpose: TokenPurpose) -> TokenClaims | None:
    """The token's claims, or None if it is invalid, expired or meant for something else."""
    try:
        payload = jwt.decode(
            token,
            _jwt_key(),
            algorithms=[ALGORITHM],
            options={"require": ["exp", "sub", "ver"]},
        )
    except jwt.PyJWTError:
        return None
    subject, version = payload.get("sub"), payload.get("ver")
    if payload.get("purpose") != purpose or not isinstance(subject, str):
        return None
    if not isinstance(version, int) or isinstance(version, bool):
        return None
    return TokenClaims(subject, version)


def derive_key(label: str) -> bytes:
    """A key for one use (e.g. signing feed cursors) derived from SECRET_KEY."""
    return _derive_key(settings.SECRET_KEY, label)


@lru_cache(maxsize=16)
def _derive_key(secret: str, label: str) -> bytes:
    # Cached per (secret, label), so a changed SECRET_KEY gets new keys at once.
    return hmac.new(secret.encode(), label.encode(), hashlib.sha256).digest()
