"""What a warm container is started for: its spec, and the specs this host asked for lately.

A spec is everything a container is created and started with (image, command, boot files,
the limits the engine enforces): two requests with the same spec can use the same kind of
warm container, whatever their job. The limits the host enforces (wall clock, output) are
not part of it, they are applied at hand-over.

Only requests that boot first (``RunRequest.boot_files``: a kind's harness) are warmed.
Which specs are in use is written down in a folder per host (``Demand``): every run notes
its spec there, the refiller of the host reads it back; the specs not used for a while are
drained. The folder is the only state of a pool outside the engine.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from sandbox.base import Limits, RunRequest

log = logging.getLogger(__name__)

# Limits applied by the host at hand-over, not by the engine at creation.
HOST_LIMITS = ("timeout_s", "output_kb")
TOUCH_EVERY_S = 10.0


@dataclass(frozen=True, slots=True)
class WarmSpec:
    """A kind of warm container: its key, its runtime (the pool it counts in), its request."""

    key: str
    runtime: str
    request: RunRequest

    @property
    def memory_mb(self) -> int:
        """The memory limit of one such container."""
        return self.request.limits.memory_mb


def runtime_of(image: str) -> str:
    """The runtime an image serves: ``tremplin-node:0123abcd`` → ``node``."""
    name = image.rsplit("/", 1)[-1].split(":", 1)[0]
    return name.removeprefix("tremplin-")


def spec_of(request: RunRequest, oci_runtime: str | None) -> WarmSpec | None:
    """The spec of a request that can run in a warm container, or None."""
    if request.boot_files is None:
        return None
    engine_limits = {
        k: v for k, v in dataclasses.asdict(request.limits).items() if k not in HOST_LIMITS
    }
    described = {
        "image": request.image,
        "command": list(request.command),
        "boot": {n: hashlib.sha256(c).hexdigest() for n, c in sorted(request.boot_files.items())},
        "limits": engine_limits,
        "oci": oci_runtime or "",
    }
    key = hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()[:16]
    bare = RunRequest(
        image=request.image,
        command=tuple(request.command),
        limits=request.limits,
        boot_files=dict(request.boot_files),
    )
    return WarmSpec(key, runtime_of(request.image), bare)


class Demand:
    """The specs this host ran lately: one JSON file per spec, its mtime the last use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._touched: dict[str, float] = {}

    def note(self, spec: WarmSpec) -> None:
        """Record that a run wanted this spec now (cheap: at most one touch per 10 s)."""
        now = time.monotonic()
        if now - self._touched.get(spec.key, -TOUCH_EVERY_S) < TOUCH_EVERY_S:
            return
        self._touched[spec.key] = now
        path = self.folder / f"{spec.key}.json"
        try:
            if path.exists():
                os.utime(path)
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(_dump(spec)))
            temporary.replace(path)
        except OSError as exc:
            log.warning("cannot note the warm spec %s in %s: %s", spec.key, self.folder, exc)

    def active(self, window_s: float) -> list[tuple[WarmSpec, float]]:
        """Specs used within the window, with the time of their last use, latest first."""
        found = []
        horizon = time.time() - window_s
        for path in self.folder.glob("*.json"):
            try:
                used = path.stat().st_mtime
                if used < horizon:
                    continue
                found.append((_load(json.loads(path.read_text())), used))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("unreadable warm spec %s, forgotten: %s", path.name, exc)
                path.unlink(missing_ok=True)
        return sorted(found, key=lambda pair: -pair[1])

    def forget(self, key: str) -> None:
        """Stop warming a spec (its image is gone)."""
        (self.folder / f"{key}.json").unlink(missing_ok=True)
        self._touched.pop(key, None)


def _dump(spec: WarmSpec) -> dict:
    request = spec.request
    return {
        "key": spec.key,
        "runtime": spec.runtime,
        "image": request.image,
        "command": list(request.command),
        "limits": dataclasses.asdict(request.limits),
        "boot_files": {
            name: base64.b64encode(content).decode("ascii")
            for name, content in (request.boot_files or {}).items()
        },
    }


def _load(data: dict) -> WarmSpec:
    request = RunRequest(
        image=str(data["image"]),
        command=tuple(str(part) for part in data["command"]),
        limits=Limits(**data["limits"]),
        boot_files={n: base64.b64decode(c) for n, c in data["boot_files"].items()},
    )
    return WarmSpec(str(data["key"]), str(data["runtime"]), request)
