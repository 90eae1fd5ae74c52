"""The grading worker: an RQ worker that also reconciles the queue and reaps containers."""

from __future__ import annotations

import logging
import signal
import time
from datetime import timedelta

from flask import Flask
from redis.exceptions import RedisError
from rq import Worker
from sqlalchemy.exc import SQLAlchemyError

from sandbox.errors import SandboxError
from tremplin import pool
from tremplin.backends import backends
from tremplin.config import is_production
from tremplin.extensions import db
from tremplin.queue import GradingQueue
from tremplin.submissions.grading import reconcile

log = logging.getLogger(__name__)


GVISOR_WARNING = """
**********************************************************************
* WARNING: learner code runs in containers WITHOUT gVisor (runsc).   *
* A kernel flaw reachable from a container would expose this host.   *
* Install it: apt-get install runsc, register it with Docker (see    *
* README, « gVisor »), restart the workers.                          *
**********************************************************************"""


def describe_isolation(app: Flask) -> str:
    """One line saying how sandboxes are isolated (connects to the engine)."""
    sandbox = backends(app).sandbox
    try:
        gvisor = getattr(sandbox, "gvisor", False)
    except SandboxError as exc:
        return f"sandboxes: Docker engine not reachable yet ({exc})"
    if gvisor:
        return "sandboxes: gVisor (runsc)"
    return "sandboxes: runc (gVisor is not registered with this engine; see README, « gVisor »)"


def warn_without_gvisor(app: Flask) -> bool:
    """In production, warn loudly when sandboxes run without gVisor; True if it warned."""
    if not is_production(app.config) or describe_isolation(app) == "sandboxes: gVisor (runsc)":
        return False
    log.warning("%s\n%s", describe_isolation(app), GVISOR_WARNING)
    return True


def maintain(app: Flask) -> None:
    """Re-enqueue lost submissions and remove leftover containers."""
    with app.app_context():
        age = timedelta(seconds=app.config["RECONCILE_AFTER_S"])
        try:
            queued = reconcile(backends(app).queue, older_than=age)
        except (RedisError, SQLAlchemyError) as exc:
            db.session.rollback()
            log.warning("reconciler could not reach Redis or the database: %s", exc)
            queued = 0
        if queued:
            log.info("reconciler re-enqueued %s submission(s)", queued)
        reaper = getattr(backends(app).sandbox, "reap", None)
        if reaper is not None:
            try:
                removed = reaper()
                if removed:
                    log.info("janitor removed %s leftover container(s)", removed)
            except SandboxError as exc:
                log.warning("janitor could not list containers: %s", exc)


class GradingWorker(Worker):
    """An RQ worker whose periodic maintenance includes ours."""

    flask_app: Flask | None = None

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()
        if self.flask_app is not None:
            maintain(self.flask_app)

    def handle_work_horse_killed(self, job, retpid, ret_val, rusage) -> None:
        """The process grading a submission died (OOM, kill -9): remove its container now."""
        super().handle_work_horse_killed(job, retpid, ret_val, rusage)
        reaper = getattr(backends(self.flask_app).sandbox, "reap", None)
        submission_id = (job.args or [None])[0]
        if reaper is None or submission_id is None:
            return
        try:
            label = {"tremplin.submission": str(submission_id)}
            reaper(everything=True, mine=True, labels=label)
        except SandboxError as exc:
            log.warning("could not remove the container of submission %s: %s", submission_id, exc)


def run_worker(app: Flask, *, burst: bool = False) -> None:
    """Run the grading worker until stopped (or until the queue is empty with ``burst``).

    RQ's worker quits when it loses Redis (a restart, a network cut); this loop waits for
    Redis to answer again and starts a fresh worker, so a Redis restart needs no one to
    restart the grading workers. A running grading finishes meanwhile in its work horse.
    """
    queue = backends(app).queue
    pool.start(app)  # this host's warm containers: refilled by one of its workers
    try:
        _work(app, queue, burst)
    finally:
        pool.stop(app)


def _work(app: Flask, queue: GradingQueue, burst: bool) -> None:
    """RQ workers one after another, a fresh one after each loss of Redis."""
    while True:
        worker = GradingWorker(
            [queue.queue],
            connection=queue.connection,
            worker_ttl=75,
            maintenance_interval=app.config["RECONCILE_EVERY_S"],
        )
        worker.flask_app = app
        try:
            with app.app_context():
                worker.work(burst=burst, with_scheduler=True, logging_level="INFO")
        except RedisError as exc:
            log.warning("worker %s lost Redis: %s", worker.name, exc)
        if burst or worker._shutdown_requested_date is not None:
            return
        if not _wait_for_redis(queue):
            return
        log.info("the worker stopped unexpectedly: starting a fresh one")


def _wait_for_redis(queue: GradingQueue, pause_s: float = 2.0) -> bool:
    """Wait until Redis answers (True), or until SIGTERM/SIGINT asks to stop (False)."""
    stop = {"now": False}

    def _handler(signum: int, frame: object) -> None:
        stop["now"] = True

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _handler)
    time.sleep(pause_s)
    while not stop["now"] and not queue.ping():
        time.sleep(pause_s)
    return not stop["now"]
