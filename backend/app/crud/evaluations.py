import uuid

from sqlalchemy import func
from sqlalchemy import select as core_select
from sqlalchemy.orm import joinedload
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.core.errors import BadRequest, Conflict, Forbidden
from app.crud.cleanings import lock_cleaning, set_job_status
from app.crud.notifications import notify
from app.crud.offers import set_offer_status
from app.models import (
    Cleaning,
    CleaningStatus,
    Evaluation,
    EvaluationCreate,
    EvaluationStats,
    NotificationKind,
    Offer,
    OfferStatus,
    User,
)

STAR_FIELDS = (
    "zero_stars",
    "one_stars",
    "two_stars",
    "three_stars",
    "four_stars",
    "five_stars",
)


def evaluations_of(cleaner_id: uuid.UUID) -> SelectOfScalar[Evaluation]:
    return (
        select(Evaluation)
        .options(joinedload(Evaluation.evaluator))  # type: ignore[arg-type]
        .where(Evaluation.cleaner_id == cleaner_id)
        .order_by(col(Evaluation.created_at).desc(), col(Evaluation.cleaning_id))
    )


def create_evaluation(
    *,
    session: Session,
    cleaning: Cleaning,
    cleaner: User,
    evaluator: User,
    evaluation_in: EvaluationCreate,
) -> Evaluation:
    """Evaluate the accepted cleaner; their offer and the job become completed in the same
    transaction."""
    if cleaning.owner_id != evaluator.id:
        raise Forbidden("Only the owner of the cleaning job can evaluate its cleaner")
    # Completed for good: also once the evaluated cleaner, and their evaluation, are gone.
    state = lock_cleaning(session=session, cleaning_id=cleaning.id)
    if state.completed:
        raise Conflict("This cleaning job has already been evaluated")
    offer = session.get(Offer, (cleaning.id, cleaner.id), populate_existing=True)
    if offer is None or offer.status != OfferStatus.accepted:
        raise BadRequest("This user has no accepted offer for this cleaning job")
    set_offer_status(session=session, offer=offer, status=OfferStatus.completed)
    set_job_status(
        session=session,
        cleaning_id=cleaning.id,
        old=state.status,
        new=CleaningStatus.completed,
        cleaning=cleaning,
    )
    evaluation = Evaluation.model_validate(
        evaluation_in,
        update={
            "cleaning_id": cleaning.id,
            "cleaner_id": cleaner.id,
            "evaluator_id": evaluator.id,
            "cleaning_name": cleaning.name,
        },
    )
    evaluation.evaluator = evaluator
    session.add(evaluation)
    session.flush()
    notify(
        session=session,
        user_id=cleaner.id,
        kind=NotificationKind.evaluated,
        cleaning=cleaning,
        actor_id=evaluator.id,
    )
    return evaluation


def get_stats(*, session: Session, cleaner_id: uuid.UUID) -> EvaluationStats:
    e = Evaluation
    stars = [
        func.count().filter(col(e.overall_rating) == n).label(name)
        for n, name in enumerate(STAR_FIELDS)
    ]
    row = session.execute(
        core_select(
            func.avg(e.professionalism).label("avg_professionalism"),
            func.avg(e.completeness).label("avg_completeness"),
            func.avg(e.efficiency).label("avg_efficiency"),
            func.avg(e.overall_rating).label("avg_overall_rating"),
            func.max(e.overall_rating).label("max_overall_rating"),
            func.min(e.overall_rating).label("min_overall_rating"),
            *stars,
            func.count().label("total_evaluations"),
            func.count().filter(col(e.no_show)).label("total_no_show"),
        ).where(col(e.cleaner_id) == cleaner_id)
    ).one()
    return EvaluationStats.model_validate(dict(row._mapping))
