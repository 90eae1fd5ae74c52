"""Hostile programs run straight through the sandbox, checked on the real engine."""

from __future__ import annotations

import threading
import time

import pytest

from sandbox.base import Limits, RunRequest, RunResult
from sandbox.engine import DockerSandbox
from sandbox.images import image_name

pytestmark = [pytest.mark.docker]

LIMITS = Limits(timeout_s=3, memory_mb=128)


def _node(sandbox: DockerSandbox, script: str, limits: Limits = LIMITS) -> RunResult:
    return sandbox.run(
        RunRequest(image=image_name("node"), command=("node", "-e", script), limits=limits)
    )


NETWORK = {
    "tcp-internet": "require('net').connect(80, '1.1.1.1')"
    ".on('connect', () => console.log('CONNECTED')).on('error', e => console.log(e.code))",
    "tcp-docker-host": "require('net').connect(6379, '172.17.0.1')"
    ".on('connect', () => console.log('CONNECTED')).on('error', e => console.log(e.code))",
    "udp": "const s = require('dgram').createSocket('udp4');"
    "s.send('x', 53, '8.8.8.8', e => { console.log(e ? e.code : 'SENT'); s.close(); })",
    "dns": "require('dns').lookup('example.com', (e, a) => console.log(e ? e.code : 'RESOLVED ' + a))",
}


@pytest.mark.parametrize("script", NETWORK.values(), ids=NETWORK.keys())
def test_no_network(hostile_sandbox: DockerSandbox, script: str) -> None:
    """TCP, UDP and DNS all fail: the container has no network interface but loopback."""
    result = _node(hostile_sandbox, script)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() in ("ENETUNREACH", "EAI_AGAIN", "ENOTFOUND", "EHOSTUNREACH")


def test_unprivileged_and_confined(hostile_sandbox: DockerSandbox) -> None:
    """Uid 10001, no capability, no-new-privileges, seccomp filtering, read-only root."""
    result = hostile_sandbox.run(
        RunRequest(
            image=image_name("node"),
            command=(
                "sh",
                "-c",
                "id -u; grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status;"
                " touch /x 2>&1; ls -A /work",
            ),
            limits=LIMITS,
        )
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "10001"
    assert "CapEff:\t0000000000000000" in lines
    assert "NoNewPrivs:\t1" in lines
    assert "Seccomp:\t2" in lines
    assert "Read-only file system" in result.stdout


def test_host_config_is_hardened(hostile_sandbox: DockerSandbox) -> None:
    """What the engine actually applied, read back from a live container."""
    found: dict = {}

    def _spy() -> None:
        api = hostile_sandbox.client.api
        for _ in range(200):
            ours = api.containers(filters={"label": f"tremplin.worker={hostile_sandbox.worker_id}"})
            if ours:
                found.update(api.inspect_container(ours[0]["Id"]))
                return
            time.sleep(0.02)

    spy = threading.Thread(target=_spy)
    spy.start()
    _node(hostile_sandbox, "setTimeout(() => {}, 1500)")
    spy.join()
    host = found["HostConfig"]
    assert host["Privileged"] is False
    assert host["ReadonlyRootfs"] is True
    assert host["NetworkMode"] == "none"
    assert host["CapDrop"] == ["ALL"]
    assert host["SecurityOpt"] == ["no-new-privileges:true"]  # default seccomp, never unconfined
    assert host["Memory"] == host["MemorySwap"] == 128 << 20
    assert host["PidsLimit"] == LIMITS.pids
    assert host["NanoCpus"] == 1_000_000_000
    assert {u["Name"] for u in host["Ulimits"]} == {"nofile", "fsize", "core"}
    assert not host.get("Binds") and not found["Mounts"]  # no docker.sock, no volume
    assert set(host["Tmpfs"]) == {"/work", "/tmp"}
    assert found["Config"]["Labels"]["tremplin.worker"] == hostile_sandbox.worker_id
    assert {e.split("=")[0] for e in found["Config"]["Env"]} <= {"HOME", "LANG", "PATH", "HOSTNAME"}


def test_wall_clock_kills_sleeper(hostile_sandbox: DockerSandbox) -> None:
    """A process that sleeps uses no CPU: only the wall clock, enforced from outside, stops it."""
    started = time.monotonic()
    result = hostile_sandbox.run(
        RunRequest(image=image_name("node"), command=("sleep", "1000"), limits=LIMITS)
    )
    assert result.timed_out and result.exit_code is None
    assert time.monotonic() - started < LIMITS.timeout_s + 5


def test_oom_is_detected(hostile_sandbox: DockerSandbox) -> None:
    """Memory outside the JS heap hits the cgroup limit: OOMKilled, said as such."""
    result = _node(hostile_sandbox, "const a = []; while (true) a.push(Buffer.alloc(1 << 24, 1));")
    assert result.oom_killed and not result.timed_out
    assert result.exit_code == 137


def test_output_is_capped_with_marker(hostile_sandbox: DockerSandbox) -> None:
    """64 KiB of stdout are kept, then a visible marker; the flood is killed."""
    flood = "const fs = require('fs'); for (;;) fs.writeSync(1, 'A'.repeat(1 << 16))"
    result = _node(hostile_sandbox, flood)
    assert result.output_truncated and not result.timed_out
    assert result.stdout.endswith("[sortie tronquée]")
    assert result.stdout.count("A") == LIMITS.output_kb * 1024


def test_buffered_output_flood_is_contained(hostile_sandbox: DockerSandbox) -> None:
    """Node queues pipe writes in memory when the reader lags: the flood ends either at the
    output cap or at the memory limit (a loaded host reads late), never at the wall clock."""
    result = _node(hostile_sandbox, "for (;;) process.stdout.write('A'.repeat(1 << 16))")
    assert not result.timed_out
    assert result.output_truncated or result.oom_killed
    assert result.stdout.count("A") <= LIMITS.output_kb * 1024


def test_binary_output_is_decoded(hostile_sandbox: DockerSandbox) -> None:
    """Invalid UTF-8 becomes U+FFFD and NUL bytes are dropped."""
    result = _node(
        hostile_sandbox, "process.stdout.write(Buffer.from([0x61, 0xff, 0, 0xc3, 0x62]))"
    )
    assert result.stdout == "a\ufffd\ufffdb"


def test_file_size_limit(hostile_sandbox: DockerSandbox) -> None:
    """One file cannot grow past the fsize ulimit, even with room left on the tmpfs."""
    limits = Limits(timeout_s=3, fsize_mb=4)
    result = hostile_sandbox.run(
        RunRequest(
            image=image_name("node"),
            command=("sh", "-c", "head -c 8M /dev/zero > /tmp/big; echo $?; wc -c < /tmp/big"),
            limits=limits,
        )
    )
    code, size = result.stdout.split()
    assert code != "0" and int(size) == 4 << 20


def test_no_core_dump_and_nothing_persists(hostile_sandbox: DockerSandbox) -> None:
    """A file left by one run is not there in the next (a fresh container each time)."""
    _node(hostile_sandbox, "require('fs').writeFileSync('/tmp/left', 'x')")
    result = _node(hostile_sandbox, "console.log(require('fs').existsSync('/tmp/left'))")
    assert result.stdout.strip() == "false"


def test_janitor_removes_leftovers(hostile_sandbox: DockerSandbox) -> None:
    """A container that outlived its run (worker killed) is removed by the janitor."""
    api = hostile_sandbox.client.api
    created = api.create_container(
        image=image_name("node"),
        command=["sleep", "60"],
        labels={
            "tremplin.sandbox": "1",
            "tremplin.worker": hostile_sandbox.worker_id,
            "tremplin.deadline": "0",
        },
        host_config=api.create_host_config(network_mode="none", read_only=True),
        network_disabled=True,
    )
    api.start(created["Id"])
    assert hostile_sandbox.reap(mine=True) == 1
    assert hostile_sandbox.leftovers() == []


def test_no_stray_volumes(hostile_sandbox: DockerSandbox) -> None:
    """Runs create no volume (tmpfs only), so none is left dangling."""
    api = hostile_sandbox.client.api
    before = {v["Name"] for v in api.volumes().get("Volumes") or []}
    _node(hostile_sandbox, "require('fs').writeFileSync('/tmp/x', 'x'.repeat(1 << 20))")
    after = {v["Name"] for v in api.volumes().get("Volumes") or []}
    assert after <= before
