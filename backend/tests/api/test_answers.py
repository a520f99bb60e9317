"""Pages whose JSON PostgreSQL writes (app.core.answers) answer exactly what pydantic would: each
is a fixed point of its response model (validated and written again, it is unchanged: the same
fields in the same order, times and prices written alike), on values that a format slip would
show (a time on a whole second, a price with trailing zeros, quotes, a new line, non-ASCII
text, missing values, nested event data)."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import text
from sqlmodel import Session

from app.models import CleaningFeed, CleaningFeedPage, ItemsPublic
from tests.utils.marketplace import API, cleanings_url, post_cleaning, sign_up

pytestmark = pytest.mark.usefixtures("db")

TRICKY = 'Zoë\'s "spotless" flat,\nback\\slash ✓'


def fixed_point(model: type[BaseModel], answer: Any) -> None:
    again = model.model_validate(answer).model_dump(mode="json")
    assert list(answer) == list(again)
    assert answer == again
    for item, item_again in zip(answer["data"], again["data"], strict=True):
        assert list(item) == list(item_again)  # the fields' order too


def test_the_items_page(client: TestClient, db: Session) -> None:
    user = sign_up(client)
    for title, description in ((TRICKY, None), ("plain", "")):
        r = client.post(
            f"{API}/items/",
            headers=user.headers,
            json={"title": title, "description": description},
        )
        assert r.status_code == 200, r.text
    db.execute(
        text(
            "UPDATE item SET created_at = date_trunc('second', created_at)"
            " WHERE title = 'plain'"
        )
    )
    r = client.get(f"{API}/items/", headers=user.headers)
    assert r.status_code == 200
    answer = r.json()
    assert answer["count"] == 2
    assert {item["title"] for item in answer["data"]} == {TRICKY, "plain"}
    whole = next(item for item in answer["data"] if item["title"] == "plain")
    assert "." not in whole["created_at"] and whole["created_at"][-1] == "Z"
    fixed_point(ItemsPublic, answer)


@pytest.mark.parametrize(
    ("path", "model"),
    [("/feed/cleanings/", CleaningFeed), ("/feed/cleanings/cursor", CleaningFeedPage)],
)
def test_the_feed_pages(
    client: TestClient, db: Session, path: str, model: type[BaseModel]
) -> None:
    owner = sign_up(client, full_name=TRICKY)
    job = post_cleaning(
        client, owner, name=TRICKY, price="10.00", area=None, scheduled_on="2027-01-02"
    )
    cheap = post_cleaning(client, owner, name="cheap", price="0.5", description=None)
    r = client.put(
        cleanings_url(job["id"]),
        headers=owner.headers,
        json={"price": "12.30", "area": "Södermalm", "description": TRICKY},
    )
    assert r.status_code == 200, r.text
    db.execute(
        text(
            "UPDATE cleaning_event SET event_timestamp ="
            " date_trunc('second', event_timestamp) WHERE cleaning_id = :id"
        ),
        {"id": cheap["id"]},
    )
    r = client.get(f"{API}{path}", headers=owner.headers, params={"limit": 10})
    assert r.status_code == 200
    answer = r.json()
    fixed_point(model, answer)
    items = answer["data"]
    assert [item["row_number"] for item in items] == list(range(1, len(items) + 1))
    update = next(i for i in items if i["event_type"] == "is_update")
    assert update["price"] == "12.30"
    assert update["event_data"]["price"] == {"old": "10.00", "new": "12.30"}
    assert update["owner"]["full_name"] == TRICKY
    assert update["owner"]["phone_number"] is None
    whole = next(i for i in items if i["name"] == "cheap")
    assert whole["price"] == "0.50"
    assert "." not in whole["event_timestamp"] and whole["event_timestamp"][-1] == "Z"
