"""The grading worker: an RQ worker that also reconciles the queue and reaps containers."""

from __future__ import annotations

import logging

from flask import Flask
from rq import Worker

from sandbox.errors import SandboxError
from tremplin.backends import backends
from tremplin.submissions.grading import reconcile

log = logging.getLogger(__name__)


def maintain(app: Flask) -> None:
    """Re-enqueue lost submissions and remove leftover containers."""
    with app.app_context():
        queued = reconcile(backends(app).queue)
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


def run_worker(app: Flask, *, burst: bool = False) -> None:
    """Run one worker on the grading queue until stopped (or until empty with ``burst``)."""
    queue = backends(app).queue
    worker = GradingWorker(
        [queue.queue],
        connection=queue.connection,
        worker_ttl=75,
        maintenance_interval=60,
    )
    worker.flask_app = app
    with app.app_context():
        worker.work(burst=burst, with_scheduler=True, logging_level="INFO")
