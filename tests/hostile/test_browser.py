"""Hostile page scripts in the `dom` kind (headless Chromium in the sandbox), js-compteur."""

from __future__ import annotations

from functools import cache

import pytest

from graders.registry import grader_for
from graders.verdict import Status
from tests.conftest import ROOT

pytestmark = [pytest.mark.docker, pytest.mark.slow]

CASES = {
    "endless-loop": ("while (true) {}", "ne finit pas de se charger"),
    "network": (
        "fetch('http://1.1.1.1/').then(() => { document.title = 'NET'; });",
        "Failed to fetch",
    ),
    "memory-bomb": (
        "const a = []; while (true) a.push(new Array(1e6).fill(1));",
        "trop de mémoire",
    ),
}


@cache
def _exercise() -> tuple:
    from tremplin.content.loader import load_curriculum

    exercises = {e.slug: e for e in load_curriculum(ROOT / "exercises").exercises}
    exercise = exercises["js-compteur"]
    return exercise.spec, dict(exercise.content["solution"])


@pytest.mark.parametrize(("extra", "fragment"), CASES.values(), ids=CASES.keys())
def test_hostile_page_fails_safely(hostile_sandbox, extra: str, fragment: str) -> None:
    spec, solution = _exercise()
    files = {**solution, "script.js": solution["script.js"] + "\n" + extra}
    verdict = grader_for(spec.kind).grade(spec, files, hostile_sandbox)
    seen = "\n".join([verdict.message, *(t.message for t in verdict.tests)])
    assert verdict.status is Status.FAILED, seen
    assert fragment in seen, seen
