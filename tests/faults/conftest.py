"""Fixtures of the fault tests: a platform (database, Redis of its own, learners) whose
grading workers run as separate processes, and a Docker engine of the tests' own."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import docker
import pytest
from werkzeug.security import generate_password_hash

from tests.conftest import unavailable
from tests.support.platform import (
    CORRECT,
    JS_SOMME_TESTS,
    SUBMIT,
    OwnEngine,
    RedisServer,
    WorkerProcess,
    pool_containers,
    remove_pool,
    wait_until,
    worker_env,
)

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.slow]
LEARNERS = 4
PASSWORD = "motdepasse-faute"


@pytest.fixture(scope="session")
def own_engine(docker_sandbox):
    """A second dockerd (own socket, data-root, exec-root, pidfile) with the node image."""
    from sandbox.images import image_name

    directory = Path(tempfile.mkdtemp(prefix="tremplin-dockerd-"))
    engine = OwnEngine(directory)
    try:
        engine.start()
        engine.load(image_name("node"))
    except (
        OSError,
        subprocess.SubprocessError,
        AssertionError,
        docker.errors.DockerException,
    ) as exc:
        engine.stop()
        unavailable("a second Docker engine", exc)
    yield engine
    engine.stop()
    shutil.rmtree(directory, ignore_errors=True)


@dataclass
class Platform:
    """The web side in this process (API client, database); workers as real processes."""

    app: object
    redis: RedisServer
    database_url: str
    directory: Path
    workers: list[WorkerProcess] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)

    def start_worker(self, **env: str) -> WorkerProcess:
        """Start one more `flask worker` process on this platform's database and Redis."""
        log = self.directory / f"worker-{len(self.workers) + 1}.log"
        worker = WorkerProcess(worker_env(self.database_url, self.redis.url, **env), log)
        self.workers.append(worker.start())
        return worker

    def submit(self, count: int, code: str = CORRECT) -> list[int]:
        """Submit ``count`` times through the API, spread over the learners; the ids."""
        client = self.app.test_client()
        ids = []
        for n in range(count):
            response = client.post(
                SUBMIT,
                json={"files": {"somme.js": code}},
                headers=self.headers[n % len(self.headers)],
            )
            assert response.status_code == 202, response.json
            ids.append(response.json["id"])
        return ids

    def statuses(self, ids: list[int]) -> dict[int, str]:
        """The stored status of each submission."""
        from tremplin.extensions import db
        from tremplin.models import Submission

        with self.app.app_context():
            db.session.remove()
            rows = db.session.query(Submission.id, Submission.status).filter(Submission.id.in_(ids))
            return dict(rows.all())

    def wait_for_verdicts(self, ids: list[int], timeout_s: float) -> dict[int, str]:
        """Wait until every submission is finished; their statuses."""
        finished = ("passed", "failed", "error")
        return wait_until(
            lambda: (s := self.statuses(ids)) and all(v in finished for v in s.values()) and s,
            timeout_s,
            f"verdicts of {ids} (now {self.statuses(ids)})",
        )

    def assert_graded_once(self, ids: list[int], engines: list[docker.DockerClient]) -> None:
        """Each submission passed with one verdict, nothing pending, no container left."""
        from tremplin.extensions import db
        from tremplin.models import Submission, TestResult

        with self.app.app_context():
            db.session.remove()
            for submission_id in ids:
                row = db.session.get(Submission, submission_id)
                assert (row.status, row.message) == ("passed", "Bravo ! Les 7 tests passent."), (
                    submission_id,
                    row.status,
                    row.message,
                )
                tests = db.session.query(TestResult).filter_by(submission_id=submission_id)
                assert tests.count() == JS_SOMME_TESTS
            pending = db.session.query(Submission).filter(
                Submission.status.in_(["queued", "running"])
            )
            assert pending.count() == 0
        # A run's container is removed just after its verdict is stored: give it a moment.
        for engine in engines:
            wait_until(lambda e=engine: not self.run_containers(e), 15, "no container left")

    def run_containers(self, engine: docker.DockerClient) -> list[str]:
        """Containers of this platform's runs on an engine: fresh ones, or warm ones claimed."""
        ours = {f"{socket.gethostname()}-{w.process.pid}" for w in self.workers}
        found = engine.api.containers(all=True, filters={"label": "tremplin.sandbox"})
        fresh = [c["Id"] for c in found if c["Labels"].get("tremplin.worker") in ours]
        return fresh + [c for n in self.pools() for c in pool_containers(engine, n, idle=False)]

    def pools(self) -> set[str]:
        """The warm pools of this platform's workers (one per engine)."""
        return {w.env["SANDBOX_POOL_NAMESPACE"] for w in self.workers}

    def stop(self) -> None:
        """Stop the workers and Redis; remove the workers' warm pools."""
        for worker in self.workers:
            worker.stop()
        self.redis.stop()
        for worker in self.workers:
            remove_pool(worker.env["SANDBOX_POOL_NAMESPACE"], worker.env.get("DOCKER_HOST"))


def _seed(app) -> list[dict[str, str]]:
    """The curriculum and a few learners (cheap password hashes); their API headers."""
    from tests.conftest import ROOT
    from tremplin.curriculum import load_into_database
    from tremplin.extensions import db
    from tremplin.models import User

    with app.app_context():
        assert load_into_database(ROOT / "exercises").errors == []
        cheap = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        for n in range(LEARNERS):
            db.session.add(User(email=f"l{n}@faute.test", password_hash=cheap, role="learner"))
        db.session.commit()
    client = app.test_client()
    headers = []
    for n in range(LEARNERS):
        body = {"email": f"l{n}@faute.test", "password": PASSWORD}
        token = client.post("/api/v1/tokens", json=body).json["token"]
        headers.append({"Authorization": f"Bearer {token}"})
    return headers


@pytest.fixture
def make_platform(make_app, tmp_path):
    """Build a platform on a database URL (SQLite file by default), with its own Redis."""
    platforms = []

    def _make(database_url: str | None = None) -> Platform:
        url = database_url or f"sqlite:///{tmp_path / 'platform.db'}"
        redis = RedisServer(tmp_path / f"redis-{len(platforms)}").start()
        app = make_app(SQLALCHEMY_DATABASE_URI=url, REDIS_URL=redis.url)
        platform = Platform(app, redis, url, tmp_path)
        platforms.append(platform)
        platform.headers = _seed(app)
        return platform

    yield _make
    for platform in platforms:
        platform.stop()
