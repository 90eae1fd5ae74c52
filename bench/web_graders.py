"""Time to a verdict of the three web anchors (one worker), next to a bare `docker run`.

Usage: .venv/bin/python bench/web_graders.py [runs]   (default 10 runs per exercise)
Prints the median and p95 of: the full grader (container + Chromium + checks + host
comparison) for each anchor's reference solution, and a bare `docker run` of the same
image where headless Chromium only renders the same page (--dump-dom).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sandbox import runtime_option  # noqa: E402
from graders.registry import grader_for  # noqa: E402
from graders.web.harness.cdp import FLAGS  # noqa: E402
from sandbox.engine import DockerSandbox  # noqa: E402
from sandbox.images import ensure_image, image_name  # noqa: E402
from tremplin.content.loader import load_curriculum  # noqa: E402

ANCHORS = ("html-premiere-page", "css-titre-bleu", "js-compteur")


def _stats(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):5.2f} s   p95 {p95:5.2f} s"


def page_folder(files: dict[str, str]) -> Path:
    """A temporary folder holding a page's files, readable by the sandbox user."""
    folder = Path(tempfile.mkdtemp(prefix="tremplin-page-"))
    folder.chmod(0o755)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
        path.write_text(text)
        path.chmod(0o644)
    return folder


def bare_render(page_dir: Path, runtime: str | None = None) -> float:
    """`docker run` of the browser image rendering the page, no harness, no checks.

    Under gVisor the pids cgroup also counts the sandbox kernel's threads: room for them,
    as the sandbox gives.
    """
    flags = [f for f in FLAGS if f != "--remote-debugging-pipe"]
    command = [
        "docker", "run", "--rm", *runtime_option(runtime), "--network", "none",
        "--user", "10001:10001", "--env", "HOME=/tmp",
        "--memory", "768m", "--pids-limit", "512" if runtime else "256", "--tmpfs", "/tmp:size=128m",
        "-v", f"{page_dir}:/page:ro", image_name("browser"),
        "/usr/lib/chromium/chromium", *flags, "--user-data-dir=/tmp/p", "--dump-dom",
        "file:///page/index.html",
    ]  # fmt: skip
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    return time.monotonic() - started


def main(runs: int) -> None:
    """Grade each anchor's solution ``runs`` times, then the bare runs; print the figures."""
    sandbox = DockerSandbox(worker_id="bench")
    ensure_image(sandbox.client, "browser")
    curriculum = load_curriculum(ROOT / "exercises")
    for slug in ANCHORS:
        exercise = next(e for e in curriculum.exercises if e.slug == slug)
        grader = grader_for(exercise.content["kind"])
        files = exercise.content["solution"]
        samples, bare = [], []
        page_dir = page_folder({**files, **exercise.content["fixed_files"]})
        try:
            for _ in range(runs):
                started = time.monotonic()
                verdict = grader.grade(exercise.spec, files, sandbox)
                samples.append(time.monotonic() - started)
                assert verdict.status == "passed", verdict
                bare.append(bare_render(page_dir))
        finally:
            shutil.rmtree(page_dir)
        print(f"{slug:20} verdict  {_stats(samples)}")
        print(f"{'':20} bare run {_stats(bare)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
