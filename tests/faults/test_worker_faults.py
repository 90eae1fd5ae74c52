"""Faults of the real parts around a grading worker process. Each ends with exactly one
verdict per submission, nothing queued or running, no container left, nobody blamed."""

from __future__ import annotations

import os
import signal
import time

import pytest

from tests.support.platform import slow, wait_until
from tremplin.extensions import db

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.slow]
# Long enough to be interrupted, with room left in the 5 s budget on a loaded CI machine.
SLOW_RUN = slow(2.4)


def _running(platform, submission_id: int) -> bool:
    return platform.statuses([submission_id])[submission_id] == "running"


@pytest.mark.parametrize("victim", ["work horse", "worker"])
def test_kill_9_during_a_run(make_platform, docker_sandbox, victim):
    platform = make_platform()
    worker = platform.start_worker()
    slow, *rest = platform.submit(1, SLOW_RUN) + platform.submit(2)
    wait_until(lambda: _running(platform, slow) and worker.horse_pid(), 60, "the slow run")

    if victim == "work horse":  # what the OOM killer picks: RQ sees it die and retries
        worker_pid = worker.process.pid
        os.kill(worker.horse_pid(), signal.SIGKILL)
    else:  # the worker itself: its horse finishes the run; a new worker takes the rest
        worker.signal(signal.SIGKILL)
        worker.process.wait()
        platform.start_worker()
        worker_pid = None

    platform.wait_for_verdicts([slow, *rest], timeout_s=120)
    platform.assert_graded_once([slow, *rest], [docker_sandbox.client])
    if worker_pid is not None:
        assert worker.process.poll() is None  # the worker survived its horse
        assert "Work-horse terminated unexpectedly" in worker.text()
        assert worker.graded().count(slow) == 2  # run again, once RQ knew the first had died


def test_sigterm_during_a_run_finishes_the_run_then_stops(make_platform, docker_sandbox):
    platform = make_platform()
    worker = platform.start_worker()
    slow, queued = platform.submit(1, SLOW_RUN) + platform.submit(1)
    wait_until(lambda: _running(platform, slow), 60, "the slow run")

    worker.signal(signal.SIGTERM)  # warm shutdown: the running grading is not thrown away
    assert worker.process.wait(timeout=60) == 0
    assert platform.statuses([slow, queued]) == {slow: "passed", queued: "queued"}

    platform.start_worker()
    platform.wait_for_verdicts([slow, queued], timeout_s=60)
    platform.assert_graded_once([slow, queued], [docker_sandbox.client])


def test_redis_flushall_with_submissions_queued(make_platform, docker_sandbox):
    platform = make_platform()
    lost = platform.submit(4)  # queued, no worker yet
    platform.redis.client().flushall()
    platform.start_worker()  # the reconciler re-enqueues what Redis forgot
    more = platform.submit(2, slow(1))
    wait_until(lambda: _running(platform, more[0]), 60, "the second burst")
    platform.redis.client().flushall()  # again, with a worker busy and jobs waiting
    ids = lost + more
    platform.wait_for_verdicts(ids, timeout_s=120)
    platform.assert_graded_once(ids, [docker_sandbox.client])


def test_redis_restarted_during_a_burst(make_platform, docker_sandbox):
    platform = make_platform()
    worker = platform.start_worker()
    ids = platform.submit(6, slow(0.5))
    wait_until(lambda: worker.graded(), 60, "the burst to start")
    platform.redis.stop()
    time.sleep(3)
    platform.redis.start()
    platform.wait_for_verdicts(ids, timeout_s=150)
    platform.assert_graded_once(ids, [docker_sandbox.client])


def test_database_down_when_the_verdict_is_written(
    make_platform, postgres_cluster, postgres_url, docker_sandbox
):
    platform = make_platform(postgres_url)
    worker = platform.start_worker()
    (slow,) = platform.submit(1, SLOW_RUN)
    wait_until(lambda: _running(platform, slow), 60, "the slow run")
    with platform.app.app_context():
        db.engine.dispose()  # this test's own connections, before the server goes away
    postgres_cluster.stop("fast")  # the run goes on; writing its verdict fails
    try:
        wait_until(lambda: "OperationalError" in worker.text(), 60, "the failed write")
    finally:
        postgres_cluster.start()
    platform.wait_for_verdicts([slow], timeout_s=120)
    platform.assert_graded_once([slow], [docker_sandbox.client])
