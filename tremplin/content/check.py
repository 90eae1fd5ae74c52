"""``flask exercises check``: every exercise must load, render, pass with its solution
and fail with its starter, in the real sandbox."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from graders.registry import grader_for
from graders.verdict import Status, Verdict
from sandbox.base import Sandbox
from sandbox.errors import SandboxError
from tremplin.content.loader import LoadedExercise, load_curriculum, starter_files
from tremplin.content.markdown import render_markdown

# Told of each verdict (slug, files, verdict), e.g. to reuse it for identical code elsewhere.
VerdictSink = Callable[[str, dict[str, str], Verdict], None]


def check_one(
    exercise: LoadedExercise, sandbox: Sandbox, on_verdict: VerdictSink | None = None
) -> list[str]:
    """Problems of one exercise (empty when it is fine)."""
    problems = []
    content = exercise.content
    if not render_markdown(content["statement_md"]).strip():
        problems.append("l'énoncé rendu est vide")
    grader = grader_for(content["kind"])
    spec = exercise.spec
    try:
        solved = grader.grade(spec, content["solution"], sandbox)
        if on_verdict is not None:
            on_verdict(exercise.slug, content["solution"], solved)
        if solved.status is not Status.PASSED:
            problems.append(f"la solution de référence n'est pas acceptée : {solved.message}")
        started = grader.grade(spec, starter_files(content), sandbox)
        if on_verdict is not None:
            on_verdict(exercise.slug, starter_files(content), started)
        if started.status is Status.PASSED:
            problems.append("le code de départ est déjà accepté")
        if started.status is Status.ERROR:
            problems.append(f"le code de départ donne une erreur de plateforme : {started.message}")
    except SandboxError as exc:
        problems.append(f"bac à sable indisponible : {exc}")
    return problems


def check_exercises(
    root: Path,
    slugs: tuple[str, ...] = (),
    *,
    echo: Callable[[str], None] = print,
    sandbox: Sandbox | None = None,
    workers: int = 2,
) -> int:
    """Check the curriculum; print a line per exercise; return the number of problems."""
    curriculum = load_curriculum(root)
    failures = 0
    for error in curriculum.errors:
        echo(f"ERREUR {error}")
        failures += 1
    selected = [e for e in curriculum.exercises if not slugs or e.slug in slugs]
    unknown = set(slugs) - {e.slug for e in selected}
    for slug in sorted(unknown):
        echo(f"ERREUR {slug} : exercice inconnu")
        failures += 1
    if sandbox is None:
        from sandbox.engine import DockerSandbox

        sandbox = DockerSandbox()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = pool.map(lambda e: (e, check_one(e, sandbox)), selected)
        for exercise, problems in results:
            if problems:
                failures += len(problems)
                for problem in problems:
                    echo(f"ÉCHEC {exercise.slug} : {problem}")
            else:
                echo(f"ok     {exercise.slug}")
    echo(f"{len(selected)} exercice(s) vérifié(s), {failures} problème(s).")
    return failures
