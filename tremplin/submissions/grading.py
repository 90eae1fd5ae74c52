"""Grading a claimed submission and storing its verdict once: the job's side of submissions."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Result, and_, or_, select, update
from sqlalchemy.exc import InterfaceError, OperationalError

from graders.errors import GraderError
from graders.registry import build_spec, grader_for
from graders.verdict import Status, Verdict
from sandbox.base import LabelledSandbox, Sandbox
from sandbox.errors import SandboxError
from tremplin.extensions import db
from tremplin.models import Submission, SubmissionStatus, TestResult, utcnow
from tremplin.queue import RETRY_INTERVALS, GradingQueue

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=3)
# One attempt, then one per retry of the queue (RETRY_INTERVALS, 110 s in all).
MAX_ATTEMPTS = len(RETRY_INTERVALS) + 1
PLATFORM_FAULT = (
    "Erreur interne de la plateforme : ton code n'est pas en cause. "
    "Réessaie dans quelques minutes ; ton formateur est prévenu."
)


def _changed(result: Result[Any]) -> int:
    """How many rows an UPDATE changed."""
    return cast(CursorResult[Any], result).rowcount


def claim(submission_id: int, *, takeover: bool = False) -> Submission | None:
    """Mark a submission running for this worker; None if another has it or it is done.

    A running submission is taken over when its lease expired, or with ``takeover`` when the
    caller knows the previous attempt is dead (RQ retries a job only once it has ended).
    """
    now = utcnow()
    stale = Submission.lease_until.is_not(None) if takeover else Submission.lease_until < now
    result = db.session.execute(
        update(Submission)
        .where(
            Submission.id == submission_id,
            or_(
                Submission.status == SubmissionStatus.QUEUED,
                and_(Submission.status == SubmissionStatus.RUNNING, stale),
            ),
        )
        .values(
            status=SubmissionStatus.RUNNING,
            attempt=Submission.attempt + 1,
            started_at=now,
            lease_until=now + LEASE,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if _changed(result) != 1:
        return None
    return db.session.get(Submission, submission_id)


def grade(submission_id: int, sandbox: Sandbox, *, takeover: bool = False) -> str | None:
    """Grade one submission and store its verdict once; returns the stored status.

    The attempt is counted when the submission is claimed, before grading, so a
    submission whose grading kills the worker cannot come back forever: past
    MAX_ATTEMPTS it is stored as ``error`` without being graded again. Platform faults
    (engine, image, database connection) release the submission and re-raise, so that
    the queue retries; anything else is a defect of ours for this submission: logged
    once with its id, stored as ``error``, never retried in a loop. ``takeover``: see ``claim``.
    """
    submission = claim(submission_id, takeover=takeover)
    if submission is None:
        return None
    attempt = submission.attempt
    if attempt > MAX_ATTEMPTS:
        log.error(
            "submission %s: no verdict after %s attempts, stored as error",
            submission_id,
            MAX_ATTEMPTS,
        )
        return _store_platform_fault(submission_id, attempt)
    try:
        verdict = _run_grader(submission, sandbox)
        stored = store_verdict(submission_id, attempt, verdict)
    except (SandboxError, GraderError, OperationalError, InterfaceError) as exc:
        db.session.rollback()
        log.error("submission %s, attempt %s: platform fault: %s", submission_id, attempt, exc)
        if attempt >= MAX_ATTEMPTS:
            return _store_platform_fault(submission_id, attempt)
        release(submission_id, attempt)
        raise
    except Exception:  # noqa: BLE001 - the job's boundary: log it once, never loop on it
        db.session.rollback()
        log.exception(
            "submission %s, attempt %s: grading raised, stored as error", submission_id, attempt
        )
        return _store_platform_fault(submission_id, attempt)
    return verdict.status.value if stored else None


def _run_grader(submission: Submission, sandbox: Sandbox) -> Verdict:
    spec = build_spec(submission.version.content)
    labelled = LabelledSandbox(sandbox, {"tremplin.submission": str(submission.id)})
    return grader_for(spec.kind).grade(spec, dict(submission.files), labelled)


def _store_platform_fault(submission_id: int, attempt: int) -> str | None:
    stored = store_verdict(submission_id, attempt, Verdict(Status.ERROR, PLATFORM_FAULT))
    return SubmissionStatus.ERROR if stored else None


def release(submission_id: int, attempt: int) -> None:
    """Give a claimed submission back to the queue."""
    db.session.execute(
        update(Submission)
        .where(Submission.id == submission_id, Submission.attempt == attempt)
        .values(status=SubmissionStatus.QUEUED, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def store_verdict(submission_id: int, attempt: int, verdict: Verdict) -> bool:
    """Write the verdict in one transaction, only if this attempt still holds the lease."""
    result = db.session.execute(
        update(Submission)
        .where(
            Submission.id == submission_id,
            Submission.attempt == attempt,
            Submission.status == SubmissionStatus.RUNNING,
        )
        .values(
            status=verdict.status.value,
            score=verdict.score,
            message=verdict.message,
            output=verdict.output[: 64 * 1024],
            graded_at=utcnow(),
            lease_until=None,
        )
        .execution_options(synchronize_session=False)
    )
    if _changed(result) != 1:
        db.session.rollback()
        return False
    for position, test in enumerate(verdict.tests):
        db.session.add(
            TestResult(
                submission_id=submission_id,
                position=position,
                name=test.name[:300],
                status=test.status.value,
                message=test.message,
            )
        )
    db.session.commit()
    return True


def reconcile(queue: GradingQueue, *, older_than: timedelta = timedelta(seconds=30)) -> int:
    """Re-enqueue queued submissions Redis does not know and running ones past their lease."""
    now = utcnow()
    stale = db.session.scalars(
        select(Submission.id).where(
            or_(
                and_(
                    Submission.status == SubmissionStatus.QUEUED,
                    Submission.created_at <= now - older_than,
                ),
                and_(Submission.status == SubmissionStatus.RUNNING, Submission.lease_until < now),
            )
        )
    ).all()
    count = 0
    for submission_id in stale:
        if not queue.is_live(submission_id) and queue.enqueue(submission_id):
            count += 1
    return count
