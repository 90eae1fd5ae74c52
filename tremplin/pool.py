"""The warm sandbox pool as the platform runs it: settings, warm-up, life cycle.

``SANDBOX_POOL`` says how many warm containers each runtime keeps on this host
(``node=4,shell=2,browser=2``; ``0`` turns the pool off: every run starts its own
container, as before). The pool belongs to the host (see ``sandbox/pool.py``): its
namespace is derived from the host name, the instance folder and the engine
(``DOCKER_HOST``), its state lives in ``instance/pool/<namespace>/``. Grading workers claim from it and one of them refills it; ``flask up``
empties it at start and at stop.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from pathlib import Path
from typing import Any

from flask import Flask

from graders.errors import GraderError
from graders.registry import build_spec, grader_for
from sandbox.errors import SandboxError
from sandbox.pool import PoolSettings
from tremplin.backends import backends
from tremplin.catalog import active_exercises

log = logging.getLogger(__name__)

RUNTIMES = ("node", "shell", "browser")


class PoolConfigError(ValueError):
    """``SANDBOX_POOL`` cannot be read; the message says what is expected."""


def default_sizes(cpus: int | None = None) -> dict[str, int]:
    """Sized to the machine: per CPU, two Node containers, one shell, one browser."""
    cpus = max(1, cpus or os.cpu_count() or 1)
    return {"node": 2 * cpus, "shell": cpus, "browser": cpus}


def parse_sizes(value: str, cpus: int | None = None) -> dict[str, int]:
    """``SANDBOX_POOL``: empty for the defaults, ``0`` for none, or ``runtime=n`` pairs."""
    text = value.strip()
    sizes = default_sizes(cpus)
    if not text:
        return sizes
    if text in ("0", "off"):
        return {runtime: 0 for runtime in sizes}
    for part in text.replace(" ", ",").split(","):
        if not part:
            continue
        runtime, _, number = part.partition("=")
        if runtime not in RUNTIMES or not number.isdigit():
            raise PoolConfigError(
                f"SANDBOX_POOL: {part!r} is not runtime=number "
                f"(runtimes: {', '.join(RUNTIMES)}; 0 turns the pool off)"
            )
        sizes[runtime] = int(number)
    return sizes


def pool_settings(config: dict[str, Any], instance_path: Path) -> PoolSettings | None:
    """The host's pool, or None when every size is 0."""
    sizes = parse_sizes(str(config.get("SANDBOX_POOL") or ""))
    if not any(sizes.values()):
        return None
    # One pool per host, instance and engine: two engines of one host never share a pool.
    place = f"{socket.gethostname()}:{instance_path.resolve()}:{os.environ.get('DOCKER_HOST', '')}"
    chosen = "".join(c for c in str(config.get("SANDBOX_POOL_NAMESPACE") or "") if c.isalnum())
    namespace = chosen[:16] or hashlib.sha1(place.encode()).hexdigest()[:10]
    return PoolSettings(
        sizes=sizes,
        state_dir=instance_path / "pool" / namespace,
        namespace=namespace,
        memory_mb=int(config.get("SANDBOX_POOL_MEMORY_MB") or 4096),
    )


def warm_up(app: Flask) -> int:
    """Tell the pool what the curriculum's exercises boot with; how many kinds of runs."""
    sandbox = backends(app).sandbox
    expect = getattr(sandbox, "expect", None)
    if expect is None or getattr(sandbox, "pool", None) is None:
        return 0
    with app.app_context():
        requests = []
        for exercise in active_exercises():
            if exercise.current_version is None:
                continue
            content = exercise.current_version.content
            try:
                request = grader_for(content["kind"]).boot_request(build_spec(content))
            except GraderError:
                continue  # logged where the page shows it; graded as a platform fault
            if request is not None:
                requests.append(request)
    return int(expect(requests))


def start(app: Flask) -> None:
    """In a grading worker: warm up, and refill the host's pool while this process runs."""
    refiller = getattr(backends(app).sandbox, "refiller", None)
    if refiller is None:
        return
    try:
        kinds = warm_up(app)
    except SandboxError as exc:
        log.warning("warm pool: %s", exc)
        kinds = 0
    log.info("warm pool: %s kind(s) of runs kept warm", kinds)
    refiller.start()


def stop(app: Flask) -> None:
    """In a grading worker that stops: stop refilling (the pool stays for the others)."""
    refiller = getattr(backends(app).sandbox, "refiller", None)
    if refiller is not None:
        refiller.stop()


def drain(app: Flask, settle_s: float = 0.0) -> int:
    """Remove the host's warm containers (the platform starts or stops); how many.

    At a stop, ``settle_s`` also catches what a killed refiller was still creating.
    """
    empty = getattr(backends(app).sandbox, "drain", None)
    if empty is None:
        return 0
    try:
        return int(empty(settle_s))
    except SandboxError as exc:
        log.warning("warm pool: could not drain: %s", exc)
        return 0
