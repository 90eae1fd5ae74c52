"""The grader contract: an exercise spec (typed, parsed once) in, a Verdict out."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from graders.errors import ExerciseSpecError, InvalidTestsError, Problem
from graders.harness import HARNESS_DIR, Harness
from graders.verdict import Verdict
from sandbox.base import Limits, RunRequest, Sandbox

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SpecContext:
    """What a kind's ``parse_tests`` may need besides ``tests.toml``: the exercise's files."""

    files: tuple[str, ...]
    fixed_files: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class ExerciseSpec(Generic[T]):
    """Everything a grader needs of one version of an exercise, parsed once into typed values."""

    slug: str
    kind: str
    files: tuple[str, ...]
    tests: T
    limits: Limits
    fixed_files: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PublicQuestion:
    """A question as a page may show it: never its answer."""

    id: str
    type: str
    prompt: str
    choices: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Preview:
    """A live preview of the learner's page beside the editor (the page run in a sandboxed frame)."""

    page: str  # the page shown first
    live: bool = True  # refreshed while the learner types (off when scripts run on each key)


@dataclass(frozen=True, slots=True)
class PageView:
    """What the exercise page shows of a kind: its form, and the public part of its spec.

    ``form`` names the page's form: ``files`` (an editor per file) or ``quiz`` (the
    questions, answered in the page and sent as one file); ``preview``, when set, shows
    the learner's page as they write it.
    """

    form: str = "files"
    questions: tuple[PublicQuestion, ...] = ()
    preview: Preview | None = None


class Grader(ABC, Generic[T]):
    """Base of every exercise kind. Touches no database, Flask or Redis."""

    kind: ClassVar[str]
    runtime: ClassVar[str | None] = None
    default_limits: ClassVar[Limits] = Limits()
    # The files every exercise of the kind declares (`files` in exercise.toml); None: any.
    required_files: ClassVar[tuple[str, ...] | None] = None
    # The kind's in-container code, when it is the same for every run.
    harness: ClassVar[Harness | None] = None

    def spec(self, data: Mapping[str, Any]) -> ExerciseSpec[T]:
        """Parse an exercise's data (``slug``, ``files``, ``tests``, ``limits``, ``fixed_files``).

        :raises ExerciseSpecError: with every problem, in French, naming its file and field.
        """
        files = tuple(data["files"])
        fixed = dict(data.get("fixed_files") or {})
        problems = [
            Problem("fixed/", f"`{path}` : ce nom est réservé à la plateforme.")
            for path in fixed
            if path.split("/")[0] == HARNESS_DIR
        ]
        if self.required_files is not None and files != self.required_files:
            wanted = json.dumps(list(self.required_files))
            problems.append(Problem("exercise.toml", f"`files` doit valoir {wanted} pour ce type."))
        limits, limit_problems = _limits(self.default_limits, data.get("limits") or {})
        problems += [Problem("exercise.toml", p) for p in limit_problems]
        try:
            tests = self.parse_tests(data.get("tests") or {}, SpecContext(files, fixed))
        except InvalidTestsError as exc:
            problems += [Problem("tests.toml", p) for p in exc.problems]
        if problems:
            raise ExerciseSpecError(problems)
        return ExerciseSpec(str(data["slug"]), self.kind, files, tests, limits, fixed)

    @abstractmethod
    def parse_tests(self, raw: Mapping[str, Any], context: SpecContext) -> T:
        """The kind's ``tests.toml`` as typed values; InvalidTestsError lists French problems."""

    @abstractmethod
    def grade(self, exercise: ExerciseSpec[T], files: dict[str, str], sandbox: Sandbox) -> Verdict:
        """Grade the learner's files. Raises SandboxError on platform faults."""

    def page_view(self, exercise: ExerciseSpec[T]) -> PageView:
        """What the exercise page shows: by default, an editor per file."""
        return PageView()

    def harness_for(self, limits: Limits) -> Harness | None:
        """The kind's in-container code for runs with these limits (None: it has none)."""
        return self.harness

    def boot_request(self, exercise: ExerciseSpec[T]) -> RunRequest | None:
        """What this exercise's runs start with before their job, or None (no harness).

        A sandbox that keeps warm containers starts some of these ahead of time.
        """
        harness = self.harness_for(exercise.limits)
        if harness is None:
            return None
        return harness.request(self.kind, {}, {}, exercise.limits)


def _limits(defaults: Limits, raw: Mapping[str, Any]) -> tuple[Limits, list[str]]:
    """The kind's limits, lowered by the exercise's ``limits`` (never raised)."""
    problems = []
    known = set(defaults.__dataclass_fields__)
    for name, value in raw.items():
        if name not in known:
            problems.append(f"`limits.{name}` : limite inconnue (possibles : {sorted(known)}).")
        elif isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            problems.append(f"`limits.{name}` doit être un nombre positif.")
    if problems:
        return defaults, problems
    return defaults.tightened(**raw), []
