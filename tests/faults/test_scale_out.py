"""Scale-out: grading workers on other hosts need only DATABASE_URL, REDIS_URL and a local
Docker engine. Two worker processes, each with its own engine, on one Redis and one
PostgreSQL, share a burst and grade each submission exactly once."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.slow]
BURST = 12


def test_two_workers_on_two_engines_share_a_burst(
    make_platform, postgres_url, own_engine, docker_sandbox
):
    platform = make_platform(postgres_url)
    here = platform.start_worker()  # the shared engine (DOCKER_HOST unset: the default)
    there = platform.start_worker(DOCKER_HOST=own_engine.socket)

    ids = platform.submit(BURST)
    platform.wait_for_verdicts(ids, timeout_s=180)

    platform.assert_graded_once(ids, [docker_sandbox.client, own_engine.client()])
    mine, theirs = set(here.graded()), set(there.graded())
    assert mine and theirs, (mine, theirs)  # the work is shared
    assert mine | theirs == set(ids)
    assert not mine & theirs  # nobody graded a submission twice
