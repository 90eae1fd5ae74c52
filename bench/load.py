"""A class at once: load on a live platform, next to bare `docker run` baselines of the same run.

Starts Tremplin the README's way (`flask up`, with a database, a Redis server and a warm-pool
namespace of its own), then measures and prints each figure with the ratio issue 10 sets:

1. one `js-somme` on an idle platform (its pool full, done booting): submit-to-verdict p50,
   next to one bare `docker run --rm` of the same harness and files, also on an idle
   platform (target ≤ 0.5×);
2. the browser kinds (`html-premiere-page`, `css-titre-bleu`, `js-compteur`): verdict p50
   next to a bare `docker run` of Chromium rendering the same page (target ≤ 0.6×);
3. a class's burst, 15 learners × 3 `js-somme` sent at once: every verdict right, 0 lost,
   0 duplicated, p50/p95/p99 submit-to-verdict, wall time next to the same 45 runs done one
   after another with bare `docker run --rm` (target ≤ 0.5×); ``--kill-worker`` kill -9s a
   grading worker in the middle of it;
4. two minutes of mixed load (javascript, shell, html, css, dom), then javascript alone:
   verdicts per second (goal ≥ 4/s for javascript on 2 cores), RSS of the grading
   processes, memory of the pool's containers.

Then `flask up` is stopped with Ctrl-C, and no container of the platform may be left.
``--check`` exits with 1 when a verdict was lost, duplicated or wrong, or a container left
(never for a timing): CI runs it at ``--small`` size. ``--only`` runs some phases only
(``--only browser``: the browser kinds' figures, about a minute).

    .venv/bin/python bench/load.py [--small] [--kill-worker] [--check] [--only PHASE ...]
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import socket
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.live import DONE, Platform, Watcher, cpu_used, submit  # noqa: E402
from bench.sandbox import Recorder, bare_run  # noqa: E402
from bench.web_graders import bare_render, page_folder  # noqa: E402
from graders.registry import grader_for  # noqa: E402
from sandbox.engine import DockerSandbox  # noqa: E402
from sandbox.pool import RUNTIME_LABEL, WARM, PoolSettings, WarmPool, memory_used  # noqa: E402
from tremplin.content.loader import load_curriculum  # noqa: E402
from tremplin.pool import parse_sizes  # noqa: E402

MIXED = ("js-somme", "m3-ecrire-fichier", "html-premiere-page", "css-titre-bleu", "js-compteur")
BROWSER = ("html-premiere-page", "css-titre-bleu", "js-compteur")
RUNTIMES = {"js-somme": "node", "m3-ecrire-fichier": "shell"} | {s: "browser" for s in BROWSER}
PHASES = ("idle", "browser", "burst", "sustained")
QUIET_CPU = 0.05  # a waiting container using less of a CPU has booted (Chromium: 0.01)


@dataclass
class Outcome:
    """What the runs of one phase gave: latencies, and what went wrong."""

    latencies: list[float] = field(default_factory=list)
    sent: list[float] = field(default_factory=list)
    finished: list[float] = field(default_factory=list)
    lost: int = 0
    duplicated: int = 0
    wrong: int = 0

    def add(self, other: Outcome) -> None:
        """Count another phase's faults in this one."""
        self.lost += other.lost
        self.duplicated += other.duplicated
        self.wrong += other.wrong


class Bench:
    """The platform, its learners, the exercises' solutions, and what was seen."""

    def __init__(self, platform: Platform, learners: int) -> None:
        self.platform = platform
        self.tokens: Iterator[str] = itertools.cycle(platform.learners(learners))
        self.lock = threading.Lock()
        curriculum = {e.slug: e for e in load_curriculum(ROOT / "exercises").exercises}
        self.exercises = {slug: curriculum[slug] for slug in MIXED}
        sizes = parse_sizes(os.environ.get("SANDBOX_POOL", ""))
        self.pool = WarmPool(PoolSettings(sizes, ROOT / "instance" / "pool", platform.namespace))
        # The platform's OCI runtime (gVisor when registered): the bare runs use the same.
        configured = os.environ.get("SANDBOX_RUNTIME") or "auto"
        self.docker = DockerSandbox(worker_id=f"bench-{os.getpid()}", runtime=configured)
        self.docker.client  # noqa: B018 - resolves the runtime
        self.runtime = self.docker.runtime
        self.total = Outcome()
        self.watcher = Watcher(platform)
        self.workers_seen: set[int] = set(platform.workers())

    def token(self) -> str:
        """The next learner's token (round robin: each stays under the per-minute limit)."""
        with self.lock:
            return next(self.tokens)

    def solution(self, slug: str) -> dict[str, str]:
        """The exercise's reference solution."""
        return dict(self.exercises[slug].content["solution"])

    def run(self, slug: str, count: int = 1, timeout_s: float = 300) -> Outcome:
        """Send ``count`` submissions at once; wait for every verdict; latencies and faults."""
        files = self.solution(slug)
        with ThreadPoolExecutor(max(1, count)) as pool:
            sent = list(
                pool.map(lambda _: submit(self.platform, self.token(), slug, files), range(count))
            )
        seen = self.watcher.wait([i for i, _ in sent], timeout_s)
        outcome = Outcome(sent=[moment for _, moment in sent])
        for submission_id, moment in sent:
            status, graded, twice = seen[submission_id]
            if status not in DONE or graded is None:
                outcome.lost += 1
                continue
            outcome.latencies.append(graded - moment)
            outcome.finished.append(graded)
            outcome.wrong += status != "passed"
            outcome.duplicated += twice
        self.total.add(outcome)
        return outcome

    def bare_request(self, slug: str):
        """The RunRequest a grading of this solution makes (recorded from a real run)."""
        recorder = Recorder(self.docker)
        exercise = self.exercises[slug]
        grader_for(exercise.content["kind"]).grade(exercise.spec, self.solution(slug), recorder)
        return recorder.requests[0]

    def wait_warm(self, slug: str, timeout_s: float = 120) -> None:
        """Wait for an idle platform: the runtime's pool full, and done booting.

        A container refilled after a claim starts its runtime (Chromium...) while the next
        run, ours or bare, would share the machine with it: each waits until the waiting
        containers use almost no CPU.
        """
        runtime = RUNTIMES[slug]
        size = self.pool.settings.size(runtime)
        if size == 0:
            return
        api = self.docker.client.api
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            waiting = [
                c["Id"]
                for c in self.pool.containers(api)
                if c["Names"][0].lstrip("/").startswith(WARM)
                and c["Labels"].get(RUNTIME_LABEL) == runtime
                and c["State"] == "running"
            ]
            if len(waiting) >= size and cpu_used(api, waiting) < QUIET_CPU * len(waiting):
                return
            time.sleep(0.2)


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def p50(values: list[float]) -> float:
    """The median, or nan when there is nothing."""
    return statistics.median(values) if values else float("nan")


def verdict_line(target: str, ratio: float, limit: float) -> str:
    """« ratio 0.31× (target ≤ 0.5×: met) »."""
    met = "met" if ratio <= limit else f"MISSED by {ratio / limit - 1:.0%}"
    return f"ratio {ratio:.2f}× ({target} ≤ {limit}×: {met})"


def idle_phase(bench: Bench, runs: int) -> None:
    """One js-somme at a time on an idle platform, next to one bare run each."""
    request = bench.bare_request("js-somme")
    ours, bare = [], []
    for _ in range(runs):
        bench.wait_warm("js-somme")
        ours += bench.run("js-somme").latencies
        bench.wait_warm("js-somme")
        bare.append(bare_run(request, bench.runtime))
    ratio = p50(ours) / p50(bare)
    print(f"\n## 1. One js-somme on an idle platform ({runs} runs)")
    print(f"submit-to-verdict p50 {p50(ours):.3f} s, p95 {percentile(ours, 0.95):.3f} s")
    print(f"bare `docker run --rm` p50 {p50(bare):.3f} s; {verdict_line('p50', ratio, 0.5)}")


def browser_phase(bench: Bench, runs: int, slugs: tuple[str, ...] = BROWSER) -> None:
    """Each browser kind, one at a time, next to Chromium rendering the same page bare."""
    print(f"\n## 2. Browser kinds ({runs} runs each)")
    print(
        "| exercise | verdict p50 | bare Chromium render p50 | ratio |\n| --- | --- | --- | --- |"
    )
    for slug in slugs:
        exercise = bench.exercises[slug]
        folder = page_folder({**bench.solution(slug), **exercise.content["fixed_files"]})
        ours, bare = [], []
        for _ in range(runs):
            bench.wait_warm(slug)
            ours += bench.run(slug).latencies
            bench.wait_warm(slug)
            bare.append(bare_render(folder, bench.runtime))
        ratio = p50(ours) / p50(bare)
        print(
            f"| `{slug}` | {p50(ours):.2f} s | {p50(bare):.2f} s | {verdict_line('p50', ratio, 0.6)} |"
        )


def burst_phase(bench: Bench, learners: int, each: int) -> None:
    """A class sends at once, on an idle platform; then the same runs bare, in a row."""
    count = learners * each
    bench.wait_warm("js-somme")
    outcome = bench.run("js-somme", count)
    wall = max(outcome.finished, default=0) - min(outcome.sent)
    request = bench.bare_request("js-somme")
    bare_started = time.monotonic()
    for _ in range(count):
        bare_run(request, bench.runtime)
    bare_wall = time.monotonic() - bare_started
    lat = outcome.latencies
    print(f"\n## 3. Burst: {learners} learners × {each} js-somme at once ({count} submissions)")
    print(faults_line(outcome, count))
    if lat:
        print(
            f"submit-to-verdict p50 {p50(lat):.2f} s, p95 {percentile(lat, 0.95):.2f} s, "
            f"p99 {percentile(lat, 0.99):.2f} s; {len(lat) / wall:.2f} verdicts/s"
        )
    print(
        f"wall {wall:.2f} s; {count} bare `docker run --rm` in a row {bare_wall:.2f} s; "
        + verdict_line("wall", wall / bare_wall, 0.5)
    )


def faults_line(outcome: Outcome, count: int) -> str:
    """« right 45/45, lost 0, duplicated 0, wrong 0 »."""
    right = len(outcome.latencies) - outcome.wrong
    return (
        f"right {right}/{count}, lost {outcome.lost}, duplicated {outcome.duplicated}, "
        f"wrong {outcome.wrong}"
    )


def killed_burst_phase(bench: Bench, learners: int, each: int) -> None:
    """The burst again, with a grading worker killed (kill -9) in the middle of it."""
    count = learners * each
    bench.wait_warm("js-somme")
    killer = threading.Thread(target=kill_a_worker, args=(bench,), daemon=True)
    killer.start()
    outcome = bench.run("js-somme", count)
    killer.join()
    bench.workers_seen.update(bench.platform.workers())
    print("\n## 3b. The burst again, a grading worker killed with kill -9 during it")
    print(faults_line(outcome, count))


def kill_a_worker(bench: Bench) -> None:
    """kill -9 one grading worker once the burst is under way."""
    time.sleep(1.5)
    workers = bench.platform.workers()
    bench.workers_seen.update(workers)
    if not workers:
        print("(no worker to kill)")
        return
    os.kill(workers[0], signal.SIGKILL)
    print(f"(kill -9 worker {workers[0]})", flush=True)


def sustained_phase(bench: Bench, slugs: tuple[str, ...], seconds: float, clients: int) -> None:
    """Closed loop: ``clients`` learners submit, wait for their verdict, submit again."""
    begin, stop_at = time.time(), time.monotonic() + seconds
    finished: dict[str, list[float]] = {slug: [] for slug in slugs}
    memory: list[tuple[float, float, float]] = []

    def client(first: int) -> None:
        for slug in itertools.cycle(slugs[first % len(slugs) :] + slugs[: first % len(slugs)]):
            if time.monotonic() >= stop_at:
                return
            outcome = bench.run(slug)
            with bench.lock:
                finished[slug] += outcome.finished

    def sample() -> None:
        while time.monotonic() < stop_at:
            memory.append((bench.platform.worker_rss_mb(), *pool_memory(bench)))
            bench.workers_seen.update(bench.platform.workers())
            time.sleep(5)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    threads.append(threading.Thread(target=sample, daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads[:-1]:
        thread.join()
    names = ", ".join(slugs)
    print(f"\n## 4. Sustained load, {seconds:.0f} s, {clients} learners in a loop ({names})")
    # Verdicts given within the window, per second.
    done = {slug: sum(begin <= t <= begin + seconds for t in ts) for slug, ts in finished.items()}
    total = sum(done.values())
    per_kind = ", ".join(f"{slug} {n / seconds:.2f}/s" for slug, n in done.items())
    print(f"{total / seconds:.2f} verdicts/s ({per_kind})")
    if memory:
        rss, idle, busy = (max(column) for column in zip(*memory, strict=True))
        print(
            f"peak RSS of the grading processes {rss:.0f} MiB; pool containers: "
            f"idle {idle:.0f} MiB, busy {busy:.0f} MiB (peak)"
        )


def pool_memory(bench: Bench) -> tuple[float, float]:
    """Memory in use by the pool's idle containers and by its containers running a job (MiB)."""
    api = bench.docker.client.api
    idle = busy = 0.0
    for info in bench.pool.containers(api):
        used = memory_used(api, info["Id"])
        if info["Names"][0].lstrip("/").startswith(WARM):
            idle += used
        else:
            busy += used
    return idle, busy


def leftovers(bench: Bench) -> int:
    """Containers of the stopped platform still on the engine (its pool's, its workers')."""
    api = bench.docker.client.api
    found = len(bench.pool.containers(api))
    for pid in bench.workers_seen:
        label = f"tremplin.worker={socket.gethostname()}-{pid}"
        found += len(api.containers(all=True, filters={"label": label}))
    return found


def main() -> int:
    """Run the phases on one live platform; print the figures; 1 on a lost verdict (--check)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a few runs of each phase (CI)")
    parser.add_argument("--kill-worker", action="store_true", help="kill -9 a worker mid-burst")
    parser.add_argument("--check", action="store_true", help="exit 1 on a lost verdict")
    parser.add_argument(
        "--only", action="append", choices=PHASES, help="run this phase only (repeatable)"
    )
    args = parser.parse_args()
    platform = Platform()
    print(
        f"platform: {platform.url}, pool {os.environ.get('SANDBOX_POOL') or 'default'}, "
        f"{os.cpu_count()} CPUs; log in {platform.folder}",
        flush=True,
    )
    platform.start()
    bench = Bench(platform, learners=12 if args.small else 150)
    print(f"sandboxes and bare runs under {bench.runtime or 'runc'}", flush=True)
    try:
        run_phases(bench, set(args.only or PHASES), small=args.small, kill=args.kill_worker)
        bench.workers_seen.update(platform.workers())
    finally:
        platform.stop()
    left = leftovers(bench)
    faults = bench.total
    print(
        f"\nall phases: lost {faults.lost}, duplicated {faults.duplicated}, wrong {faults.wrong}; "
        f"containers left after `flask up` stopped: {left}"
    )
    return 1 if args.check and (faults.lost or faults.duplicated or faults.wrong or left) else 0


def run_phases(bench: Bench, phases: set[str], *, small: bool, kill: bool) -> None:
    """The phases asked for, in their order, at full or small size."""
    if "idle" in phases:
        idle_phase(bench, 2 if small else 10)
    if "browser" in phases:
        browser_phase(bench, 1, BROWSER[:1]) if small else browser_phase(bench, 5)
    if "burst" in phases:
        burst_phase(bench, 4 if small else 15, 2 if small else 3)
        if kill:
            killed_burst_phase(bench, 4 if small else 15, 2 if small else 3)
    if "sustained" in phases:
        sustained_phase(bench, MIXED, 10 if small else 120, 4 if small else 8)
        if not small:
            sustained_phase(bench, ("js-somme",), 60, 8)


if __name__ == "__main__":
    sys.exit(main())
