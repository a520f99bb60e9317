"""Every table and schema, importable from one place (Alembic sees all tables through it)."""

from app.models.auth import NewPassword, Token, TokenPayload
from app.models.base import Message, metadata
from app.models.cleanings import (
    Cleaning,
    CleaningCreate,
    CleaningPublic,
    CleaningsPublic,
    CleaningType,
    CleaningUpdate,
)
from app.models.evaluations import (
    Evaluation,
    EvaluationCreate,
    EvaluationPublic,
    EvaluationsPublic,
    EvaluationStats,
)
from app.models.feed import (
    CleaningEvent,
    CleaningFeed,
    CleaningFeedItem,
    CleaningFeedPage,
    FeedCounter,
    FeedEventType,
)
from app.models.items import Item, ItemCreate, ItemPublic, ItemsPublic, ItemUpdate
from app.models.offers import Offer, OfferPublic, OffersPublic, OfferStatus
from app.models.users import (
    OwnerPublic,
    ProfilePublic,
    ProfileUpdate,
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

__all__ = [
    "CleaningEvent",
    "CleaningFeed",
    "CleaningFeedItem",
    "CleaningFeedPage",
    "FeedCounter",
    "FeedEventType",
    "Cleaning",
    "CleaningCreate",
    "CleaningPublic",
    "CleaningType",
    "CleaningUpdate",
    "CleaningsPublic",
    "Evaluation",
    "EvaluationCreate",
    "EvaluationPublic",
    "EvaluationStats",
    "EvaluationsPublic",
    "Offer",
    "OfferPublic",
    "OfferStatus",
    "OffersPublic",
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
    "UserCreated",
    "UserPublic",
    "UserRegister",
    "UserUpdate",
    "UserUpdateMe",
    "UsersPublic",
    "metadata",
]
