"""Sandbox overhead: a graded run per kind against a bare ``docker run --rm`` doing the same work.

For each kind, the first exercise of the curriculum whose solution passes is graded N times
through the real grader and DockerSandbox (hardened container, capped output, removal).
The RunRequests the grader made are recorded and replayed as bare ``docker run --rm -i``
with the same image, command and files (as root, no limits, default network), interleaved
with the sandboxed runs so both see the same machine load. Prints median and p95 wall
time, their ratio, and the peak RSS of this process, which runs the worker's code path.

    .venv/bin/python bench/sandbox.py [--runs 10] [--kind javascript ...]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graders.base import ExerciseSpec  # noqa: E402
from graders.registry import build_spec, grader_for  # noqa: E402
from graders.verdict import Status  # noqa: E402
from sandbox.base import RunRequest, RunResult, Sandbox  # noqa: E402
from sandbox.engine import DockerSandbox, pack_files  # noqa: E402
from sandbox.images import ensure_all  # noqa: E402
from tremplin.content.loader import load_curriculum  # noqa: E402

BARE_SCRIPT = 'mkdir -p /work && cd /work && tar -x -f - && exec "$@"'
# A harness (boot files) is told its job is in place by one line on stdin, as in the sandbox.
BARE_BOOT_SCRIPT = 'mkdir -p /work && cd /work && tar -x -f - && echo ok | "$@"'
EXERCISM_SPEC = build_spec(
    {
        "slug": "bench-exercism",
        "kind": "exercism",
        "files": ["somme.js"],
        "tests": {"runner": "exercism-demo", "slug": "somme"},
        "fixed_files": {
            "somme.spec.js": "const { somme } = require('./somme');\n"
            "test('somme', () => { expect(somme([1, 2, 3])).toBe(6); });\n"
        },
    }
)
EXERCISM_SOLUTION = {"somme.js": "exports.somme = (a) => a.reduce((x, y) => x + y, 0);"}


@dataclass
class Recorder:
    """A sandbox that remembers the requests it ran."""

    inner: Sandbox
    requests: list[RunRequest] = field(default_factory=list)

    def run(self, request: RunRequest) -> RunResult:
        """Record, then run for real."""
        self.requests.append(request)
        return self.inner.run(request)


def cases() -> dict[str, tuple[ExerciseSpec, dict[str, str]]]:
    """One passing submission per kind: the easiest exercise's reference solution."""
    found: dict[str, tuple[ExerciseSpec, dict[str, str]]] = {}
    exercises = sorted(load_curriculum(ROOT / "exercises").exercises, key=_difficulty)
    for exercise in exercises:
        if exercise.spec.kind not in found and exercise.content.get("solution"):
            found[exercise.spec.kind] = (exercise.spec, dict(exercise.content["solution"]))
    found["exercism"] = (EXERCISM_SPEC, EXERCISM_SOLUTION)
    return found


def _difficulty(exercise) -> tuple[int, str]:
    return (exercise.content.get("difficulty", 0), exercise.slug)


def bare_run(request: RunRequest, runtime: str | None = None) -> float:
    """Seconds for ``docker run --rm -i`` of the same image, command and files (harness too)."""
    payload = pack_files({**(request.boot_files or {}), **request.files})
    script = BARE_SCRIPT if request.boot_files is None else BARE_BOOT_SCRIPT
    command = ["docker", "run", "--rm", "-i", *runtime_option(runtime)]
    command += ["--entrypoint", "/bin/sh", request.image]
    started = time.perf_counter()
    subprocess.run(
        [*command, "-c", script, "bare", *request.command],
        input=payload,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started


def runtime_option(runtime: str | None) -> list[str]:
    """``--runtime …`` for a bare run under the same OCI runtime as the sandbox (gVisor)."""
    return ["--runtime", runtime] if runtime else []


def measure(
    kind: str, spec: ExerciseSpec, files: dict[str, str], sandbox: DockerSandbox, runs: int
):
    """Sandboxed and bare timings of one kind, or None when the kind runs no container."""
    grader = grader_for(kind)
    recorder = Recorder(sandbox)
    verdict = grader.grade(spec, files, recorder)  # warm-up, and the requests to replay
    if verdict.status is not Status.PASSED:
        raise SystemExit(f"{kind}: the reference solution of {spec.slug} did not pass: {verdict}")
    if not recorder.requests:
        return None
    requests = list(recorder.requests)
    sandboxed, bare = [], []
    for _ in range(runs):
        started = time.perf_counter()
        grader.grade(spec, files, sandbox)
        sandboxed.append(time.perf_counter() - started)
        bare.append(sum(bare_run(r) for r in requests))
    return sandboxed, bare


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    """Measure every kind (or those asked for) and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--kind", action="append", help="only this kind (repeatable)")
    parser.add_argument("--runtime", default=None, help="OCI runtime, e.g. runsc")
    args = parser.parse_args()
    sandbox = DockerSandbox(runtime=args.runtime, worker_id="bench")
    ensure_all(sandbox.client)
    print(f"runs per kind: {args.runs}, runtime: {args.runtime or 'runc (default)'}\n")
    print(
        "| kind | sandboxed median | p95 | bare `docker run --rm` median | p95 | ratio (median) |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for kind, (spec, files) in sorted(cases().items()):
        if args.kind and kind not in args.kind:
            continue
        timings = measure(kind, spec, files, sandbox, args.runs)
        if timings is None:
            print(f"| {kind} | no container (graded on the host) | | | | |")
            continue
        ours, bare = timings
        ratio = statistics.median(ours) / statistics.median(bare)
        print(
            f"| {kind} | {statistics.median(ours):.2f} s | {_p95(ours):.2f} s "
            f"| {statistics.median(bare):.2f} s | {_p95(bare):.2f} s | {ratio:.2f}× |",
            flush=True,
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of the grading process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
