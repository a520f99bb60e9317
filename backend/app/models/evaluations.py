import uuid
from datetime import datetime
from typing import Annotated

from annotated_types import Interval
from pydantic import BeforeValidator, StrictBool
from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, Relationship, SQLModel

from app.models.base import CreatedAt, PublicModel
from app.models.users import OwnerPublic, User


def _json_integer(value: object) -> object:
    # pydantic would read "4" and true as 4 and 1; JSON Schema's integer is neither.
    if isinstance(value, str | bool):
        raise ValueError("must be an integer")
    return value


# 0..5 stars, constrained inside the type so that `Rating | None` keeps its bounds.
Rating = Annotated[int, Interval(ge=0, le=5), BeforeValidator(_json_integer)]

RATED = ("professionalism", "completeness", "efficiency", "overall_rating")


class EvaluationBase(SQLModel):
    no_show: bool = False
    headline: str | None = Field(default=None, max_length=255)
    comment: str | None = Field(default=None, max_length=4000)
    professionalism: int | None = Field(default=None, ge=0, le=5)
    completeness: int | None = Field(default=None, ge=0, le=5)
    efficiency: int | None = Field(default=None, ge=0, le=5)
    overall_rating: int = Field(ge=0, le=5)


class EvaluationCreate(EvaluationBase):
    # As the schema says: no "yes" for true, no "4" for 4 (4.0 is JSON's integer 4).
    no_show: StrictBool = False
    professionalism: Rating | None = None
    completeness: Rating | None = None
    efficiency: Rating | None = None
    overall_rating: Rating


class Evaluation(EvaluationBase, table=True):
    __table_args__ = (
        *(CheckConstraint(f"{c} BETWEEN 0 AND 5", name=f"{c}_range") for c in RATED),
        # A cleaner's evaluations, newest first (also the cleaner foreign key).
        Index("ix_evaluation_cleaner_id_created_at", "cleaner_id", "created_at"),
    )

    # Once per job. No foreign key: the evaluation outlives its job, so neither the owner (by
    # deleting their account, which takes their jobs) nor anyone else erases a cleaner's rating
    # by removing the job (migration 0012). Only the cleaner's own account takes it along.
    cleaning_id: uuid.UUID = Field(primary_key=True)
    cleaner_id: uuid.UUID = Field(
        foreign_key="user.id", nullable=False, ondelete="CASCADE"
    )
    created_at: datetime = CreatedAt()
    # Who wrote it (the job's owner then; null once their account is gone) and the job's name
    # then: shown with the review, also once the job is gone.
    evaluator_id: uuid.UUID | None = Field(
        default=None, foreign_key="user.id", ondelete="SET NULL", index=True
    )
    cleaning_name: str | None = Field(default=None, max_length=255)

    evaluator: User | None = Relationship(
        sa_relationship_kwargs={
            "lazy": "raise",
            "foreign_keys": "[Evaluation.evaluator_id]",
        }
    )


class EvaluationPublic(EvaluationBase, PublicModel):
    cleaning_id: uuid.UUID
    cleaner_id: uuid.UUID
    created_at: datetime
    cleaning_name: str | None = Field(
        default=None, description="The job's name when it was evaluated"
    )
    # The public profile of whoever wrote it; null once their account is gone.
    evaluator: OwnerPublic | None = None


class EvaluationsPublic(PublicModel):
    data: list[EvaluationPublic]
    count: int


class EvaluationStats(PublicModel):
    avg_professionalism: float | None
    avg_completeness: float | None
    avg_efficiency: float | None
    avg_overall_rating: float | None
    max_overall_rating: int | None
    min_overall_rating: int | None
    zero_stars: int
    one_stars: int
    two_stars: int
    three_stars: int
    four_stars: int
    five_stars: int
    total_evaluations: int
    total_no_show: int
