"""The grader of the `shell` and `git` kinds: run the commands, then check the snapshot.

The container receives the prepared tree (``fixed/``), the harness and its job (the
learner's script, the preparation commands, the run's frame marker). The harness reads
and deletes its job, makes itself non-dumpable, runs the script as a child in its own
session, kills every process of the sandbox user once it ends, then prints one frame:
the script's output and facts about the resulting tree. The expected facts never leave
this process; no frame, or two frames, never count as a pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from graders.base import ExerciseSpec, Grader, SpecContext
from graders.frames import new_marker
from graders.harness import Harness
from graders.limits import memory_exceeded, time_exceeded
from graders.tree.checks import TREE_CHECKS, CheckDef, passes
from graders.tree.snapshot import (
    MAX_ENTRIES,
    SETUP_FAILED,
    WORDS,
    Snapshot,
    describe_run,
    read_snapshot,
)
from graders.tree.spec import TreeSpec, parse_tree
from graders.verdict import Status, TestOutcome, TestStatus, Verdict, summarize
from sandbox.base import Limits, Sandbox

SCRIPT_NAME = "commandes.sh"
MAX_SCRIPT_BYTES = 32 * 1024
HARNESS = Harness.load(
    Path(__file__).parent / "harness", "shell", ("python3", "-I", ".harness/harness.py")
)
SCRIPT_TOO_LONG = "Ton script est trop long (32 Kio au plus)."
SETUP_ERROR = (
    "La préparation de l'exercice a échoué : ton code n'est pas en cause, préviens ton formateur."
)
COMMANDS_END = "Tes commandes se terminent"
COMMANDS_TIMEOUT = (
    "tes commandes ne se sont pas arrêtées à temps "
    "(une commande attend-elle quelque chose, comme sleep ?)."
)


class TreeGrader(Grader[TreeSpec]):
    """Runs the learner's commands in the prepared folder and checks the resulting tree."""

    runtime = "shell"
    harness = HARNESS
    default_limits = Limits(timeout_s=12, memory_mb=256, pids=64, output_kb=256)
    required_files = (SCRIPT_NAME,)
    checks: ClassVar[Mapping[str, CheckDef]] = TREE_CHECKS

    def parse_tests(self, raw: Mapping[str, Any], context: SpecContext) -> TreeSpec:
        required = {name: check.required for name, check in self.checks.items()}
        return parse_tree(raw, context.fixed_files, required)

    def job(self, exercise: ExerciseSpec[TreeSpec]) -> dict[str, Any]:
        """What the harness is asked to do (the script and the marker are added per run)."""
        return {
            "timeout_s": _commands_timeout(exercise.limits),
            "setup": exercise.tests.setup,
            "max_entries": MAX_ENTRIES,
        }

    def grade(
        self, exercise: ExerciseSpec[TreeSpec], files: dict[str, str], sandbox: Sandbox
    ) -> Verdict:
        script = files.get(SCRIPT_NAME, "")
        if len(script.encode()) > MAX_SCRIPT_BYTES:
            return Verdict(Status.FAILED, SCRIPT_TOO_LONG)
        limits = exercise.limits
        marker = new_marker()
        job = {**self.job(exercise), "script": script, "marker": marker}
        fixed = {path: text.encode() for path, text in exercise.fixed_files.items()}
        result = sandbox.run(HARNESS.request(self.kind, fixed, job, limits))
        snap, problem = read_snapshot(result, marker, limits)
        if result.oom_killed:
            # The kernel killed a process for memory, whatever the harness wrote after it.
            output = describe_run(snap) if snap is not None else ""
            return Verdict(Status.FAILED, memory_exceeded(limits, WORDS.memory), output=output)
        if problem == SETUP_FAILED:
            return Verdict(Status.ERROR, SETUP_ERROR)
        if snap is None:
            return Verdict(Status.FAILED, problem)
        return self._verdict(exercise, snap)

    def _verdict(self, exercise: ExerciseSpec[TreeSpec], snap: Snapshot) -> Verdict:
        outcomes = []
        for test in exercise.tests.tests:
            ok, message = passes(self.checks[test.check], test, snap)
            status = TestStatus.PASSED if ok else TestStatus.FAILED
            outcomes.append(TestOutcome(test.name, status, message))
        if snap.timed_out:
            seconds = _commands_timeout(exercise.limits)
            message = time_exceeded(seconds, COMMANDS_TIMEOUT)
            outcomes.append(TestOutcome(COMMANDS_END, TestStatus.FAILED, message))
        verdict = summarize(outcomes)
        return Verdict(verdict.status, verdict.message, verdict.tests, describe_run(snap))


def _commands_timeout(limits: Limits) -> float:
    """How long the learner's commands may run: the rest is the harness's own work."""
    return max(1.0, min(5.0, limits.timeout_s / 2))
