"""`flask up` (what `make run` runs): a pool of supervised grading workers, a killed worker
restarted while the platform keeps serving, Ctrl-C in the middle of a burst ending cleanly
(embedded Redis last, no traceback), and the burst graded once after the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.conftest import free_port
from tests.support.platform import ROOT, slow, wait_until

pytestmark = [pytest.mark.docker, pytest.mark.slow]
BURST = 6  # the per-learner limit per minute
PASSWORD = "motdepasse-up"


class Up:
    """One `flask up` in its own process group, as a terminal runs it."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.offset = log.stat().st_size if log.exists() else 0
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "wsgi", "up"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self) -> Up:
        """Return once it says it is running."""
        wait_until(lambda: "Tremplin is running" in self.text(), 180, "flask up to start")
        return self

    def text(self) -> str:
        """What this run printed (workers, web and Redis included)."""
        return self.log.read_text(errors="replace")[self.offset :]

    def children(self, word: str) -> list[int]:
        """Pids of the supervised processes whose command line has ``word``."""
        found = []
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
                command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except (OSError, ValueError):
                continue
            if parent == self.process.pid and word in command:
                found.append(int(proc.name))
        return found

    def ctrl_c(self) -> int:
        """SIGINT to the process group, as the terminal does; the exit status."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout=120)

    def end(self) -> None:
        """After a failed test: stop it (and what it started) whatever state it is in."""
        started = self.children("")  # each in a session of its own
        if self.process.poll() is None:
            try:
                self.ctrl_c()
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        for pid in started:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.fixture
def start_up():
    """Start `flask up` runs; any still running at the end of the test is stopped."""
    runs: list[Up] = []

    def _start(env: dict[str, str], log: Path) -> Up:
        runs.append(Up(env, log))
        return runs[-1].wait_ready()

    yield _start
    for run in runs:
        run.end()


def _api(port: int, path: str, token: str | None = None, **kwargs) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(
        kwargs.pop("method", "GET"), f"http://127.0.0.1:{port}/api/v1{path}", headers=headers,
        timeout=30, **kwargs,
    )  # fmt: skip


def _statuses(port: int, token: str, ids: list[int]) -> dict[int, str]:
    return {i: _api(port, f"/submissions/{i}", token).json()["status"] for i in ids}


def test_flask_up_supervises_workers_and_stops_cleanly(tmp_path, docker_sandbox, start_up):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TREMPLIN_")}
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY"):
        env.pop(name, None)
    namespace = f"up{os.getpid()}"  # its warm pool, empty at each stop
    env.update(
        TREMPLIN_INSTANCE_PATH=str(tmp_path / "instance"),
        PORT=str(port),
        GRADING_WORKERS="2",
        PYTHONUNBUFFERED="1",
        SANDBOX_POOL_NAMESPACE=namespace,
    )
    log = tmp_path / "up.log"
    up = start_up(env, log)
    assert len(up.children("flask --app wsgi worker")) == 2
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "users", "create", "l@up.test"]
        + ["--password", PASSWORD],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    token = _api(port, "/tokens", method="POST", json={"email": "l@up.test", "password": PASSWORD})
    token = token.json()["token"]
    ids = [
        _api(port, "/exercises/js-somme/submissions", token, method="POST",
             json={"files": {"somme.js": slow(1)}}).json()["id"]
        for _ in range(BURST)
    ]  # fmt: skip

    # A worker killed with kill -9 during a run is restarted; the platform keeps serving.
    wait_until(lambda: "running" in _statuses(port, token, ids).values(), 60, "a run")
    victim = up.children("flask --app wsgi worker")[0]
    os.kill(victim, signal.SIGKILL)
    wait_until(lambda: "killed by SIGKILL: restarting" in up.text(), 30, "the supervisor")
    wait_until(lambda: "restarted (pid" in up.text(), 30, "the restart")
    assert requests.get(f"http://127.0.0.1:{port}/connexion", timeout=10).status_code == 200

    # Ctrl-C in the middle of the burst: a clean stop, Redis last.
    wait_until(lambda: "passed" in _statuses(port, token, ids).values(), 60, "a verdict")
    redis_pid = up.children("redis-server")
    assert up.ctrl_c() == 0
    output = up.text()
    assert "Traceback" not in output
    assert output.rstrip().endswith("stopped.")
    stops = [line for line in output.splitlines() if line.startswith("tremplin: stopping ")]
    assert stops[-1] == "tremplin: stopping redis" and "web" in stops[-2], stops
    assert redis_pid and not Path(f"/proc/{redis_pid[0]}").exists()
    assert _pool(docker_sandbox, namespace) == []  # a worker killed, then Ctrl-C: none left

    # The next start grades what was left, each submission once; no demo account appears.
    up = start_up(env, log)
    statuses = wait_until(
        lambda: (s := _statuses(port, token, ids)) and all(v == "passed" for v in s.values()) and s,
        120,
        "the rest of the burst",
    )
    assert set(statuses.values()) == {"passed"}
    for submission_id in ids:
        body = _api(port, f"/submissions/{submission_id}", token).json()
        assert len(body["tests"]) == 7 and body["message"] == "Bravo ! Les 7 tests passent."
    demo = _api(port, "/tokens", method="POST",
                json={"email": "apprenant@tremplin.test", "password": "demo-apprenant"})  # fmt: skip
    assert demo.status_code == 401  # only `make run` (flask up --demo) creates demo accounts
    assert up.ctrl_c() == 0
    assert "Traceback" not in up.text()
    assert _pool(docker_sandbox, namespace) == []


def _pool(docker_sandbox, namespace: str) -> list[str]:
    """Containers of the platform's warm pool still on the engine."""
    api = docker_sandbox.client.api
    return [
        c["Id"] for c in api.containers(all=True, filters={"label": f"tremplin.pool={namespace}"})
    ]
