"""The Docker engine stopped for 20 s during a burst and started again: every submission of
the burst is graded once it is back (retries back off past a minute), none blamed on the
learner, no container left."""

from __future__ import annotations

import time

import pytest

from tests.support.platform import wait_until

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.slow]
BURST = 6
DOWN_S = 20


def test_engine_stopped_during_a_burst(make_platform, own_engine):
    platform = make_platform()
    worker = platform.start_worker(DOCKER_HOST=own_engine.socket)
    ids = platform.submit(BURST)
    wait_until(lambda: len(worker.graded()) >= 2, 60, "the burst to be under way")

    own_engine.stop()  # in-flight runs die with their containers, the rest cannot start
    time.sleep(DOWN_S)
    own_engine.start()

    statuses = platform.wait_for_verdicts(ids, timeout_s=150)
    assert set(statuses.values()) == {"passed"}, statuses
    platform.assert_graded_once(ids, [own_engine.client()])
    # Warm containers the outage stopped are reaped by the pool (every 10 s), and a refill
    # may be starting one right now: what counts is that none stays.
    wait_until(lambda: own_engine.sandbox_containers() == [], 30, "no sandbox container left")
    assert "platform fault" in worker.text()  # the outage was seen, and retried
