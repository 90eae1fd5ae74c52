"""What trainers see: their cohorts, each learner's activity and work."""

from __future__ import annotations

from sqlalchemy import case, func, select

from tremplin.errors import NotFoundError
from tremplin.extensions import db
from tremplin.models import Cohort, Role, Submission, SubmissionStatus, User, cohort_members
from tremplin.submissions.services import can_see


def cohort_learners(trainer: User) -> list[tuple[Cohort, list[User]]]:
    """The trainer's cohorts with their learners (admins: every cohort)."""
    query = select(Cohort).order_by(Cohort.name)
    if trainer.role != Role.ADMIN:
        query = query.join(cohort_members).where(cohort_members.c.user_id == trainer.id)
    return [
        (c, sorted((m for m in c.members if m.role == Role.LEARNER), key=lambda u: u.email))
        for c in db.session.scalars(query).unique()
    ]


def learner_activity(user_ids: list[int]) -> dict[int, dict]:
    """Per learner: exercises passed, submissions, failed ones and last activity (two queries)."""
    stats = {uid: {"passed": 0, "submissions": 0, "failed": 0, "last": None} for uid in user_ids}
    if not user_ids:
        return stats
    failed = func.sum(case((Submission.status == SubmissionStatus.FAILED, 1), else_=0))
    totals = db.session.execute(
        select(
            Submission.user_id, func.count(Submission.id), failed, func.max(Submission.created_at)
        )
        .where(Submission.user_id.in_(user_ids))
        .group_by(Submission.user_id)
    )
    for user_id, count, failed_count, last in totals:
        stats[user_id].update(submissions=count, failed=int(failed_count or 0), last=last)
    passed = db.session.execute(
        select(Submission.user_id, func.count(func.distinct(Submission.exercise_id)))
        .where(Submission.user_id.in_(user_ids), Submission.status == SubmissionStatus.PASSED)
        .group_by(Submission.user_id)
    )
    for user_id, count in passed:
        stats[user_id]["passed"] = count
    return stats


def get_learner(viewer: User, user_id: int) -> User:
    """A user whose work the viewer may see; NotFoundError otherwise."""
    found = db.session.get(User, user_id)
    if found is None or not can_see(viewer, found.id):
        raise NotFoundError("Apprenant introuvable.")
    return found


def learner_submissions(user: User, limit: int = 100) -> list[Submission]:
    """A learner's latest submissions, newest first."""
    return list(
        db.session.scalars(
            select(Submission)
            .where(Submission.user_id == user.id)
            .order_by(Submission.id.desc())
            .limit(limit)
        )
    )
