"""Shared fixtures: a real Redis server, the real Docker engine, a fresh app per test.

Under CI=true a missing Docker engine or Redis is a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.databases import (
    PASSWORDS,
    RedisDatabases,
    SeededDatabases,
    fresh_postgres_database,
)
from tests.support.distribution import rank, work_unit

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("TREMPLIN_ARTIFACTS") or ROOT / "test-artifacts")
SCREENSHOTS = ARTIFACTS / "screenshots"
# One definition of the browser fixtures for every test folder (one Playwright per session).
pytest_plugins = ["tests.e2e.fixtures"]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.hookimpl(tryfirst=True)  # before xdist's own, which reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each test joins its work unit; the longest units are sent to the workers first."""
    for item in items:
        item.add_marker(pytest.mark.xdist_group(work_unit(item.nodeid)))
    items.sort(key=lambda item: rank(work_unit(item.nodeid)))  # stable: file order kept


def pytest_sessionstart(session: pytest.Session) -> None:
    """The screenshots of the last run are removed once, by the controller (not each worker).
    On PostgreSQL (TREMPLIN_TEST_DATABASE_URL), each xdist worker gets a database of its own."""
    worker = getattr(session.config, "workerinput", {}).get("workerid")
    if worker is None:
        shutil.rmtree(SCREENSHOTS, ignore_errors=True)
        return
    url = os.environ.get("TREMPLIN_TEST_DATABASE_URL")
    if url:
        os.environ["TREMPLIN_TEST_DATABASE_URL"] = fresh_postgres_database(url, worker)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Say where the browser tests' screenshots are."""
    if SCREENSHOTS.is_dir():
        count = len(list(SCREENSHOTS.rglob("*.png")))
        terminalreporter.write_line(f"Browser screenshots ({count}): {SCREENSHOTS}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unavailable(what: str, why: object) -> None:
    message = f"{what} is not available: {why}"
    if IN_CI:
        pytest.fail(message + " (CI=true: integration tests must run)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read the developer's configuration."""
    for name in (
        "DATABASE_URL",
        "REDIS_URL",
        "SECRET_KEY",
        "SANDBOX_RUNTIME",
        "SANDBOX_POOL",
        "EXERCISES_DIR",
        "TIMEZONE",
    ):
        monkeypatch.delenv(name, raising=False)
    for name in list(os.environ):
        if name.startswith("TREMPLIN_") and name != "TREMPLIN_TEST_DATABASE_URL":
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server (the embedded binary) on a free port, for the whole session."""
    from tremplin.redis_server import start_redis

    port = free_port()
    try:
        process = start_redis(tmp_path_factory.mktemp("redis"), port=port)
    except (OSError, RuntimeError) as exc:
        unavailable("Redis", exc)
    yield f"redis://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throwaway PostgreSQL cluster for the session (Debian's server binaries)."""
    from tests.support.postgres import start_cluster

    try:
        cluster = start_cluster()
    except (OSError, RuntimeError, subprocess.CalledProcessError) as exc:
        unavailable("PostgreSQL", exc)
    yield cluster
    cluster.destroy()


_next_pg_db = iter(range(1_000_000))


@pytest.fixture
def postgres_url(postgres_cluster) -> str:
    """A fresh, empty PostgreSQL database for one test."""
    return postgres_cluster.create_database(f"t{os.getpid()}_{next(_next_pg_db)}")


@pytest.fixture(scope="session")
def redis_databases(redis_server: str) -> RedisDatabases:
    return RedisDatabases(redis_server)


@pytest.fixture
def redis_url(redis_databases: RedisDatabases) -> Iterator[str]:
    """A flushed Redis database for one test."""
    url = redis_databases.emptied(RedisDatabases.FOR_TESTS)
    yield url
    redis_databases.emptied(RedisDatabases.FOR_TESTS)


@pytest.fixture(scope="session")
def docker_sandbox(tmp_path_factory: pytest.TempPathFactory):
    """The real Docker sandbox, with every runtime image built (cached).

    With its warm pool, as `make run` has it (``SANDBOX_POOL``: the defaults unless set;
    ``SANDBOX_POOL=0``, as `make test` runs the hostile suite a second time, turns it off).
    """
    from sandbox.engine import DockerSandbox
    from sandbox.errors import SandboxError
    from sandbox.images import ensure_all
    from tremplin.pool import pool_settings

    # One worker id and pool per test session: other engineers' sessions share the engine.
    pool = pool_settings(
        {
            "SANDBOX_POOL": os.environ.get("SANDBOX_POOL", ""),
            "SANDBOX_POOL_NAMESPACE": f"t{os.getpid()}",
        },
        tmp_path_factory.mktemp("instance"),
    )
    sandbox = DockerSandbox(worker_id=f"pytest-{os.getpid()}", pool=pool)
    try:
        ensure_all(sandbox.client)
    except SandboxError as exc:
        unavailable("Docker engine", exc)
    if sandbox.refiller is not None:
        sandbox.refiller.start()
    yield sandbox
    if sandbox.refiller is not None:
        sandbox.refiller.stop()
    sandbox.reap(everything=True, mine=True)


@pytest.fixture(scope="session")
def graded_codes() -> dict:
    """Verdicts already given in this session, keyed by (exercise slug, files): the curriculum
    check fills it, the demo seed reuses it rather than grading the same code twice."""
    return {}


@pytest.fixture(scope="session")
def seeded_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeededDatabases]:
    """Loading the curriculum and hashing four passwords cost a second or two: done once per
    session, in a template each `app` test gets a fresh copy of."""
    databases = SeededDatabases(
        tmp_path_factory.mktemp("seed"),
        os.environ.get("TREMPLIN_TEST_DATABASE_URL"),
        ROOT / "exercises",
    )
    yield databases
    databases.close()


@pytest.fixture
def test_database(tmp_path: Path) -> dict[str, str]:
    """The database URL of this test's apps: empty at first; `app` puts a seeded one here."""
    default = f"sqlite:///{tmp_path / 'test.db'}"
    return {"uri": os.environ.get("TREMPLIN_TEST_DATABASE_URL", default)}


@pytest.fixture
def make_app(test_database: dict[str, str], redis_url: str, docker_sandbox):
    """Build an app on this test's database; extra config may be given."""
    from tremplin import create_app
    from tremplin.extensions import db

    def _make(**config):
        sandbox = config.pop("sandbox", docker_sandbox)
        settings = {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": test_database["uri"],
            "REDIS_URL": redis_url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            **config,
        }
        application = create_app(settings, sandbox=sandbox)
        with application.app_context():
            # Faster than running the migrations each time; tests/migrations proves them equal.
            db.create_all()
        return application

    return _make


@pytest.fixture
def app(make_app, test_database, seeded_databases: SeededDatabases, tmp_path: Path):
    """The app with the curriculum loaded and demo users (learner, other, trainer, outsider),
    on a fresh copy of the session's seeded database (other apps of the test share it)."""
    from tremplin.extensions import db

    test_database["uri"] = seeded_databases.fresh(tmp_path)
    application = make_app()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
    seeded_databases.release(test_database["uri"])


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def token(client):
    """Get an API token for one of the fixture users: ``token("ana@example.org")``."""

    def _token(email: str) -> dict[str, str]:
        response = client.post(
            "/api/v1/tokens", json={"email": email, "password": PASSWORDS[email]}
        )
        assert response.status_code == 201, response.json
        return {"Authorization": f"Bearer {response.json['token']}"}

    return _token


@pytest.fixture
def drain(app):
    """Run every queued grading job with a real RQ worker (burst), in this process."""
    from rq import SimpleWorker

    from tremplin.backends import backends

    def _drain() -> None:
        queue = backends(app).queue
        worker = SimpleWorker([queue.queue], connection=queue.connection)
        with app.app_context():
            worker.work(burst=True)

    return _drain
