"""JSON views of submissions, shared by the API and the pages' JavaScript."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tremplin.models import Submission
from tremplin.submissions.services import queue_position


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") + "Z" if value else None


def receipt_json(submission: Submission) -> dict[str, Any]:
    """What a submit answers (202): the submission's id and status."""
    return {"id": submission.id, "status": submission.status}


def submission_json(submission: Submission) -> dict[str, Any]:
    """A submission with its verdict and tests; while queued, how many wait before it."""
    return {
        "id": submission.id,
        "exercise": submission.exercise.slug,
        "status": submission.status,
        "score": submission.score,
        "message": submission.message,
        "tests": [
            {"name": t.name, "status": t.status, "message": t.message} for t in submission.tests
        ],
        "created_at": _iso(submission.created_at),
        "graded_at": _iso(submission.graded_at),
        "queue_position": queue_position(submission),
    }
