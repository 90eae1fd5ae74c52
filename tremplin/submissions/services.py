"""Submitting and reading submissions: the rules, with no HTTP in sight."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select, update

from tremplin.backends import grading_queue
from tremplin.cohorts.access import follows
from tremplin.errors import NotFoundError, QueueFullError, RateLimitedError
from tremplin.extensions import db
from tremplin.files import validate_files
from tremplin.models import (
    Exercise,
    Submission,
    SubmissionStatus,
    User,
    utcnow,
)
from tremplin.queue import GradingQueue

RETRY_AFTER_S = 60


def get_exercise(slug: str) -> Exercise:
    """An active exercise by slug, or NotFoundError."""
    exercise = db.session.scalar(
        select(Exercise).where(Exercise.slug == slug, Exercise.active.is_(True))
    )
    if exercise is None or exercise.current_version is None:
        raise NotFoundError(f"Exercice « {slug} » introuvable.")
    return exercise


def current_content(exercise: Exercise) -> dict[str, Any]:
    """The content of an exercise's current version (``get_exercise`` ensures there is one)."""
    version = exercise.current_version
    if version is None:
        raise NotFoundError(f"Exercice « {exercise.slug} » introuvable.")
    content: dict[str, Any] = version.content
    return content


def queued_count(before_id: int | None = None) -> int:
    """Submissions waiting for a worker (those before ``before_id`` only, if given)."""
    query = select(func.count(Submission.id)).where(Submission.status == SubmissionStatus.QUEUED)
    if before_id is not None:
        query = query.where(Submission.id < before_id)
    return db.session.scalar(query) or 0


def queue_position(submission: Submission) -> int | None:
    """How many submissions wait before this one while it is queued; None otherwise."""
    if submission.status != SubmissionStatus.QUEUED:
        return None
    return queued_count(before_id=submission.id)


def ahead_of_you(position: int) -> str:
    """« 3 soumissions avant la tienne », in the learner's words."""
    if position <= 0:
        return "Ta soumission est la prochaine à être corrigée."
    plural = "s" if position > 1 else ""
    return f"{position} soumission{plural} avant la tienne."


def _check_queue_depth(max_queue: int) -> None:
    """Refuse a submission (nothing stored) when too many wait already."""
    waiting = queued_count()
    if waiting >= max_queue:
        db.session.rollback()  # releases the learner's lock: nothing was written
        raise QueueFullError(
            f"La correction est saturée en ce moment ({waiting} soumissions attendent) : "
            "la tienne n'a pas été enregistrée. Garde ton code et réessaie dans une minute.",
            retry_after_s=RETRY_AFTER_S,
        )


def submit(
    user: User,
    exercise: Exercise,
    files: object,
    queue: GradingQueue,
    *,
    max_bytes: int,
    per_minute: int,
    max_queue: int | None = None,
) -> Submission:
    """Validate, store (committed), then enqueue a submission. Loses nothing if Redis is down.

    The per-minute limit is counted and the row inserted under the learner's lock, so that
    parallel requests (several web processes) cannot all pass the count.

    Past ``max_queue`` waiting submissions (if given), QueueFullError (503): nothing is stored.
    """
    version = exercise.current_version
    assert version is not None
    clean = validate_files(files, version.content["files"], max_bytes)
    _lock_learner(user.id)
    since = utcnow() - timedelta(minutes=1)
    recent = db.session.scalar(
        select(func.count(Submission.id)).where(
            Submission.user_id == user.id, Submission.created_at >= since
        )
    )
    if (recent or 0) >= per_minute:
        db.session.rollback()
        raise RateLimitedError(
            f"Trop de soumissions en peu de temps ({per_minute} par minute au plus) : "
            "attends un peu, relis ton code, puis réessaie."
        )
    if max_queue is not None:
        _check_queue_depth(max_queue)
    submission = Submission(
        user_id=user.id,
        exercise_id=exercise.id,
        exercise_version_id=version.id,
        files=clean,
        status=SubmissionStatus.QUEUED,
    )
    db.session.add(submission)
    db.session.commit()
    queue.enqueue(submission.id)
    return submission


def _lock_learner(user_id: int) -> None:
    """Take the learner's row lock (PostgreSQL) or the database write lock (SQLite) until commit.

    A no-op UPDATE is the one statement that locks on both: SQLite ignores SELECT … FOR UPDATE.
    """
    db.session.execute(
        update(User)
        .where(User.id == user_id)
        .values(id=User.id)
        .execution_options(synchronize_session=False)
    )


def can_see(viewer: User, owner_id: int) -> bool:
    """Learners see their own work; trainers their cohorts'; admins everything."""
    return viewer.id == owner_id or (viewer.is_staff and follows(viewer, owner_id))


def get_submission(viewer: User, submission_id: int) -> Submission:
    """A submission the viewer may see; NotFoundError otherwise (no hint it exists)."""
    submission = db.session.get(Submission, submission_id)
    if submission is None or not can_see(viewer, submission.user_id):
        raise NotFoundError("Soumission introuvable.")
    return submission


def submit_to(user: User, exercise: Exercise, files: object) -> Submission:
    """The one submit path of the API and the pages: the app's queue and limits."""
    config = current_app.config
    return submit(
        user,
        exercise,
        files,
        grading_queue(),
        max_bytes=config["MAX_SUBMISSION_BYTES"],
        per_minute=config["SUBMISSIONS_PER_MINUTE"],
        max_queue=int(config["MAX_QUEUE_DEPTH"]),
    )


def recent_submissions(user: User, exercise_id: int, limit: int = 20) -> list[Submission]:
    """The user's latest submissions to one exercise, newest first."""
    return list(
        db.session.scalars(
            select(Submission)
            .where(Submission.user_id == user.id, Submission.exercise_id == exercise_id)
            .order_by(Submission.id.desc())
            .limit(limit)
        )
    )
