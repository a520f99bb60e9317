"""Fill the database with a living demo marketplace: `python -m app.demo [--users N] ...`.

Uses the app's database exactly as the server does (the embedded PostgreSQL when DATABASE_URL
is unset), migrates it, creates the first superuser, then adds demo users, cleaning jobs
(some updated afterwards), offers in every state and evaluations. Everything goes through the
crud functions, so the app's rules and side effects (e.g. feed events) apply. It can run again:
new demo users get emails and usernames that are not taken yet.
"""

import argparse
import io
import random
import time
import unicodedata
import uuid
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from PIL import Image, ImageDraw
from sqlalchemy import func
from sqlmodel import Session, col, select
from tqdm import tqdm

from app import crud
from app.core.config import settings
from app.core.db import database_url, get_engine
from app.core.security import get_password_hash
from app.crud.profiles import set_picture
from app.models import (
    Cleaning,
    CleaningCreate,
    CleaningType,
    CleaningUpdate,
    Evaluation,
    EvaluationCreate,
    Offer,
    OfferStatus,
    User,
    UserCreate,
)
from app.models.users import email_key
from app.prestart import init_db, migrate

DEMO_PASSWORD = "demo-password"

FIRST_NAMES = [
    "Amelia", "Noah", "Olivia", "Liam", "Sofia", "Mateo", "Emma", "Lucas", "Chloe",
    "Ethan", "Zoe", "Hugo", "Mia", "Leo", "Aisha", "Omar", "Hannah", "Jonas", "Priya",
    "Arjun", "Yuki", "Kenji", "Fatima", "Samuel", "Ingrid", "Lars", "Camila", "Diego",
    "Nora", "Felix", "Grace", "Tomás", "Elena", "Marco", "Amara", "Kwame", "Leila",
    "Ravi", "Chiara", "Bruno", "Maya", "Isaac", "Ruby", "Theo", "Ana", "Malik",
]  # fmt: skip
LAST_NAMES = [
    "García", "Smith", "Müller", "Rossi", "Nguyen", "Kowalski", "O'Brien", "Johansson",
    "Okafor", "Tanaka", "Patel", "Dubois", "Silva", "Jensen", "Khan", "Novak", "Murphy",
    "Schmidt", "Moreau", "Costa", "Lindqvist", "Mensah", "Haddad", "Fischer", "Walker",
    "Ivanova", "Santos", "Bianchi", "Yilmaz", "Cohen", "Andersen", "Reyes", "Kim",
    "Ahmed", "Brennan", "Lopez", "Weber", "Hughes", "Sato", "Martin",
]  # fmt: skip
BIOS = [
    "Tidy by nature, clean by trade. Happy to take on the jobs others avoid.",
    "Weekend cleaner, weekday nurse. I bring my own eco-friendly supplies.",
    "Parent of two and a golden retriever, so I know what a really messy home looks like.",
    "Student paying my way through college one sparkling kitchen at a time.",
    "Ten years of hotel housekeeping; I fold fitted sheets without swearing.",
    "Small-business owner who needs help keeping the shop presentable.",
    "I love a good before/after photo. Fast, careful and punctual.",
    "Allergic to dust, which makes me very, very thorough.",
    "Retired teacher, organised to a fault. References on request.",
    "Busy landlord with three flats between tenants most months.",
    "Plant lover, tea drinker, grout whisperer.",
    "I post jobs more than I take them, but I pay fairly and on time.",
]
STREETS = [
    "Maple Street", "Harbour Road", "Elm Avenue", "Riverside Drive", "Station Lane",
    "Park Terrace", "Mill Close", "Kingsway", "Orchard Row", "Canal Walk",
]  # fmt: skip

# (name, description) templates per cleaning type; {place}, {street}, {extra} are filled in.
JOBS: dict[CleaningType, list[tuple[str, str]]] = {
    CleaningType.dust_up: [
        ("Quick dust-up of a {place}", "Light dusting of shelves, skirting boards and "
         "window sills in a {place} on {street}. {extra}"),
        ("Weekly tidy for a {place}", "A regular light clean: dust, wipe surfaces and "
         "vacuum the rugs. {extra}"),
        ("Dust the home office", "Bookshelves, desk and monitors need a careful dust; "
         "please don't move the papers. {extra}"),
        ("Pre-guest refresh", "Guests arrive tomorrow: a quick dust and wipe of the "
         "living room and guest room. {extra}"),
    ],
    CleaningType.spot_clean: [
        ("Kitchen spot clean", "Hob, oven door and splashback after a week of cooking "
         "in a {place} on {street}. {extra}"),
        ("Carpet stain removal", "Red wine on a beige carpet in the living room. "
         "Stain remover is provided. {extra}"),
        ("Bathroom refresh", "Limescale on taps and shower screen, mould on the "
         "silicone; the rest is fine. {extra}"),
        ("Post-party rescue", "We had a party in our {place}. Sticky floors, glasses "
         "everywhere, confetti in places confetti should not be. {extra}"),
        ("Windows inside and out", "Eight windows in a {place}, ground and first "
         "floor; ladder available. {extra}"),
    ],
    CleaningType.full_clean: [
        ("End-of-tenancy clean, {place}", "Full clean to get the deposit back: "
         "kitchen, bathroom, floors, inside cupboards and appliances. {extra}"),
        ("Deep clean of a {place}", "Top-to-bottom deep clean of a {place} on "
         "{street}, including behind the furniture. {extra}"),
        ("Spring clean, whole house", "Everything, including the oven, the fridge and "
         "the windows. We will be out for the day. {extra}"),
        ("Move-in clean", "Just got the keys to a {place}; please make it feel like "
         "ours before the van arrives. {extra}"),
    ],
}  # fmt: skip
# Where jobs are: neighbourhoods of a few cities, some with accents (search ignores them).
AREAS = [
    "Camden, London", "Hackney, London", "Brixton, London", "Le Marais, Paris",
    "Montmartre, Paris", "Kreuzberg, Berlin", "Prenzlauer Berg, Berlin", "Gràcia, Barcelona",
    "Malasaña, Madrid", "Södermalm, Stockholm", "Nørrebro, Copenhagen", "Jordaan, Amsterdam",
    "Trastevere, Rome", "Óbuda, Budapest", "Vinohrady, Prague", "Saint-Gilles, Brussels",
    "Old Town, Kraków", "Alfama, Lisbon", "Plateau-Mont-Royal, Montréal", "Zürich West",
]  # fmt: skip
PLACES = [
    "studio flat", "one-bedroom flat", "two-bedroom apartment", "three-bedroom house",
    "loft", "townhouse", "small office", "garden cottage", "penthouse", "shared house",
]  # fmt: skip
EXTRAS = [
    "Supplies are under the sink.",
    "There is a friendly cat; please keep the doors closed.",
    "Parking is free on the street.",
    "Flexible on timing, weekday mornings preferred.",
    "Please bring your own vacuum cleaner.",
    "Key safe at the door, code sent after acceptance.",
    "Fragrance-free products please, we have allergies.",
    "",
]
PRICE_RANGES: dict[CleaningType, tuple[int, int]] = {
    CleaningType.dust_up: (25, 90),
    CleaningType.spot_clean: (40, 160),
    CleaningType.full_clean: (120, 480),
}
UPDATE_NOTES = [
    "Update: the oven needs attention too.",
    "Update: we can provide all supplies.",
    "Update: the date is flexible now.",
    "Update: please also water the plants.",
]
HEADLINES: dict[int, list[str]] = {
    0: ["Very disappointing", "Would not book again"],
    1: ["Poor job", "Left more mess than before"],
    2: ["Below expectations", "Half done"],
    3: ["Okay, nothing special", "Decent work"],
    4: ["Good job", "Reliable and friendly", "Very tidy work"],
    5: ["Spotless!", "Absolutely brilliant", "Best cleaner we have had"],
}
COMMENTS: dict[int, list[str]] = {
    0: ["Most of the list was not done and nobody answered my messages."],
    1: ["Arrived late and rushed through the bathroom."],
    2: ["The kitchen was fine but the floors were still dirty."],
    3: ["Did what was asked, took a bit longer than agreed."],
    4: ["Careful with our things and finished on time.", "Great with the dog, too."],
    5: [
        "The flat has never looked this good. Thank you!",
        "Punctual, thorough and lovely to deal with.",
    ],
}
NO_SHOW_HEADLINES = ["Did not show up", "No-show, no message"]

# Scenarios for a job's offers. The first jobs follow FIRST_SCENARIOS so that even a small
# run shows every offer status; later ones are drawn with SCENARIO_WEIGHTS.
OPEN, ACCEPTED, CANCELLED, COMPLETED = "open", "accepted", "cancelled", "completed"
FIRST_SCENARIOS = (COMPLETED, CANCELLED, ACCEPTED, OPEN)
SCENARIO_WEIGHTS = {OPEN: 35, ACCEPTED: 20, CANCELLED: 10, COMPLETED: 35}
OFFER_COUNT_WEIGHTS = [8, 20, 27, 22, 13, 10]  # 0..5 offers per job


@dataclass
class DemoSummary:
    users: int = 0
    cleanings: int = 0
    updates: int = 0
    offers: dict[str, int] = field(
        default_factory=lambda: {status.value: 0 for status in OfferStatus}
    )
    rescinded: int = 0
    evaluations: int = 0
    no_shows: int = 0
    sample_email: str = ""
    password: str = DEMO_PASSWORD

    def lines(self) -> list[str]:
        offers = ", ".join(f"{count} {status}" for status, count in self.offers.items())
        return [
            f"Users:       {self.users}",
            f"Cleanings:   {self.cleanings} ({self.updates} updated afterwards)",
            f"Offers:      {sum(self.offers.values())} ({offers}; "
            f"{self.rescinded} more rescinded)",
            f"Evaluations: {self.evaluations} ({self.no_shows} no-shows)",
        ]


def _ascii_slug(text: str) -> str:
    """'Tomás' -> 'tomas', "O'Brien" -> 'obrien' (for emails and usernames)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())[:12]


def _emails_taken(session: Session, emails: Sequence[str]) -> set[str]:
    keys = {email_key(e): e for e in emails}
    stored = session.exec(
        select(User.email_key).where(col(User.email_key).in_(list(keys)))
    ).all()
    return {keys[key] for key in stored}


def _usernames_taken(session: Session, usernames: Sequence[str]) -> set[str]:
    lowered = func.lower(User.username)
    rows = session.exec(
        select(lowered).where(lowered.in_([u.lower() for u in usernames]))
    ).all()
    return set(rows)


def _create_users(
    session: Session, rng: random.Random, count: int, hashed_password: str
) -> list[User]:
    """`count` users with profiles; suffixes that are taken (an earlier run) are skipped."""
    names = [(rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)) for _ in range(count)]
    suffixes = list(range(1, count + 1))
    next_suffix = count + 1

    def email(i: int) -> str:
        first, last = names[i]
        return f"{_ascii_slug(first)}.{_ascii_slug(last)}.{suffixes[i]}@example.com"

    def username(i: int) -> str:
        first, last = names[i]
        return f"{_ascii_slug(first)}_{_ascii_slug(last)}_{suffixes[i]}"

    pending = list(range(count))
    while pending:
        emails_taken = _emails_taken(session, [email(i) for i in pending])
        usernames_taken = _usernames_taken(session, [username(i) for i in pending])
        clashes = [
            i
            for i in pending
            if email(i) in emails_taken or username(i) in usernames_taken
        ]
        for i in clashes:
            suffixes[i] = next_suffix
            next_suffix += 1
        pending = clashes

    users = []
    for i, (first, last) in enumerate(names):
        user_in = UserCreate(
            email=email(i),
            username=username(i),
            password=DEMO_PASSWORD,  # validated like a signup, but hashed once below
            full_name=f"{first} {last}",
            phone_number=f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            bio=rng.choice(BIOS),
        )
        users.append(
            User.model_validate(
                user_in,
                update={"username": username(i), "hashed_password": hashed_password},
            )
        )
    session.add_all(users)
    session.flush()
    # Two in three have a picture, as people who upload one: made here, stored as uploads are.
    for user in users:
        if rng.random() < 2 / 3:
            set_picture(session=session, user=user, data=_portrait(rng, user))
    session.flush()
    return users


def _portrait(rng: random.Random, user: User) -> bytes:
    """A PNG as a person might upload: a coloured backdrop, a head and shoulders."""
    size = 320
    backdrop = tuple(rng.randint(150, 235) for _ in range(3))
    skin = rng.choice([(241, 194, 125), (224, 172, 105), (198, 134, 66), (141, 85, 36)])
    clothes = tuple(rng.randint(20, 140) for _ in range(3))
    image = Image.new("RGB", (size, size), backdrop)
    draw = ImageDraw.Draw(image)
    draw.ellipse((60, 215, 260, 420), fill=clothes)  # shoulders
    draw.ellipse((105, 70, 215, 195), fill=skin)  # head
    draw.text((12, 12), (user.full_name or user.username)[:1], fill=clothes)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _price(rng: random.Random, cleaning_type: CleaningType) -> Decimal:
    low, high = PRICE_RANGES[cleaning_type]
    return Decimal(rng.randint(low * 100, high * 100)).scaleb(-2)  # cents -> 12.30


def _cleaning_in(rng: random.Random, cleaning_type: CleaningType) -> CleaningCreate:
    name, description = rng.choice(JOBS[cleaning_type])
    values = {
        "place": rng.choice(PLACES),
        "street": f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
        "extra": rng.choice(EXTRAS),
    }
    return CleaningCreate(
        name=name.format(**values),
        description=description.format(**values).strip(),
        price=_price(rng, cleaning_type),
        cleaning_type=cleaning_type,
        area=rng.choice(AREAS) if rng.random() < 0.9 else None,
        scheduled_on=_scheduled_on(rng),
    )


def _scheduled_on(rng: random.Random) -> date | None:
    """Mostly the coming weeks, a few in the recent past, some with no date (flexible)."""
    if rng.random() < 0.2:
        return None
    return date.today() + timedelta(days=rng.randint(-10, 60))


def _update_in(
    rng: random.Random, cleaning: Cleaning, *, taken: bool
) -> CleaningUpdate:
    """A plausible change to a job: a new price, a note, a different type or day, or
    several (a `taken` job's price, type, area and day are what was agreed: only its words
    change)."""
    kinds = (
        ["description", "name"]
        if taken
        else ["price", "price", "description", "type", "name", "date"]
    )
    changes: dict[str, object] = {}
    for _ in range(rng.choice([1, 1, 1, 2])):
        kind = rng.choice(kinds)
        if kind == "price":
            factor = Decimal(rng.choice([85, 90, 110, 115, 125])) / 100
            changes["price"] = (cleaning.price * factor).quantize(Decimal("0.01"))
        elif kind == "description":
            changes["description"] = (
                f"{cleaning.description or ''} {rng.choice(UPDATE_NOTES)}".strip()
            )
        elif kind == "date":
            changes["scheduled_on"] = date.today() + timedelta(days=rng.randint(1, 60))
        elif kind == "type":
            changes["cleaning_type"] = rng.choice(
                [t for t in CleaningType if t != cleaning.cleaning_type]
            )
        else:
            changes["name"] = f"{cleaning.name} (urgent)"[:255]
    return CleaningUpdate.model_validate(changes)


def _evaluation_in(rng: random.Random) -> EvaluationCreate:
    if rng.random() < 0.07:
        return EvaluationCreate(
            no_show=True,
            headline=rng.choice(NO_SHOW_HEADLINES),
            overall_rating=rng.choice([0, 0, 1]),
        )
    overall = rng.choices(range(6), weights=[2, 3, 7, 18, 35, 35])[0]

    def detail() -> int | None:
        if rng.random() < 0.15:
            return None
        return min(5, max(0, overall + rng.choice([-1, 0, 0, 0, 1])))

    return EvaluationCreate(
        headline=rng.choice(HEADLINES[overall]),
        comment=rng.choice(COMMENTS[overall]) if rng.random() < 0.7 else None,
        professionalism=detail(),
        completeness=detail(),
        efficiency=detail(),
        overall_rating=overall,
    )


def _play_offers(
    session: Session,
    rng: random.Random,
    cleaning: Cleaning,
    owner: User,
    cleaners: list[User],
    scenario: str,
    summary: DemoSummary,
) -> bool:
    """Make offers on one job and move them through the states the scenario calls for;
    whether the job ends up taken (an offer accepted or completed)."""
    for cleaner in cleaners:
        crud.create_offer(session=session, cleaning=cleaning, user=cleaner)
    if not cleaners:
        return False
    if scenario == OPEN:
        if len(cleaners) > 1 and rng.random() < 0.2:
            crud.rescind_offer(session=session, cleaning=cleaning, cleaner=cleaners[-1])
            summary.rescinded += 1
        return False
    chosen = rng.choice(cleaners)
    crud.accept_offer(session=session, cleaning=cleaning, cleaner=chosen)
    if scenario == CANCELLED:
        crud.cancel_offer(session=session, cleaning=cleaning, cleaner=chosen)
        others = [c for c in cleaners if c is not chosen]
        if not others or rng.random() >= 0.5:
            return False
        crud.accept_offer(session=session, cleaning=cleaning, cleaner=others[0])
    elif scenario == COMPLETED:
        crud.create_evaluation(
            session=session,
            cleaning=cleaning,
            cleaner=chosen,
            evaluator=owner,
            evaluation_in=_evaluation_in(rng),
        )
    return True


def _count_results(
    session: Session, cleaning_ids: list[uuid.UUID], summary: DemoSummary
) -> None:
    """Offers and evaluations as the database has them now (after every side effect)."""
    for start in range(0, len(cleaning_ids), 1000):
        chunk = cleaning_ids[start : start + 1000]
        rows = session.exec(
            select(Offer.status, func.count())
            .where(col(Offer.cleaning_id).in_(chunk))
            .group_by(Offer.status)
        ).all()
        for status, count in rows:
            summary.offers[str(status)] += count
        evaluations, no_shows = session.exec(
            select(func.count(), func.count().filter(col(Evaluation.no_show))).where(
                col(Evaluation.cleaning_id).in_(chunk)
            )
        ).one()
        summary.evaluations += evaluations
        summary.no_shows += no_shows


def populate(
    session: Session,
    *,
    users: int = 50,
    cleanings: int = 500,
    seed: int = 1,
    password: str = DEMO_PASSWORD,
    commit_every: int | None = None,
    progress: bool = False,
) -> DemoSummary:
    """Add `users` demo users and `cleanings` jobs with offers and evaluations.

    With `commit_every`, commits after that many jobs (and at the end); without it, only
    flushes, leaving the transaction to the caller. Returns what was added.
    """
    if users < 3:
        raise ValueError("A living marketplace needs at least 3 users")
    rng = random.Random(seed)
    summary = DemoSummary(password=password)

    # bcrypt is slow on purpose: one hash, shared by every demo user.
    people = _create_users(session, rng, users, get_password_hash(password))
    summary.users = len(people)
    summary.sample_email = people[0].email  # the first job's owner, once there is one

    cleaning_ids: list[uuid.UUID] = []
    recent: deque[Cleaning] = deque(maxlen=20)
    taken: set[uuid.UUID] = set()
    for n in tqdm(range(cleanings), desc="Cleanings", unit="job", disable=not progress):
        owner = rng.choice(people)
        cleaning_type = rng.choice(list(CleaningType))
        cleaning = crud.create_cleaning(
            session=session, cleaning_in=_cleaning_in(rng, cleaning_type), owner=owner
        )
        cleaning_ids.append(cleaning.id)
        recent.append(cleaning)
        if n == 0:
            summary.sample_email = owner.email

        others = [p for p in people if p is not owner]
        if n < len(FIRST_SCENARIOS):
            scenario = FIRST_SCENARIOS[n]
            offer_count = min(3, len(others))
        else:
            scenario = rng.choices(
                list(SCENARIO_WEIGHTS), weights=list(SCENARIO_WEIGHTS.values())
            )[0]
            offer_count = min(
                rng.choices(range(6), weights=OFFER_COUNT_WEIGHTS)[0], len(others)
            )
        cleaners = rng.sample(others, offer_count)
        if _play_offers(session, rng, cleaning, owner, cleaners, scenario, summary):
            taken.add(cleaning.id)

        # Now and then an owner edits one of the recent jobs (a feed update event).
        if rng.random() < 0.25:
            target = rng.choice(recent)
            changed = crud.update_cleaning(
                session=session,
                cleaning=target,
                cleaning_in=_update_in(rng, target, taken=target.id in taken),
            )
            summary.updates += bool(changed)

        if commit_every and (n + 1) % commit_every == 0:
            session.commit()
    summary.cleanings = len(cleaning_ids)
    if commit_every:
        session.commit()
    else:
        session.flush()

    if cleaning_ids:
        _count_results(session, cleaning_ids, summary)
    return summary


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m app.demo",
        description="Fill the app's database with demo users, cleanings, offers and "
        "evaluations.",
    )
    parser.add_argument("--users", type=int, default=50, help="demo users (>= 3)")
    parser.add_argument("--cleanings", type=int, default=500, help="cleaning jobs")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    args = parser.parse_args(argv)
    if args.users < 3:
        parser.error("--users must be at least 3")
    if args.cleanings < 0:
        parser.error("--cleanings must not be negative")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    engine = get_engine()
    print(f"Database: {engine.url.render_as_string(hide_password=True)}")  # noqa: T201
    migrate(database_url())
    with Session(engine) as session:
        init_db(session)
        summary = populate(
            session,
            users=args.users,
            cleanings=args.cleanings,
            seed=args.seed,
            commit_every=50,
            progress=True,
        )
    elapsed = time.perf_counter() - started
    report = [
        f"Demo data added in {elapsed:.1f} s:",
        *(f"  {line}" for line in summary.lines()),
        "Log in as a demo user (all share one password):",
        f"  email:    {summary.sample_email}",
        f"  password: {summary.password}",
        "Or as the superuser:",
        f"  email:    {settings.FIRST_SUPERUSER}",
        "  password: FIRST_SUPERUSER_PASSWORD from .env",
    ]
    print("\n".join(report))  # noqa: T201


if __name__ == "__main__":  # pragma: no cover
    main()
