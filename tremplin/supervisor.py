"""Supervision of the processes `flask up` runs: start, restart the ones that die, stop in order.

Each child runs in its own session, so a Ctrl-C in the terminal reaches only the supervisor,
which then stops the children itself, each with one SIGTERM: gunicorn and the RQ workers
shut down warmly (a running grading finishes), and the embedded Redis goes last.

The supervisor is a child subreaper: when a worker is killed, the work horse that was grading
becomes its child, finishes its run (the verdict is written) and is waited for at the stop.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

RESTART_DELAY_S = 1.0
MAX_RESTART_DELAY_S = 30.0
STABLE_AFTER_S = 10.0
STOP_TIMEOUT_S = 60.0


@dataclass
class Child:
    """One supervised process: what to run, and its current process."""

    name: str
    args: list[str]
    env: dict[str, str] | None = None
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    restarts: int = 0
    delay: float = RESTART_DELAY_S
    due: float = 0.0  # when a dead child is started again

    def start(self) -> None:
        """Start the process in its own session."""
        self.process = subprocess.Popen(self.args, env=self.env, start_new_session=True)
        self.started_at = time.monotonic()
        self.due = 0.0

    @property
    def running(self) -> subprocess.Popen | None:
        """The process while it runs."""
        return self.process if self.process and self.process.poll() is None else None


PR_SET_CHILD_SUBREAPER = 36


def _become_subreaper() -> None:
    """Orphans of our children are re-parented to us (Linux), not to init."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _children_of(parent: int) -> list[int]:
    """Pids whose parent is ``parent``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def _kill_group(pgid: int) -> None:
    """Kill what is left of a dead child's process group (RQ's scheduler of a killed worker)."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _describe(returncode: int) -> str:
    if returncode < 0:
        return f"killed by {signal.Signals(-returncode).name}"
    return f"exited with status {returncode}"


@dataclass
class Supervisor:
    """Keeps children running until asked to stop; ``say`` prints one line for the user."""

    say: Callable[[str], None]
    stages: list[list[Child]] = field(default_factory=list)
    stopping: bool = False

    def add_stage(self, children: list[Child]) -> None:
        """Start a group of children; groups stop in reverse order (the last added first)."""
        for child in children:
            child.start()
        self.stages.append(children)

    def request_stop(self, signum: int = 0, frame: object = None) -> None:
        """Signal handler: the first signal stops warmly, a second one hurries the workers."""
        if self.stopping:
            for child in self._children():
                if process := child.running:
                    process.send_signal(signal.SIGTERM)  # RQ: cold shutdown
        self.stopping = True

    def run(self) -> None:
        """Watch the children, restarting those that die, until a stop is requested."""
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self.request_stop)
        _become_subreaper()
        while not self.stopping:
            for child in self._children():
                self._watch(child)
            self._reap_orphans()
            time.sleep(0.2)

    def _children(self) -> list[Child]:
        return [child for stage in self.stages for child in stage]

    def _orphans(self) -> list[int]:
        tracked = {c.process.pid for c in self._children() if c.process}
        return [pid for pid in _children_of(os.getpid()) if pid not in tracked]

    def _reap_orphans(self) -> None:
        for pid in self._orphans():
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass

    def _watch(self, child: Child) -> None:
        now = time.monotonic()
        if child.due and now >= child.due:
            child.restarts += 1
            child.start()
            self.say(f"{child.name}: restarted (pid {child.running and child.running.pid})")
            return
        dead = child.process
        if child.due or dead is None or dead.poll() is None:
            return
        _kill_group(dead.pid)
        quick = now - child.started_at < STABLE_AFTER_S
        child.delay = min(child.delay * 2, MAX_RESTART_DELAY_S) if quick else RESTART_DELAY_S
        child.due = now + child.delay
        self.say(f"{child.name} {_describe(dead.returncode)}: restarting in {child.delay:.0f} s")

    def stop(self) -> None:
        """Stop every stage, last one first, each child with one SIGTERM (then SIGKILL)."""
        self.stopping = True
        for stage in reversed(self.stages):
            running = [(c.name, p) for c in stage if (p := c.running)]
            if running:
                self.say(f"stopping {', '.join(name for name, _ in running)}")
            for _, process in running:
                process.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + STOP_TIMEOUT_S
            for name, process in running:
                try:
                    process.wait(timeout=max(deadline - time.monotonic(), 0.1))
                except subprocess.TimeoutExpired:
                    self.say(f"{name} did not stop in {STOP_TIMEOUT_S:.0f} s: killed")
                    process.kill()
                    process.wait()
                _kill_group(process.pid)
            if stage is self.stages[-1]:
                self._wait_for_orphans(deadline)

    def _wait_for_orphans(self, deadline: float) -> None:
        """Let the runs of killed workers finish (their verdicts), then end what is left."""
        while self._orphans() and time.monotonic() < deadline:
            self._reap_orphans()
            time.sleep(0.2)
        for pid in self._orphans():
            os.kill(pid, signal.SIGKILL)
            self._reap_orphans()
