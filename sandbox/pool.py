"""Warm single-use containers: one pool per host, claimed atomically in the engine.

**Who owns a pool.** The host (its engine and its state folder), not a worker process. Every
grading process of the host claims from it; one of them, whichever holds the host's refill
lock (``sandbox/refill.py``), refills it and removes what is stale. One pool per worker
process was the other choice; it loses on every count: N workers would keep N pools (N times
the memory, each too shallow for a class's burst), RQ grades in a forked work horse that
cannot give a container back to its parent, and a killed worker would orphan a whole pool.
Per host, a worker's crash costs at most the one container it was using, the pool's depth
serves the whole host, and its memory is bounded once. Each host's engine has its own pool.

**The engine is the source of truth**; no process keeps pool state:

- idle: ``tremplin-warm-<namespace>-<runtime>-<slot>``, running, labelled with the pool's
  namespace, spec, runtime and memory limit. Slot names are fixed, so two refillers can never
  hold more than ``size`` containers of a runtime (creating a taken slot is refused).
- claimed: a job renames it ``tremplin-used-<id>``, naming it by its **warm name**, not its
  id: the engine resolves the name at the rename, so once a container was claimed (whatever
  it was renamed to since) no stale listing can take it again; of two processes claiming the
  same container, only one succeeds. A container never serves two jobs. (Naming it by id
  was not enough: a job renames its container once more while it runs, after which a rename
  by id from a listing made before the claim succeeded a second time.)
- running its job: renamed ``tremplin-job-<deadline>-<pid>-<submission>-<id>`` once the job
  is handed over (off the clock), so the janitor knows when it must be over and whose it is;
  it is removed by its job, or by the janitor once its deadline passed or its process died.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests.exceptions
from docker import APIClient
from docker.errors import APIError, NotFound

from sandbox import container
from sandbox.base import RunRequest
from sandbox.errors import ImageMissingError, SandboxError
from sandbox.warm import Demand, WarmSpec, spec_of

log = logging.getLogger(__name__)

POOL_LABEL = "tremplin.pool"
SPEC_LABEL = "tremplin.spec"
RUNTIME_LABEL = "tremplin.runtime"
MEMORY_LABEL = "tremplin.memory-mb"
WARM, USED, JOB = "tremplin-warm-", "tremplin-used-", "tremplin-job-"
JOB_GRACE_S = 30  # past its wall clock, a job's container is killed by its job; then by us
USED_GRACE_S = 60  # a claimed container is renamed to a job's within milliseconds
STARTING_GRACE_S = 30  # a warm container being created is not running yet
_ENGINE_ERRORS = (APIError, requests.exceptions.RequestException)


@dataclass(frozen=True, slots=True)
class PoolSettings:
    """How many warm containers per runtime, where the host's pool state lives, and bounds."""

    sizes: Mapping[str, int]
    state_dir: Path
    namespace: str
    memory_mb: int = 3072  # the memory limits of all idle containers together, at most
    idle_ttl_s: float = 1800.0  # an idle container older than this is replaced
    demand_s: float = 3600.0  # a spec no run asked for in this long is drained

    def size(self, runtime: str) -> int:
        """Warm containers kept for a runtime (0: none, every run starts its own)."""
        return max(0, int(self.sizes.get(runtime, 0)))


@dataclass(frozen=True, slots=True)
class PoolStatus:
    """One runtime's pool as the engine sees it."""

    runtime: str
    size: int
    idle: int
    jobs: int
    memory_limit_mb: int
    memory_used_mb: float | None = None


@dataclass
class WarmPool:
    """Claims, refills and cleans one host's warm containers on one engine."""

    settings: PoolSettings
    oci_runtime: str | None = None
    demand: Demand = field(init=False)
    _used_seen: dict[str, float] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.demand = Demand(self.settings.state_dir / "specs")

    @property
    def namespace(self) -> str:
        """The pool's label value and name part: one per host and instance."""
        return self.settings.namespace

    def spec_for(self, request: RunRequest) -> WarmSpec | None:
        """The request's spec when its runtime keeps warm containers, else None."""
        spec = spec_of(request, self.oci_runtime)
        if spec is None or self.settings.size(spec.runtime) == 0:
            return None
        return spec

    def claim(self, api: APIClient, spec: WarmSpec) -> str | None:
        """Take one idle container of this spec for a job (atomic); its id, or None."""
        filters = {"label": [self._mine(), f"{SPEC_LABEL}={spec.key}"], "status": "running"}
        return self.claim_listed(api, api.containers(filters=filters))

    def claim_listed(self, api: APIClient, found: list[dict[str, Any]]) -> str | None:
        """Take the oldest idle container of a listing that no one took since; its id."""
        for info in sorted((c for c in found if _name(c).startswith(WARM)), key=_created):
            if _take(api, info):
                return str(info["Id"])
        return None

    def job_name(self, container_id: str, deadline: float, labels: Mapping[str, str]) -> str:
        """The name of a claimed container once its job runs: deadline, process, submission."""
        submission = _submission_tag(labels)
        return f"{JOB}{int(deadline)}-{os.getpid()}-{submission}-{container_id[:12]}"

    def refill_once(self, api: APIClient) -> bool:
        """Start one warm container where one is missing; True if it started one."""
        specs = self.demand.active(self.settings.demand_s)
        if not specs:
            return False
        warm = [c for c in self.containers(api) if _name(c).startswith(WARM)]
        choice = self._next_slot(warm, specs)
        if choice is None:
            return False
        spec, slot = choice
        self._start(api, spec, slot)
        return True

    def _next_slot(
        self, warm: list[dict], specs: list[tuple[WarmSpec, float]]
    ) -> tuple[WarmSpec, int] | None:
        """The emptiest runtime's most wanted spec and its first free slot, within budget."""
        in_budget = self.settings.memory_mb - sum(_memory(c) for c in warm)
        choices = []
        for runtime in {spec.runtime for spec, _ in specs}:
            size = self.settings.size(runtime)
            present = [c for c in warm if _labels(c).get(RUNTIME_LABEL) == runtime]
            if len(present) >= size:
                continue
            idle = Counter(_labels(c).get(SPEC_LABEL) for c in present)
            wanted = [(idle[s.key], -used, s) for s, used in specs if s.runtime == runtime]
            spec = min(wanted, key=lambda item: item[:2])[2]
            if spec.memory_mb > in_budget:
                continue
            taken = {_name(c).rsplit("-", 1)[-1] for c in present}
            slot = next(n for n in range(size) if str(n) not in taken)
            choices.append((len(present) / size, spec, slot))
        if not choices:
            return None
        _, spec, slot = min(choices, key=lambda item: item[0])
        return spec, slot

    def _start(self, api: APIClient, spec: WarmSpec, slot: int) -> None:
        now = time.time()
        labels = {
            container.LABEL: "1",
            "tremplin.worker": f"pool-{self.namespace}",
            "tremplin.deadline": str(int(now + self.settings.idle_ttl_s + 600)),
            POOL_LABEL: self.namespace,
            SPEC_LABEL: spec.key,
            RUNTIME_LABEL: spec.runtime,
            MEMORY_LABEL: str(spec.memory_mb),
        }
        name = f"{WARM}{self.namespace}-{spec.runtime}-{slot}"
        try:
            created = container.create(
                api, spec.request, name=name, labels=labels, runtime=self.oci_runtime
            )
        except ImageMissingError:
            log.info("warm spec %s: image %s is gone, forgotten", spec.key, spec.request.image)
            self.demand.forget(spec.key)
            return
        try:
            api.start(created)
        except _ENGINE_ERRORS as exc:
            _remove(api, created)
            raise SandboxError(f"cannot start warm container {name}: {exc}") from exc

    def containers(self, api: APIClient) -> list[dict[str, Any]]:
        """Every container of this pool (idle, claimed, running a job), any state."""
        try:
            return list(api.containers(all=True, filters={"label": [self._mine()]}))
        except _ENGINE_ERRORS as exc:
            raise SandboxError(f"cannot list the warm pool: {exc}") from exc

    def reap(self, api: APIClient) -> int:
        """Remove what is stale: stopped, too old, unwanted, over size, orphaned; how many."""
        now = time.time()
        wanted = {spec.key for spec, _ in self.demand.active(self.settings.demand_s)}
        found = self.containers(api)
        removed = 0
        for info in found:
            if self._stale(info, now, wanted) and self._take_and_remove(api, info):
                removed += 1
        alive = {c["Id"] for c in found}
        self._used_seen = {k: v for k, v in self._used_seen.items() if k in alive}
        return removed

    def drain(self, api: APIClient, settle_s: float = 0.0) -> int:
        """Remove every container of the pool except the jobs still running; how many.

        With ``settle_s``, keep looking until none has appeared for that long (30 s at most):
        a refiller killed while the engine was creating a container leaves that creation in
        flight, and it lands after a single pass.
        """
        removed = self._drain_once(api)
        quiet_since = time.monotonic()
        give_up = quiet_since + 30.0
        while time.monotonic() - quiet_since < settle_s and time.monotonic() < give_up:
            time.sleep(0.5)
            found = self._drain_once(api)
            if found:
                removed += found
                quiet_since = time.monotonic()
        return removed

    def _drain_once(self, api: APIClient) -> int:
        now = time.time()
        found = self.containers(api)
        doomed = [c for c in found if not _name(c).startswith(JOB) or _job_over(c, now)]
        return sum(self._take_and_remove(api, c) for c in doomed)

    def remove_jobs(self, api: APIClient, labels: Mapping[str, str]) -> int:
        """Remove the containers running the job of a submission (its grader died); how many."""
        submission = _submission_tag(labels)
        doomed = [
            c
            for c in self.containers(api)
            if _name(c).startswith(JOB) and _name(c).split("-")[-2] == submission
        ]
        return sum(_remove(api, c["Id"]) for c in doomed)

    def status(self, api: APIClient, *, memory: bool = False) -> list[PoolStatus]:
        """Per runtime: size, idle and busy containers, memory (limits, and usage if asked)."""
        found = self.containers(api)
        runtimes = sorted({r for r, n in self.settings.sizes.items() if n} | _runtimes(found))
        report = []
        for runtime in runtimes:
            mine = [c for c in found if _labels(c).get(RUNTIME_LABEL) == runtime]
            idle = [c for c in mine if _name(c).startswith(WARM) and c.get("State") == "running"]
            used = sum(memory_used(api, c["Id"]) for c in idle) if memory else None
            report.append(
                PoolStatus(
                    runtime=runtime,
                    size=self.settings.size(runtime),
                    idle=len(idle),
                    jobs=len(mine) - len(idle),
                    memory_limit_mb=sum(_memory(c) for c in idle),
                    memory_used_mb=used,
                )
            )
        return report

    def _stale(self, info: dict[str, Any], now: float, wanted: set[str]) -> bool:
        name, labels = _name(info), _labels(info)
        if name.startswith(WARM):
            runtime = labels.get(RUNTIME_LABEL, "")
            slot = name.rsplit("-", 1)[-1]
            state = info.get("State")
            return (
                state in ("exited", "dead")
                or (state != "running" and _created(info) < now - STARTING_GRACE_S)
                or _created(info) < now - self.settings.idle_ttl_s
                or labels.get(SPEC_LABEL) not in wanted
                or not slot.isdigit()
                or int(slot) >= self.settings.size(runtime)
            )
        if name.startswith(JOB):
            return _job_over(info, now)
        first_seen = self._used_seen.setdefault(info["Id"], now)
        return first_seen < now - USED_GRACE_S

    def _take_and_remove(self, api: APIClient, info: dict[str, Any]) -> bool:
        """Claim an idle container first (a job may be taking it), then remove it."""
        if _name(info).startswith(WARM) and not _take(api, info):
            return False
        return _remove(api, info["Id"])

    def _mine(self) -> str:
        return f"{POOL_LABEL}={self.namespace}"


def _submission_tag(labels: Mapping[str, str]) -> str:
    """The submission a run's labels name, as a container name part (``x``: none)."""
    submission = "".join(c for c in labels.get("tremplin.submission", "") if c.isalnum())
    return submission[:20] or "x"


def _job_over(info: dict[str, Any], now: float) -> bool:
    """A job's container past its deadline, or whose process is gone."""
    parts = _name(info)[len(JOB) :].split("-")
    try:
        deadline, pid = float(parts[0]), int(parts[1])
    except (IndexError, ValueError):
        return True
    return deadline < now or not _process_alive(pid)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _take(api: APIClient, info: dict[str, Any]) -> bool:
    """Claim the idle container a listing showed, by its warm name; False if already taken.

    The slot's name may have been given to a new container since the listing (the first one
    was claimed and the slot refilled): that one is not the container chosen, and its spec
    may differ, so it is removed (it never ran anything) and the claim fails.
    """
    used = USED + info["Id"][:16]
    if not _rename(api, _name(info), used):
        return False
    try:
        renamed = api.inspect_container(used)["Id"]
    except _ENGINE_ERRORS:
        return False
    if renamed != info["Id"]:
        _remove(api, renamed)
        return False
    return True


def _rename(api: APIClient, container_id: str, name: str) -> bool:
    try:
        api.rename(container_id, name)
    except _ENGINE_ERRORS:
        return False  # someone else renamed it first, or it is gone
    return True


def _remove(api: APIClient, container_id: str) -> bool:
    try:
        api.remove_container(container_id, force=True, v=True)
    except NotFound:
        return False
    except _ENGINE_ERRORS as exc:
        log.warning("could not remove warm container %s: %s", container_id[:12], exc)
        return False
    return True


def memory_used(api: APIClient, container_id: str) -> float:
    """Memory in use (MiB) as ``docker stats`` counts it: without the inactive file cache."""
    try:
        stats = api.stats(container_id, stream=False, one_shot=True).get("memory_stats", {})
    except _ENGINE_ERRORS:
        return 0.0
    detail = stats.get("stats", {})
    cache = detail.get("total_inactive_file", detail.get("inactive_file", 0))
    return max(0, stats.get("usage", 0) - cache) / (1 << 20)


def _name(info: dict[str, Any]) -> str:
    names = info.get("Names") or ["/"]
    return str(names[0]).lstrip("/")


def _labels(info: dict[str, Any]) -> dict[str, str]:
    return info.get("Labels") or {}


def _created(info: dict[str, Any]) -> float:
    return float(info.get("Created", 0))


def _memory(info: dict[str, Any]) -> int:
    value = _labels(info).get(MEMORY_LABEL, "0")
    return int(value) if value.isdigit() else 0


def _runtimes(found: list[dict[str, Any]]) -> set[str]:
    return {_labels(c)[RUNTIME_LABEL] for c in found if _labels(c).get(RUNTIME_LABEL)}
