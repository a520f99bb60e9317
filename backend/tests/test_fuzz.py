"""Schemathesis over every operation of the live schema, as a new user would run it.

The API runs as `./scripts/run.sh` runs it, on an embedded PostgreSQL of this test's own, with
its mail going to a local SMTP server of the test's own (so a test mail is sent, not refused);
schemathesis reads the schema it serves and sends every phase's cases (examples, coverage,
fuzzing, stateful) signed in as the .env superuser, with every default check: no server
errors, answers that match their declared schema and status codes, requests the schema allows
accepted and those it refuses refused, 405 for undeclared methods. Bounded by a fixed seed and
the example count in tests/fuzz/schemathesis.toml, whose exclusions each say why.
"""

import subprocess
import sys
from pathlib import Path

from app.core.config import settings
from tests.utils.servers import owned_postgres, running_api, superuser_headers
from tests.utils.smtp import running_smtp_server, smtp_environment

CONFIG = Path(__file__).parent / "fuzz" / "schemathesis.toml"
SEED = "20261202"
# Every request comes from 127.0.0.1: limits per address would turn most of the run into 429s
# (declared, so allowed) instead of exercising each operation.
UNTHROTTLED = dict.fromkeys(
    (
        "LOGIN_FAILURES_PER_ACCOUNT_ADDRESS",
        "LOGIN_FAILURES_PER_ACCOUNT",
        "LOGIN_FAILURES_PER_ADDRESS",
        "RECOVERY_REQUESTS_PER_ADDRESS",
        "RECOVERY_MAILS_PER_ACCOUNT",
        "SIGNUP_REQUESTS_PER_ADDRESS",
    ),
    "1000000",
)


def test_the_api_holds_to_its_schema(tmp_path: Path) -> None:
    with (
        running_smtp_server() as mail,
        owned_postgres() as pg,
        running_api(
            {"DATABASE_URL": pg.url, **smtp_environment(mail), **UNTHROTTLED}
        ) as base,
    ):
        headers = superuser_headers(base)
        report = tmp_path / "schemathesis.txt"
        with report.open("w") as out:
            run = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "schemathesis.cli",
                    "--no-color",
                    "--config-file",
                    str(CONFIG),
                    "run",
                    f"{base}{settings.API_V1_STR}/openapi.json",
                    "--seed",
                    SEED,
                    "--workers",
                    "1",
                    "--header",
                    f"Authorization: {headers['Authorization']}",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=tmp_path,  # its cache (.schemathesis/) goes there, not into the repo
                timeout=600,
                check=False,
            )
    output = report.read_text()
    assert run.returncode == 0, output[-20000:]
    assert "Selected: " in output and "Tested: " in output
