"""The javascript kind's time messages, from the driver's frames (no engine: the hostile suite
runs the same code for real, where a loaded host may reach the wall clock first)."""

from __future__ import annotations

import json

from graders.frames import new_marker
from graders.kinds.javascript.grader import verdict_of_run
from graders.verdict import Status
from sandbox.base import RunResult
from tests.hostile.conftest import SOMME


def _run(frames: list[dict], **result) -> tuple[str, RunResult]:
    marker = new_marker()
    stdout = "".join(f"\n{marker}{json.dumps(frame)}\n" for frame in frames)
    fields = {"exit_code": 0, "stderr": "", "duration_s": 1.6, **result}
    return marker, RunResult(stdout=stdout, **fields)


def test_a_call_past_its_time_is_named_per_test_and_hidden_ones_stay_hidden() -> None:
    marker, result = _run(
        [
            {"t": "load", "ok": True},
            {"t": "result", "id": 0, "status": "timeout"},
            {"t": "result", "id": 1, "status": "timeout"},
            {"t": "log", "text": ""},
            {"t": "end"},
        ]
    )
    verdict = verdict_of_run(SOMME.tests.tests, result, SOMME.limits, marker)
    assert verdict.status is Status.FAILED
    visible, hidden = verdict.tests
    # Half the wall clock (3 s) is the calls' budget, and one call's limit.
    assert visible.message.startswith("Temps dépassé (1.5 s) : la fonction ne s'arrête pas")
    assert hidden.message == "Test caché non réussi (son détail reste secret)."
    assert verdict.message.endswith("Tests cachés qui ne passent pas : 1.")


def test_code_looping_as_it_loads_is_said_so() -> None:
    marker, result = _run(
        [{"t": "load", "ok": False, "file": "somme.js", "reason": "timeout"}, {"t": "end"}]
    )
    verdict = verdict_of_run(SOMME.tests.tests, result, SOMME.limits, marker)
    assert verdict.status is Status.FAILED
    assert verdict.message.startswith("Temps dépassé (1.5 s) : somme.js tourne sans fin dès son")


def test_the_wall_clock_reached_first_says_the_program_did_not_stop() -> None:
    marker, result = _run([{"t": "load", "ok": True}], exit_code=None, timed_out=True)
    verdict = verdict_of_run(SOMME.tests.tests, result, SOMME.limits, marker)
    assert verdict.status is Status.FAILED
    assert verdict.message.startswith("Temps dépassé (3 s)")
