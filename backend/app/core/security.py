import base64
import hashlib
import hmac
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

import bcrypt
import jwt

from app.core.config import settings
from app.core.trips import step_aside

ALGORITHM = "HS256"

# What a token may be used for; an access token cannot reset a password and vice versa.
TokenPurpose = Literal["access", "password-reset"]


def _prehash(password: str) -> bytes:
    # bcrypt reads at most 72 bytes (bcrypt 5 raises past that). Hashing first with
    # SHA-256 lets every byte of a long password count, and the base64 digest has no NUL.
    return base64.b64encode(hashlib.sha256(password.encode()).digest())


def get_password_hash(password: str) -> str:
    step_aside()  # a third of a second without the interpreter: the next trip goes now
    salt = bcrypt.gensalt(rounds=settings.BCRYPT_ROUNDS)
    return bcrypt.hashpw(_prehash(password), salt).decode()


def verify_password(plain_password: str, hashed_password: str) -> bool:
    step_aside()
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
    # The token's own id (`jti`): a logout ends this token alone (app.models.RevokedToken).
    token_id: uuid.UUID
    expires: datetime


def create_token(
    subject: str, *, purpose: TokenPurpose, expires_delta: timedelta, version: int
) -> str:
    now = datetime.now(UTC)
    payload: dict[str, Any] = {
        "sub": subject,
        "purpose": purpose,
        "ver": version,
        "jti": uuid.uuid4().hex,
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
    verified = _verify(token, _jwt_key())
    if verified is None or verified.purpose != purpose:
        return None
    now = time.time()
    # PyJWT's rules (no leeway): expired at `exp`, valid from `nbf` and from `iat`.
    if verified.expires <= now or verified.not_before > now:
        return None
    return verified.claims


@dataclass(frozen=True)
class _Verified:
    claims: TokenClaims
    purpose: object
    expires: float
    not_before: float


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@lru_cache(maxsize=4096)
def _verify(token: str, key: bytes) -> _Verified | None:
    """The signature and the shape of a token's claims, checked once per token and key (PyJWT
    takes about 0.1 ms, a good part of a light request); its times are checked at each use."""
    try:
        payload = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            options={
                "require": ["exp", "sub", "ver", "jti"],
                "verify_exp": False,
                "verify_nbf": False,
                "verify_iat": False,
            },
        )
    except jwt.PyJWTError:
        return None
    subject, version = payload.get("sub"), payload.get("ver")
    if not isinstance(subject, str) or not isinstance(version, int):
        return None
    times = [payload["exp"], payload.get("nbf", 0), payload.get("iat", 0)]
    if isinstance(version, bool) or not all(_number(t) for t in times):
        return None
    try:
        token_id = uuid.UUID(payload["jti"])
        expires = datetime.fromtimestamp(times[0], UTC)
    except (ValueError, TypeError, AttributeError, OverflowError, OSError):
        return None
    return _Verified(
        TokenClaims(subject, version, token_id, expires),
        payload.get("purpose"),
        expires=float(times[0]),
        not_before=float(max(times[1], times[2])),
    )


def derive_key(label: str) -> bytes:
    """A key for one use (e.g. signing feed cursors) derived from SECRET_KEY."""
    return _derive_key(settings.SECRET_KEY, label)


@lru_cache(maxsize=16)
def _derive_key(secret: str, label: str) -> bytes:
    # Cached per (secret, label), so a changed SECRET_KEY gets new keys at once.
    return hmac.new(secret.encode(), label.encode(), hashlib.sha256).digest()
