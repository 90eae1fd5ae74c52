"""The seeded demo cohort, built once per session and shared by the seed and browser tests.

`flask demo seed` grades each distinct piece of code once in the real sandbox (about a
minute); every test here reads the same cohort, and the browser tests share one web server.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, _free_port
from tests.e2e.fixtures import _wait_http

ARTIFACTS = ROOT / "test-artifacts" / "trainer"


@dataclass
class Seeded:
    """The seeded app and what the seed reported."""

    app: object
    report: object
    cohort_id: int
    database: str


@pytest.fixture(scope="session")
def seeded(tmp_path_factory, redis_server, docker_sandbox) -> Seeded:
    """A database with the curriculum and the demo cohort (graded in the real sandbox)."""
    from tremplin import create_app
    from tremplin.curriculum import load_into_database
    from tremplin.demo.seed import seed_demo
    from tremplin.models import utcnow

    database = f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'demo.db'}"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "seeded-secret",
            "SQLALCHEMY_DATABASE_URI": database,
            "REDIS_URL": f"{redis_server}/0",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        },
        sandbox=docker_sandbox,
    )
    with app.app_context():
        assert load_into_database(ROOT / "exercises").errors == []
        report = seed_demo(docker_sandbox, utcnow())
        cohort_id = report.cohort.id
    return Seeded(app, report, cohort_id, database)


@pytest.fixture(scope="session")
def seeded_site(seeded, redis_server, tmp_path_factory):
    """The web server (gunicorn) on the seeded database, for the whole session."""
    env = {
        **os.environ,
        "DATABASE_URL": seeded.database,
        "REDIS_URL": f"{redis_server}/0",
        "SECRET_KEY": "seeded-site-secret",
    }
    port = _free_port()
    log = Path(tmp_path_factory.mktemp("site")) / "web.log"
    with log.open("wb") as output:
        web = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                "1",
                "--threads",
                "4",
                "--bind",
                f"127.0.0.1:{port}",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_http(f"{base}/connexion", web)
            yield base
        finally:
            web.terminate()
            try:
                web.wait(timeout=15)
            except subprocess.TimeoutExpired:
                web.kill()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots are kept (test-artifacts/trainer/, ignored by git)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
