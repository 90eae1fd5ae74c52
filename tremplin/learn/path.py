"""The learner's path through the month: each lesson, then the exercises that rely on it.

Module by module, in order; exercises that name no lesson close their module. « Continuer »,
previous / next and the module pages all read this one sequence.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tremplin.extensions import db
from tremplin.learn.activity import read_lesson_ids
from tremplin.models import Exercise, LessonRead, Module, Submission, User
from tremplin.progress import passed_exercise_ids


class StepKind(StrEnum):
    """What a step of the path is."""

    LESSON = "lesson"
    EXERCISE = "exercise"


@dataclass(frozen=True, slots=True)
class Step:
    """One lesson or exercise of the path, with what a link to it needs."""

    kind: StepKind
    id: int
    slug: str
    title: str
    module_slug: str
    module_title: str
    module_position: int


def learning_path() -> list[Step]:
    """Every lesson and active exercise, in the order a learner is meant to take them."""
    modules = db.session.scalars(
        select(Module)
        .order_by(Module.position, Module.slug)
        .options(
            selectinload(Module.lessons),
            selectinload(Module.exercises).selectinload(Exercise.lesson),
        )
    )
    steps: list[Step] = []
    for module in modules:
        exercises = [e for e in module.exercises if e.active and e.current_version_id]
        for lesson in module.lessons:
            steps.append(_step(StepKind.LESSON, lesson, module))
            steps.extend(
                _step(StepKind.EXERCISE, e, module)
                for e in exercises
                if e.lesson is not None and e.lesson.id == lesson.id
            )
        steps.extend(_step(StepKind.EXERCISE, e, module) for e in exercises if e.lesson is None)
    return steps


def _step(kind: StepKind, item, module: Module) -> Step:
    return Step(kind, item.id, item.slug, item.title, module.slug, module.title, module.position)


def neighbours(path: list[Step], kind: StepKind, item_id: int) -> tuple[Step | None, Step | None]:
    """The steps just before and just after one step (None at either end, or if absent)."""
    index = _index(path, kind, item_id)
    if index is None:
        return None, None
    before = path[index - 1] if index > 0 else None
    after = path[index + 1] if index + 1 < len(path) else None
    return before, after


def _index(path: list[Step], kind: StepKind, item_id: int) -> int | None:
    return next((i for i, s in enumerate(path) if s.kind == kind and s.id == item_id), None)


def done_steps(user: User) -> set[tuple[StepKind, int]]:
    """Steps the user has finished: lessons opened, exercises passed."""
    done = {(StepKind.LESSON, i) for i in read_lesson_ids(user)}
    return done | {(StepKind.EXERCISE, i) for i in passed_exercise_ids(user)}


def _latest_activity(user: User) -> tuple[StepKind, int] | None:
    """The step of the user's most recent submission or first reading of a lesson."""
    submission = db.session.execute(
        select(Submission.exercise_id, Submission.created_at)
        .where(Submission.user_id == user.id)
        .order_by(Submission.created_at.desc(), Submission.id.desc())
        .limit(1)
    ).first()
    reading = db.session.execute(
        select(LessonRead.lesson_id, LessonRead.read_at)
        .where(LessonRead.user_id == user.id)
        .order_by(LessonRead.read_at.desc())
        .limit(1)
    ).first()
    if submission and (reading is None or submission[1] >= reading[1]):
        return StepKind.EXERCISE, submission[0]
    if reading:
        return StepKind.LESSON, reading[0]
    return None


def next_step(user: User, path: list[Step]) -> Step | None:
    """« Continuer »: the first unfinished step from where the user last worked, then from the
    start (steps left aside come back once the path is walked); None when all is done."""
    done = done_steps(user)
    latest = _latest_activity(user)
    start = (_index(path, *latest) if latest else None) or 0
    for step in path[start:] + path[:start]:
        if (step.kind, step.id) not in done:
            return step
    return None
