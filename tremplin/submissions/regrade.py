"""Grading finished submissions again (after a platform fault, or a grader fixed).

The submission goes back to the queue with its verdict cleared; the worker stores the new
verdict as for any submission. A trainer's override is not touched: it stays the verdict
that counts, and progress follows whatever the new grade and the decisions say.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update

from tremplin.extensions import db
from tremplin.models import Submission, SubmissionStatus, TestResult
from tremplin.queue import GradingQueue

FINISHED = (SubmissionStatus.PASSED, SubmissionStatus.FAILED, SubmissionStatus.ERROR)


def regrade(submission_ids: list[int], queue: GradingQueue) -> list[int]:
    """Queue these finished submissions for grading again; returns the ids queued."""
    ids = list(
        db.session.scalars(
            select(Submission.id).where(
                Submission.id.in_(submission_ids), Submission.status.in_(FINISHED)
            )
        )
    )
    if not ids:
        return []
    db.session.execute(delete(TestResult).where(TestResult.submission_id.in_(ids)))
    db.session.execute(
        update(Submission)
        .where(Submission.id.in_(ids))
        .values(
            status=SubmissionStatus.QUEUED,
            score=None,
            message="",
            output="",
            attempt=0,
            started_at=None,
            graded_at=None,
            lease_until=None,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    db.session.expire_all()
    for submission_id in ids:
        queue.enqueue(submission_id)
    return ids


def errored_ids() -> list[int]:
    """Every submission whose grading ended in a platform fault."""
    return list(
        db.session.scalars(select(Submission.id).where(Submission.status == SubmissionStatus.ERROR))
    )
