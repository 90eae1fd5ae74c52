"""Nothing lost: commit before enqueue, reconciler, derived job ids, results written once."""

from __future__ import annotations

from datetime import timedelta

import docker
import pytest
from rq.job import Job

from sandbox.engine import DockerSandbox
from sandbox.errors import SandboxError
from tremplin.backends import backends
from tremplin.extensions import db
from tremplin.models import Submission, TestResult, utcnow
from tremplin.queue import RETRY_INTERVALS, GradingQueue, job_id
from tremplin.submissions.grading import MAX_ATTEMPTS, PLATFORM_FAULT, grade, reconcile

SUBMIT = "/api/v1/exercises/js-somme/submissions"
GOOD = {"files": {"somme.js": "function somme(n) { return n.reduce((a, b) => a + b, 0); }"}}


def _submit(client, token):
    response = client.post(SUBMIT, json=GOOD, headers=token("ana@example.org"))
    assert response.status_code == 202
    return response.json["id"]


def test_job_id_is_derived_and_double_enqueue_is_one_job(app, client, token):
    submission_id = _submit(client, token)
    queue = backends(app).queue
    assert queue.enqueue(submission_id)
    assert queue.queue.count == 1
    assert queue.queue.job_ids == [job_id(submission_id)] == [f"submission-{submission_id}"]


def test_redis_down_at_submit_still_202_then_reconciled(make_app, token, redis_url, tmp_path):
    from tremplin.auth.services import create_user

    down = make_app(REDIS_URL="redis://127.0.0.1:9/0")  # nothing listens on port 9
    with down.app_context():
        create_user("ana@example.org", "motdepasse-ana", "learner")
        from pathlib import Path

        from tremplin.curriculum import load_into_database

        load_into_database(Path(__file__).resolve().parents[2] / "exercises")
    client = down.test_client()
    response = client.post(
        "/api/v1/tokens", json={"email": "ana@example.org", "password": "motdepasse-ana"}
    )
    headers = {"Authorization": f"Bearer {response.json['token']}"}
    submitted = client.post(SUBMIT, json=GOOD, headers=headers)
    assert submitted.status_code == 202
    submission_id = submitted.json["id"]
    assert (
        client.get(f"/api/v1/submissions/{submission_id}", headers=headers).json["status"]
        == "queued"
    )

    # Redis is back: a worker starting on the same database re-enqueues and grades it.
    up = make_app(REDIS_URL=redis_url)
    with up.app_context():
        assert reconcile(backends(up).queue, older_than=timedelta(0)) == 1
        from rq import SimpleWorker

        queue = backends(up).queue
        SimpleWorker([queue.queue], connection=queue.connection).work(burst=True)
        assert db.session.get(Submission, submission_id).status == "passed"


def test_reconciler_leaves_live_and_recent_jobs_alone(app, client, token):
    submission_id = _submit(client, token)
    queue = backends(app).queue
    with app.app_context():
        assert reconcile(queue) == 0  # recent and already in Redis
        Job.fetch(job_id(submission_id), connection=queue.connection).delete()
        assert reconcile(queue) == 0  # not yet 30 s old
        assert reconcile(queue, older_than=timedelta(0)) == 1
        assert queue.is_live(submission_id)


def test_expired_lease_is_requeued(app, client, token):
    submission_id = _submit(client, token)
    queue = backends(app).queue
    with app.app_context():
        Job.fetch(job_id(submission_id), connection=queue.connection).delete()
        row = db.session.get(Submission, submission_id)
        row.status, row.attempt = "running", 1
        row.lease_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert reconcile(queue) == 1
        assert grade(submission_id, backends(app).sandbox) == "passed"


def test_result_written_once_when_job_runs_twice(app, client, token, drain):
    submission_id = _submit(client, token)
    drain()
    with app.app_context():
        first = db.session.get(Submission, submission_id)
        graded_at = first.graded_at
        assert grade(submission_id, backends(app).sandbox) is None
        db.session.expire_all()
        again = db.session.get(Submission, submission_id)
        assert again.graded_at == graded_at
        count = db.session.query(TestResult).filter_by(submission_id=submission_id).count()
        assert count == 7


def test_engine_down_is_retried_then_error_not_blamed_on_learner(app, client, token):
    submission_id = _submit(client, token)
    broken = DockerSandbox(
        client=docker.DockerClient(base_url="unix:///nonexistent/docker.sock", version="1.41")
    )
    with app.app_context():
        for _ in range(MAX_ATTEMPTS - 1):
            with pytest.raises(SandboxError):
                grade(submission_id, broken)
            assert db.session.get(Submission, submission_id).status == "queued"
        assert grade(submission_id, broken) == "error"
    body = client.get(f"/api/v1/submissions/{submission_id}", headers=token("ana@example.org")).json
    assert body["status"] == "error"
    assert body["message"] == PLATFORM_FAULT
    assert "n'est pas en cause" in body["message"]


def test_engine_down_job_is_retried_by_rq(app, client, token):
    submission_id = _submit(client, token)
    queue: GradingQueue = backends(app).queue
    broken = DockerSandbox(
        client=docker.DockerClient(base_url="unix:///nonexistent/docker.sock", version="1.41")
    )
    backends(app).sandbox = broken
    from rq import SimpleWorker

    with app.app_context():
        SimpleWorker([queue.queue], connection=queue.connection).work(burst=True)
        job = Job.fetch(job_id(submission_id), connection=queue.connection)
        assert job.retries_left == len(RETRY_INTERVALS) - 1  # failed once, retry scheduled
        assert db.session.get(Submission, submission_id).status == "queued"
