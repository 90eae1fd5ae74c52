"""Errors of the grading layer."""

from __future__ import annotations

from dataclasses import dataclass


class GraderError(Exception):
    """A fault of the platform while grading (never the learner's fault)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of an exercise's data, in French, with the file it is in."""

    file: str  # "exercise.toml", "tests.toml" or "fixed/"
    text: str

    def __str__(self) -> str:
        return f"{self.file} : {self.text}"


class ExerciseSpecError(GraderError):
    """An exercise's grading data does not fit its kind; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = tuple(problems)


class InvalidTestsError(ValueError):
    """Raised by a kind's ``parse_tests``: the French problems of its ``tests.toml``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)
