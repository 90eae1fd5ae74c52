"""What the W3C checker adds to a verdict: time and memory, next to bare baselines.

Usage: .venv/bin/python bench/w3c.py [runs]   (default 10 runs of each, interleaved)
Prints the median and p95 of:
- the `html` verdict of html-squelette-valide's solution with its `w3c` check (the checker's
  container beside the browser's) and without it (the same spec, that check removed);
- the checker's own sandboxed run (validate()), and a bare `docker run --rm -i` of the `vnu`
  image checking the same page (as root, no limits, no harness);
then the peak memory of the checker's container (cgroup) on that page and on a page of
10 000 errors, and its task count.
"""

from __future__ import annotations

import dataclasses
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graders.registry import grader_for  # noqa: E402
from graders.web.w3c.validator import VNU_LIMITS, validate  # noqa: E402
from sandbox.base import RunRequest  # noqa: E402
from sandbox.engine import DockerSandbox  # noqa: E402
from sandbox.images import ensure_image, image_name  # noqa: E402
from tremplin.content.loader import load_curriculum  # noqa: E402

SLUG = "html-squelette-valide"
VNU_ARGS = "vnu --no-langdetect --errors-only --exit-zero-always --format json --stdout"
PEAK = (
    "cat /sys/fs/cgroup/memory.peak 2>/dev/null"
    " || cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes"
)


def _stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[round(0.95 * (len(ordered) - 1))]


def _timed(action: Callable[[], object]) -> float:
    started = time.monotonic()
    action()
    return time.monotonic() - started


def _bare(page: bytes) -> None:
    """`docker run --rm -i` of the vnu image on the page: no harness, no limits, root."""
    subprocess.run(
        ["docker", "run", "--rm", "-i", "--network", "none", image_name("vnu"), "sh", "-c",
         f"cat > /tmp/index.html && {VNU_ARGS} /tmp/index.html > /dev/null"],
        input=page, check=True, capture_output=True,
    )  # fmt: skip


def _peak(sandbox: DockerSandbox, page: bytes) -> str:
    """Peak memory (MiB) and tasks of the checker's container under its limits."""
    command = (
        f"{VNU_ARGS} index.html > /dev/null & sleep 0.7; ls /proc/$!/task | wc -l; wait; {PEAK}"
    )
    result = sandbox.run(
        RunRequest(image_name("vnu"), ("sh", "-c", command), {"index.html": page}, VNU_LIMITS)
    )
    tasks, peak = result.stdout.split()[:2]
    return f"peak {int(peak) / 2**20:.0f} MiB, {tasks} tasks (java) at 0.7 s"


def main(runs: int) -> None:
    """Interleave the four measurements ``runs`` times and print their figures."""
    sandbox = DockerSandbox(worker_id="bench-w3c")
    for runtime in ("browser", "vnu"):
        ensure_image(sandbox.client, runtime)
    loaded = next(e for e in load_curriculum(ROOT / "exercises").exercises if e.slug == SLUG)
    spec, files = loaded.spec, loaded.content["solution"]
    without = dataclasses.replace(
        spec,
        tests=dataclasses.replace(
            spec.tests, checks=tuple(c for c in spec.tests.checks if c.assertion != "w3c")
        ),
    )
    page = files["index.html"].encode()
    grader = grader_for("html")
    measures: dict[str, Callable[[], object]] = {
        "verdict with the w3c check": lambda: grader.grade(spec, files, sandbox),
        "verdict without it": lambda: grader.grade(without, files, sandbox),
        "checker's sandboxed run": lambda: validate(
            {"index.html": page},
            ["index.html"],
            warnings=False,
            limits=VNU_LIMITS,
            sandbox=sandbox,
        ),  # fmt: skip
        "bare docker run of vnu": lambda: _bare(page),
    }
    samples: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, action in measures.items():
            samples[name].append(_timed(action))
    print(f"{SLUG}, {runs} runs each, interleaved")
    for name, values in samples.items():
        median, p95 = _stats(values)
        print(f"  {name:28} median {median:5.2f} s   p95 {p95:5.2f} s")
    added = statistics.median(samples["verdict with the w3c check"]) - statistics.median(
        samples["verdict without it"]
    )
    ratio = statistics.median(samples["checker's sandboxed run"]) / statistics.median(
        samples["bare docker run of vnu"]
    )
    print(f"  added to the verdict (medians): {added:+.2f} s; checker sandboxed/bare: {ratio:.2f}x")
    flood = b"<!DOCTYPE html><html lang=fr><title>x</title>" + b"</x>\n" * 10_000
    print(f"  memory, solution page: {_peak(sandbox, page)}")
    print(f"  memory, 10 000 errors: {_peak(sandbox, flood)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
