"""Warm single-use containers on the real engine: hardened, claimed once, isolated, cleaned."""

from __future__ import annotations

import dataclasses
import itertools
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sandbox.base import Limits, RunRequest, RunResult
from sandbox.container import Capture
from sandbox.engine import DockerSandbox
from sandbox.images import image_name
from sandbox.pool import JOB, WARM, PoolSettings, WarmPool
from sandbox.warm import spec_of
from tests.conftest import ROOT
from tremplin.pool import PoolConfigError, parse_sizes

pytestmark = [pytest.mark.docker]

LIMITS = Limits(timeout_s=5, memory_mb=128, pids=32)
# A boot-first command like a kind's harness: it waits for "ok", then runs the job's script.
BOOT = {".harness/boot.sh": b'read line && [ "$line" = ok ] && exec sh ./job.sh'}
_numbers = itertools.count()


def job(script: str, limits: Limits = LIMITS) -> RunRequest:
    """A boot-first request whose job is a shell script (every such request: one spec)."""
    return RunRequest(
        image=image_name("node"),
        command=("sh", ".harness/boot.sh"),
        files={"job.sh": script.encode()},
        limits=limits,
        boot_files=BOOT,
    )


@pytest.fixture
def warm(docker_sandbox: DockerSandbox, tmp_path: Path) -> Iterator[Callable[..., DockerSandbox]]:
    """A sandbox with a pool of its own, full of warm containers for ``job()`` runs."""
    made: list[DockerSandbox] = []

    def _make(size: int = 2, refill: bool = True) -> DockerSandbox:
        namespace = f"tp{os.getpid()}n{next(_numbers)}"
        settings = PoolSettings({"node": size}, tmp_path / namespace, namespace)
        sandbox = DockerSandbox(docker_sandbox.client, worker_id=namespace, pool=settings)
        made.append(sandbox)
        assert sandbox.refiller is not None
        sandbox.expect([job("true")])
        sandbox.refiller.start()
        assert sandbox.refiller.wait_until_full(60), "the pool did not fill"
        if not refill:
            sandbox.refiller.stop()
        return sandbox

    yield _make
    for sandbox in made:
        assert sandbox.refiller is not None
        sandbox.refiller.stop()
        sandbox.reap(everything=True, mine=True)
        assert sandbox.leftovers() == [] and sandbox.pool is not None
        assert sandbox.pool.containers(sandbox.client.api) == []


def _idle(sandbox: DockerSandbox) -> list[dict]:
    assert sandbox.pool is not None
    found = sandbox.pool.containers(sandbox.client.api)
    return [c for c in found if c["Names"][0].lstrip("/").startswith(WARM)]


def test_sizes_setting() -> None:
    assert parse_sizes("", cpus=2) == {"node": 4, "shell": 2, "browser": 2}
    assert parse_sizes("0", cpus=2) == {"node": 0, "shell": 0, "browser": 0}
    assert parse_sizes("node=8, browser=1", cpus=2) == {"node": 8, "shell": 2, "browser": 1}
    with pytest.raises(PoolConfigError, match="runtime=number"):
        parse_sizes("python=3")


def _key(request: RunRequest, oci: str | None = None) -> str:
    spec = spec_of(request, oci)
    assert spec is not None
    return spec.key


def test_spec_is_what_the_engine_enforces() -> None:
    """Same container for another job or wall clock; another one for other memory or code."""
    key = _key(job("a"))
    assert _key(job("b", Limits(timeout_s=1, memory_mb=128, pids=32))) == key
    assert _key(job("a", Limits(timeout_s=5, memory_mb=64, pids=32))) != key
    assert _key(job("a"), "runsc") != key
    assert spec_of(RunRequest(image_name("node"), ("true",)), None) is None  # files first


def test_warm_container_is_hardened_and_waits_silently(warm) -> None:
    """What the engine applied to a waiting container, read back; it printed nothing."""
    sandbox = warm(size=1)
    api = sandbox.client.api
    found = api.inspect_container(_idle(sandbox)[0]["Id"])
    host, config = found["HostConfig"], found["Config"]
    assert host["ReadonlyRootfs"] and host["NetworkMode"] == "none" and host["IpcMode"] == "none"
    assert host["CapDrop"] == ["ALL"] and host["SecurityOpt"] == ["no-new-privileges:true"]
    assert host["Memory"] == host["MemorySwap"] == 128 << 20 and host["PidsLimit"] == 32
    assert host["Init"] and not host.get("Binds") and not found["Mounts"]
    assert config["User"] == "10001:10001" and config["StdinOnce"] and config["NetworkDisabled"]
    assert found["State"]["Running"]
    assert api.logs(found["Id"]) == b""


def test_claims_are_atomic_across_processes(warm) -> None:
    """Four processes claim from one pool at once: each container is taken exactly once."""
    sandbox = warm(size=4, refill=False)
    assert sandbox.pool is not None
    spec = sandbox.pool.spec_for(job("true"))
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as workers:
        claimed = workers.starmap(_claim_all, [(sandbox.pool.settings, spec)] * 4)
    taken = [cid for batch in claimed for cid in batch]
    assert len(taken) == len(set(taken)) == 4
    for cid in taken:
        sandbox.client.api.remove_container(cid, force=True)


def test_a_claimed_container_is_never_claimed_again_from_a_stale_listing(warm) -> None:
    """Two workers list the pool, one claims and renames the container for its job; the
    other's claim from its older listing fails. Then the slot is refilled: the stale claim
    does not take the new container in its place either (its spec may differ)."""
    sandbox = warm(size=1, refill=False)
    pool, api = sandbox.pool, sandbox.client.api
    assert pool is not None
    spec = pool.spec_for(job("true"))
    assert spec is not None
    stale = _idle(sandbox)
    first = pool.claim(api, spec)
    assert first is not None and [first] == [c["Id"] for c in stale]
    api.rename(first, f"{JOB}{int(time.time()) + 60}-{os.getpid()}-x-{first[:12]}")
    assert pool.claim_listed(api, stale) is None
    assert api.inspect_container(first)["Name"].startswith(f"/{JOB}")
    assert pool.refill_once(api)  # the same slot's name, a new container
    assert pool.claim_listed(api, stale) is None
    assert _idle(sandbox) == []  # the refilled one is gone, never handed out
    api.remove_container(first, force=True)


def test_a_drain_at_stop_catches_a_creation_still_in_flight(warm) -> None:
    """A container that lands a moment after the drain began (a killed refiller's creation
    still running in the engine) is removed too when the drain is asked to settle."""
    import threading

    sandbox = warm(size=1, refill=False)
    pool, api = sandbox.pool, sandbox.client.api
    assert pool is not None
    late = threading.Timer(1.0, pool.refill_once, args=(api,))
    late.start()
    removed = pool.drain(api, settle_s=3.0)
    late.join()
    assert removed == 2 and pool.containers(api) == []


def _claim_all(settings: PoolSettings, spec) -> list[str]:
    import docker

    api = docker.from_env().api
    pool = WarmPool(settings)
    taken = []
    while (cid := pool.claim(api, spec)) is not None:
        taken.append(cid)
    return taken


# Every waiting container runs `sh .harness/boot.sh`; the job's own was replaced by its script.
HOSTILE = """
echo secret > /tmp/mark; echo secret > mark
echo "pids: $(ls /proc | grep -c '^[0-9]')"
for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < $f; echo; done | grep -c '^sh [.]harness/boot'
kill -9 -1
"""
CURIOUS = "ls /tmp/mark mark 2>&1; echo done"


def test_each_job_gets_a_fresh_container_others_cannot_reach(warm) -> None:
    """A hostile job sees only itself, cannot touch the waiting containers, leaves no trace."""
    sandbox = warm(size=3)
    waiting = {c["Id"][:12] for c in _idle(sandbox)}
    hostile = sandbox.run(job(HOSTILE))
    assert hostile.warm and hostile.container in waiting
    lines = hostile.stdout.splitlines()
    assert int(lines[0].split()[1]) <= 6  # init, sh, ls... of its own container only
    assert lines[1] == "0"  # no process of a waiting container is visible
    others = waiting - {hostile.container}
    assert others <= {c["Id"][:12] for c in _idle(sandbox) if c["State"] == "running"}
    runs: list[RunResult] = [sandbox.run(job(CURIOUS)) for _ in range(3)]
    for run in runs:
        assert run.warm and "No such file" in run.stdout and run.stdout.count("No such") == 2
    used = [hostile.container] + [run.container for run in runs]
    assert len(set(used)) == len(used)  # never two jobs in one container
    assert sandbox.pool is not None
    existing = {c["Id"][:12] for c in sandbox.pool.containers(sandbox.client.api)}
    assert not existing & set(used)  # each one removed after its job


def test_wall_clock_counts_from_hand_over(warm) -> None:
    """A container that waited long still gives its job the whole limit, then is killed."""
    sandbox = warm(size=1)
    time.sleep(2)
    started = time.monotonic()
    result = sandbox.run(
        job("echo started; sleep 100", Limits(timeout_s=2, memory_mb=128, pids=32))
    )
    assert result.warm and result.timed_out and result.stdout.strip() == "started"
    assert 1.9 <= result.duration_s and time.monotonic() - started < 10


@pytest.mark.parametrize("pool_size", [1, 0], ids=["warm", "fresh"])
def test_a_run_is_over_at_its_last_line(warm, docker_sandbox, pool_size: int) -> None:
    """Past its last line the host reads nothing and waits for no exit: no timeout, no code."""
    sandbox = warm(size=1) if pool_size else DockerSandbox(docker_sandbox.client)
    script = "echo first; echo last-of-ours; echo after-the-end; sleep 100"
    request = dataclasses.replace(job(script), last_line="last-of-ours")
    result = sandbox.run(request)
    assert result.warm == bool(pool_size) and not result.timed_out and result.exit_code is None
    assert result.stdout.startswith("first\nlast-of-ours\n") and not result.oom_killed
    assert sandbox.leftovers() == []


def test_the_last_line_is_a_whole_line_found_across_chunks() -> None:
    """Split anywhere between two reads, or first, it ends the run; inside a line it does not."""
    output = b"x\n@@ 1 {}\n@@ 1 {}!\n@@ 1 {}\n"
    for cut in range(len(output)):
        capture = Capture(64, bytearray(), bytearray(), last_line=b"@@ 1 {}")
        capture.add(1, output[:cut])
        capture.add(1, output[cut:])
        assert capture.done
    for text in (b"@@ 1 {}\n", b"x@@ 1 {}\n", b"\n@@ 1 {}", b"@@ 1 {}!\n"):
        capture = Capture(64, bytearray(), bytearray(), last_line=b"@@ 1 {}")
        capture.add(1, text)
        assert capture.done == (text == b"@@ 1 {}\n"), text
    capture = Capture(64, bytearray(), bytearray(), last_line=b"@@ 1 {}")
    capture.add(2, b"\n@@ 1 {}\n")  # stderr
    assert not capture.done


def test_stopped_warm_container_gives_its_job_to_a_fresh_one(warm, monkeypatch) -> None:
    """A claimed container found dead: the job runs in a new container, never lost."""
    sandbox = warm(size=1, refill=False)
    assert sandbox.pool is not None
    dead = _idle(sandbox)[0]["Id"]
    sandbox.client.api.kill(dead)
    monkeypatch.setattr(sandbox.pool, "claim", lambda api, spec: dead)
    result = sandbox.run(job("echo here"))
    assert result.stdout == "here\n" and not result.warm and result.container != dead[:12]


def test_orphans_of_a_killed_worker_are_removed_at_the_next_start(warm) -> None:
    """A job whose process died (kill -9) and a dead idle container: the janitor removes both."""
    sandbox = warm(size=2, refill=False)
    assert sandbox.pool is not None
    api = sandbox.client.api
    claimer = subprocess.Popen(
        [sys.executable, "-c", ORPHAN, repr(sandbox.pool.settings)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert claimer.stdout is not None
    orphan = claimer.stdout.readline().strip()
    claimer.kill()
    claimer.wait()
    idle = _idle(sandbox)[0]["Id"]
    api.kill(idle)
    names = {c["Names"][0].lstrip("/"): c["Id"] for c in sandbox.pool.containers(api)}
    assert any(n.startswith(JOB) for n in names) and orphan in names.values()
    assert sandbox.reap() == 2
    assert sandbox.pool.containers(api) == []


ORPHAN = """
import sys, time, docker
from pathlib import Path, PosixPath
from sandbox.pool import PoolSettings, WarmPool
from tests.sandbox.test_pool import job
settings = eval(sys.argv[1])
pool = WarmPool(settings)
api = docker.from_env().api
cid = pool.claim(api, pool.spec_for(job("true")))
api.rename(cid, pool.job_name(cid, time.time() + 600, {}))
print(cid, flush=True)
time.sleep(600)
"""
