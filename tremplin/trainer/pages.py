"""What the trainer's learner and submission pages show, gathered in a few queries."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from tremplin.cohorts.access import get_learner, get_learner_submission, visible_cohorts
from tremplin.cohorts.models import CHANNEL_LABELS
from tremplin.cohorts.services import follow_ups, may_manage_account
from tremplin.extensions import db
from tremplin.models import Submission, User
from tremplin.progress import progress_for
from tremplin.reviews.audit import audit_log
from tremplin.reviews.models import Review
from tremplin.reviews.services import reviews_by_submission, saved_comments
from tremplin.trainer.code_view import diff_files, highlight_file, previous_attempt

HISTORY = 200


def learner_submissions(learner: User, limit: int = HISTORY) -> list[Submission]:
    """The learner's latest submissions with their exercises, newest first (one query)."""
    return list(
        db.session.scalars(
            select(Submission)
            .options(joinedload(Submission.exercise))
            .where(Submission.user_id == learner.id)
            .order_by(Submission.id.desc())
            .limit(limit)
        )
    )


def review_counts(submission_ids: list[int]) -> Counter[int]:
    """How many reviews each submission has (one query)."""
    if not submission_ids:
        return Counter()
    rows = db.session.execute(
        select(Review.submission_id, func.count(Review.id))
        .where(Review.submission_id.in_(submission_ids))
        .group_by(Review.submission_id)
    )
    return Counter(dict(rows.tuples().all()))


def learner_page(viewer: User, learner_id: int) -> dict[str, Any]:
    """Progress with evidence, decisions, contacts and history of a learner the viewer follows."""
    learner = get_learner(viewer, learner_id)
    submissions = learner_submissions(learner)
    mine = {c.id for c in learner.cohorts}
    return {
        "learner": learner,
        "cohorts": [c for c in visible_cohorts(viewer) if c.id in mine],
        "blocks": progress_for(learner),
        "submissions": submissions,
        "review_counts": review_counts([s.id for s in submissions]),
        "follow_ups": follow_ups(learner),
        "channels": CHANNEL_LABELS,
        "audit": audit_log(learner),
        "may_manage": may_manage_account(viewer, learner),
    }


def submission_page(viewer: User, submission_id: int) -> dict[str, Any]:
    """A submission with highlighted files, the diff with the attempt before, and its reviews."""
    submission = get_learner_submission(viewer, submission_id)
    previous = previous_attempt(submission)
    attempts = list(
        db.session.scalars(
            select(Submission)
            .where(
                Submission.user_id == submission.user_id,
                Submission.exercise_id == submission.exercise_id,
            )
            .order_by(Submission.id)
        )
    )
    return {
        "submission": submission,
        "files": [(name, highlight_file(name, text)) for name, text in submission.files.items()],
        "previous": previous,
        "diffs": diff_files(previous.files, submission.files) if previous else [],
        "attempts": attempts,
        "reviews": reviews_by_submission([submission.id])[submission.id],
        "saved": saved_comments(viewer),
    }
