"""Values and the protocol shared by every sandbox implementation.

This package imports neither Flask, SQLAlchemy nor rq: graders hand it a
``RunRequest`` and get a ``RunResult`` back.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Limits:
    """Resource limits of one sandboxed run."""

    timeout_s: float = 10.0
    memory_mb: int = 256
    cpus: float = 1.0
    pids: int = 64
    tmpfs_mb: int = 32
    output_kb: int = 64
    nofile: int = 256
    fsize_mb: int = 16

    def tightened(self, **overrides: float) -> Limits:
        """Return limits where each override may only lower the current value."""
        values = {}
        for name, value in overrides.items():
            if name not in self.__dataclass_fields__:
                raise ValueError(f"unknown limit {name!r}")
            current = getattr(self, name)
            if value <= 0:
                raise ValueError(f"limit {name} must be positive")
            values[name] = type(current)(min(current, value))
        return dataclasses.replace(self, **values)


@dataclass(frozen=True, slots=True)
class RunRequest:
    """What to run: an image, a command, and the files placed in its working directory.

    ``files`` are the job, handed over when the run starts. Without ``boot_files`` the
    command starts once they are in place. With ``boot_files`` (a kind's harness) the
    command starts first, with only the boot files beside it, possibly long before the job
    (a warm container): it must then read one line on its stdin, ``ok`` once the job's
    files are in place (anything else: they could not be unpacked), and print nothing
    before that line.

    ``last_line`` (optional): a line the command prints on stdout once it has reported
    everything. The run is over when it is read: the host reads no further and does not
    wait for the container to stop (it is removed, as always). The result's exit code is
    then None, and its memory verdict the engine's at that moment.
    """

    image: str
    command: tuple[str, ...]
    files: dict[str, bytes] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    labels: dict[str, str] = field(default_factory=dict)
    boot_files: dict[str, bytes] | None = None
    last_line: str | None = None


@dataclass(frozen=True, slots=True)
class RunResult:
    """What came out of a run, already capped and decoded."""

    exit_code: int | None  # None when the host ended the run (wall clock, or its last line)
    stdout: str
    stderr: str
    duration_s: float
    timed_out: bool = False
    oom_killed: bool = False
    output_truncated: bool = False
    container: str = ""  # short id of the container that ran it
    warm: bool = False  # True when the container was started before the job came


class Sandbox(Protocol):
    """Runs a request in isolation and always returns within its wall-clock limit."""

    def run(self, request: RunRequest) -> RunResult: ...


@dataclass(frozen=True, slots=True)
class LabelledSandbox:
    """A sandbox that adds context labels (such as the submission id) to every run."""

    inner: Sandbox
    labels: dict[str, str]

    def run(self, request: RunRequest) -> RunResult:
        """Run through the inner sandbox with the context labels added."""
        labels = {**request.labels, **self.labels}
        return self.inner.run(dataclasses.replace(request, labels=labels))

    def __getattr__(self, name: str) -> object:
        """Anything else (``client``, ``runtime``...) is the inner sandbox's."""
        if name == "inner":  # not set yet (copy, pickle): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)
