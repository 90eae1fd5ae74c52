"""A live platform for the load benchmark, started the README's way (`flask up`).

It gets a database, a Redis server and a warm-pool namespace of its own, so that it never
touches the developer's instance; learners and their API tokens are created directly in
its database (the sign-in rate limits are for people, not for a benchmark). Verdict times
are read from the database (``graded_at``), so that watching them loads the web server with
nothing.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docker.errors import DockerException

ROOT = Path(__file__).resolve().parent.parent
DONE = ("passed", "failed", "error")


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Platform:
    """`flask up` on its own database, Redis and pool namespace; the bench's handle on it."""

    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="tremplin-bench-")))
    port: int = field(default_factory=free_port)
    namespace: str = field(default_factory=lambda: f"bench{os.getpid()}")
    extra_env: dict[str, str] = field(default_factory=dict)
    redis_url: str = ""
    process: subprocess.Popen | None = None
    redis: subprocess.Popen | None = None
    app: Any = None

    @property
    def url(self) -> str:
        """The web server's address."""
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        """What `flask up` and this process's app read: the bench's own database and Redis."""
        return {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{self.folder / 'bench.db'}",
            "REDIS_URL": self.redis_url,
            "SANDBOX_POOL_NAMESPACE": self.namespace,
            "PORT": str(self.port),
            **self.extra_env,
        }

    def start(self, timeout_s: float = 900) -> None:
        """Start Redis, then `flask up`; return once the web server answers."""
        from tremplin.redis_server import start_redis

        redis_port = free_port()
        self.redis_url = f"redis://127.0.0.1:{redis_port}/0"
        self.redis = start_redis(self.folder / "redis", port=redis_port)
        log = (self.folder / "platform.log").open("ab")
        command = [sys.executable, "-m", "flask", "--app", "wsgi", "up", "--port", str(self.port)]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"flask up exited; see {self.folder / 'platform.log'}")
            try:
                urllib.request.urlopen(f"{self.url}/connexion", timeout=2)
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("the platform did not answer in time")

    def stop(self) -> None:
        """Ctrl-C `flask up` (it stops its processes and empties the pool), then Redis."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.redis is not None:
            self.redis.terminate()
            self.redis.wait(timeout=10)

    def flask_app(self) -> Any:
        """This process's app on the platform's database (no pool, no worker)."""
        if self.app is None:
            saved = dict(os.environ)
            os.environ.update({**self.env(), "SANDBOX_POOL": "0"})
            try:
                from tremplin import create_app

                self.app = create_app({"SANDBOX_POOL": "0"})
            finally:
                os.environ.clear()
                os.environ.update(saved)
        return self.app

    def learners(self, count: int) -> list[str]:
        """API tokens of ``count`` learners, created in the platform's database."""
        from tremplin.auth.services import create_user, issue_token

        app = self.flask_app()
        tokens = []
        with app.app_context():
            for n in range(count):
                user = create_user(f"bench{n}@tremplin.test", "bench-password", "learner", "Bench")
                tokens.append(issue_token(user, 1))
        return tokens

    def _grading(self) -> dict[int, int]:
        """Every grading process (worker, work horse, RQ scheduler) and its parent."""
        assert self.process is not None
        return {
            pid: _parent(pid)
            for pid in _descendants(self.process.pid)
            if _cmdline(pid).endswith(" wsgi worker ")
        }

    def workers(self) -> list[int]:
        """Pids of the grading worker processes (not their work horses)."""
        grading = self._grading()
        return sorted(pid for pid, parent in grading.items() if parent not in grading)

    def worker_rss_mb(self) -> float:
        """Resident memory of the grading processes, work horses included (MiB)."""
        return sum(_rss_kb(pid) for pid in self._grading()) / 1024


def submit(platform: Platform, token: str, slug: str, files: dict[str, str]) -> tuple[int, float]:
    """POST a submission like a learner's client; its id and the epoch time it was sent."""
    request = urllib.request.Request(
        f"{platform.url}/api/v1/exercises/{slug}/submissions",
        data=json.dumps({"files": files}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    sent = time.time()
    for _ in range(20):
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return int(json.load(response)["id"]), sent
        except urllib.error.HTTPError as exc:
            if exc.code != 429:
                raise
            time.sleep(1)  # one learner's limit: the bench's clients wait like a learner would
    raise RuntimeError(f"submission to {slug} refused 20 times")


def verdicts(platform: Platform, ids: list[int]) -> dict[int, tuple[str, float | None, bool]]:
    """Per submission: status, epoch of its verdict, and whether it was stored twice.

    A verdict stored twice would hold its test results twice: the same positions again.
    """
    from sqlalchemy import func, select

    from tremplin.extensions import db
    from tremplin.models import Submission, TestResult

    app = platform.flask_app()
    with app.app_context():
        rows = db.session.execute(
            select(Submission.id, Submission.status, Submission.graded_at).where(
                Submission.id.in_(ids)
            )
        ).all()
        twice = {
            submission_id
            for submission_id, results, positions in db.session.execute(
                select(
                    TestResult.submission_id,
                    func.count(TestResult.id),
                    func.count(TestResult.position.distinct()),
                )
                .where(TestResult.submission_id.in_(ids))
                .group_by(TestResult.submission_id)
            ).all()
            if results != positions
        }
        db.session.remove()
    return {row.id: (row.status, _epoch(row.graded_at), row.id in twice) for row in rows}


class Watcher:
    """One thread reads the verdicts of every awaited submission: the bench's clients share it,
    so that watching many costs the machine what watching one does."""

    def __init__(self, platform: Platform, every_s: float = 0.05) -> None:
        self.platform = platform
        self.every_s = every_s
        self.awaited: dict[int, threading.Event] = {}
        self.seen: dict[int, tuple[str, float | None, bool]] = {}
        self.lock = threading.Lock()
        threading.Thread(target=self._watch, daemon=True).start()

    def wait(self, ids: list[int], timeout_s: float) -> dict[int, tuple[str, float | None, bool]]:
        """Every submission's (status, verdict epoch, stored twice) once given, or as it is."""
        with self.lock:
            events = [self.awaited.setdefault(i, threading.Event()) for i in ids]
        deadline = time.monotonic() + timeout_s
        for event in events:
            event.wait(max(0.0, deadline - time.monotonic()))
        with self.lock:
            for i in ids:
                self.awaited.pop(i, None)
            return {i: self.seen.get(i, ("lost", None, False)) for i in ids}

    def _watch(self) -> None:
        while True:
            with self.lock:
                ids = list(self.awaited)
            if ids:
                found = verdicts(self.platform, ids)
                with self.lock:
                    for i, row in found.items():
                        if row[0] in DONE:
                            self.seen[i] = row
                            if i in self.awaited:
                                self.awaited[i].set()
            time.sleep(self.every_s)


def cpu_used(api: Any, container_ids: list[str], over_s: float = 0.3) -> float:
    """CPUs the containers use together, measured over ``over_s`` seconds (inf: one is gone)."""

    def total() -> int:
        return sum(
            api.stats(i, stream=False, one_shot=True)["cpu_stats"]["cpu_usage"]["total_usage"]
            for i in container_ids
        )

    try:
        before, started = total(), time.monotonic()
        time.sleep(over_s)
        return (total() - before) / 1e9 / (time.monotonic() - started)
    except DockerException:
        return float("inf")


def _epoch(moment: datetime | None) -> float | None:
    return moment.replace(tzinfo=UTC).timestamp() if moment else None


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        for child in _children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
