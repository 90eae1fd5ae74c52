"""Run the W3C's Nu Html Checker on a submission's files, in the `vnu` sandbox image.

The checker gets its own container (image `vnu`: Debian's Java and vnu.jar), beside the
browser's, with limits sized for a JVM. Its harness reports, per file, how many errors and
warnings the checker found and the first of them (line, column, the checker's English
message); the host explains them in French (``graders.web.w3c.messages``) and decides.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graders.errors import GraderError
from graders.frames import new_marker, read_frames
from graders.harness import Harness
from sandbox.base import Limits, RunResult, Sandbox

HARNESS = Harness.load(
    Path(__file__).parent / "harness", "vnu", ("python3", "-I", ".harness/vnu.py")
)
# A JVM: about 14 tasks, a heap of half the memory (the image's `vnu` launcher). No learner
# code runs there and the checker is cut after 200 messages, so its time is bounded by the
# page's size (256 KiB at most: under 5 s of CPU); past 30 s, the machine is overloaded.
VNU_LIMITS = Limits(timeout_s=30, memory_mb=384, pids=48, tmpfs_mb=32)
MARGIN_S = 3.0


@dataclass(frozen=True, slots=True)
class Remark:
    """One message of the checker: where, and what (the checker's own English words)."""

    line: int
    column: int
    message: str
    warning: bool = False


@dataclass(frozen=True, slots=True)
class FileReport:
    """What the checker said of one file; counts are lower bounds when not ``complete``."""

    errors: int
    warnings: int
    remarks: tuple[Remark, ...]
    complete: bool = True


@dataclass(frozen=True, slots=True)
class Report:
    """The checker's reports per file, why it was stopped early ("" when it was not), and
    whether its warnings were asked for."""

    files: Mapping[str, FileReport]
    stopped: str = ""
    warnings: bool = False


def validate(
    files: Mapping[str, bytes],
    names: list[str],
    *,
    warnings: bool,
    sandbox: Sandbox,
    limits: Limits = VNU_LIMITS,
) -> Report:
    """Check ``names`` (HTML pages and CSS stylesheets among ``files``) with the W3C checker.

    Its limits are its own, not the exercise's: no learner code runs there, and a checker
    that runs out of time is the platform's fault (GraderError: the job is retried).
    """
    marker = new_marker()
    job = {
        "files": names,
        "warnings": warnings,
        "budget_s": max(limits.timeout_s - MARGIN_S, 1.0),
        "marker": marker,
    }
    result = sandbox.run(HARNESS.request("w3c", files, job, limits))
    return dataclasses.replace(read_report(result, marker), warnings=warnings)


def read_report(result: RunResult, marker: str) -> Report:
    """The harness's frames as a report: memory is the page's fault, time the platform's."""
    if result.oom_killed:
        return Report({}, "memory")
    frames = read_frames(result.stdout, marker)
    end = next((f for f in frames if f.get("t") == "end"), None)
    if end is None or end.get("stopped") == "time":
        why = "did not finish in time (overloaded?)" if result.timed_out or end else "failed"
        raise GraderError(f"W3C checker {why}: {result.stderr[-500:]}")
    reports = {
        str(f["file"]): _file_report(f)
        for f in frames
        if f.get("t") == "w3c" and isinstance(f.get("file"), str)
    }
    stopped = str(end.get("stopped") or "")
    if stopped == "failed":
        raise GraderError(f"W3C checker failed: {str(end.get('detail'))[-500:]}")
    return Report(reports, stopped)


def _file_report(frame: dict[str, Any]) -> FileReport:
    remarks = tuple(
        Remark(
            line=_int(m.get("line")),
            column=_int(m.get("column")),
            message=str(m.get("message", "")),
            warning=m.get("type") == "warning",
        )
        for m in frame.get("messages") or []
        if isinstance(m, dict)
    )
    return FileReport(
        errors=_int(frame.get("errors")),
        warnings=_int(frame.get("warnings")),
        remarks=remarks,
        complete=frame.get("complete") is True,
    )


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
