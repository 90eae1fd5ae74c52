"""One hardened container: how it is created, and how a job is handed over to it.

Creating and handing over are two steps, so that a container can be created and started
ahead of time (``sandbox/pool.py``) and get its job later. Either way the job's files go in
as a tar stream on the container's stdin (the root filesystem stays read-only and the engine
may be remote), the output comes back over the attach socket, capped while it streams, and
the wall-clock limit counts from the moment the job is written.

Two ways to start, chosen by the request:

- files first (``boot_files`` is None): the entrypoint unpacks the job, then ``exec``s the
  command, as a plain ``docker run`` would;
- boot first (``boot_files`` given, a kind's harness): the boot files come with the
  container's command line, the command starts at once (loads itself, starts Chromium...)
  and waits for one line on its stdin: ``ok`` once the job's files are unpacked beside it.
  The command is ``exec``ed, so it is the direct child of the container's init, as before.
"""

from __future__ import annotations

import base64
import io
import socket
import tarfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import requests.exceptions
from docker import APIClient
from docker.errors import APIError, ImageNotFound, NotFound
from docker.types import Ulimit
from docker.utils.socket import frames_iter

from sandbox.base import Limits, RunRequest, RunResult
from sandbox.errors import ImageMissingError, SandboxError

LABEL = "tremplin.sandbox"
WORKDIR = "/work"
SANDBOX_USER = "10001:10001"
SAFE_ENV = {
    "HOME": WORKDIR,
    "LANG": "C.UTF-8",
    "PATH": "/usr/local/bin:/usr/bin:/bin",
}
_UNTAR = "tar -x -f - --no-same-owner --no-same-permissions"
# Files first: extract the job sent on stdin into the working directory, then run the command.
FILES_FIRST = ["/bin/sh", "-c", f'cd {WORKDIR} && {_UNTAR} && exec "$@"', "tremplin"]
# Boot first: $1 is the boot files (a base64 tar). The job's tar, read from the container's
# stdin (kept as fd 4: a background list would otherwise read /dev/null), is unpacked in the
# background; then one line, "ok" or "fail", goes into an unlinked FIFO that is the
# command's stdin. The command never sees the container's stdin. The unpacking is orphaned
# at once (``( … & )``), so the container's init reaps it: no zombie holds a pid the run
# could need (a fork bomb leaves none to spare).
BOOT_FIRST = [
    "/bin/sh",
    "-c",
    f'cd {WORKDIR} && printf %s "$1" | base64 -d | {_UNTAR} && shift'
    " && mkfifo /tmp/.tremplin-job && exec 3<>/tmp/.tremplin-job 4<&0 && rm /tmp/.tremplin-job"
    f" && ( {{ {_UNTAR} <&4 && echo ok || echo fail; }} >&3 & )"
    ' && exec "$@" <&3 3<&- 4<&-',
    "tremplin",
]
_STDOUT = 1
_TRUNCATED = "\n… [sortie tronquée]"
MAX_FILES = 500
MAX_NAME_BYTES = 255
# gVisor is its own init: docker-init inside runsc loses exit codes (runsc 2022-12).
_RUNTIMES_WITHOUT_INIT = frozenset({"runsc"})
# Under gVisor the pids cgroup counts the sandbox kernel's own host threads (about 40 at
# rest), not the learner's processes, which live inside it: give the kernel room.
_RUNTIME_EXTRA_PIDS = {"runsc": 256}


@dataclass(slots=True)
class Capture:
    """Output of one run, capped per stream while it is read."""

    cap: int
    stdout: bytearray
    stderr: bytearray
    overflow: bool = False
    stderr_overflow: bool = False
    last_line: bytes = b""  # once this line is on stdout, the run is over (``done``)
    done: bool = False
    _searched: int = 0

    def add(self, stream: int, data: bytes) -> None:
        """Append a chunk to its stream, keeping only the head past the cap."""
        buf = self.stdout if stream == _STDOUT else self.stderr
        room = self.cap - len(buf)
        if len(data) > room:
            self.overflow = True
            self.stderr_overflow = self.stderr_overflow or stream != _STDOUT
            data = data[: max(room, 0)]
        buf.extend(data)
        if stream == _STDOUT and self.last_line and data:
            self._look_for_last_line()

    def _look_for_last_line(self) -> None:
        needle = b"\n" + self.last_line + b"\n"
        start = max(0, self._searched - len(needle))
        self._searched = len(self.stdout)
        # The output starts with a line of its own too.
        found = self.stdout.find(needle, start) >= 0 or self.stdout.startswith(needle[1:])
        self.done = self.done or found


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


def create(
    api: APIClient, request: RunRequest, *, name: str, labels: dict[str, str], runtime: str | None
) -> str:
    """Create (not start) the request's container with every hardening setting; its id."""
    if request.boot_files is None:
        entrypoint, command = FILES_FIRST, list(request.command)
    else:
        boot = base64.b64encode(pack_files(dict(request.boot_files))).decode("ascii")
        entrypoint, command = BOOT_FIRST, [boot, *request.command]
    host_config = api.create_host_config(**host_config_kwargs(request.limits, runtime))
    try:
        created = api.create_container(
            image=request.image,
            command=command,
            entrypoint=entrypoint,
            user=SANDBOX_USER,
            working_dir=WORKDIR,
            environment=dict(SAFE_ENV),
            hostname="sandbox",
            labels=labels,
            name=name,
            stdin_open=True,  # with tty=False, docker-py also sets StdinOnce: EOF reaches it
            network_disabled=True,
            host_config=host_config,
        )
    except ImageNotFound as exc:
        raise ImageMissingError(f"image {request.image} is not built") from exc
    except (APIError, requests.exceptions.RequestException) as exc:
        raise SandboxError(f"cannot create container: {exc}") from exc
    return str(created["Id"])


def host_config_kwargs(limits: Limits, runtime: str | None) -> dict:
    """The engine settings of a sandbox container (limits, isolation, log cap)."""
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


class StoppedBeforeJobError(SandboxError):
    """A container handed a job had already stopped: the job never ran."""


def attach(api: APIClient, container_id: str) -> Any:
    """The container's stdin/stdout/stderr stream (attach before starting a fresh container)."""
    params = {"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
    return api.attach_socket(container_id, params=params)


def hand_over(
    api: APIClient,
    container_id: str,
    sock: Any,
    payload: bytes,
    limits: Limits,
    *,
    warm: bool = False,
    while_running: Callable[[], None] | None = None,
    last_line: str | None = None,
) -> RunResult:
    """Write the job, read the output until the end or the wall clock, kill if needed.

    The wall clock counts from the moment the job is written. ``while_running`` (if given)
    is called once the job is written. A ``warm`` container (started ahead of time) that
    had stopped before its job raises StoppedBeforeJobError: the job never ran. Reading
    stops at ``last_line`` (see ``RunRequest``): the container's exit is not waited for.
    """
    capture = Capture(
        cap=limits.output_kb * 1024,
        stdout=bytearray(),
        stderr=bytearray(),
        last_line=(last_line or "").encode(),
    )
    handed_at = time.time()
    try:
        started = time.monotonic()
        reader = threading.Thread(target=_read_frames, args=(sock, capture), daemon=True)
        reader.start()
        _send_stdin(getattr(sock, "_sock", sock), payload)
        if while_running is not None:
            while_running()
        timed_out = _wait_reader(reader, capture, started + limits.timeout_s)
        if reader.is_alive() or capture.overflow:
            kill(api, container_id)
        duration = time.monotonic() - started
        reader.join(timeout=5)
    finally:
        _close(sock)
    # Done by its last line, the container may still be stopping: its state as it is now.
    state = inspect_state(api, container_id) if capture.done else final_state(api, container_id)
    if warm and not capture.stdout and _finished_before(state, handed_at):
        raise StoppedBeforeJobError(f"container {container_id[:12]} had stopped: {state}")
    return RunResult(
        exit_code=None if timed_out or capture.done else state.get("ExitCode"),
        stdout=decode_output(bytes(capture.stdout), len(capture.stdout) >= capture.cap),
        stderr=decode_output(bytes(capture.stderr), capture.stderr_overflow),
        duration_s=round(duration, 3),
        timed_out=timed_out,
        oom_killed=bool(state.get("OOMKilled")) and not timed_out,
        output_truncated=capture.overflow,
        container=container_id[:12],
        warm=warm,
    )


def _finished_before(state: dict[str, Any], moment: float) -> bool:
    """True when the engine says the container had stopped before ``moment`` (epoch)."""
    finished = str(state.get("FinishedAt") or "")
    if state.get("Running") or not finished or finished.startswith("0001-"):
        return False
    try:
        # RFC 3339 with nanoseconds: keep microseconds for fromisoformat.
        head, _, rest = finished.rstrip("Z").partition(".")
        stamp = datetime.fromisoformat(f"{head}.{(rest + '000000')[:6]}+00:00")
    except ValueError:
        return False
    return stamp.timestamp() < moment


def _send_stdin(raw: socket.socket, payload: bytes) -> None:
    try:
        raw.sendall(payload)
        raw.shutdown(socket.SHUT_WR)
    except OSError:
        # The process may exit without reading its stdin; its output still counts.
        pass


def _read_frames(sock: Any, capture: Capture) -> None:
    # Past the cap, keep draining (and dropping): an unread attach stream blocks the
    # engine's copier, and then the kill and the removal of the container hang.
    try:
        for stream, data in frames_iter(sock, tty=False):
            capture.add(stream, data)
            if capture.done:
                return
    except (OSError, ValueError):
        return


def _wait_reader(reader: threading.Thread, capture: Capture, deadline: float) -> bool:
    """Wait for the output to end; True when the wall-clock limit ran out first."""
    while reader.is_alive():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return True
        reader.join(timeout=min(remaining, 0.05))
        if capture.overflow:
            return False
    return False


def kill(api: APIClient, container_id: str) -> None:
    """SIGKILL the container, if it still runs."""
    try:
        api.kill(container_id)
    except (NotFound, APIError):
        pass


def _close(sock: Any) -> None:
    try:
        sock.close()
    except OSError:
        pass


def final_state(api: APIClient, container_id: str) -> dict[str, Any]:
    """The container's state once it stopped (or after about two seconds)."""
    for _ in range(100):
        state = inspect_state(api, container_id)
        if not state.get("Running"):
            return state
        time.sleep(0.02)
    return state


def inspect_state(api: APIClient, container_id: str) -> dict[str, Any]:
    """The container's state now (running or not, exit code, killed for memory)."""
    state: dict[str, Any] = api.inspect_container(container_id)["State"]
    return state
