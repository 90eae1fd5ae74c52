"""RQ entry points: the only bridge from the queue to the database.

The worker runs inside the app context pushed by ``flask --app wsgi worker``,
so jobs and web share one configuration. Job arguments are ids only.
"""

from __future__ import annotations

import contextlib

from flask import current_app

from tremplin.backends import sandbox
from tremplin.extensions import db
from tremplin.queue import GradingQueue
from tremplin.submissions.grading import grade


def grade_submission(submission_id: int) -> str | None:
    """Grade one submission; platform faults raise so that RQ retries the job."""
    # A forked work horse must not reuse the parent's pooled connections.
    db.engine.dispose(close=False)
    current_app.logger.info("grading submission %s", submission_id)
    box = sandbox()
    # The verdict is stored before the containers are removed: removal is not the learner's wait.
    cleanup = getattr(box, "removing_after", contextlib.nullcontext)
    try:
        retried = GradingQueue.current_job_is_a_retry()
        with cleanup():
            return grade(submission_id, box, takeover=retried)
    finally:
        db.session.remove()
