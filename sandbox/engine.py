"""The Docker sandbox: one fresh, hardened container per run, warm or started for it.

This is the only module that runs code on the Docker engine. A run takes a warm container
of its spec from the host's pool when there is one (``sandbox/pool.py``), else creates and
starts its own; either way the container is hardened the same way (``sandbox/container.py``),
gets exactly one job, has its wall clock counted from the moment the job is written, and is
removed in every case.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator

import docker
import requests.exceptions
from docker.errors import APIError, DockerException, NotFound

from sandbox import container
from sandbox.base import RunRequest, RunResult
from sandbox.container import LABEL, StoppedBeforeJobError, pack_files
from sandbox.errors import EngineUnavailableError, SandboxError
from sandbox.pool import JOB_GRACE_S, PoolSettings, WarmPool
from sandbox.refill import Refiller
from sandbox.warm import WarmSpec

__all__ = ["LABEL", "DockerSandbox", "available_runtimes", "pack_files"]

log = logging.getLogger(__name__)

# A leftover that is not running is only removed after this many seconds, so that a
# janitor never removes a container another worker has just created.
REAP_GRACE_S = 30
# SANDBOX_RUNTIME unset: gVisor when the engine has it registered, else Docker's default.
AUTO = "auto"
GVISOR = "runsc"
_ENGINE_ERRORS = (APIError, requests.exceptions.RequestException, OSError)


def _from_env(version: str | None = None) -> docker.DockerClient:
    """A client of ``DOCKER_HOST`` (or the default socket); without a version, it asks."""
    return docker.from_env(timeout=30, version=version)


class DockerSandbox:
    """Runs requests in hardened containers on a Docker engine, warm ones when it has some."""

    def __init__(
        self,
        client: docker.DockerClient | None = None,
        *,
        runtime: str | None = None,
        worker_id: str | None = None,
        pool: PoolSettings | None = None,
    ) -> None:
        self._client = client
        self._api_version: str | None = None  # the engine's, once known: a fork asks no more
        self._client_factory: Callable[[], docker.DockerClient] = (
            (lambda: _from_env(self._api_version)) if client is None else (lambda: client)
        )
        self.runtime = runtime or None
        self.worker_id = worker_id or f"{socket.gethostname()}-{os.getpid()}"
        self._runtime_checked = False
        self._ping = True
        self._deferred: list[tuple[str, threading.Thread | None]] | None = None
        self.pool = WarmPool(pool) if pool and any(pool.sizes.values()) else None
        self.refiller = (
            Refiller(self.pool, self._client_factory, prepare=self._resolve_runtime)
            if self.pool
            else None
        )
        if client is None:
            # A forked work horse opens its own connections: the parent's may be in use.
            ref = weakref.ref(self)
            os.register_at_fork(after_in_child=lambda: _reconnect(ref))

    @property
    def client(self) -> docker.DockerClient:
        """The engine client, connected on first use (``DOCKER_HOST`` or the default socket)."""
        if self._client is None:
            try:
                self._client = self._client_factory()
                if self._ping:
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
        if self.pool is not None:
            self.pool.oci_runtime = self.runtime  # warm containers run the same runtime
        self._runtime_checked = True

    def _resolve_runtime(self, client: docker.DockerClient) -> None:
        """Resolve the runtime with another connection (the refiller's) if not done yet."""
        if not self._runtime_checked:
            self._check_runtime(client)

    @property
    def gvisor(self) -> bool:
        """True when runs go through gVisor (connects to the engine to resolve ``auto``)."""
        self.client  # noqa: B018 - resolves the runtime
        return self.runtime == GVISOR

    def run(self, request: RunRequest) -> RunResult:
        """Run one request; always returns within the wall-clock limit plus cleanup."""
        payload = pack_files(request.files)
        self.client  # noqa: B018 - resolves the runtime, which is part of a warm spec
        spec = self.pool.spec_for(request) if self.pool else None
        result = self._run_warm(spec, request, payload) if spec is not None else None
        if result is None:
            result = self._run_cold(request, payload)
        log.info(
            "submission %s: %s container %s, %.2f s from hand-over",
            request.labels.get("tremplin.submission", "-"),
            "warm" if result.warm else "fresh",
            result.container,
            result.duration_s,
        )
        return result

    def expect(self, requests: Iterable[RunRequest]) -> int:
        """Runs like these are coming: keep containers warm for them; how many kinds of runs."""
        if self.pool is None:
            return 0
        self.client  # noqa: B018 - resolves the runtime, which is part of a warm spec
        specs = {s.key: s for s in map(self.pool.spec_for, requests) if s is not None}
        for spec in specs.values():
            self.pool.demand.note(spec)
        return len(specs)

    def _run_warm(self, spec: WarmSpec, request: RunRequest, payload: bytes) -> RunResult | None:
        """Run in a warm container of the request's spec; None when none could be had."""
        assert self.pool is not None
        pool = self.pool
        pool.demand.note(spec)
        api = self.client.api
        try:
            container_id = pool.claim(api, spec)
        except _ENGINE_ERRORS as exc:
            raise SandboxError(f"cannot claim a warm container: {exc}") from exc
        if container_id is None:
            return None
        try:
            sock = container.attach(api, container_id)
        except NotFound:
            return None  # removed since the claim (a drain): start one instead
        except _ENGINE_ERRORS as exc:
            self._remove(container_id)
            raise SandboxError(f"cannot attach to a warm container: {exc}") from exc
        deadline = time.time() + request.limits.timeout_s + JOB_GRACE_S
        name = pool.job_name(container_id, deadline, request.labels)
        # Named for the janitor while the job runs, off the clock and off the verdict's path.
        namer = threading.Thread(target=_rename_quietly, args=(api, container_id, name))
        try:
            return container.hand_over(
                api,
                container_id,
                sock,
                payload,
                request.limits,
                warm=True,
                while_running=namer.start,
                last_line=request.last_line,
            )
        except StoppedBeforeJobError as exc:
            log.warning("%s: the job runs in a fresh container instead", exc)
            return None
        except _ENGINE_ERRORS as exc:
            raise SandboxError(f"sandbox run failed: {exc}") from exc
        finally:
            self._dispose(container_id, namer)

    def _run_cold(self, request: RunRequest, payload: bytes) -> RunResult:
        """Create and start a container for this run only, then hand the job over."""
        api = self.client.api
        deadline = int(time.time() + request.limits.timeout_s + 60)
        # Our own labels come last: a request cannot hide a container from the janitor.
        labels = {
            **request.labels,
            LABEL: "1",
            "tremplin.worker": self.worker_id,
            "tremplin.deadline": str(deadline),
        }
        name = f"tremplin-run-{uuid.uuid4().hex[:12]}"
        container_id = container.create(
            api, request, name=name, labels=labels, runtime=self.runtime
        )
        try:
            sock = container.attach(api, container_id)  # before start: no output is lost
            api.start(container_id)
            return container.hand_over(
                api, container_id, sock, payload, request.limits, last_line=request.last_line
            )
        except _ENGINE_ERRORS as exc:
            raise SandboxError(f"sandbox run failed: {exc}") from exc
        finally:
            self._dispose(container_id)

    @contextlib.contextmanager
    def removing_after(self) -> Iterator[None]:
        """Within this block, used containers are removed at its end, not after each run.

        The grading job stores its verdict first: removing a container is then off the
        learner's wait. A process killed meanwhile leaves stopped containers of a dead
        process, which the janitor removes.
        """
        outer, self._deferred = self._deferred, []
        try:
            yield
        finally:
            pending, self._deferred = self._deferred, outer
            for container_id, namer in pending:
                self._finish(container_id, namer)

    def _dispose(self, container_id: str, namer: threading.Thread | None = None) -> None:
        if self._deferred is not None:
            self._deferred.append((container_id, namer))
        else:
            self._finish(container_id, namer)

    def _finish(self, container_id: str, namer: threading.Thread | None) -> None:
        if namer is not None and namer.ident is not None:
            namer.join()
        self._remove(container_id)

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

        ``everything`` removes them all, running or not; ``mine`` restricts to this worker
        (and to this sandbox's warm pool), ``labels`` to the runs that carry them (a
        submission whose grading process died: its warm container too). The pool's own
        janitor runs here as well: orphans of a crashed worker go at the next start.
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
        removed = len(leftovers)
        if self.pool is not None:
            api = self.client.api
            if labels:
                removed += self.pool.remove_jobs(api, labels)
            else:
                removed += self.pool.drain(api) if everything else self.pool.reap(api)
        return removed

    def drain(self, settle_s: float = 0.0) -> int:
        """Remove this sandbox's warm containers (at the platform's stop); return how many."""
        return self.pool.drain(self.client.api, settle_s) if self.pool is not None else 0

    def leftovers(self) -> list[str]:
        """Ids of this worker's run containers that still exist (none once every run returned).

        Idle warm containers are not leftovers; a claimed one still there is.
        """
        filters = {"label": [LABEL, f"tremplin.worker={self.worker_id}"]}
        found = [c["Id"] for c in self.client.api.containers(all=True, filters=filters)]
        if self.pool is not None:
            found += [
                c["Id"]
                for c in self.pool.containers(self.client.api)
                if not str((c.get("Names") or ["/"])[0]).lstrip("/").startswith("tremplin-warm-")
            ]
        return found


def available_runtimes(client: docker.DockerClient) -> list[str]:
    """The OCI runtimes registered with the engine (``runc``, and ``runsc`` once installed)."""
    return sorted(client.info().get("Runtimes", {}))


def _reconnect(ref: weakref.ref[DockerSandbox]) -> None:
    sandbox = ref()
    if sandbox is not None:
        if sandbox._client is not None:
            sandbox._api_version = sandbox._client.api.api_version
        sandbox._client = None
        sandbox._ping = False  # the parent reached the engine; spare the child a round trip
        sandbox._deferred = None


def _rename_quietly(api: docker.APIClient, container_id: str, name: str) -> None:
    try:
        api.rename(container_id, name)
    except _ENGINE_ERRORS as exc:
        log.warning("could not name container %s %s: %s", container_id[:12], name, exc)


def _is_leftover(info: dict, now: float) -> bool:
    labels = info.get("Labels") or {}
    try:
        deadline = float(labels.get("tremplin.deadline", "0"))
    except ValueError:
        deadline = 0.0
    stopped_long = info.get("State") != "running" and info.get("Created", 0) < now - REAP_GRACE_S
    return deadline < now or stopped_long
