"""Editing an exercise makes a new version; earlier submissions keep, and are graded by, theirs."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import ROOT
from tremplin.curriculum import load_into_database
from tremplin.extensions import db
from tremplin.models import Exercise, Submission, User

pytestmark = [pytest.mark.redis, pytest.mark.docker]

SLUG = "m1-extensions"
QUIZ = ROOT / "exercises" / "m1-ordinateur" / SLUG


def _old_answers() -> dict[str, object]:
    return json.loads((QUIZ / "solution" / "reponses.json").read_text(encoding="utf-8"))


def _edit_first_answer(root: Path) -> None:
    """Make `.css` the answer of question 1 in the copy (a new version of the exercise)."""
    tests = root / "m1-ordinateur" / SLUG / "tests.toml"
    text = tests.read_text(encoding="utf-8")
    assert tomllib.loads(text)["questions"][0]["answer"] == ".html"
    tests.write_text(text.replace('answer = ".html"', 'answer = ".css"', 1), encoding="utf-8")


def _submit(app, answers: dict[str, object]) -> int:
    from tremplin.backends import grading_queue
    from tremplin.submissions import services

    user = db.session.scalar(select(User).where(User.email == "ana@example.org"))
    exercise = services.get_exercise(SLUG)
    submission = services.submit(
        user,
        exercise,
        {"reponses.json": json.dumps(answers)},
        grading_queue(),
        max_bytes=app.config["MAX_SUBMISSION_BYTES"],
        per_minute=100,
    )
    return submission.id


def test_old_submission_is_graded_against_its_own_version(app, drain, tmp_path: Path) -> None:
    copy = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises", copy)
    with app.app_context():
        old_id = _submit(app, _old_answers())
        old_version = db.session.get(Submission, old_id).exercise_version_id
        _edit_first_answer(copy)
        report = load_into_database(copy)
        assert report.errors == [] and report.new_versions == 1
        exercise = db.session.scalar(select(Exercise).where(Exercise.slug == SLUG))
        current_version = exercise.current_version_id
        assert current_version != old_version
        new_id = _submit(app, _old_answers())
    drain()
    with app.app_context():
        old, new = db.session.get(Submission, old_id), db.session.get(Submission, new_id)
        assert old.exercise_version_id == old_version
        assert old.status == "passed"
        assert new.exercise_version_id == current_version
        assert new.status == "failed"


def test_reloading_unchanged_content_makes_no_new_version(app) -> None:
    with app.app_context():
        report = load_into_database(ROOT / "exercises")
        assert report.errors == []
        assert report.new_versions == 0 and report.new_exercises == 0
