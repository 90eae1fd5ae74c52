"""The result of grading, as data: what a grader returns and what the platform stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from graders.text import clean_text


class Status(StrEnum):
    """Outcome of a whole submission. ``error`` is a platform fault, never the learner's."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"


class TestStatus(StrEnum):
    """Outcome of one test."""

    PASSED = "passed"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class TestOutcome:
    """One test as the learner sees it: a name, passed or failed, and a French message."""

    name: str
    status: TestStatus
    message: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_text(self.name))
        object.__setattr__(self, "message", clean_text(self.message))


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a grader returns for one submission."""

    status: Status
    message: str
    tests: tuple[TestOutcome, ...] = field(default_factory=tuple)
    output: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", clean_text(self.message))
        object.__setattr__(self, "output", clean_text(self.output))

    @property
    def score(self) -> float:
        """Share of passed tests, from 0 to 1 (1 only when the verdict is passed)."""
        if not self.tests:
            return 1.0 if self.status is Status.PASSED else 0.0
        passed = sum(t.status is TestStatus.PASSED for t in self.tests)
        return round(passed / len(self.tests), 4)

    def to_results_json(self) -> dict:
        """The verdict in Exercism's test-runner ``results.json`` format (version 2)."""
        status = {"passed": "pass", "failed": "fail", "error": "error"}[self.status]
        return {
            "version": 2,
            "status": status,
            "message": self.message,
            "tests": [
                {
                    "name": t.name,
                    "status": "pass" if t.status is TestStatus.PASSED else "fail",
                    "message": t.message or None,
                }
                for t in self.tests
            ],
        }


def summarize(tests: list[TestOutcome]) -> Verdict:
    """Build the verdict of a list of test outcomes, with a French summary."""
    total = len(tests)
    passed = sum(t.status is TestStatus.PASSED for t in tests)
    if total and passed == total:
        word = "Le test passe" if total == 1 else f"Les {total} tests passent"
        return Verdict(Status.PASSED, f"Bravo ! {word}.", tuple(tests))
    return Verdict(Status.FAILED, f"{passed} test(s) sur {total} réussi(s).", tuple(tests))
