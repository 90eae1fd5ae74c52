"""The `javascript` kind: plain functions run with Node, compared on the host.

The container only receives the learner's files, a driver and the calls to
make (function name and arguments). It answers with one JSON frame per line.
The expected values never leave this process, so the learner's code cannot
read them, and printing or forging frames cannot turn a wrong answer into a
pass: a result is only ever compared here.
"""

from __future__ import annotations

import json
import math
import re
import secrets
from pathlib import Path
from typing import Any

from graders.base import ExerciseSpec, Grader, limit_message, memory_message
from graders.frames import read_frames
from graders.registry import register
from graders.verdict import Status, TestOutcome, TestStatus, Verdict, summarize
from sandbox.base import Limits, RunRequest, RunResult, Sandbox
from sandbox.images import image_name

DRIVER = (Path(__file__).parent / "javascript_driver.js").read_bytes()
MARK = "@@tremplin@@"
CALL_TIMEOUT_MS = 2000
CALLS_BUDGET_MS = 5000
IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
HIDDEN_FAIL = "Test caché non réussi (son détail reste secret)."


@register
class JavascriptGrader(Grader):
    """Calls the learner's functions with the exercise's arguments."""

    kind = "javascript"
    runtime = "node"
    default_limits = Limits(timeout_s=10, memory_mb=256, pids=32)

    def check_spec(self, exercise: ExerciseSpec) -> list[str]:
        problems = []
        tests = exercise.tests.get("tests")
        if not isinstance(tests, list) or not tests:
            return ["`tests` doit être une liste non vide de tests."]
        default_fn = exercise.tests.get("function")
        for index, test in enumerate(tests, start=1):
            where = f"test n°{index}"
            if not isinstance(test, dict):
                problems.append(f"{where} : doit être une table.")
                continue
            fn = test.get("function", default_fn)
            if not isinstance(fn, str) or not IDENTIFIER.match(fn):
                problems.append(f"{where} : `function` doit être un nom de fonction JavaScript.")
            if not isinstance(test.get("name"), str) or not test["name"].strip():
                problems.append(f"{where} : `name` est obligatoire.")
            if not isinstance(test.get("args"), list):
                problems.append(f"{where} : `args` doit être la liste des arguments.")
            if "expected" not in test:
                problems.append(f"{where} : `expected` est obligatoire.")
        return problems

    def grade(self, exercise: ExerciseSpec, files: dict[str, str], sandbox: Sandbox) -> Verdict:
        tests = exercise.tests["tests"]
        default_fn = exercise.tests.get("function")
        calls = [
            {
                "id": i,
                "fn": t.get("function", default_fn),
                "args": t["args"],
                "visible": bool(t.get("visible", False)),
            }
            for i, t in enumerate(tests)
        ]
        # Visible tests first: a hidden test that loops must not change what they show.
        calls.sort(key=lambda call: not call["visible"])
        limits = self.limits_for(exercise)
        nonce = secrets.token_hex(16)
        payload = {name: text.encode() for name, text in files.items()}
        payload[".harness/driver.js"] = DRIVER
        payload[".harness/calls.json"] = _calls_json(exercise, calls, limits, nonce)
        heap_mb = max(32, int(limits.memory_mb * 0.6))
        result = sandbox.run(
            RunRequest(
                image=image_name(self.runtime),
                command=(
                    "node",
                    f"--max-old-space-size={heap_mb}",
                    "--frozen-intrinsics",
                    "--no-warnings",
                    ".harness/driver.js",
                ),
                files=payload,
                limits=limits,
                labels={"tremplin.kind": self.kind},
            )
        )
        return _verdict([{"function": default_fn, **t} for t in tests], result, limits, nonce)


def _calls_json(exercise: ExerciseSpec, calls: list[dict], limits: Limits, nonce: str) -> bytes:
    """What the driver reads: files to load, calls to make, time budgets, frame nonce."""
    return json.dumps(
        {
            "files": list(exercise.files),
            "calls": calls,
            "timeout_ms": _call_timeout_ms(limits),
            "budget_ms": _budget_ms(limits),
            "nonce": nonce,
        }
    ).encode()


def _budget_ms(limits: Limits) -> int:
    """All calls share a budget that leaves the driver time to report before the wall clock."""
    return min(CALLS_BUDGET_MS, max(500, int(limits.timeout_s * 1000 * 0.5)))


def _call_timeout_ms(limits: Limits) -> int:
    """How long one call may run."""
    return min(CALL_TIMEOUT_MS, _budget_ms(limits))


def _frames(stdout: str, nonce: str) -> list[dict]:
    """Frames marked with this run's nonce; every other line is the learner's."""
    return read_frames(stdout, f"{MARK} {nonce} ")


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


def _verdict(tests: list[dict], result: RunResult, limits: Limits, nonce: str) -> Verdict:
    frames = _frames(result.stdout, nonce)
    logs = [f.get("text") for f in frames if f.get("t") == "log"]
    output = logs[0] if len(logs) == 1 and isinstance(logs[0], str) else ""
    stopped = _stop_message(result, limits)
    if stopped is not None:
        return Verdict(Status.FAILED, stopped, output=output)
    load = next((f for f in frames if f.get("t") == "load"), None)
    if load is not None and not load.get("ok"):
        return Verdict(Status.FAILED, _load_message(load), output=output)
    if load is None or not _complete(frames, result):
        return Verdict(Status.FAILED, _abnormal_end(result), output=output)
    results: dict[int, dict] = {}
    forged: set[int] = set()
    for frame in frames:
        if frame.get("t") == "result" and isinstance(frame.get("id"), int):
            if frame["id"] in results:
                forged.add(frame["id"])
            results[frame["id"]] = frame
    outcomes = [
        _outcome(test, None if i in forged else results.get(i), _call_timeout_ms(limits))
        for i, test in enumerate(tests)
    ]
    verdict = summarize(outcomes)
    message = verdict.message
    missing = [
        t["function"] for i, t in enumerate(tests) if results.get(i, {}).get("status") == "missing"
    ]
    if missing:
        message = f"{message} La fonction {missing[0]} n'est pas définie dans ton code."
    hidden_failed = sum(
        o.status is TestStatus.FAILED and not t.get("visible", False)
        for t, o in zip(tests, outcomes, strict=True)
    )
    if hidden_failed:
        message = f"{message} Tests cachés qui ne passent pas : {hidden_failed}."
    return Verdict(verdict.status, message, verdict.tests, output)


def _load_message(load: dict) -> str:
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
        return (
            f"Temps dépassé : {file} tourne sans fin dès son chargement. "
            "Vérifie tes boucles (while, for)."
        )
    return f"Ton code plante dès son chargement ({file}{line}) : {error}"


def _stop_message(result: RunResult, limits: Limits) -> str | None:
    """A sandbox limit, or Node's own heap limit (which counts as memory), stopped the run."""
    if "heap out of memory" in result.stderr and not result.timed_out:
        return memory_message(limits)
    return limit_message(result, limits)


def _abnormal_end(result: RunResult) -> str:
    return (
        "Ton programme s'est arrêté avant la fin des tests "
        f"(code de sortie {result.exit_code}). As-tu appelé process.exit() ?"
    )


def _outcome(test: dict, frame: dict | None, timeout_ms: int) -> TestOutcome:
    """A visible test says why it failed; a hidden one only that it failed.

    Telling "it threw", "it looped" or "wrong value" apart would let code that throws or
    loops on a condition learn something of each hidden input at every submission.
    """
    outcome = _explained_outcome(test, frame, timeout_ms)
    if outcome.status is TestStatus.FAILED and not test.get("visible", False):
        return TestOutcome(outcome.name, TestStatus.FAILED, HIDDEN_FAIL)
    return outcome


def _explained_outcome(test: dict, frame: dict | None, timeout_ms: int) -> TestOutcome:
    name = test["name"]
    fn = test.get("function")
    if frame is None:
        return TestOutcome(name, TestStatus.FAILED, "Aucun résultat reçu pour ce test.")
    status = frame.get("status")
    if status == "missing":
        return TestOutcome(
            name, TestStatus.FAILED, f"La fonction {fn} n'est pas définie dans ton code."
        )
    if status == "timeout":
        return TestOutcome(
            name,
            TestStatus.FAILED,
            f"Temps dépassé ({timeout_ms / 1000:g} s) : la fonction ne s'arrête pas "
            "(boucle infinie ?).",
        )
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
    if status == "ok" and isinstance(value, dict) and matches(test["expected"], value, test):
        return TestOutcome(name, TestStatus.PASSED, "")
    got = describe(value) if isinstance(value, dict) else "rien"
    message = f"Attendu : {_py_describe(test['expected'])} — obtenu : {got}."
    if isinstance(value, dict) and value.get("type") == "undefined":
        message += " As-tu oublié le mot-clé return ?"
    return TestOutcome(name, TestStatus.FAILED, message)


def matches(expected: Any, value: dict, test: dict, depth: int = 0) -> bool:
    """Compare an expected Python value with an encoded JavaScript value."""
    kind = value.get("type")
    if depth > 20:
        return False
    if expected is None:
        return kind == "null"
    if isinstance(expected, bool):
        return kind == "boolean" and value.get("value") is expected
    if isinstance(expected, int | float):
        got = value.get("value")
        if kind != "number" or isinstance(got, bool) or not isinstance(got, int | float):
            return False
        tolerance = float(test.get("tolerance", 1e-9))
        return math.isclose(got, expected, rel_tol=tolerance, abs_tol=tolerance)
    if isinstance(expected, str):
        return kind == "string" and value.get("value") == expected
    if isinstance(expected, list):
        items = value.get("items")
        return (
            kind == "array"
            and isinstance(items, list)
            and len(items) == len(expected)
            and all(
                isinstance(v, dict) and matches(e, v, test, depth + 1)
                for e, v in zip(expected, items, strict=True)
            )
        )
    if isinstance(expected, dict):
        entries = value.get("entries")
        return (
            kind == "object"
            and isinstance(entries, dict)
            and set(entries) == set(expected)
            and all(
                isinstance(entries[k], dict) and matches(v, entries[k], test, depth + 1)
                for k, v in expected.items()
            )
        )
    return False


def describe(value: dict, depth: int = 0) -> str:
    """A JavaScript-looking rendering of an encoded value, for feedback."""
    kind = value.get("type")
    if depth > 5:
        return "…"
    if kind in ("undefined", "null"):
        return kind
    if kind == "nan":
        return "NaN"
    if kind == "infinity":
        return "Infinity" if value.get("sign", 1) > 0 else "-Infinity"
    if kind == "string":
        return json.dumps(value.get("value", ""), ensure_ascii=False)[:200]
    if kind == "boolean":
        return "true" if value.get("value") else "false"
    if kind == "number":
        return _py_describe(value.get("value"))
    if kind == "array":
        items = [describe(v, depth + 1) for v in value.get("items", [])[:20] if isinstance(v, dict)]
        return "[" + ", ".join(items) + "]"
    if kind == "object":
        entries = value.get("entries", {})
        parts = [f"{k}: {describe(v, depth + 1)}" for k, v in list(entries.items())[:20]]
        return "{" + ", ".join(parts) + "}"
    return str(value.get("repr", "?"))[:200]


def _py_describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_py_describe(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_py_describe(v)}" for k, v in value.items()) + "}"
    return str(value)
