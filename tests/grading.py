"""Grading without the web side: curriculum exercises and golden cases, shared by grader tests."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from graders.base import ExerciseSpec
from graders.registry import build_spec, grader_for
from graders.verdict import Verdict
from tremplin.content.loader import Curriculum, LoadedExercise, load_curriculum

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "graders" / "cases"
EXPECTED = "expected.json"


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


def case_files(folder: Path) -> dict[str, str]:
    """The files of a golden case (a submission), or of an exercise's ``fixed/``."""
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != EXPECTED
    }


@cache
def case_spec(folder: Path) -> ExerciseSpec[Any]:
    """The exercise of a folder of golden cases (``exercise.toml``, ``tests.toml``, ``fixed/``)."""
    meta = tomllib.loads((folder / "exercise.toml").read_text(encoding="utf-8"))
    if "curriculum" in meta:
        return exercise(meta["curriculum"]).spec
    return build_spec(
        {
            "slug": folder.name,
            "kind": folder.parent.name,
            "files": meta["files"],
            "limits": meta.get("limits", {}),
            "tests": tomllib.loads((folder / "tests.toml").read_text(encoding="utf-8")),
            "fixed_files": case_files(folder / "fixed") if (folder / "fixed").is_dir() else {},
        }
    )
