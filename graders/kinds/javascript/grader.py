"""The `javascript` kind: plain functions run with Node, compared on the host.

The container only receives the learner's files, a driver and the calls to
make (function name and arguments). It answers with one JSON frame per line.
The expected values never leave this process, so the learner's code cannot
read them, and printing or forging frames cannot turn a wrong answer into a
pass: a result is only ever compared here.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graders.base import ExerciseSpec, Grader, SpecContext
from graders.frames import NO_RESULT, new_marker, read_frames
from graders.harness import Harness
from graders.kinds.javascript.spec import FunctionTest, JavascriptSpec, parse_javascript
from graders.kinds.javascript.values import describe, matches, py_describe
from graders.limits import PROGRAM, limit_message, memory_exceeded, time_exceeded
from graders.registry import register
from graders.verdict import Status, TestOutcome, TestStatus, Verdict, summarize
from sandbox.base import Limits, RunResult, Sandbox

CALL_TIMEOUT_MS = 2000
CALLS_BUDGET_MS = 5000
HIDDEN_FAIL = "Test caché non réussi (son détail reste secret)."
DRIVER = ".harness/driver.js"


@register
class JavascriptGrader(Grader[JavascriptSpec]):
    """Calls the learner's functions with the exercise's arguments."""

    kind = "javascript"
    runtime = "node"
    default_limits = Limits(timeout_s=10, memory_mb=256, pids=32)

    def parse_tests(self, raw: Mapping[str, Any], context: SpecContext) -> JavascriptSpec:
        return parse_javascript(raw)

    def harness_for(self, limits: Limits) -> Harness:
        """Node with a heap below the container's memory, frozen intrinsics, then the driver."""
        heap_mb = max(32, int(limits.memory_mb * 0.6))
        command = (
            "node",
            f"--max-old-space-size={heap_mb}",
            "--frozen-intrinsics",
            "--no-warnings",
            DRIVER,
        )
        return Harness.load(Path(__file__).parent / "harness", self.runtime or "", command)

    def grade(
        self, exercise: ExerciseSpec[JavascriptSpec], files: dict[str, str], sandbox: Sandbox
    ) -> Verdict:
        tests = exercise.tests.tests
        calls = [
            {"id": i, "fn": t.function, "args": list(t.args), "visible": t.visible}
            for i, t in enumerate(tests)
        ]
        # Visible tests first: a hidden test that loops must not change what they show.
        calls.sort(key=lambda call: not call["visible"])
        limits = exercise.limits
        marker = new_marker()
        job = {
            "files": list(exercise.files),
            "calls": calls,
            "timeout_ms": _call_timeout_ms(limits),
            "budget_ms": _budget_ms(limits),
            "marker": marker,
        }
        job_files = {name: text.encode() for name, text in files.items()}
        result = sandbox.run(self.harness_for(limits).request(self.kind, job_files, job, limits))
        return verdict_of_run(tests, result, limits, marker)


def _budget_ms(limits: Limits) -> int:
    """All calls share a budget that leaves the driver time to report before the wall clock."""
    return min(CALLS_BUDGET_MS, max(500, int(limits.timeout_s * 1000 * 0.5)))


def _call_timeout_ms(limits: Limits) -> int:
    """How long one call may run."""
    return min(CALL_TIMEOUT_MS, _budget_ms(limits))


def _complete(frames: list[dict], result: RunResult) -> bool:
    """True when the run ended the way the driver ends it: once, last, with exit code 0."""
    kinds = [f.get("t") for f in frames]
    return (
        result.exit_code == 0
        and kinds.count("load") == 1
        and kinds.count("log") == 1
        and kinds.count("end") == 1
        and kinds[-1] == "end"
    )


def verdict_of_run(
    tests: tuple[FunctionTest, ...], result: RunResult, limits: Limits, marker: str
) -> Verdict:
    """The verdict of a run of the driver, from its frames (those bearing ``marker``)."""
    frames = read_frames(result.stdout, marker)
    logs = [f.get("text") for f in frames if f.get("t") == "log"]
    output = logs[0] if len(logs) == 1 and isinstance(logs[0], str) else ""
    stopped = _stop_message(result, limits)
    if stopped is not None:
        return Verdict(Status.FAILED, stopped, output=output)
    load = next((f for f in frames if f.get("t") == "load"), None)
    if load is not None and not load.get("ok"):
        return Verdict(Status.FAILED, _load_message(load, limits), output=output)
    if load is None or not _complete(frames, result):
        return Verdict(Status.FAILED, _abnormal_end(result), output=output)
    results: dict[int, dict] = {}
    forged: set[int] = set()
    for frame in frames:
        if frame.get("t") == "result" and isinstance(frame.get("id"), int):
            if frame["id"] in results:
                forged.add(frame["id"])
            results[frame["id"]] = frame
    timeout_ms = _call_timeout_ms(limits)
    outcomes = [
        _outcome(test, None if i in forged else results.get(i), timeout_ms)
        for i, test in enumerate(tests)
    ]
    verdict = summarize(outcomes)
    message = verdict.message
    missing = [
        t.function for i, t in enumerate(tests) if results.get(i, {}).get("status") == "missing"
    ]
    if missing:
        message = f"{message} La fonction {missing[0]} n'est pas définie dans ton code."
    hidden_failed = sum(
        o.status is TestStatus.FAILED and not t.visible
        for t, o in zip(tests, outcomes, strict=True)
    )
    if hidden_failed:
        message = f"{message} Tests cachés qui ne passent pas : {hidden_failed}."
    return Verdict(verdict.status, message, verdict.tests, output)


def _load_message(load: dict, limits: Limits) -> str:
    file = load.get("file", "?")
    line = f", ligne {load['line']}" if isinstance(load.get("line"), int) else ""
    error = load.get("error", "")
    reason = load.get("reason")
    if reason == "missing":
        return f"Le fichier {file} est introuvable."
    if reason == "syntax":
        return (
            f"Erreur de syntaxe dans {file}{line} : {error}. "
            "Vérifie les parenthèses, les accolades et les guillemets."
        )
    if reason == "timeout":
        return time_exceeded(
            _call_timeout_ms(limits) / 1000,
            f"{file} tourne sans fin dès son chargement. Vérifie tes boucles (while, for).",
        )
    return f"Ton code plante dès son chargement ({file}{line}) : {error}"


def _stop_message(result: RunResult, limits: Limits) -> str | None:
    """A sandbox limit, or Node's own heap limit (which counts as memory), stopped the run."""
    if "heap out of memory" in result.stderr and not result.timed_out:
        return memory_exceeded(limits, PROGRAM.memory)
    return limit_message(result, limits)


def _abnormal_end(result: RunResult) -> str:
    return (
        "Ton programme s'est arrêté avant la fin des tests "
        f"(code de sortie {result.exit_code}). As-tu appelé process.exit() ?"
    )


def _outcome(test: FunctionTest, frame: dict | None, timeout_ms: int) -> TestOutcome:
    """A visible test says why it failed; a hidden one only that it failed.

    Telling "it threw", "it looped" or "wrong value" apart would let code that throws or
    loops on a condition learn something of each hidden input at every submission.
    """
    outcome = _explained_outcome(test, frame, timeout_ms)
    if outcome.status is TestStatus.FAILED and not test.visible:
        return TestOutcome(outcome.name, TestStatus.FAILED, HIDDEN_FAIL)
    return outcome


def _explained_outcome(test: FunctionTest, frame: dict | None, timeout_ms: int) -> TestOutcome:
    name = test.name
    if frame is None:
        return TestOutcome(name, TestStatus.FAILED, NO_RESULT)
    status = frame.get("status")
    if status == "missing":
        return TestOutcome(
            name, TestStatus.FAILED, f"La fonction {test.function} n'est pas définie dans ton code."
        )
    if status == "timeout":
        why = "la fonction ne s'arrête pas (boucle infinie ?)."
        return TestOutcome(name, TestStatus.FAILED, time_exceeded(timeout_ms / 1000, why))
    if status == "exception":
        error = str(frame.get("error", ""))[:300]
        if "Maximum call stack" in error:
            return TestOutcome(
                name,
                TestStatus.FAILED,
                "La fonction s'appelle elle-même sans fin (récursion trop profonde).",
            )
        return TestOutcome(name, TestStatus.FAILED, f"La fonction a levé une erreur : {error}")
    value = frame.get("value")
    if status == "ok" and isinstance(value, dict) and matches(test.expected, value, test.tolerance):
        return TestOutcome(name, TestStatus.PASSED, "")
    got = describe(value) if isinstance(value, dict) else "rien"
    message = f"Attendu : {py_describe(test.expected)} — obtenu : {got}."
    if isinstance(value, dict) and value.get("type") == "undefined":
        message += " As-tu oublié le mot-clé return ?"
    return TestOutcome(name, TestStatus.FAILED, message)
