"""The demo-data generator: what a newcomer sees after `python -m app.demo`."""

import random
import re

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from app import crud
from app.core.config import settings
from app.demo import DEMO_PASSWORD, _evaluation_in, main, parse_args, populate
from app.models import (
    Cleaning,
    CleaningType,
    Evaluation,
    Offer,
    OfferStatus,
    User,
)
from app.models.users import USERNAME_PATTERN

EMAIL_PATTERN = r"^[a-z]+\.[a-z]+\.\d+@example\.com$"


def _demo_users(db: Session) -> list[User]:
    return list(
        db.exec(select(User).where(col(User.email).regexp_match(EMAIL_PATTERN))).all()
    )


def test_populate_makes_a_living_marketplace(db: Session) -> None:
    summary = populate(db, users=6, cleanings=20, seed=3)

    assert summary.users == 6
    assert summary.cleanings == 20
    users = _demo_users(db)
    assert len(users) == 6
    for user in users:
        assert re.match(USERNAME_PATTERN, user.username)
        assert user.full_name and user.bio and user.phone_number
    # Some have a picture, stored as uploads are and served by the app itself.
    pictured = [u for u in users if u.image]
    assert pictured
    for user in pictured:
        assert user.image
        assert user.image.startswith(f"/api/v1/profiles/{user.username}/picture?v=")
        picture = crud.get_picture(session=db, username=user.username)
        assert picture is not None and picture.data[8:12] == b"WEBP"
    # One hash for everyone, and it is the printed password.
    assert len({u.hashed_password for u in users}) == 1
    assert summary.password == DEMO_PASSWORD
    login = crud.authenticate(
        session=db, email=summary.sample_email, password=DEMO_PASSWORD
    )
    assert login is not None and login in users

    ids = [u.id for u in users]
    cleanings = db.exec(select(Cleaning).where(col(Cleaning.owner_id).in_(ids))).all()
    assert len(cleanings) == 20
    assert {c.cleaning_type for c in cleanings} == set(CleaningType)
    assert len({c.owner_id for c in cleanings}) > 1
    for cleaning in cleanings:
        assert cleaning.price > 0
        assert cleaning.price.as_tuple().exponent == -2
    assert summary.updates > 0
    assert any(c.updated_at > c.created_at for c in cleanings)

    statuses = db.exec(
        select(Offer.status, func.count())
        .where(col(Offer.user_id).in_(ids))
        .group_by(Offer.status)
    ).all()
    counts = {str(status): n for status, n in statuses}
    for status in OfferStatus:
        assert counts.get(status.value, 0) >= 1, status
    assert counts == {k: v for k, v in summary.offers.items() if v}
    # Nobody offers on their own job; at most one accepted or completed offer per job.
    owners = {c.id: c.owner_id for c in cleanings}
    offers = db.exec(select(Offer).where(col(Offer.user_id).in_(ids))).all()
    assert all(o.user_id != owners[o.cleaning_id] for o in offers)
    taken = [
        o.cleaning_id
        for o in offers
        if o.status in (OfferStatus.accepted, OfferStatus.completed)
    ]
    assert len(taken) == len(set(taken))

    evaluations = db.exec(
        select(Evaluation).where(col(Evaluation.cleaner_id).in_(ids))
    ).all()
    assert len(evaluations) == summary.evaluations >= 1
    for evaluation in evaluations:
        offer = db.get(Offer, (evaluation.cleaning_id, evaluation.cleaner_id))
        assert offer is not None and offer.status == OfferStatus.completed
        assert 0 <= evaluation.overall_rating <= 5
    assert summary.no_shows == sum(e.no_show for e in evaluations)
    assert summary.lines()[0].endswith("6")


def test_populate_twice_picks_free_emails_and_usernames(db: Session) -> None:
    first = populate(db, users=4, cleanings=6, seed=1)
    # commit_every commits the test's savepoint only; the test's transaction is still undone.
    second = populate(db, users=4, cleanings=6, seed=1, commit_every=4)

    users = _demo_users(db)
    assert first.users == second.users == 4
    assert len(users) == 8
    assert len({u.email for u in users}) == 8
    assert len({u.username.lower() for u in users}) == 8
    assert first.sample_email != second.sample_email


def test_populate_varies_ratings_and_states(db: Session) -> None:
    summary = populate(db, users=12, cleanings=150, seed=7)

    ids = [u.id for u in _demo_users(db)]
    ratings = db.exec(
        select(Evaluation.overall_rating)
        .where(col(Evaluation.cleaner_id).in_(ids))
        .distinct()
    ).all()
    assert len(ratings) >= 4
    assert summary.rescinded >= 1
    assert all(n > 0 for n in summary.offers.values())


def test_evaluations_are_varied_with_occasional_no_shows() -> None:
    rng = random.Random(5)
    evaluations = [_evaluation_in(rng) for _ in range(500)]
    no_shows = [e for e in evaluations if e.no_show]
    assert 10 <= len(no_shows) <= 75
    assert all(e.overall_rating <= 1 for e in no_shows)
    assert {e.overall_rating for e in evaluations} == set(range(6))
    assert any(e.professionalism is None for e in evaluations)
    assert any(e.comment for e in evaluations)


def test_populate_needs_three_users(db: Session) -> None:
    with pytest.raises(ValueError):
        populate(db, users=2, cleanings=1)


def test_parse_args() -> None:
    args = parse_args([])
    assert (args.users, args.cleanings, args.seed) == (50, 500, 1)
    args = parse_args(["--users", "7", "--cleanings", "9", "--seed", "4"])
    assert (args.users, args.cleanings, args.seed) == (7, 9, 4)
    with pytest.raises(SystemExit):
        parse_args(["--users", "1"])
    with pytest.raises(SystemExit):
        parse_args(["--cleanings", "-1"])


def test_main_prints_summary_and_login(
    committed: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    # `committed`: the app's engine points at the test database, emptied afterwards.
    main(["--users", "4", "--cleanings", "12", "--seed", "2"])

    out = capsys.readouterr().out
    assert "Users:       4" in out
    assert "Cleanings:   12" in out
    assert f"password: {DEMO_PASSWORD}" in out
    assert settings.FIRST_SUPERUSER in out
    email = re.search(r"email:\s+(\S+@example\.com)", out)
    assert email is not None
    with Session(committed) as session:
        assert crud.get_user_by_email(session=session, email=email.group(1))
        total = session.exec(select(func.count()).select_from(Cleaning)).one()
        assert total == 12
