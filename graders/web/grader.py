"""Shared grader of the web kinds: the learner's pages in headless Chromium, inside the sandbox.

The container receives the files, the harness and its job: a plan (pages, viewports,
steps, what to measure) and the run's frame marker. Chromium runs in it with the
sandbox's limits and no network; the harness drives it from outside the page over the
DevTools pipe and prints facts as JSON frames. Expected values never leave this process:
facts are compared here, so a page can at worst make its own checks fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, ClassVar

from graders.base import ExerciseSpec, Grader, PageView, Preview, SpecContext
from graders.errors import GraderError
from graders.frames import frame_line, new_marker
from graders.harness import Harness
from graders.limits import LimitWords, limit_message
from graders.verdict import Status, TestOutcome, Verdict, summarize
from graders.web import facts, observe
from graders.web.markup_messages import describe_markup_error
from graders.web.plan import build_plan
from graders.web.spec import WebSpec, parse_web
from graders.web.w3c import checks as w3c
from graders.web.w3c.validator import Report, validate
from sandbox.base import Limits, RunResult, Sandbox

HARNESS = Harness.load(
    Path(__file__).parent / "harness", "browser", ("python3", "-E", "-s", ".harness/harness.py")
)
# Chromium needs room: 768 MB (tmpfs included), 256 tasks (it counts threads), 20 s.
BROWSER_LIMITS = Limits(timeout_s=20, memory_mb=768, pids=256, tmpfs_mb=128, nofile=1024)
LOAD_TIMEOUT_S = 5.0
STARTUP_MARGIN_S = 5.0
WORDS = LimitWords(
    time="ta page ne se laisse pas tester à temps.",
    memory="ta page en demande trop (un DOM énorme ?).",
    output="ta page produit trop de résultats à analyser.",
)
BROWSER_STOPPED = (
    "Le navigateur s'est arrêté avant la fin des tests (ta page l'a peut-être fait planter)."
)


class WebGrader(Grader[WebSpec]):
    """Checks written in ``tests.toml`` ``[[checks]]``, measured in a real browser engine."""

    runtime = "browser"
    harness = HARNESS
    default_limits = BROWSER_LIMITS
    javascript: ClassVar[bool] = False
    steps_allowed: ClassVar[bool] = False

    def parse_tests(self, raw: Mapping[str, Any], context: SpecContext) -> WebSpec:
        pages = [*context.files, *context.fixed_files]
        return parse_web(raw, pages, steps_allowed=self.steps_allowed)

    def page_view(self, exercise: ExerciseSpec[WebSpec]) -> PageView:
        """An editor per file, and a live preview of the page (refreshed on demand with scripts)."""
        return PageView(preview=Preview(page=exercise.tests.page, live=not self.javascript))

    def grade(
        self, exercise: ExerciseSpec[WebSpec], files: dict[str, str], sandbox: Sandbox
    ) -> Verdict:
        limits = exercise.limits
        timing = _timing(limits)
        plan, refs = build_plan(exercise.tests, js=self.javascript, timing=timing)
        learner_pages = [n for n in exercise.files if n.endswith(".html")]
        marker = new_marker()
        job = {**plan, "markup": _markup_pages(exercise.tests, learner_pages), "marker": marker}
        # Fixed files (the given HTML of a CSS exercise...) win over a learner's copy of them.
        texts = {**files, **exercise.fixed_files}
        job_files = {name: text.encode() for name, text in texts.items()}
        # Its last frame when no page was stopped early: the run is over once it is read.
        last = frame_line(marker, {"t": "end"})
        with ThreadPoolExecutor(max_workers=1) as pool:
            checked = _check_w3c(pool, exercise, job_files, sandbox)
            result = sandbox.run(HARNESS.request(self.kind, job_files, job, limits, last_line=last))
            report = checked.result() if checked is not None else None
        seen = observe.observe(result.stdout, marker)
        if seen.fatal or (not seen.started and not result.timed_out and not result.oom_killed):
            raise GraderError(f"browser harness failed: {seen.fatal or result.stderr[-500:]}")
        seen.w3c = report
        context = facts.Context(
            files=frozenset(texts),
            load_timeout_s=timing["load_timeout_s"],
            texts=texts,
        )
        outcomes = [
            observe.outcome(check, [(i, r) for i, r in refs.items() if r.check == n], seen, context)
            for n, check in enumerate(exercise.tests.checks)
        ]
        return _verdict(outcomes, seen, result, limits, learner_pages)


def _markup_pages(spec: WebSpec, learner_pages: list[str]) -> list[str]:
    """Pages whose parse errors html5lib reports: not those the W3C checker reads instead
    (unless a `markup` check asks), which also spares html5lib's slow deep nesting."""
    by_w3c = {c.file for c in spec.checks if c.assertion == "w3c"}
    by_markup = {c.page for c in spec.checks if c.assertion == "markup"}
    return [p for p in learner_pages if p not in by_w3c or p in by_markup]


def _check_w3c(
    pool: ThreadPoolExecutor,
    exercise: ExerciseSpec[WebSpec],
    job_files: dict[str, bytes],
    sandbox: Sandbox,
) -> Future[Report] | None:
    """Start the W3C checker on the files of the `w3c` checks, beside the browser's run."""
    checks = [c for c in exercise.tests.checks if c.assertion == "w3c"]
    if not checks:
        return None
    names = sorted({c.file for c in checks})
    return pool.submit(
        validate,
        {n: job_files[n] for n in names if n in job_files},
        names,
        warnings=any(c.warnings for c in checks),
        sandbox=sandbox,
    )


def _timing(limits: Limits) -> dict[str, float]:
    budget = max(limits.timeout_s - STARTUP_MARGIN_S, 2.0)
    return {"budget_s": budget, "load_timeout_s": min(LOAD_TIMEOUT_S, budget / 2)}


def _verdict(
    outcomes: list[TestOutcome],
    seen: observe.Observed,
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
        message += f" Ton script a levé une erreur : {facts.describe_page_error(errors[0])}"
    output = _output(seen, errors, learner_pages)
    status = Status.FAILED if stop else verdict.status
    return Verdict(status, message, verdict.tests, output)


def _early_stop(seen: observe.Observed, result: RunResult, limits: Limits) -> str:
    """Why the browser run ended before every check was measured, in French.

    Memory comes first: the kernel may kill a renderer and the harness still report.
    """
    if result.oom_killed:
        return limit_message(result, limits, WORDS) or ""
    for session in seen.sessions.values():
        found = observe.session_message(session, LOAD_TIMEOUT_S)
        if found:
            return found
    if seen.ended:
        return ""
    return limit_message(result, limits, WORDS) or BROWSER_STOPPED


def _page_errors(seen: observe.Observed) -> list[dict[str, Any]]:
    unique: dict[tuple, dict[str, Any]] = {}
    for session in seen.sessions.values():
        for error in session.get("errors") or []:
            if isinstance(error, dict):
                unique.setdefault((error.get("message"), error.get("line")), error)
    return list(unique.values())


def _output(seen: observe.Observed, errors: list[dict], learner_pages: list[str]) -> str:
    """What the learner sees under the tests: markup remarks, script errors, console output."""
    parts = w3c.output(seen.w3c) if seen.w3c is not None else []
    validated = set(seen.w3c.files) if seen.w3c is not None else set()
    for page in (p for p in learner_pages if p not in validated):
        remarks = [describe_markup_error(e) for e in seen.markup.get(page, [])[:10]]
        if remarks:
            parts.append(
                f"Remarques sur le HTML de {page} :\n" + "\n".join(f"- {r}" for r in remarks)
            )
    if errors:
        listed = "\n".join(f"- {facts.describe_page_error(e)}" for e in errors[:5])
        parts.append(f"Erreurs de ton script :\n{listed}")
    if seen.log.strip():
        parts.append(f"Console :\n{seen.log.strip()}")
    return "\n\n".join(parts)
