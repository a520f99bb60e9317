"""The feed's count under writers on separate connections (real commits)."""

import threading

from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from app.main import app
from tests.api.routes.test_feed import API, OFFSET, signed_in


def test_count_stays_exact_under_concurrent_creates(committed: Engine) -> None:
    """Writers on different connections at once: the sharded counter loses no increment."""
    with TestClient(app) as setup:
        headers = [signed_in(setup) for _ in range(4)]
    barrier = threading.Barrier(len(headers))
    statuses: list[int] = []

    def post_many(h: dict[str, str]) -> None:
        with TestClient(app) as c:
            barrier.wait()
            for n in range(10):
                r = c.post(
                    f"{API}/cleanings/",
                    json={"name": f"race {n}", "price": 5},
                    headers=h,
                )
                statuses.append(r.status_code)

    threads = [threading.Thread(target=post_many, args=(h,)) for h in headers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [201] * 40
    with committed.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM cleaning_event")).scalar_one()
        shards = conn.execute(
            text("SELECT count(*) FROM feed_counter WHERE events > 0")
        ).scalar_one()
    with TestClient(app) as c:
        assert c.get(OFFSET, headers=headers[0]).json()["count"] == rows == 40
    assert shards >= 1
