"""The Docker sandbox: one fresh, hardened container per run.

This is the only module that talks to the Docker engine to run code. Files go in
as a tar stream on the container's stdin (so the root filesystem stays read-only
and the engine may be remote); output comes back over the attach socket, capped
while it streams; the wall-clock limit is enforced from here, and the container
is removed in every case.
"""

from __future__ import annotations

import io
import logging
import os
import socket
import tarfile
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

import docker
import requests.exceptions
from docker import APIClient
from docker.errors import APIError, DockerException, ImageNotFound, NotFound
from docker.types import Ulimit
from docker.utils.socket import frames_iter

from sandbox.base import Limits, RunRequest, RunResult
from sandbox.errors import EngineUnavailableError, ImageMissingError, SandboxError

log = logging.getLogger(__name__)

LABEL = "tremplin.sandbox"
WORKDIR = "/work"
SANDBOX_USER = "10001:10001"
SAFE_ENV = {
    "HOME": WORKDIR,
    "LANG": "C.UTF-8",
    "PATH": "/usr/local/bin:/usr/bin:/bin",
}
# Extract the files sent on stdin into the working directory, then run the command.
_ENTRYPOINT = [
    "/bin/sh",
    "-c",
    f'cd {WORKDIR} && tar -x -f - --no-same-owner --no-same-permissions && exec "$@"',
    "tremplin",
]
_STDOUT, _STDERR = 1, 2
_TRUNCATED = "\n… [sortie tronquée]"
# A leftover that is not running is only removed after this many seconds, so that a
# janitor never removes a container another worker has just created.
REAP_GRACE_S = 30
MAX_FILES = 500
MAX_NAME_BYTES = 255
# SANDBOX_RUNTIME unset: gVisor when the engine has it registered, else Docker's default.
AUTO = "auto"
GVISOR = "runsc"
# gVisor is its own init: docker-init inside runsc loses exit codes (runsc 2022-12).
_RUNTIMES_WITHOUT_INIT = frozenset({"runsc"})
# Under gVisor the pids cgroup counts the sandbox kernel's own host threads (about 40 at
# rest), not the learner's processes, which live inside it: give the kernel room.
_RUNTIME_EXTRA_PIDS = {"runsc": 256}


@dataclass(slots=True)
class _Capture:
    """Output of one run, capped per stream while it is read."""

    cap: int
    stdout: bytearray
    stderr: bytearray
    overflow: bool = False
    stderr_overflow: bool = False

    def add(self, stream: int, data: bytes) -> None:
        """Append a chunk to its stream, keeping only the head past the cap."""
        buf = self.stdout if stream == _STDOUT else self.stderr
        room = self.cap - len(buf)
        if len(data) > room:
            self.overflow = True
            self.stderr_overflow = self.stderr_overflow or stream != _STDOUT
            data = data[: max(room, 0)]
        buf.extend(data)


def decode_output(raw: bytes, truncated: bool = False) -> str:
    """Decode untrusted output: invalid UTF-8 replaced, NUL bytes dropped."""
    text = raw.decode("utf-8", errors="replace").replace("\x00", "")
    return text + _TRUNCATED if truncated else text


def check_member_name(name: str) -> None:
    """Raise SandboxError unless ``name`` is a relative path that stays in the work dir."""
    parts = name.split("/")
    try:
        unusable = any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in parts)
    except UnicodeEncodeError:
        unusable = True
    if (
        unusable
        or name.startswith("/")
        or any(part in ("", ".", "..") for part in parts)
        or any(ord(c) < 32 or c in "\\\x7f" for c in name)
    ):
        raise SandboxError(f"refused file name {name[:300]!r}")


def pack_files(files: dict[str, bytes]) -> bytes:
    """Build an uncompressed tar of regular files only (never links), names checked."""
    if len(files) > MAX_FILES:
        raise SandboxError(f"too many files: {len(files)} > {MAX_FILES}")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, content in sorted(files.items()):
            check_member_name(name)
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mode = 0o644
            info.mtime = 0
            tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


class DockerSandbox:
    """Runs requests in hardened containers on a Docker engine."""

    def __init__(
        self,
        client: docker.DockerClient | None = None,
        *,
        runtime: str | None = None,
        worker_id: str | None = None,
    ) -> None:
        self._client = client
        self.runtime = runtime or None
        self.worker_id = worker_id or f"{socket.gethostname()}-{os.getpid()}"
        self._runtime_checked = False

    @property
    def client(self) -> docker.DockerClient:
        """The engine client, connected on first use (``DOCKER_HOST`` or the default socket)."""
        if self._client is None:
            try:
                self._client = docker.from_env(timeout=30)
                self._client.ping()
            except (DockerException, requests.exceptions.RequestException) as exc:
                self._client = None
                raise EngineUnavailableError(f"Docker engine unreachable: {exc}") from exc
        if not self._runtime_checked:
            self._check_runtime(self._client)
        return self._client

    def _check_runtime(self, client: docker.DockerClient) -> None:
        """Resolve ``auto`` (gVisor when registered); fail loudly on an unknown runtime."""
        try:
            registered = available_runtimes(client)
        except (DockerException, requests.exceptions.RequestException) as exc:
            raise EngineUnavailableError(f"Docker engine unreachable: {exc}") from exc
        if self.runtime == AUTO:
            self.runtime = GVISOR if GVISOR in registered else None
        elif self.runtime is not None and self.runtime not in registered:
            raise EngineUnavailableError(
                f"SANDBOX_RUNTIME={self.runtime!r} is not a runtime of this Docker engine "
                f"(it has: {', '.join(registered)})"
            )
        self._runtime_checked = True

    @property
    def gvisor(self) -> bool:
        """True when runs go through gVisor (connects to the engine to resolve ``auto``)."""
        self.client  # noqa: B018 - resolves the runtime
        return self.runtime == GVISOR

    def run(self, request: RunRequest) -> RunResult:
        """Run one request; always returns within the wall-clock limit plus cleanup."""
        limits = request.limits
        payload = pack_files(request.files)
        container_id = self._create(request)
        try:
            return self._start_and_collect(container_id, payload, limits)
        except (APIError, requests.exceptions.RequestException, OSError) as exc:
            raise SandboxError(f"sandbox run failed: {exc}") from exc
        finally:
            self._remove(container_id)

    def _create(self, request: RunRequest) -> str:
        limits = request.limits
        api = self.client.api
        deadline = int(time.time() + limits.timeout_s + 60)
        # Our own labels come last: a request cannot hide a container from the janitor.
        labels = {
            **request.labels,
            LABEL: "1",
            "tremplin.worker": self.worker_id,
            "tremplin.deadline": str(deadline),
        }
        host_config = api.create_host_config(**_host_config_kwargs(limits, self.runtime))
        try:
            created = api.create_container(
                image=request.image,
                command=list(request.command),
                entrypoint=_ENTRYPOINT,
                user=SANDBOX_USER,
                working_dir=WORKDIR,
                environment=dict(SAFE_ENV),
                hostname="sandbox",
                labels=labels,
                name=f"tremplin-run-{uuid.uuid4().hex[:12]}",
                stdin_open=True,
                network_disabled=True,
                host_config=host_config,
            )
        except ImageNotFound as exc:
            raise ImageMissingError(f"image {request.image} is not built") from exc
        except (APIError, requests.exceptions.RequestException) as exc:
            raise SandboxError(f"cannot create container: {exc}") from exc
        return created["Id"]

    def _start_and_collect(self, container_id: str, payload: bytes, limits: Limits) -> RunResult:
        api = self.client.api
        sock = api.attach_socket(
            container_id, params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
        )
        capture = _Capture(cap=limits.output_kb * 1024, stdout=bytearray(), stderr=bytearray())
        try:
            started = time.monotonic()
            api.start(container_id)
            reader = threading.Thread(target=_read_frames, args=(sock, capture), daemon=True)
            reader.start()
            _send_stdin(_raw_socket(sock), payload)
            timed_out = _wait_reader(reader, capture, started + limits.timeout_s)
            if reader.is_alive() or capture.overflow:
                _kill(api, container_id)
            duration = time.monotonic() - started
            reader.join(timeout=5)
        finally:
            _close(sock)
        state = _final_state(api, container_id)
        exit_code = state.get("ExitCode")
        return RunResult(
            exit_code=None if timed_out else exit_code,
            stdout=decode_output(bytes(capture.stdout), len(capture.stdout) >= capture.cap),
            stderr=decode_output(bytes(capture.stderr), capture.stderr_overflow),
            duration_s=round(duration, 3),
            timed_out=timed_out,
            oom_killed=bool(state.get("OOMKilled")) and not timed_out,
            output_truncated=capture.overflow,
        )

    def _remove(self, container_id: str) -> None:
        try:
            self.client.api.remove_container(container_id, force=True, v=True)
        except NotFound:
            pass
        except (APIError, requests.exceptions.RequestException) as exc:
            # The janitor removes it later from its labels.
            log.warning("could not remove container %s: %s", container_id[:12], exc)

    def reap(
        self, *, everything: bool = False, mine: bool = False, labels: dict[str, str] | None = None
    ) -> int:
        """Remove leftover containers (past deadline, or stopped for a while); return how many.

        ``everything`` removes them all, running or not; ``mine`` restricts to this worker,
        ``labels`` to the runs that carry them (a submission whose grading process died).
        """
        wanted = {**(labels or {}), **({"tremplin.worker": self.worker_id} if mine else {})}
        filters = [LABEL] + [f"{key}={value}" for key, value in wanted.items()]
        try:
            found = self.client.api.containers(all=True, filters={"label": filters})
        except (APIError, requests.exceptions.RequestException) as exc:
            raise SandboxError(f"cannot list containers: {exc}") from exc
        now = time.time()
        leftovers = [c for c in found if everything or _is_leftover(c, now)]
        for info in leftovers:
            self._remove(info["Id"])
        return len(leftovers)

    def leftovers(self) -> list[str]:
        """Ids of this worker's containers that still exist (none once every run returned)."""
        filters = {"label": [LABEL, f"tremplin.worker={self.worker_id}"]}
        return [c["Id"] for c in self.client.api.containers(all=True, filters=filters)]


def available_runtimes(client: docker.DockerClient) -> list[str]:
    """The OCI runtimes registered with the engine (``runc``, and ``runsc`` once installed)."""
    return sorted(client.info().get("Runtimes", {}))


def _is_leftover(info: dict, now: float) -> bool:
    labels = info.get("Labels") or {}
    try:
        deadline = float(labels.get("tremplin.deadline", "0"))
    except ValueError:
        deadline = 0.0
    stopped_long = info.get("State") != "running" and info.get("Created", 0) < now - REAP_GRACE_S
    return deadline < now or stopped_long


def _host_config_kwargs(limits: Limits, runtime: str | None) -> dict:
    memory = f"{limits.memory_mb}m"
    tmpfs = f"rw,nosuid,nodev,size={limits.tmpfs_mb}m,uid=10001,gid=10001,mode=700,nr_inodes=4096"
    return {
        "network_mode": "none",
        "read_only": True,
        "tmpfs": {WORKDIR: tmpfs, "/tmp": tmpfs},
        "cap_drop": ["ALL"],
        "security_opt": ["no-new-privileges:true"],
        "pids_limit": limits.pids + _RUNTIME_EXTRA_PIDS.get(runtime or "", 0),
        "mem_limit": memory,
        "memswap_limit": memory,
        "nano_cpus": int(limits.cpus * 1e9),
        "ulimits": [
            Ulimit(name="nofile", soft=limits.nofile, hard=limits.nofile),
            Ulimit(name="fsize", soft=limits.fsize_mb << 20, hard=limits.fsize_mb << 20),
            Ulimit(name="core", soft=0, hard=0),
        ],
        "init": runtime not in _RUNTIMES_WITHOUT_INIT,
        "ipc_mode": "none",
        "log_config": {"Type": "json-file", "Config": {"max-size": "1m", "max-file": "1"}},
        "runtime": runtime,
    }


def _raw_socket(sock: Any) -> socket.socket:
    return getattr(sock, "_sock", sock)


def _send_stdin(raw: socket.socket, payload: bytes) -> None:
    try:
        raw.sendall(payload)
        raw.shutdown(socket.SHUT_WR)
    except OSError:
        # The process may exit without reading its stdin; its output still counts.
        pass


def _read_frames(sock: Any, capture: _Capture) -> None:
    # Past the cap, keep draining (and dropping): an unread attach stream blocks the
    # engine's copier, and then the kill and the removal of the container hang.
    try:
        for stream, data in frames_iter(sock, tty=False):
            capture.add(stream, data)
    except (OSError, ValueError):
        return


def _wait_reader(reader: threading.Thread, capture: _Capture, deadline: float) -> bool:
    """Wait for the output to end; True when the wall-clock limit ran out first."""
    while reader.is_alive():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return True
        reader.join(timeout=min(remaining, 0.05))
        if capture.overflow:
            return False
    return False


def _kill(api: APIClient, container_id: str) -> None:
    try:
        api.kill(container_id)
    except (NotFound, APIError):
        pass


def _close(sock: Any) -> None:
    try:
        sock.close()
    except OSError:
        pass


def _final_state(api: APIClient, container_id: str) -> dict[str, Any]:
    for _ in range(100):
        state = api.inspect_container(container_id)["State"]
        if not state.get("Running"):
            return state
        time.sleep(0.02)
    return state
