"""Code that runs inside the container, one convention for every kind.

A kind's in-container code (harness or driver) lives in a ``harness/`` folder next to
its grader. It is shipped with each run into ``/work/.harness/`` and started by the
harness's ``command`` before the job comes (possibly long before: a warm container). It
loads itself (Chromium too, for the web kinds), waits for one line on stdin (``ok``: the
job's files and ``.harness/job.json``, what to do and the per-run frame marker, are in
place), reads the job, deletes it, and only then loads or starts the learner's code; see
graders/README.md for why the learner, who runs with the same uid, can then neither read
the job nor change the harness.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sandbox.base import Limits, RunRequest
from sandbox.images import image_name

HARNESS_DIR = ".harness"
JOB_FILE = f"{HARNESS_DIR}/job.json"


@dataclass(frozen=True, slots=True)
class Harness:
    """A kind's in-container code: its runtime image, its files and how it starts."""

    runtime: str
    command: tuple[str, ...]
    files: Mapping[str, bytes]

    @classmethod
    def load(cls, folder: Path, runtime: str, command: tuple[str, ...]) -> Harness:
        """The files of ``folder`` (a kind's ``harness/``), to be shipped into ``.harness/``."""
        return cls(runtime, command, _read(folder))

    def request(
        self,
        kind: str,
        job_files: Mapping[str, bytes],
        job: Mapping[str, Any],
        limits: Limits,
        *,
        last_line: str | None = None,
    ) -> RunRequest:
        """One run: the harness boots first, then gets the job's files and its job.

        The harness may be started long before the job (a warm container): it reads one
        line on stdin, ``ok`` once the job's files and ``job.json`` are in place, and
        prints nothing before. A job file cannot replace the harness: it is already loaded.
        ``last_line``: the frame after which the run is over (see ``RunRequest``).
        """
        files = {n: c for n, c in job_files.items() if n.split("/")[0] != HARNESS_DIR}
        files[JOB_FILE] = json.dumps(job, ensure_ascii=True).encode()
        return RunRequest(
            image=image_name(self.runtime),
            command=self.command,
            files=files,
            limits=limits,
            labels={"tremplin.kind": kind},
            boot_files=dict(self.files),
            last_line=last_line,
        )


@functools.cache
def _read(folder: Path) -> dict[str, bytes]:
    return {
        f"{HARNESS_DIR}/{path.name}": path.read_bytes()
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix in (".py", ".js")
    }
