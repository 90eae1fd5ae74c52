"""The host's refiller: a background thread that keeps the warm pool full and clean.

Every grading process may run one; only the one holding the host's refill lock (``flock``
on ``<state>/refill.lock``, released by the kernel when its process dies) works, the others
wait to take over. It starts one container at a time, in the background of grading: runs
claim containers that are already warm, the refiller replaces them as it can, and the
engine's starts never pile up (they scale badly in dockerd). It wakes up on the engine's
events for the pool (a claim, a death) and every few seconds anyway, and removes what is
stale every ``REAP_EVERY_S``.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docker
import requests.exceptions
from docker.errors import DockerException

from sandbox.errors import SandboxError
from sandbox.pool import WarmPool

log = logging.getLogger(__name__)

IDLE_POLL_S = 3.0
LOCK_RETRY_S = 5.0
ERROR_PAUSE_S = 5.0
REAP_EVERY_S = 10.0
_FAULTS = (SandboxError, DockerException, requests.exceptions.RequestException, OSError)


class Refiller:
    """Keeps one host's warm pool full while this process holds the host's refill lock."""

    def __init__(
        self,
        pool: WarmPool,
        client_factory: Callable[[], docker.DockerClient],
        *,
        prepare: Callable[[docker.DockerClient], None] = lambda client: None,
    ) -> None:
        self.pool = pool
        self._client_factory = client_factory
        self._prepare = prepare  # resolves what the pool needs from the engine (its runtime)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock_fd: int | None = None
        self._events: Any = None
        os.register_at_fork(after_in_child=self._forget_in_child)

    @property
    def active(self) -> bool:
        """True while this process is the host's refiller."""
        return self._lock_fd is not None

    def start(self) -> None:
        """Start the background thread (once)."""
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="warm-refill", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the thread and give the lock back (the pool's containers stay)."""
        self._stop.set()
        self._wake.set()
        self._close_events()
        if self._thread is not None:
            self._thread.join(timeout)
        self._release()

    def wait_until_full(self, timeout: float) -> bool:
        """Block until every active spec's runtime is full (tests, benchmarks); True if so."""
        deadline = time.monotonic() + timeout
        client = self._client_factory()
        while time.monotonic() < deadline:
            if not self._missing(client.api):
                return True
            time.sleep(0.1)
        return False

    def _missing(self, api: Any) -> int:
        specs = self.pool.demand.active(self.pool.settings.demand_s)
        wanted = {spec.runtime for spec, _ in specs}
        report = self.pool.status(api)
        return sum(max(0, s.size - s.idle) for s in report if s.runtime in wanted)

    def _run(self) -> None:
        client: docker.DockerClient | None = None
        next_reap = 0.0
        while not self._stop.is_set():
            if not self._take_lock():
                self._stop.wait(LOCK_RETRY_S)
                continue
            busy = False
            try:
                if client is None:
                    client = self._client_factory()
                    self._prepare(client)
                self._follow_events(client)
                if time.monotonic() >= next_reap:
                    self.pool.reap(client.api)
                    next_reap = time.monotonic() + REAP_EVERY_S
                busy = self.pool.refill_once(client.api)
            except _FAULTS as exc:
                log.warning("warm pool: %s", exc)
                client = None
                self._close_events()
                self._stop.wait(ERROR_PAUSE_S)
            if not busy:
                self._wake.wait(IDLE_POLL_S)
                self._wake.clear()

    def _follow_events(self, client: docker.DockerClient) -> None:
        """Wake the loop on the engine's events about this pool's containers."""
        if self._events is not None:
            return
        filters = {"label": [f"tremplin.pool={self.pool.namespace}"], "type": "container"}
        self._events = client.api.events(filters=filters, decode=True)
        stream = self._events

        def _listen() -> None:
            try:
                for _ in stream:
                    self._wake.set()
            except _FAULTS:
                pass
            if self._events is stream:
                self._events = None
            self._wake.set()

        threading.Thread(target=_listen, name="warm-events", daemon=True).start()

    def _close_events(self) -> None:
        stream, self._events = self._events, None
        if stream is not None:
            try:
                stream.close()
            except _FAULTS:
                pass

    def _take_lock(self) -> bool:
        if self._lock_fd is not None:
            return True
        folder = self.pool.settings.state_dir
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(Path(folder, "refill.lock"), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            log.warning("warm pool: cannot open its lock in %s: %s", folder, exc)
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._lock_fd = fd
        log.info("warm pool %s: this process refills it", self.pool.namespace)
        return True

    def _release(self) -> None:
        fd, self._lock_fd = self._lock_fd, None
        if fd is not None:
            os.close(fd)

    def _forget_in_child(self) -> None:
        """A forked child (RQ's work horse) neither refills nor keeps the parent's lock alive."""
        self._thread = None
        self._events = None
        fd, self._lock_fd = self._lock_fd, None
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass
