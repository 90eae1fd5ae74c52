"""Exercism results.json (v2/v3), read strictly: golden documents in, verdicts out."""

from __future__ import annotations

import pytest

from graders.kinds.exercism.results import ResultsError, verdict_from_results
from graders.verdict import Status, Verdict
from graders.verdict import TestOutcome as Outcome
from graders.verdict import TestStatus as OutcomeStatus

PASS_V3 = {
    "version": 3,
    "status": "pass",
    "tests": [
        {"name": "a", "status": "pass", "test_code": "x", "task_id": 1, "output": "hello"},
        {"name": "b", "status": "pass", "message": None, "output": None},
    ],
}
FAIL_V2 = {
    "version": 2,
    "status": "fail",
    "tests": [
        {"name": "a", "status": "pass"},
        {"name": "b", "status": "fail", "message": "expected 6, received 0"},
    ],
}


def test_pass_v3() -> None:
    verdict = verdict_from_results(PASS_V3)
    assert verdict.status is Status.PASSED and verdict.score == 1.0
    assert "— a —\nhello" in verdict.output


def test_fail_v2() -> None:
    verdict = verdict_from_results(FAIL_V2)
    assert verdict.status is Status.FAILED
    assert verdict.tests[1] == Outcome("b", OutcomeStatus.FAILED, "expected 6, received 0")


def test_error_is_the_learners_failure() -> None:
    verdict = verdict_from_results({"version": 2, "status": "error", "message": "SyntaxError"})
    assert verdict.status is Status.FAILED
    assert verdict.message == "Ton code ne peut pas être testé : SyntaxError"


BROKEN = {
    "not-an-object": [],
    "version-1": {**FAIL_V2, "version": 1},
    "version-true": {**FAIL_V2, "version": True},
    "unknown-status": {**FAIL_V2, "status": "ok"},
    "pass-without-tests": {"version": 2, "status": "pass", "tests": []},
    "pass-with-failing-test": {**FAIL_V2, "status": "pass"},
    "fail-with-only-passes": {**PASS_V3, "status": "fail"},
    "error-without-message": {"version": 2, "status": "error"},
    "test-without-name": {"version": 2, "status": "pass", "tests": [{"status": "pass"}]},
    "message-not-text": {**FAIL_V2, "tests": [{"name": "b", "status": "fail", "message": 6}]},
    "task-id-not-int": {**PASS_V3, "tests": [{"name": "a", "status": "pass", "task_id": "1"}]},
    "too-many-tests": {
        "version": 2,
        "status": "pass",
        "tests": [{"name": "a", "status": "pass"}] * 1001,
    },
}


@pytest.mark.parametrize("data", BROKEN.values(), ids=BROKEN.keys())
def test_broken_results_are_refused(data: object) -> None:
    with pytest.raises(ResultsError):
        verdict_from_results(data)


def test_round_trip_with_to_results_json() -> None:
    """What Tremplin writes, Tremplin (and an Exercism consumer) can read back."""
    original = Verdict(
        Status.FAILED,
        "1 test(s) sur 2 réussi(s).",
        (Outcome("a", OutcomeStatus.PASSED), Outcome("b", OutcomeStatus.FAILED, "non")),
    )
    again = verdict_from_results(original.to_results_json())
    assert again.tests == original.tests and again.status is original.status
