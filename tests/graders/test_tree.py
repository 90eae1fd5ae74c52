"""The `shell` and `git` kinds' host side: spec problems, frame reading, the truncated walk.

Verdicts of whole submissions are golden cases (tests/graders/cases/shell, .../git).
"""

from __future__ import annotations

import json

import pytest

from graders.errors import ExerciseSpecError
from graders.registry import build_spec, grader_for
from graders.tree.checks import TRUNCATED, passes
from graders.tree.snapshot import Snapshot, read_snapshot
from graders.verdict import Status
from sandbox.base import Limits, RunResult
from tests.grading import CASES, case_files, case_spec

MARKER = "@@tremplin@@ n0 "


def _shell(tests: list[dict], **extra) -> dict:
    return {
        "slug": "x",
        "kind": "shell",
        "files": ["commandes.sh"],
        "tests": {"tests": tests},
        **extra,
    }


@pytest.mark.parametrize(
    ("data", "where", "fragment"),
    [
        (
            _shell([{"name": "n", "check": "magie", "message": "m"}]),
            "tests.toml",
            "`check` inconnu",
        ),
        (_shell([{"name": "n", "check": "dir", "message": "m"}]), "tests.toml", "`path`"),
        (_shell([{"name": "n", "check": "dir", "path": 3, "message": "m"}]), "tests.toml", "type"),
        (_shell([{"name": "n", "check": "exit", "mesage": "m"}]), "tests.toml", "champ inconnu"),
        (
            _shell([{"name": "n", "check": "exit", "message": "m"}], files=["a.sh"]),
            "exercise.toml",
            "`files`",
        ),
        (
            _shell([{"name": "n", "check": "exit", "message": "m"}], limits={"timeout_s": -1}),
            "exercise.toml",
            "limits.timeout_s",
        ),
        (
            _shell(
                [{"name": "n", "check": "exit", "message": "m"}], fixed_files={".harness/x": ""}
            ),
            "fixed/",
            "réservé",
        ),
    ],
    ids=[
        "unknown-check",
        "missing-field",
        "wrong-type",
        "unknown-field",
        "files",
        "limits",
        "reserved",
    ],
)
def test_spec_problems_name_their_file_and_field(data: dict, where: str, fragment: str) -> None:
    with pytest.raises(ExerciseSpecError) as refused:
        build_spec(data)
    problems = refused.value.problems
    assert any(p.file == where and fragment in p.text for p in problems), problems


def _frame(**fields) -> str:
    base = {"exit_code": 0, "stdout": "", "stderr": "", "tree": {}, "truncated": False}
    return MARKER + json.dumps({**base, **fields})


@pytest.mark.parametrize(
    ("stdout", "fragment"),
    [
        (_frame() + "\n" + _frame(), "deux résultats"),
        (_frame(tree=[]), "illisible"),
        (_frame().replace("n0", "autre"), "avant la fin"),
        (MARKER + "{pas du json", "avant la fin"),
    ],
    ids=["duplicate", "malformed", "wrong marker", "not json"],
)
def test_only_one_well_formed_frame_behind_the_marker_counts(stdout: str, fragment: str) -> None:
    result = RunResult(exit_code=0, stdout=stdout, stderr="", duration_s=0.1)
    snapshot, problem = read_snapshot(result, MARKER, Limits())
    assert snapshot is None and fragment in problem


@pytest.mark.parametrize(("check", "found"), [("absent", False), ("dir", False), ("dir", True)])
def test_a_check_the_truncated_walk_could_not_see_fails(check: str, found: bool) -> None:
    spec = build_spec(_shell([{"name": "n", "check": check, "path": "z", "message": "m"}]))
    tree = {"z": {"type": "dir"}} if found else {}
    snap = Snapshot(0, False, "", "", tree, {}, truncated=True)
    ok, message = passes(grader_for("shell").checks[check], spec.tests.tests[0], snap)
    assert (ok, message) == ((True, "") if found else (False, TRUNCATED))


def test_harness_under_gvisor(docker_sandbox) -> None:
    from sandbox.engine import DockerSandbox, available_runtimes

    if "runsc" not in available_runtimes(docker_sandbox.client):
        pytest.skip("gVisor (runsc) is not registered with this Docker engine")
    sandbox = DockerSandbox(docker_sandbox.client, runtime="runsc", worker_id="pytest-runsc")
    demo = CASES / "shell" / "demo"
    spec, grader = case_spec(demo), grader_for("shell")
    late = grader.grade(spec, case_files(demo / "background-killed-before-snapshot"), sandbox)
    assert late.status is Status.PASSED and "tard.txt" not in late.output
    forged = grader.grade(spec, case_files(demo / "forged-frame-on-pid-1"), sandbox)
    assert forged.status is Status.FAILED
