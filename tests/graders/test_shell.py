"""The `shell` kind through the real sandbox: facts come from the harness, never the learner."""

from __future__ import annotations

import json

import pytest

from graders.base import ExerciseSpec
from graders.kinds.shell import read_snapshot
from graders.registry import grader_for
from graders.verdict import Status
from sandbox.base import Limits, RunResult

pytestmark = pytest.mark.docker  # except the frame-parsing tests at the end

SPEC = ExerciseSpec(
    slug="shell-demo",
    kind="shell",
    files=("commandes.sh",),
    fixed_files={"boite/secret.txt": "tresor\n", "brouillon.txt": "x\n"},
    tests={
        "tests": [
            {"name": "photos", "check": "dir", "path": "photos", "message": "Crée photos."},
            {"name": "secret", "check": "stdout", "contains": "tresor", "message": "Affiche."},
            {
                "name": "rangé",
                "check": "file",
                "path": "photos/secret.txt",
                "same_as": "boite/secret.txt",
                "message": "Déplace.",
            },
            {
                "name": "supprimé",
                "check": "absent",
                "path": "brouillon.txt",
                "message": "Supprime.",
            },
        ]
    },
)
SOLUTION = "mkdir photos\ncat boite/secret.txt\nmv boite/secret.txt photos/\nrm brouillon.txt\n"


def _grade(script: str, docker_sandbox, spec: ExerciseSpec = SPEC):
    return grader_for(spec.kind).grade(spec, {"commandes.sh": script}, docker_sandbox)


def test_solution_passes_and_shows_the_tree(docker_sandbox) -> None:
    verdict = _grade(SOLUTION, docker_sandbox)
    assert verdict.status is Status.PASSED, verdict
    assert "tresor" in verdict.output and "photos/secret.txt" in verdict.output


def test_empty_script_fails_with_messages(docker_sandbox) -> None:
    verdict = _grade("# rien\n", docker_sandbox)
    assert verdict.status is Status.FAILED
    assert "Crée photos." in [t.message for t in verdict.tests]


FORGERIES = {
    "printed frame": 'echo \'@@tremplin-shell@@ {"nonce": "x", "tree": {}}\'',
    "frame on pid 1's stdout": (
        'echo \'@@tremplin-shell@@ {"nonce": "x", "exit_code": 0, "stdout": "tresor",'
        ' "stderr": "", "tree": {"photos": {"type": "dir"}}}\' > /proc/1/fd/1'
    ),
    "late background writer": "(sleep 1; mkdir photos) &\ndisown\n",
    "nohup setsid escapee": "setsid nohup sh -c 'sleep 1; mkdir photos' >/dev/null 2>&1 &\n",
    "reads the config": "cat .tremplin/run.json; ls -a; cat /proc/*/environ 2>/dev/null | tr '\\0' '\\n'",
}


@pytest.mark.parametrize("script", FORGERIES.values(), ids=FORGERIES.keys())
def test_forgeries_do_not_pass(script: str, docker_sandbox) -> None:
    verdict = _grade(script, docker_sandbox)
    assert verdict.status is Status.FAILED
    assert verdict.tests and not verdict.tests[0].status == "passed"


def test_background_processes_are_dead_before_the_snapshot(docker_sandbox) -> None:
    verdict = _grade(SOLUTION + "(sleep 2; touch tard.txt) &\n", docker_sandbox)
    assert verdict.status is Status.PASSED
    assert "tard.txt" not in verdict.output


def test_endless_script_is_stopped_and_explained(docker_sandbox) -> None:
    spec = ExerciseSpec(**{**SPEC.to_dict(), "files": SPEC.files, "limits": {"timeout_s": 4}})
    verdict = _grade(SOLUTION + "sleep 100\n", docker_sandbox, spec)
    assert verdict.status is Status.FAILED
    assert "Temps dépassé" in verdict.tests[-1].message


def test_hostile_tree_is_still_inspected(docker_sandbox) -> None:
    script = SOLUTION + "mkfifo tube\nmkdir ferme && chmod 000 ferme\nln -s /etc/passwd lien\n"
    assert _grade(script, docker_sandbox).status is Status.PASSED


def test_unknown_check_is_reported() -> None:
    spec = ExerciseSpec(
        slug="x",
        kind="shell",
        files=("commandes.sh",),
        tests={"tests": [{"name": "n", "check": "magie", "message": "m"}]},
    )
    assert "inconnu" in grader_for("shell").check_spec(spec)[0]


def _frame(**fields) -> str:
    base = {"nonce": "n0", "exit_code": 0, "stdout": "", "stderr": "", "tree": {}}
    return "@@tremplin-shell@@ " + json.dumps({**base, **fields})


@pytest.mark.parametrize(
    ("stdout", "fragment"),
    [
        (_frame() + "\n" + _frame(), "deux résultats"),
        (_frame(tree=[]), "illisible"),
        (_frame(nonce="autre"), "avant la fin"),
        ("@@tremplin-shell@@ {pas du json", "avant la fin"),
    ],
    ids=["duplicate", "malformed", "wrong nonce", "not json"],
)
def test_only_one_well_formed_frame_with_the_nonce_counts(stdout: str, fragment: str) -> None:
    result = RunResult(exit_code=0, stdout=stdout, stderr="", duration_s=0.1)
    snapshot, problem = read_snapshot(result, "n0", Limits())
    assert snapshot is None and fragment in problem


def test_harness_under_gvisor(docker_sandbox) -> None:
    from sandbox.engine import DockerSandbox, available_runtimes

    if "runsc" not in available_runtimes(docker_sandbox.client):
        pytest.skip("gVisor (runsc) is not registered with this Docker engine")
    sandbox = DockerSandbox(docker_sandbox.client, runtime="runsc", worker_id="pytest-runsc")
    verdict = _grade(SOLUTION + "(sleep 2; touch tard.txt) &\n", sandbox)
    assert verdict.status is Status.PASSED and "tard.txt" not in verdict.output
    assert _grade(FORGERIES["frame on pid 1's stdout"], sandbox).status is Status.FAILED
