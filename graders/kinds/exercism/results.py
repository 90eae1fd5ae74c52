"""Exercism's test-runner ``results.json`` (versions 2 and 3), read strictly into a Verdict.

Reference: exercism/docs building/tooling/test-runners/interface.md. Anything that does
not fit the format raises ResultsError; the caller decides what that means.
"""

from __future__ import annotations

from typing import Any

from graders.verdict import Status, TestOutcome, TestStatus, Verdict, summarize

VERSIONS = (2, 3)
STATUSES = ("pass", "fail", "error")
MAX_TESTS = 1000
MAX_MESSAGE = 2000
MAX_OUTPUT = 16 * 1024


class ResultsError(ValueError):
    """A results.json that does not follow the format."""


def verdict_from_results(data: Any) -> Verdict:
    """The verdict described by a parsed results.json."""
    if not isinstance(data, dict):
        raise ResultsError("results must be an object")
    if data.get("version") not in VERSIONS or isinstance(data.get("version"), bool):
        raise ResultsError(f"version must be one of {VERSIONS}")
    status = _choice(data, "status")
    message = _text(data, "message")
    if status == "error":
        if not message:
            raise ResultsError("an error needs a message")
        return Verdict(Status.FAILED, "Ton code ne peut pas être testé : " + message[:MAX_MESSAGE])
    tests = [_test(t) for t in _tests(data)]
    if not tests:
        raise ResultsError("pass or fail needs at least one test")
    outcomes = [outcome for outcome, _ in tests]
    all_passed = all(o.status is TestStatus.PASSED for o in outcomes)
    if all_passed != (status == "pass"):
        raise ResultsError("top-level status contradicts the tests")
    verdict = summarize(outcomes)
    output = "".join(f"— {o.name} —\n{out}\n" for o, out in tests if out)[:MAX_OUTPUT]
    return Verdict(verdict.status, verdict.message, verdict.tests, output)


def _tests(data: dict) -> list[Any]:
    tests = data.get("tests")
    if not isinstance(tests, list) or len(tests) > MAX_TESTS:
        raise ResultsError(f"tests must be a list of at most {MAX_TESTS}")
    return tests


def _test(item: Any) -> tuple[TestOutcome, str]:
    if not isinstance(item, dict):
        raise ResultsError("each test must be an object")
    name = _text(item, "name")
    if not name:
        raise ResultsError("each test needs a name")
    status = _choice(item, "status")
    _text(item, "test_code")
    task_id = item.get("task_id")
    if task_id is not None and (not isinstance(task_id, int) or isinstance(task_id, bool)):
        raise ResultsError("task_id must be an integer or null")
    message = _text(item, "message")[:MAX_MESSAGE]
    passed = status == "pass"
    outcome = TestOutcome(
        name[:300], TestStatus.PASSED if passed else TestStatus.FAILED, "" if passed else message
    )
    return outcome, _text(item, "output")


def _choice(data: dict, key: str) -> str:
    value = data.get(key)
    if value not in STATUSES:
        raise ResultsError(f"{key} must be one of {STATUSES}")
    return value


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ResultsError(f"{key} must be a string or null")
    return value
