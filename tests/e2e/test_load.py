"""The load benchmark at a small size, as a test: on a live platform, nothing lost or duplicated.

Its timings are figures for the README, never asserted; what is asserted is that every
submission of every phase got exactly one right verdict, a grading worker killed with
kill -9 during a burst included, and that nothing of the platform (warm pool or run) is
left on the engine once `flask up` stopped.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.docker, pytest.mark.slow, pytest.mark.alone]


def test_load_bench_loses_nothing(docker_sandbox) -> None:
    done = subprocess.run(
        [sys.executable, "bench/load.py", "--small", "--kill-worker", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    report = done.stdout[-4000:] + done.stderr[-4000:]
    assert done.returncode == 0, report
    assert "## 3b. The burst again, a grading worker killed" in report
    assert "lost 0, duplicated 0, wrong 0; containers left after `flask up` stopped: 0" in report
