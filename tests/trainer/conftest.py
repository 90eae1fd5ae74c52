"""The seeded demo cohort, built once per session and shared by the seed and browser tests.

`flask demo seed` grades each distinct piece of code once in the real sandbox (about a
minute); every test here reads the same cohort, and the browser tests share one web server.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.e2e.fixtures import run_platform

ARTIFACTS = ROOT / "test-artifacts" / "trainer"


@dataclass
class Seeded:
    """The seeded app and what the seed reported."""

    app: object
    report: object
    cohort_id: int
    database: str


@pytest.fixture(scope="session")
def seeded(tmp_path_factory, redis_databases, docker_sandbox, graded_codes) -> Seeded:
    """A database with the curriculum and the demo cohort (graded in the real sandbox; code
    the curriculum check of this session already graded is not graded twice)."""
    from flask_migrate import upgrade

    from tremplin import create_app
    from tremplin.content.loader import load_curriculum
    from tremplin.curriculum import load_into_database
    from tremplin.demo.seed import seed_demo
    from tremplin.models import utcnow

    database = f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'demo.db'}"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "seeded-secret",
            "SQLALCHEMY_DATABASE_URI": database,
            "REDIS_URL": redis_databases.take(),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        },
        sandbox=docker_sandbox,
    )
    with app.app_context():
        upgrade()  # the seeded database is built by the migrations, as `make run` does
        assert load_into_database(ROOT / "exercises").errors == []
        calendar = load_curriculum(ROOT / "exercises").calendar
        report = seed_demo(docker_sandbox, utcnow(), calendar=calendar, known=graded_codes)
        cohort_id = report.cohort.id
    return Seeded(app, report, cohort_id, database)


@pytest.fixture(scope="session")
def seeded_site(seeded, redis_databases, tmp_path_factory):
    """The platform (web and worker processes) on the seeded database, for the whole session."""
    with run_platform(
        seeded.database, redis_databases.take(), tmp_path_factory.mktemp("site")
    ) as base:
        yield base


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots are kept (test-artifacts/trainer/, ignored by git)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
