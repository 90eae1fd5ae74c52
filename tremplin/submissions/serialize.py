"""JSON views of submissions, shared by the API and the pages' JavaScript."""

from __future__ import annotations

from typing import Any

from tremplin.localtime import iso_utc
from tremplin.models import Submission
from tremplin.reviews.services import review_json, reviews_by_submission
from tremplin.submissions.services import queue_position


def receipt_json(submission: Submission) -> dict[str, Any]:
    """What a submit answers (202): the submission's id and status."""
    return {"id": submission.id, "status": submission.status}


def submission_json(submission: Submission) -> dict[str, Any]:
    """A submission with its verdict after overrides, the grader's, its tests and reviews;
    while queued, how many wait before it."""
    return {
        "id": submission.id,
        "exercise": submission.exercise.slug,
        "status": submission.effective_status,
        "graded_status": submission.status,
        "score": submission.score,
        "message": submission.message,
        "tests": [
            {"name": t.name, "status": t.status, "message": t.message} for t in submission.tests
        ],
        "created_at": iso_utc(submission.created_at),
        "graded_at": iso_utc(submission.graded_at),
        "reviews": [review_json(r) for r in reviews_by_submission([submission.id])[submission.id]],
        "queue_position": queue_position(submission),
    }
