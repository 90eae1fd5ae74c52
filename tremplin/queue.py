"""The grading queue: RQ over Redis, which only wakes workers up.

The database is the source of truth: a submission is committed before it is
enqueued, and the reconciler re-enqueues whatever Redis lost or never got.
"""

from __future__ import annotations

import logging
from pathlib import Path

import redis
from redis.exceptions import RedisError
from rq import Queue, Retry, get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

log = logging.getLogger(__name__)

JOB_FUNCTION = "tremplin.jobs.grade_submission"
# Seconds before each retry of a platform fault: together (110 s) they outlast an engine or
# database restart of a minute, so a burst caught by one is graded once it is back.
RETRY_INTERVALS = (5, 15, 30, 60)
LIVE_STATES = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED}


def job_id(submission_id: int) -> str:
    """The RQ job id of a submission: derived, so a double enqueue is detected."""
    return f"submission-{submission_id}"


def resolve_redis_url(url: str, instance_path: Path) -> str:
    """The configured URL, or the embedded server's socket in ``instance/``."""
    return url or f"unix://{instance_path / 'redis.sock'}"


class GradingQueue:
    """Enqueues grading jobs; never raises when Redis is down, it says so instead."""

    def __init__(self, url: str, name: str, job_timeout: int = 120) -> None:
        self.url = url
        self.name = name
        self.job_timeout = job_timeout
        self.connection = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        self.queue = Queue(name, connection=self.connection)

    def enqueue(self, submission_id: int) -> bool:
        """Enqueue the grading of a submission unless a live job exists; False if Redis is down."""
        try:
            job = self._job(submission_id)
            if job is not None and job.get_status(refresh=False) in LIVE_STATES:
                return True
            if job is not None:
                job.delete()  # finished or failed: a re-grade starts a fresh job
            self.queue.enqueue(
                JOB_FUNCTION,
                submission_id,
                job_id=job_id(submission_id),
                job_timeout=self.job_timeout,
                retry=Retry(max=len(RETRY_INTERVALS), interval=list(RETRY_INTERVALS)),
                result_ttl=600,
                failure_ttl=7 * 24 * 3600,
                description=f"grade submission {submission_id}",
            )
            return True
        except RedisError as exc:
            log.warning("could not enqueue submission %s: %s", submission_id, exc)
            return False

    def is_live(self, submission_id: int) -> bool:
        """True when a job of this submission is waiting or running."""
        job = self._job(submission_id)
        return job is not None and job.get_status(refresh=False) in LIVE_STATES

    @staticmethod
    def current_job_is_a_retry() -> bool:
        """True inside a job that RQ runs again after its previous execution ended badly
        (platform fault, work horse killed, worker lost): that execution holds nothing any more.
        """
        job = get_current_job()
        return job is not None and (job.retries_left or 0) < len(RETRY_INTERVALS)

    def _job(self, submission_id: int) -> Job | None:
        try:
            return Job.fetch(job_id(submission_id), connection=self.connection)
        except NoSuchJobError:
            return None

    def ping(self) -> bool:
        """True when Redis answers."""
        try:
            return bool(self.connection.ping())
        except RedisError:
            return False
