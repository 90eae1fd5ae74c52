"""DockerSandbox on the real engine: runtime setting, labels, janitor."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import pytest

from graders.registry import build_spec, grader_for
from graders.verdict import Status
from sandbox.base import Limits, RunRequest, RunResult, Sandbox
from sandbox.engine import LABEL, DockerSandbox, available_runtimes
from sandbox.errors import EngineUnavailableError
from sandbox.images import image_name
from tests.conftest import unavailable

pytestmark = [pytest.mark.docker]

LIMITS = Limits(timeout_s=3, memory_mb=128)


@dataclass
class Recorder:
    """Remembers the labels of every request, then runs it for real."""

    inner: Sandbox
    labels: list[dict[str, str]] = field(default_factory=list)

    def run(self, request: RunRequest) -> RunResult:
        self.labels.append(dict(request.labels))
        return self.inner.run(request)


def test_auto_runtime_is_gvisor_when_registered(docker_sandbox: DockerSandbox) -> None:
    sandbox = DockerSandbox(docker_sandbox.client, runtime="auto")
    registered = "runsc" in available_runtimes(docker_sandbox.client)
    assert sandbox.gvisor is registered
    assert sandbox.runtime == ("runsc" if registered else None)


def test_unknown_runtime_fails_loudly(docker_sandbox: DockerSandbox) -> None:
    sandbox = DockerSandbox(docker_sandbox.client, runtime="no-such-runtime")
    with pytest.raises(EngineUnavailableError, match="SANDBOX_RUNTIME"):
        _ = sandbox.client


def test_submission_label_reaches_the_container(make_app, docker_sandbox) -> None:
    """The job labels each run with its submission id, whatever the grader."""
    from rq import SimpleWorker

    from tests.conftest import ROOT
    from tremplin.auth.services import create_user
    from tremplin.backends import backends
    from tremplin.curriculum import load_into_database

    recorder = Recorder(docker_sandbox)
    app = make_app(sandbox=recorder)
    with app.app_context():
        load_into_database(ROOT / "exercises")
        create_user("ana@example.org", "motdepasse-ana", "learner", "Promo A")
    client = app.test_client()
    auth = client.post(
        "/api/v1/tokens", json={"email": "ana@example.org", "password": "motdepasse-ana"}
    )
    response = client.post(
        "/api/v1/exercises/js-somme/submissions",
        json={"files": {"somme.js": "function somme() { return 0; }"}},
        headers={"Authorization": f"Bearer {auth.json['token']}"},
    )
    queue = backends(app).queue
    with app.app_context():
        SimpleWorker([queue.queue], connection=queue.connection).work(burst=True)
    assert recorder.labels
    assert {labels["tremplin.submission"] for labels in recorder.labels} == {
        str(response.json["id"])
    }


def _run(sandbox: DockerSandbox, command: tuple[str, ...], limits: Limits = LIMITS) -> RunResult:
    return sandbox.run(RunRequest(image=image_name("node"), command=command, limits=limits))


# Under gVisor a run starts slower: on a loaded machine 3 s is not enough for these to finish.
GVISOR_LIMITS = Limits(timeout_s=10, memory_mb=128)


def test_request_labels_cannot_hide_a_container(docker_sandbox: DockerSandbox) -> None:
    """Engine labels win over request labels, so the janitor always finds the container."""
    seen: dict = {}
    sandbox = DockerSandbox(docker_sandbox.client, worker_id=f"{docker_sandbox.worker_id}-labels")
    api = sandbox.client.api
    request = RunRequest(
        image=image_name("node"),
        command=("sleep", "1"),
        limits=LIMITS,
        labels={LABEL: "0", "tremplin.worker": "someone-else", "tremplin.submission": "42"},
    )

    def _spy() -> None:
        for _ in range(200):
            ours = api.containers(filters={"label": "tremplin.submission=42"})
            if ours:
                seen.update(ours[0]["Labels"])
                return
            time.sleep(0.02)

    spy = threading.Thread(target=_spy)
    spy.start()
    sandbox.run(request)
    spy.join()
    assert seen[LABEL] == "1" and seen["tremplin.worker"] == sandbox.worker_id
    assert seen["tremplin.submission"] == "42"


def test_janitor_spares_a_fresh_stopped_container(docker_sandbox: DockerSandbox) -> None:
    """Another worker's container between create and start is not removed under its feet."""
    sandbox = DockerSandbox(docker_sandbox.client, worker_id=f"{docker_sandbox.worker_id}-reap")
    api = sandbox.client.api
    deadline = str(int(time.time()) + 600)
    labels = {LABEL: "1", "tremplin.worker": sandbox.worker_id, "tremplin.deadline": deadline}
    api.create_container(image=image_name("node"), command=["true"], labels=labels)
    assert sandbox.reap(mine=True) == 0
    assert sandbox.reap(everything=True, mine=True) == 1
    assert sandbox.leftovers() == []


# (code, expected status, fragment, wall clock): the answers that must finish get the kind's
# default 10 s, so that a loaded machine does not turn gVisor's slower start into a timeout.
RUNSC_CASES = {
    "passes": (
        "function somme(a) { return a.reduce((x, y) => x + y, 0); }",
        Status.PASSED,
        "Bravo",
        10,
    ),
    "wrong": ("function somme(a) { return 0; }", Status.FAILED, "0 test(s) sur 1", 10),
    "endless": ("function somme() { while (true) {} }", Status.FAILED, "Temps dépassé", 3),
    "sleeper": (
        "this.constructor.constructor('return process')().mainModule"
        ".require('child_process').execSync('sleep 100');",
        Status.FAILED,
        "Temps dépassé (3 s)",
        3,
    ),
}


@pytest.fixture(scope="module")
def runsc_sandbox(docker_sandbox: DockerSandbox) -> DockerSandbox:
    """gVisor, registered with this engine (`make test` does it: scripts/ensure-gvisor.sh)."""
    if "runsc" not in available_runtimes(docker_sandbox.client):
        unavailable("gVisor (runsc)", "not registered with this Docker engine")
    return DockerSandbox(
        docker_sandbox.client, runtime="runsc", worker_id=f"{docker_sandbox.worker_id}-runsc"
    )


@pytest.mark.parametrize(
    ("code", "status", "fragment", "timeout_s"), RUNSC_CASES.values(), ids=RUNSC_CASES
)
def test_javascript_under_gvisor(
    runsc_sandbox: DockerSandbox, code, status, fragment, timeout_s
) -> None:
    spec = build_spec(
        {
            "slug": "s",
            "kind": "javascript",
            "files": ["somme.js"],
            "tests": {
                "function": "somme",
                "tests": [{"name": "t", "args": [[1, 2]], "expected": 3, "visible": True}],
            },
            "limits": {"timeout_s": timeout_s},
        }
    )
    verdict = grader_for("javascript").grade(spec, {"somme.js": code}, runsc_sandbox)
    seen = "\n".join([verdict.message, *(t.message for t in verdict.tests)])
    assert verdict.status is status and fragment in seen, seen
    assert runsc_sandbox.leftovers() == []


def test_gvisor_exit_codes_network_and_memory(runsc_sandbox: DockerSandbox) -> None:
    """Exit codes are kept (no docker-init under runsc), no network, OOM is detected."""
    exits = [_run(runsc_sandbox, ("sh", "-c", "exit 3"), GVISOR_LIMITS) for _ in range(3)]
    assert [run.exit_code for run in exits] == [3, 3, 3]
    net = _run(
        runsc_sandbox,
        (
            "node",
            "-e",
            "require('net').connect(80, '1.1.1.1').on('error', e => console.log(e.code))",
        ),
        GVISOR_LIMITS,
    )
    assert net.stdout.strip() in ("ENETUNREACH", "EHOSTUNREACH")
    bomb = _run(
        runsc_sandbox,
        ("node", "-e", "const a = []; for (;;) a.push(Buffer.alloc(1 << 24, 1))"),
        GVISOR_LIMITS,
    )
    assert bomb.oom_killed or bomb.exit_code == 137


def test_w3c_checker_under_gvisor(runsc_sandbox: DockerSandbox) -> None:
    """The JVM of the `vnu` image runs under gVisor with the checker's limits (production)."""
    from graders.web.w3c.validator import validate

    page = b'<!DOCTYPE html>\n<html lang="fr">\n<title>x</title>\n<p>a</p></div>\n'
    report = validate({"index.html": page}, ["index.html"], warnings=False, sandbox=runsc_sandbox)
    found = report.files["index.html"]
    assert (report.stopped, found.errors, found.remarks[0].line) == ("", 1, 4)
    assert runsc_sandbox.leftovers() == []
