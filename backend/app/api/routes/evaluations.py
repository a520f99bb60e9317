import uuid

from fastapi import APIRouter, BackgroundTasks, status
from sqlalchemy.orm import joinedload

from app import crud
from app.api.deps import CurrentUser, Limit, SessionDep, Skip, UserByUsername
from app.core.errors import NotFound, responses
from app.models import (
    Evaluation,
    EvaluationCreate,
    EvaluationPublic,
    EvaluationsPublic,
    EvaluationStats,
)

router = APIRouter(prefix="/users/{username}/evaluations", tags=["evaluations"])


@router.post(
    "/{cleaning_id}",
    response_model=EvaluationPublic,
    status_code=status.HTTP_201_CREATED,
    responses=responses(400, 403, 404, 409),
)
def create_evaluation(
    session: SessionDep,
    cleaner: UserByUsername,
    cleaning_id: uuid.UUID,
    current_user: CurrentUser,
    evaluation_in: EvaluationCreate,
    background_tasks: BackgroundTasks,
) -> Evaluation:
    """Evaluate the cleaner of your job once; their offer becomes completed (the cleaner is
    notified)."""
    cleaning = crud.get_cleaning(session=session, cleaning_id=cleaning_id)
    evaluation = crud.create_evaluation(
        session=session,
        cleaning=cleaning,
        cleaner=cleaner,
        evaluator=current_user,
        evaluation_in=evaluation_in,
    )
    crud.mail_after_answer(session, background_tasks)
    return evaluation


@router.get("/", response_model=EvaluationsPublic, responses=responses(404))
def read_evaluations(
    session: SessionDep,
    cleaner: UserByUsername,
    _: CurrentUser,
    skip: Skip = 0,
    limit: Limit = 100,
) -> EvaluationsPublic:
    """A cleaner's evaluations, newest first."""
    evaluations, count = crud.paginate(
        session, crud.evaluations_of(cleaner.id), skip=skip, limit=limit
    )
    return EvaluationsPublic(
        data=[EvaluationPublic.model_validate(e) for e in evaluations], count=count
    )


@router.get("/stats", response_model=EvaluationStats, responses=responses(404))
def read_evaluation_stats(
    session: SessionDep, cleaner: UserByUsername, _: CurrentUser
) -> EvaluationStats:
    """Averages, extremes and star counts of a cleaner's evaluations."""
    return crud.get_stats(session=session, cleaner_id=cleaner.id)


@router.get("/{cleaning_id}", response_model=EvaluationPublic, responses=responses(404))
def read_evaluation(
    session: SessionDep, cleaner: UserByUsername, cleaning_id: uuid.UUID, _: CurrentUser
) -> Evaluation:
    """The evaluation of a cleaner for one job."""
    evaluation = session.get(
        Evaluation,
        cleaning_id,
        options=[joinedload(Evaluation.evaluator)],  # type: ignore[arg-type]
    )
    if evaluation is None or evaluation.cleaner_id != cleaner.id:
        raise NotFound("Evaluation not found")
    return evaluation
