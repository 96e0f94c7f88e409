"""The README's examples run: every command of its fenced bash blocks and every Python block, against the seed
database, in a folder laid out as the README assumes (the shared folder at ../shared, the database at the
default path). An example that crashes, or exits non-zero, fails here."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dyad.serve.cli import app
from tests.conftest import REPO

README = REPO / "README.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
COMMENT = re.compile(r"\s+#\s.*$")  # "command   # what it does"
DYAD = ".venv/bin/dyad"
# Commands CI itself runs (.ci/run installs with the first and tests with the second); running them from
# inside the test suite would reinstall the environment under the running tests or recurse into the suite.
CI_STEPS = {("bash", "scripts/setup"), ("bash", "scripts/test")}


def readme_blocks(language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(README.read_text("utf-8")) if lang == language]


def readme_commands() -> list[str]:
    """Every command of the bash blocks, one per line, with `a && b` split into two, comments removed."""
    commands = []
    for block in readme_blocks("bash"):
        for line in block.splitlines():
            line = COMMENT.sub("", line).strip()
            commands += [part.strip() for part in line.split("&&") if part.strip() and not line.startswith("#")]
    return commands


@pytest.fixture(scope="session")
def workspace(tmp_path_factory, seed_db: Path) -> Path:
    """A working folder beside a `shared` link, holding the seed database at the default path."""
    root = tmp_path_factory.mktemp("readme")
    (root / "shared").symlink_to(REPO.parent / "shared", target_is_directory=True)
    work = root / "work"
    work.mkdir()
    shutil.copy(seed_db, work / "dyad.duckdb")
    return work


def test_the_readme_has_examples_to_run():
    commands = [shlex.split(c) for c in readme_commands()]
    assert sum(argv[0] == DYAD for argv in commands) >= 15
    assert readme_blocks("python"), "the Python API section has a snippet"
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    for step in CI_STEPS:
        assert " ".join(step) in ci, f"CI runs {' '.join(step)!r}, so the README need not"


def _serve_with_a_test_client(application, **_: object) -> None:
    """Stands in for uvicorn.run: the app `dyad serve` built answers its pages and API."""
    with TestClient(application, base_url="http://127.0.0.1:8000") as client:  # a host the server allows
        for path in ("/", "/docs", "/openapi.json", "/api/health", "/api/brief?format=md"):
            assert client.get(path).status_code == 200, path


@pytest.mark.model
@pytest.mark.parametrize("command", readme_commands())
def test_every_readme_command_runs(command: str, workspace: Path, monkeypatch: pytest.MonkeyPatch):
    argv = shlex.split(command)
    if tuple(argv[:2]) in CI_STEPS:
        return  # checked by test_the_readme_has_examples_to_run: CI runs these itself
    assert argv[0] == DYAD, f"the README test does not know how to run {command!r}"
    monkeypatch.chdir(workspace)
    monkeypatch.delenv("DYAD_DB", raising=False)
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", _serve_with_a_test_client)
    result = CliRunner().invoke(app, argv[1:], catch_exceptions=False)
    assert result.exit_code == 0, f"{command} exited {result.exit_code}: {result.output[-2000:]}"
    assert result.output.strip() or any(a.startswith("--out") for a in argv), f"{command} printed nothing"


@pytest.mark.model
@pytest.mark.parametrize("number", range(len(readme_blocks("python"))))
def test_every_readme_python_snippet_runs(number: int, workspace: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(workspace)
    exec(compile(readme_blocks("python")[number], f"README.md python block {number + 1}", "exec"), {})
