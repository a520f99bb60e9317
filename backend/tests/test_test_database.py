"""The tests' own database leaves nothing behind in the temporary folder."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[1]

USE_A_THROWAWAY_SERVER = """
from sqlalchemy import create_engine, text
from tests.utils.database import throwaway_embedded_server
engine = create_engine(throwaway_embedded_server())
with engine.connect() as conn:
    assert conn.execute(text("SELECT 1")).scalar_one() == 1
engine.dispose()
"""


def test_the_throwaway_server_leaves_the_temporary_folder_as_it_found_it() -> None:
    # Short paths: PostgreSQL's socket lives in its data folder, and socket paths are short.
    with tempfile.TemporaryDirectory(prefix="sp-") as tmp:
        runtime = Path(tmp) / "run"
        (Path(tmp) / "tmp").mkdir()
        runtime.mkdir(mode=0o700)
        env = {**os.environ, "TMPDIR": f"{tmp}/tmp", "XDG_RUNTIME_DIR": str(runtime)}
        # A process of its own: the server is stopped and its data deleted when it exits.
        subprocess.run(
            [sys.executable, "-c", USE_A_THROWAWAY_SERVER],
            cwd=BACKEND,
            env=env,
            check=True,
            timeout=120,
        )
        assert list((Path(tmp) / "tmp").iterdir()) == []
