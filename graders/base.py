"""The grader contract: an exercise spec in, a Verdict out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from graders.verdict import Verdict
from sandbox.base import Limits, RunResult, Sandbox


@dataclass(frozen=True, slots=True)
class ExerciseSpec:
    """Everything a grader needs to know of one version of an exercise."""

    slug: str
    kind: str
    files: tuple[str, ...]
    tests: dict[str, Any] = field(default_factory=dict)
    limits: dict[str, float] = field(default_factory=dict)
    fixed_files: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, stored with each exercise version."""
        return {
            "slug": self.slug,
            "kind": self.kind,
            "files": list(self.files),
            "tests": self.tests,
            "limits": self.limits,
            "fixed_files": self.fixed_files,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExerciseSpec:
        """Inverse of ``to_dict``."""
        return cls(
            slug=data["slug"],
            kind=data["kind"],
            files=tuple(data["files"]),
            tests=data.get("tests", {}),
            limits=data.get("limits", {}),
            fixed_files=data.get("fixed_files", {}),
        )


class Grader(ABC):
    """Base of every exercise kind. Touches no database, Flask or Redis."""

    kind: ClassVar[str]
    runtime: ClassVar[str | None] = None
    default_limits: ClassVar[Limits] = Limits()

    def limits_for(self, exercise: ExerciseSpec) -> Limits:
        """The kind's default limits, tightened by the exercise if it asks."""
        return self.default_limits.tightened(**exercise.limits)

    @abstractmethod
    def check_spec(self, exercise: ExerciseSpec) -> list[str]:
        """Problems in the exercise's grading data, in French; empty when it is fine."""

    @abstractmethod
    def grade(self, exercise: ExerciseSpec, files: dict[str, str], sandbox: Sandbox) -> Verdict:
        """Grade the learner's files. Raises SandboxError on platform faults."""


def limit_message(result: RunResult, limits: Limits) -> str | None:
    """The French explanation of a run stopped by a limit; None when it ended by itself."""
    if result.timed_out:
        return (
            f"Temps dépassé ({limits.timeout_s:g} s) : ton programme ne s'est pas arrêté à temps."
        )
    if result.oom_killed:
        return memory_message(limits)
    if result.output_truncated:
        return f"Sortie trop longue : ton programme a écrit plus de {limits.output_kb} Kio."
    return None


def memory_message(limits: Limits) -> str:
    """The French explanation of a run that ran out of memory."""
    return f"Mémoire dépassée ({limits.memory_mb} Mo) : ton programme utilise trop de mémoire."
