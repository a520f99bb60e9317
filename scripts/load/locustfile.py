"""The mixed workload of scripts/load.sh (locust, headless).

Each simulated user signs up and logs in, then, at random with these weights: lists their
cleanings, reads an offset page of the feed and walks the cursor feed, posts a job, offers on
someone else's job from the feed, accepts an offer on one of their own jobs, logs in again.
The run stops at MAX_REQUESTS requests or at locust's --run-time, whichever comes first.
"""

import os
import random
import uuid

from locust import HttpUser, between, events, task

API = "/api/v1"
MAX_REQUESTS = int(os.environ.get("MAX_REQUESTS", "200000"))


@events.init.add_listener
def _stop_at_the_cap(environment, **_kwargs):
    sent = 0

    @events.request.add_listener
    def _count(**_):
        nonlocal sent
        sent += 1
        if sent == MAX_REQUESTS and environment.runner is not None:
            environment.runner.quit()


class Marketplace(HttpUser):
    wait_time = between(0.05, 0.2)

    def on_start(self):
        self.email = f"load-{uuid.uuid4().hex[:12]}@example.com"
        self.password = "load-password"
        self.client.post(
            f"{API}/users/signup",
            json={"email": self.email, "password": self.password},
            name="POST /users/signup",
        )
        self.log_in()
        self.my_jobs: list[str] = []

    def log_in(self):
        r = self.client.post(
            f"{API}/login/access-token",
            data={"username": self.email, "password": self.password},
            name="POST /login/access-token",
        )
        if r.status_code == 200:
            self.client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"

    def post_expecting(self, url, name, *codes):
        with self.client.post(url, name=name, catch_response=True) as r:
            if r.status_code in codes:
                r.success()

    @task(1)
    def login(self):
        self.log_in()

    @task(4)
    def list_cleanings(self):
        self.client.get(f"{API}/cleanings/?limit=20", name="GET /cleanings/")

    @task(4)
    def feed_offset(self):
        skip = random.choice([0, 0, 20, 100, 500])
        self.client.get(
            f"{API}/feed/cleanings/?skip={skip}&limit=20", name="GET /feed/cleanings/"
        )

    @task(4)
    def feed_cursor(self):
        params = {"limit": 20}
        for _ in range(3):
            r = self.client.get(
                f"{API}/feed/cleanings/cursor",
                params=params,
                name="GET /feed/cleanings/cursor",
            )
            cursor = r.json().get("next_cursor") if r.status_code == 200 else None
            if not cursor:
                return
            params = {"limit": 20, "cursor": cursor}

    @task(2)
    def post_cleaning(self):
        r = self.client.post(
            f"{API}/cleanings/",
            json={"name": "Load job", "price": "42.50", "cleaning_type": "full_clean"},
            name="POST /cleanings/",
        )
        if r.status_code == 201:
            self.my_jobs.append(r.json()["id"])

    @task(2)
    def offer(self):
        r = self.client.get(
            f"{API}/feed/cleanings/?limit=20", name="GET /feed/cleanings/"
        )
        if r.status_code != 200:
            return
        jobs = [i["id"] for i in r.json()["data"] if i["id"] not in self.my_jobs]
        if jobs:
            # 409 when this user already offered or the job is taken: no error.
            self.post_expecting(
                f"{API}/cleanings/{random.choice(jobs)}/offers/",
                "POST /cleanings/{id}/offers/",
                201,
                409,
            )

    @task(1)
    def accept(self):
        if not self.my_jobs:
            return
        job = random.choice(self.my_jobs)
        r = self.client.get(
            f"{API}/cleanings/{job}/offers/", name="GET /cleanings/{id}/offers/"
        )
        if r.status_code != 200:
            return
        pending = [o for o in r.json()["data"] if o["status"] == "pending"]
        if pending:  # 409: another offer was accepted meanwhile
            self.post_expecting(
                f"{API}/cleanings/{job}/offers/{pending[0]['user']['username']}/accept",
                "POST /cleanings/{id}/offers/{username}/accept",
                200,
                409,
            )
