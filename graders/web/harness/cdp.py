"""A minimal DevTools-protocol client over ``--remote-debugging-pipe``.

Shipped into the sandbox with each run of the `html`, `css` and `dom` kinds and run by
Debian's python3 (standard library only). Chromium reads commands on its fd 3 and writes
answers and events on its fd 4, each message ending with a NUL byte: no port is opened,
so nothing in the page can reach the protocol.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import time
from collections.abc import Callable
from typing import Any

CHROMIUM = "/usr/lib/chromium/chromium"
# --no-sandbox: acceptable only because the whole browser runs inside the sandbox container
# (no network, read-only root, uid 10001, no capabilities, seccomp, pids/memory limits).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--no-zygote",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-breakpad",
    "--disable-crash-reporter",
    "--disable-default-apps",
    "--disable-domain-reliability",
    # DeferRendererTasksAfterInput holds a page's tasks back after an input event until the
    # next frame: each click of a `times = 10` step waited for a frame (about 14 ms) before
    # the page's 0 ms timers could run. A step still ends with a frame (``settle``).
    # RenderDocument gives each new document of a tab new frame objects in the browser and
    # renderer: a page load costs 20% more CPU (30% under gVisor). Each load still gets a
    # new document and a new global object.
    "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication,"
    "DeferRendererTasksAfterInput,RenderDocument",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-pipe",
)
Handler = Callable[[dict[str, Any]], None]


class CdpError(Exception):
    """The browser answered a command with an error."""


class CdpTimeoutError(CdpError):
    """No answer in time: the page is busy (endless script) or the browser is stuck."""


class CdpClosedError(CdpError):
    """The browser closed its end of the pipe (it exited or crashed)."""


class Browser:
    """One Chromium process and the pipe to its DevTools endpoint."""

    def __init__(
        self, profile_dir: str, on_event: Handler | None = None, flags: tuple[str, ...] = FLAGS
    ) -> None:
        cmd_read, self._cmd_write = os.pipe()
        self._res_read, res_write = os.pipe()

        def _child() -> None:
            os.dup2(os.dup(cmd_read), 3)
            os.dup2(os.dup(res_write), 4)

        self.process = subprocess.Popen(
            [CHROMIUM, *flags, f"--user-data-dir={profile_dir}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=_child,  # noqa: PLW1509 (single-threaded at this point)
        )
        os.close(cmd_read)
        os.close(res_write)
        self._buffer = b""
        self._next_id = 0
        self._answers: dict[int, dict[str, Any]] = {}
        # Started before anyone drives a page (a warm container): the page sets it then.
        self.on_event: Handler = on_event or (lambda message: None)

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        """Send a command without waiting; return its id."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            os.write(self._cmd_write, json.dumps(message).encode() + b"\0")
        except OSError as exc:
            raise CdpClosedError(str(exc)) from exc
        return self._next_id

    def call(
        self,
        method: str,
        params: dict | None = None,
        session: str | None = None,
        timeout: float = 5.0,
    ) -> dict[str, Any]:
        """Send a command and wait for its answer, handling events meanwhile."""
        command_id = self.send(method, params, session)
        self.pump_until(lambda: command_id in self._answers, timeout, method)
        answer = self._answers.pop(command_id)
        if "error" in answer:
            raise CdpError(f"{method}: {answer['error'].get('message', answer['error'])}")
        return answer.get("result", {})

    def pump_until(self, done: Callable[[], bool], timeout: float, what: str = "") -> None:
        """Read messages until ``done()`` holds; CdpTimeoutError past ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not done():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise CdpTimeoutError(what or "timeout")
            self._read(remaining)

    def pump_for(self, seconds: float) -> None:
        """Handle events for a while (a `wait` step)."""
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            self._read(remaining)

    def _read(self, timeout: float) -> None:
        ready, _, _ = select.select([self._res_read], [], [], min(timeout, 0.25))
        if not ready:
            return
        chunk = os.read(self._res_read, 1 << 20)
        if not chunk:
            raise CdpClosedError("browser pipe closed")
        self._buffer += chunk
        while b"\0" in self._buffer:
            raw, self._buffer = self._buffer.split(b"\0", 1)
            message = json.loads(raw)
            if "id" in message:
                self._answers[message["id"]] = message
            else:
                self.on_event(message)

    def close(self) -> None:
        """Stop the browser (the container's end would do it anyway)."""
        self.process.kill()
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
