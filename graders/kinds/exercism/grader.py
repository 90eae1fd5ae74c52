"""The `exercism` kind: any image that follows Exercism's test-runner contract.

The image's ``/opt/test-runner/bin/run.sh SLUG INPUT_DIR OUTPUT_DIR`` runs the tests
and writes ``OUTPUT_DIR/results.json`` (version 2 or 3). The learner's files and the
exercise's test files (``fixed/``) go in ``/work/solution/``; the results come back
on stdout after a per-run boundary and are validated strictly here.

Trade-off: in this kind the verdict is decided inside the container, by the runner
image (trusted trainer content) running the learner's code in the same process and
with the same uid. A hostile learner can therefore write a passing results.json;
the sandbox still holds (no network, limits, nothing left), and invalid or missing
results are ``failed``. Kinds of our own (``javascript``) compare on the host instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graders.base import ExerciseSpec, Grader, SpecContext
from graders.errors import InvalidTestsError
from graders.frames import new_marker
from graders.kinds.exercism.results import ResultsError, verdict_from_results
from graders.limits import limit_message
from graders.registry import register
from graders.verdict import Status, Verdict
from sandbox.base import Limits, RunRequest, RunResult, Sandbox
from sandbox.images import image_name, runtimes

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
INPUT_DIR = "/work/solution/"
OUTPUT_DIR = "/work/output/"
# run.sh's own output is discarded; only results.json, after the boundary, comes back.
SCRIPT = (
    'mkdir -p {output} && /opt/test-runner/bin/run.sh "$0" {input} {output} '
    '</dev/null >/dev/null 2>&1; printf "\\n%s\\n" "$1"; head -c {cap} {output}results.json'
)
UNREADABLE = (
    "Les résultats des tests sont illisibles ou absents : ton code a peut-être "
    "interrompu le correcteur (process.exit, fichiers supprimés…)."
)


@dataclass(frozen=True, slots=True)
class ExercismSpec:
    """Which runner image runs the tests, and the SLUG argument of its run.sh."""

    runner: str
    slug: str


def parse_exercism(raw: Mapping[str, Any], context: SpecContext) -> ExercismSpec:
    """``runner`` and ``slug`` of ``tests.toml``; the test files are the exercise's ``fixed/``."""
    problems = []
    runner, slug = raw.get("runner"), raw.get("slug")
    if not isinstance(runner, str) or runner not in runtimes():
        problems.append(
            "`runner` doit être une image de sandbox/images "
            f"({', '.join(runtimes())}), pas {runner!r}."
        )
    if not isinstance(slug, str) or not SLUG.match(slug):
        problems.append("`slug` doit être en minuscules, chiffres et tirets (argument de run.sh).")
    if not context.fixed_files:
        problems.append("Les fichiers de test du correcteur vont dans le dossier `fixed/`.")
    if problems:
        raise InvalidTestsError(problems)
    return ExercismSpec(str(runner), str(slug))


@register
class ExercismGrader(Grader[ExercismSpec]):
    """Runs an Exercism-compatible test-runner image and reads its results.json."""

    kind = "exercism"
    runtime = None  # chosen per exercise: `runner` in tests.toml
    default_limits = Limits(timeout_s=20, memory_mb=512, pids=64)

    def parse_tests(self, raw: Mapping[str, Any], context: SpecContext) -> ExercismSpec:
        return parse_exercism(raw, context)

    def grade(
        self, exercise: ExerciseSpec[ExercismSpec], files: dict[str, str], sandbox: Sandbox
    ) -> Verdict:
        limits = exercise.limits
        boundary = new_marker().strip()
        # The exercise's files come last: a learner file cannot replace a test file.
        payload = {
            f"solution/{n}": t.encode() for n, t in {**files, **exercise.fixed_files}.items()
        }
        cap = limits.output_kb * 1024 - 2 * len(boundary)
        script = SCRIPT.format(input=INPUT_DIR, output=OUTPUT_DIR, cap=cap)
        result = sandbox.run(
            RunRequest(
                image=image_name(exercise.tests.runner),
                command=("sh", "-c", script, exercise.tests.slug, boundary),
                files=payload,
                limits=limits,
                labels={"tremplin.kind": self.kind},
            )
        )
        return _verdict(result, limits, boundary)


def _verdict(result: RunResult, limits: Limits, boundary: str) -> Verdict:
    stopped = limit_message(result, limits)
    if stopped is not None:
        return Verdict(Status.FAILED, stopped)
    _, found, text = result.stdout.rpartition(f"\n{boundary}\n")
    try:
        if not found:
            raise ResultsError("no boundary")
        return verdict_from_results(json.loads(text))
    except (ValueError, ResultsError):
        return Verdict(Status.FAILED, UNREADABLE)
