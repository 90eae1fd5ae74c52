"""Shared grader of the web kinds: the learner's pages in headless Chromium, inside the sandbox.

The container receives the files, the harness and a plan (pages, viewports, steps, what
to measure). Chromium runs in it with the sandbox's limits and no network; the harness
drives it from outside the page over the DevTools pipe and prints facts as JSON frames.
Expected values never leave this process: facts are compared here, so a page can at
worst make its own checks fail.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any, ClassVar

from graders.base import ExerciseSpec, Grader
from graders.errors import GraderError
from graders.kinds import web_checks, web_facts, web_verdict
from graders.verdict import Status, TestOutcome, Verdict, summarize
from sandbox.base import Limits, RunRequest, RunResult, Sandbox
from sandbox.images import image_name

HERE = Path(__file__).parent
HARNESS = {
    ".harness/web_harness.py": (HERE / "web_harness.py").read_bytes(),
    ".harness/web_cdp.py": (HERE / "web_cdp.py").read_bytes(),
    ".harness/web_probe.js": (HERE / "web_probe.js").read_bytes(),
}
# Chromium needs room: 768 MB (tmpfs included), 256 tasks (it counts threads), 20 s.
BROWSER_LIMITS = Limits(timeout_s=20, memory_mb=768, pids=256, tmpfs_mb=128, nofile=1024)
LOAD_TIMEOUT_S = 5.0
STARTUP_MARGIN_S = 5.0


class WebGrader(Grader):
    """Checks written in ``tests.toml`` ``[[checks]]``, measured in a real browser engine."""

    runtime = "browser"
    default_limits = BROWSER_LIMITS
    javascript: ClassVar[bool] = False
    steps_allowed: ClassVar[bool] = False

    def check_spec(self, exercise: ExerciseSpec) -> list[str]:
        pages = set(exercise.files) | set(exercise.fixed_files)
        problems = web_checks.check_problems(
            exercise.tests, steps_allowed=self.steps_allowed, pages=pages
        )
        if not _default_page(exercise):
            problems.append("aucune page .html parmi les fichiers de l'exercice.")
        return problems

    def grade(self, exercise: ExerciseSpec, files: dict[str, str], sandbox: Sandbox) -> Verdict:
        limits = self.limits_for(exercise)
        page = _default_page(exercise)
        timing = _timing(limits)
        plan, refs = web_checks.build_plan(
            exercise.tests, js=self.javascript, default_page=page, timing=timing
        )
        learner_pages = [n for n in exercise.files if n.endswith(".html")]
        plan["markup"] = learner_pages
        plan["nonce"] = secrets.token_hex(16)
        result = sandbox.run(
            RunRequest(
                image=image_name(self.runtime),
                command=("python3", "-E", "-s", ".harness/web_harness.py"),
                files=_payload(exercise, files, plan),
                limits=limits,
                labels={"tremplin.kind": self.kind},
            )
        )
        seen = web_verdict.observe(result.stdout, plan["nonce"])
        if seen.fatal or (not seen.started and not result.timed_out and not result.oom_killed):
            raise GraderError(f"browser harness failed: {seen.fatal or result.stderr[-500:]}")
        context = web_facts.Context(
            files=frozenset(files) | frozenset(exercise.fixed_files),
            default_page=page,
            load_timeout_s=timing["load_timeout_s"],
        )
        checks = exercise.tests["checks"]
        outcomes = [
            web_verdict.outcome(
                check, [(i, r) for i, r in refs.items() if r.check == n], seen, context
            )
            for n, check in enumerate(checks)
        ]
        return _verdict(outcomes, seen, result, limits, learner_pages)


def _default_page(exercise: ExerciseSpec) -> str:
    page = exercise.tests.get("page")
    if isinstance(page, str):
        return page
    names = [*exercise.files, *exercise.fixed_files]
    html = [n for n in names if n.endswith(".html")]
    return "index.html" if "index.html" in html else (html[0] if html else "")


def _timing(limits: Limits) -> dict[str, float]:
    budget = max(limits.timeout_s - STARTUP_MARGIN_S, 2.0)
    return {"budget_s": budget, "load_timeout_s": min(LOAD_TIMEOUT_S, budget / 2)}


def _payload(
    exercise: ExerciseSpec, files: dict[str, str], plan: dict[str, Any]
) -> dict[str, bytes]:
    payload = {name: text.encode() for name, text in files.items()}
    # Fixed files (the given HTML of a CSS exercise...) win over a learner's copy of them.
    payload.update({name: text.encode() for name, text in exercise.fixed_files.items()})
    payload.update(HARNESS)
    payload[".harness/plan.json"] = json.dumps(plan).encode()
    return payload


def _verdict(
    outcomes: list[TestOutcome],
    seen: web_verdict.Observed,
    result: RunResult,
    limits: Limits,
    learner_pages: list[str],
) -> Verdict:
    verdict = summarize(outcomes)
    message = verdict.message
    stop = _early_stop(seen, result, limits)
    if stop:
        message = f"{stop} {message}"
    errors = _page_errors(seen)
    if errors and verdict.status is not Status.PASSED:
        message += f" Ton script a levé une erreur : {web_facts.describe_page_error(errors[0])}"
    output = _output(seen, errors, learner_pages)
    status = Status.FAILED if stop else verdict.status
    return Verdict(status, message, verdict.tests, output)


def _early_stop(seen: web_verdict.Observed, result: RunResult, limits: Limits) -> str:
    """Why the browser run ended before every check was measured, in French.

    Memory comes first: the kernel may kill a renderer and the harness still report.
    """
    if result.oom_killed:
        return (
            f"Mémoire dépassée ({limits.memory_mb} Mo) : ta page en demande trop (un DOM énorme ?)."
        )
    for session in seen.sessions.values():
        found = web_verdict.session_message(session, LOAD_TIMEOUT_S)
        if found:
            return found
    if seen.ended:
        return ""
    if result.timed_out:
        return f"Temps dépassé ({limits.timeout_s:g} s) : ta page ne se laisse pas tester à temps."
    if result.output_truncated:
        return "Ta page produit trop de résultats à analyser."
    return "Le navigateur s'est arrêté avant la fin des tests (ta page l'a peut-être fait planter)."


def _page_errors(seen: web_verdict.Observed) -> list[dict[str, Any]]:
    unique: dict[tuple, dict[str, Any]] = {}
    for session in seen.sessions.values():
        for error in session.get("errors") or []:
            if isinstance(error, dict):
                unique.setdefault((error.get("message"), error.get("line")), error)
    return list(unique.values())


def _output(seen: web_verdict.Observed, errors: list[dict], learner_pages: list[str]) -> str:
    """What the learner sees under the tests: markup remarks, script errors, console output."""
    parts = []
    for page in learner_pages:
        remarks = [web_facts.describe_markup_error(e) for e in seen.markup.get(page, [])[:10]]
        if remarks:
            parts.append(
                f"Remarques sur le HTML de {page} :\n" + "\n".join(f"- {r}" for r in remarks)
            )
    if errors:
        listed = "\n".join(f"- {web_facts.describe_page_error(e)}" for e in errors[:5])
        parts.append(f"Erreurs de ton script :\n{listed}")
    if seen.log.strip():
        parts.append(f"Console :\n{seen.log.strip()}")
    return "\n\n".join(parts)
