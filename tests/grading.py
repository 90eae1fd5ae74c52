"""Grading a curriculum exercise directly, without the web side: shared by grader tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graders.registry import grader_for
from graders.verdict import Verdict
from tremplin.content.loader import Curriculum, LoadedExercise, load_curriculum

ROOT = Path(__file__).resolve().parents[1]


@cache
def _curriculum() -> Curriculum:
    return load_curriculum(ROOT / "exercises")


def exercise(slug: str) -> LoadedExercise:
    """One exercise of the curriculum, by slug."""
    return next(e for e in _curriculum().exercises if e.slug == slug)


def grade(slug: str, files: dict[str, str], sandbox) -> Verdict:
    """Grade ``files`` as a submission to the exercise ``slug``."""
    loaded = exercise(slug)
    return grader_for(loaded.content["kind"]).grade(loaded.spec, files, sandbox)
