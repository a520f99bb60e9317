"""Every table and schema, importable from one place (Alembic sees all tables through it)."""

from app.models.auth import NewPassword, Token, TokenPayload
from app.models.base import Message, metadata
from app.models.items import Item, ItemCreate, ItemPublic, ItemsPublic, ItemUpdate
from app.models.users import (
    OwnerPublic,
    ProfilePublic,
    ProfileUpdate,
    UpdatePassword,
    User,
    UserCreate,
    UserPublic,
    UserRegister,
    UsersPublic,
    UserUpdate,
    UserUpdateMe,
)

__all__ = [
    "Item",
    "ItemCreate",
    "ItemPublic",
    "ItemUpdate",
    "ItemsPublic",
    "Message",
    "NewPassword",
    "OwnerPublic",
    "ProfilePublic",
    "ProfileUpdate",
    "Token",
    "TokenPayload",
    "UpdatePassword",
    "User",
    "UserCreate",
    "UserPublic",
    "UserRegister",
    "UserUpdate",
    "UserUpdateMe",
    "UsersPublic",
    "metadata",
]
