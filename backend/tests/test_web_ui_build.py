"""How `./scripts/run.sh` decides to build the web UI (scripts/lib.sh `build_web_ui`), with a fake
`node` and `npm` so no real build runs: built when missing or older than its sources, left alone
when up to date, and without Node the API is served alone with one line saying why."""

import os
import shutil
import subprocess
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
TOOLS = ["bash", "find", "mktemp", "cat", "rm", "mkdir", "touch", "dirname"]

FAKE_NPM = """#!/bin/sh
# Records what it was asked, and "builds" like vite: dist/index.html.
echo "npm $*" >> "$CALLS"
if [ "$1" = "run" ] && [ "$2" = "build" ]; then mkdir -p dist && echo built > dist/index.html; fi
if [ "$1" = "ci" ]; then mkdir -p node_modules && echo lock > node_modules/.package-lock.json; fi
"""


def project(tmp_path: Path, *, node_major: int | None) -> tuple[Path, dict[str, str]]:
    """A copy of the repository's layout with its scripts, and a PATH with only basic tools."""
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "scripts" / "lib.sh", root / "scripts" / "lib.sh")
    front = root / "frontend"
    (front / "src").mkdir(parents=True)
    (front / "public").mkdir()
    for name in ["index.html", "package-lock.json", "vite.config.ts", "src/main.tsx"]:
        (front / name).write_text("source")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in TOOLS:
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    if node_major is not None:
        (bin_dir / "node").write_text(f"#!/bin/sh\necho {node_major}\n")
        (bin_dir / "npm").write_text(FAKE_NPM)
        for fake in ("node", "npm"):
            (bin_dir / fake).chmod(0o755)
    env = {
        "PATH": str(bin_dir),
        "CALLS": str(tmp_path / "calls"),
        "HOME": str(tmp_path),
    }
    return root, env


def build(root: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        ["bash", "-c", "source scripts/lib.sh && build_web_ui"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        executable=shutil.which("bash"),
    )
    return result.stdout + result.stderr


def npm_calls(env: dict[str, str]) -> list[str]:
    calls = Path(env["CALLS"])
    return calls.read_text().splitlines() if calls.exists() else []


def test_a_missing_build_is_built_and_says_so(tmp_path: Path) -> None:
    root, env = project(tmp_path, node_major=20)
    out = build(root, env)
    assert out.strip() == (
        "Web UI: building it (the build is missing or older than its sources)..."
    )
    assert npm_calls(env) == ["npm ci --no-audit --no-fund", "npm run build"]
    assert (root / "frontend" / "dist" / "index.html").exists()


def test_an_up_to_date_build_is_left_alone(tmp_path: Path) -> None:
    root, env = project(tmp_path, node_major=22)
    build(root, env)
    calls = len(npm_calls(env))
    assert build(root, env) == ""
    assert len(npm_calls(env)) == calls


def test_a_source_newer_than_the_build_rebuilds_without_reinstalling(
    tmp_path: Path,
) -> None:
    root, env = project(tmp_path, node_major=20)
    build(root, env)
    later = time.time() + 5
    os.utime(root / "frontend" / "src" / "main.tsx", (later, later))
    assert "building it" in build(root, env)
    assert npm_calls(env)[-1] == "npm run build"
    assert npm_calls(env).count("npm ci --no-audit --no-fund") == 1


def test_without_node_the_api_is_served_alone_and_one_line_says_why(
    tmp_path: Path,
) -> None:
    root, env = project(tmp_path, node_major=None)
    out = build(root, env)
    assert out.strip().splitlines() == [
        "Web UI: Node.js not found, serving the API only (install Node 20+ for the UI at /)."
    ]
    assert not (root / "frontend" / "dist").exists()


def test_an_old_node_is_refused_the_same_way(tmp_path: Path) -> None:
    root, env = project(tmp_path, node_major=18)
    out = build(root, env)
    assert "too old (20+ needed), serving the API only" in out
    assert npm_calls(env) == []
