"""Real parts for the fault tests: Redis servers, grading worker processes, a Docker engine
of the test's own, and the checks every fault test ends with."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import docker
import redis

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
SUBMIT = "/api/v1/exercises/js-somme/submissions"
CORRECT = "function somme(n) { return n.reduce((a, b) => a + b, 0); }"
# A correct answer whose first calls each spin for `ms` (under the 2 s per call, 5 s in all
# of the javascript kind): a run long enough to interrupt.
SLOW = (
    "let calls = 0;\nfunction somme(n) {{\n"
    "  if (calls++ < {calls}) {{ const t0 = Date.now(); while (Date.now() - t0 < {ms}) {{}} }}\n"
    "  return n.reduce((a, b) => a + b, 0);\n}}"
)


def slow(seconds: float) -> str:
    """A correct js-somme answer that takes about ``seconds`` (at most 4) to run."""
    calls = max(1, round(seconds))
    return SLOW.format(calls=calls, ms=int(seconds * 1000 / calls))


JS_SOMME_TESTS = 7


def wait_until(predicate: Callable[[], object], timeout_s: float, what: str) -> object:
    """Poll ``predicate`` until it is truthy; AssertionError naming ``what`` after the timeout."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")


@dataclass
class RedisServer:
    """A redis-server of the test's own (append-only file), that can be restarted."""

    directory: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """Its URL, database 0."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        """Start it (again, on the same port and files) and wait until it answers."""
        from tremplin.redis_server import start_redis

        self.process = start_redis(self.directory, port=self.port)
        return self

    def stop(self) -> None:
        """SIGTERM: Redis writes its append-only file and exits."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def client(self) -> redis.Redis:
        """A client of database 0."""
        return redis.Redis.from_url(self.url)


def worker_env(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment of a grading worker host: database, Redis, and its Docker engine."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TREMPLIN_")}
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECRET_KEY="fault-tests-" + "k" * 40,
        # Fast reconciling, so that a test does not wait a minute for it.
        TREMPLIN_RECONCILE_AFTER_S="1",
        TREMPLIN_RECONCILE_EVERY_S="3",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    # The workers of one test platform share one warm pool per engine, removed at its end.
    place = f"{database_url}:{env.get('DOCKER_HOST', '')}"
    env["SANDBOX_POOL_NAMESPACE"] = "f" + hashlib.sha1(place.encode()).hexdigest()[:10]
    return env


def pool_containers(engine: docker.DockerClient, namespace: str, *, idle: bool) -> list[str]:
    """Containers of a warm pool on an engine: the idle ones, or those claimed for a run."""
    found = engine.api.containers(all=True, filters={"label": f"tremplin.pool={namespace}"})
    return [c["Id"] for c in found if c["Names"][0].startswith("/tremplin-warm-") == idle]


def remove_pool(namespace: str, docker_host: str | None = None) -> None:
    """Remove a stopped test platform's warm pool (its engine may be gone: then nothing)."""
    try:
        engine = docker.DockerClient(base_url=docker_host or None)
        for idle in (True, False):
            for container_id in pool_containers(engine, namespace, idle=idle):
                engine.api.remove_container(container_id, force=True)
    except docker.errors.DockerException:
        pass  # a test's own engine, stopped: its containers go with its folder


@dataclass
class WorkerProcess:
    """One `flask worker` process (its own session), its output kept in a log file."""

    env: dict[str, str]
    log: Path
    process: subprocess.Popen | None = None

    def start(self) -> WorkerProcess:
        """Start the worker; return once RQ listens on the queue."""
        offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "wsgi", "worker"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(lambda: "Listening on" in self.text()[offset:], 60, f"worker log {self.log}")
        return self

    def text(self) -> str:
        """Everything the worker printed so far."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def graded(self) -> list[int]:
        """Submission ids this worker started grading, in order."""
        return [int(n) for n in re.findall(r"grading submission (\d+)", self.text())]

    def horse_pid(self) -> int | None:
        """The work horse: the child running a job, in a process group of its own (the
        other child, RQ's scheduler, stays in the worker's group)."""
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, parent, group = int(stat.parent.name), int(fields[1]), int(fields[2])
            if parent == self.process.pid and group == pid:
                return pid
        return None

    def signal(self, signum: int) -> None:
        """Send a signal to the worker's main process."""
        self.process.send_signal(signum)

    def stop(self) -> None:
        """Warm stop (SIGTERM), then SIGKILL if it lingers; also any orphaned work horse."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, TypeError, AttributeError):
            pass


@dataclass
class OwnEngine:
    """A second dockerd of the test's own: own socket, data-root, exec-root, pidfile and
    network namespace; the images it needs are copied over with ``docker save | load``."""

    directory: Path
    process: subprocess.Popen | None = None

    @property
    def socket(self) -> str:
        """Its DOCKER_HOST."""
        return f"unix://{self.directory / 'docker.sock'}"

    def start(self) -> OwnEngine:
        """Start dockerd (again, on the same data) and wait until it answers."""
        config = self.directory / "daemon.json"
        config.write_text("{}")
        # Its own network namespace: with no bridge, dockerd deletes any interface named
        # docker0 it can see, and the shared engine's is not its to touch.
        args = ["unshare", "--net", "--", "dockerd", "--config-file", str(config)]
        args += ["-H", self.socket]
        for option, name in (("--data-root", "data"), ("--exec-root", "exec")):
            args += [option, str(self.directory / name)]
        args += ["--pidfile", str(self.directory / "docker.pid"), "--bridge=none"]
        args += ["--iptables=false", "--ip-masq=false", "--ip-forward=false"]
        with (self.directory / "dockerd.log").open("ab") as out:
            self.process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
        wait_until(self._answers, 60, f"dockerd on {self.socket}")
        return self

    def _answers(self) -> bool:
        try:
            return self.client().ping()
        except Exception:  # noqa: BLE001 - anything but an answer means "not yet"
            return False

    def client(self) -> docker.DockerClient:
        """A client of this engine."""
        return docker.DockerClient(base_url=self.socket, timeout=30)

    def load(self, image: str) -> None:
        """Copy an image of the shared engine into this one, unless it has it already."""
        if self.client().images.list(name=image):
            return
        save = subprocess.Popen(["docker", "save", image], stdout=subprocess.PIPE)
        subprocess.run(
            ["docker", "-H", self.socket, "load", "-q"],
            stdin=save.stdout,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        assert save.wait() == 0

    def stop(self) -> None:
        """Stop dockerd as a service manager would (SIGTERM: it stops its containers)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)

    def sandbox_containers(self) -> list[str]:
        """Tremplin sandbox containers still present on this engine, but the warm ones that
        wait for a job (a running worker keeps them); a stopped warm one is a leftover."""
        found = self.client().api.containers(all=True, filters={"label": "tremplin.sandbox"})
        waiting = [
            c
            for c in found
            if c["Names"][0].startswith("/tremplin-warm-") and c["State"] == "running"
        ]
        return [c["Id"] for c in found if c not in waiting]
