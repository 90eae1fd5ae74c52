"""The browser tab the checks run in, and the event handling that keeps a page in its box.

The tab is opened before the job comes (in a warm container, long before): the DevTools
domains are enabled, the measurement script is registered for every new document (it runs
in an isolated world the page's scripts cannot reach), and a page of ours is loaded once,
so that the learner's first page load does not pay for the renderer's first document.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from cdp import Browser

LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
LOG_CAP = 8 * 1024
ERRORS_CAP = 20
WORLD = "tremplin"
# The viewport of a check without one (graders/web/plan.py): set before the job.
USUAL_VIEWPORT = [1280, 800]
PROBE = (Path(__file__).parent / "probe.js").read_text()
# Parser, styles, layout and a script: what the learner's first page will need.
WARM_UP_PAGE = (
    "<!DOCTYPE html><html lang=fr><head><meta charset=utf-8><title>.</title>"
    "<style>p { color: #123; }</style></head><body><p>.</p>"
    "<script>document.querySelector('p').textContent = '..';</script></body></html>"
)


class PageGoneError(Exception):
    """The page crashed, closed itself or navigated away."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Page:
    """One browser tab, with the event handling that keeps the learner's page in its box."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        browser.on_event = self._on_event
        self.plan: dict[str, Any] = {}
        self.session = ""
        self.target = ""
        self.url = ""
        self.viewport: list[int] = []
        self.scripts_off = False
        self.world: int | None = None  # the isolated world of the current document
        self.log: list[str] = []
        self.log_size = 0
        self.troubled = False  # a page was stopped early (hang, crash, navigation...)
        self.reset_state()

    def reset_state(self) -> None:
        """Forget what the previous check session observed."""
        self.errors: list[dict[str, Any]] = []
        self.dialogs = 0
        self.blocked: list[str] = []
        self.gone = ""
        self.loaded = False
        self.load_fired = False

    def open(self) -> None:
        """Take the browser's blank tab, attach to it, register the measurement script."""
        b = self.browser
        tabs = [t for t in b.call("Target.getTargets")["targetInfos"] if t.get("type") == "page"]
        self.target = (
            tabs[0]["targetId"]
            if tabs
            else b.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        )
        self.session = b.call("Target.attachToTarget", {"targetId": self.target, "flatten": True})[
            "sessionId"
        ]
        # Focused like a tab just opened: a check may need `:focus` (css-survol-contraste).
        b.call("Page.bringToFront", {}, self.session)
        for method, params in (
            ("Page.enable", {}),
            ("Runtime.enable", {}),
            ("Log.enable", {}),
            ("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}),
            ("Emulation.setScrollbarsHidden", {"hidden": True}),
            ("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE, "worldName": WORLD}),
        ):
            b.call(method, params, self.session)

    def warm_up(self, timeout: float = 10.0) -> None:
        """Load a page of ours once (before the job): the renderer has served a document."""
        self.set_viewport(USUAL_VIEWPORT)
        folder = Path(tempfile.mkdtemp(prefix="warm-", dir="/tmp"))
        page = folder / "index.html"
        page.write_text(WARM_UP_PAGE)
        self.url = page.as_uri()
        self.browser.send("Page.navigate", {"url": self.url}, self.session)
        self.browser.pump_until(lambda: self.load_fired or bool(self.gone), timeout, "warm-up")
        self.log, self.log_size = [], 0
        self.reset_state()

    def start_job(self, plan: dict[str, Any]) -> None:
        """Scripts on or off, as the job says, before its first page load."""
        self.plan = plan
        if self.scripts_off != (not plan["js"]):
            self.cdp("Emulation.setScriptExecutionDisabled", {"value": not plan["js"]})
            self.scripts_off = not plan["js"]

    def set_viewport(self, viewport: list[int]) -> None:
        """The size of the window the next page loads in (nothing to do when it is the same)."""
        if viewport == self.viewport:
            return
        width, height = viewport
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        self.viewport = list(viewport)

    def cdp(self, method: str, params: dict | None = None, timeout: float = 3.0) -> dict:
        """A command on the tab; PageGoneError if the page went away meanwhile."""
        result = self.browser.call(method, params, self.session, timeout)
        if self.gone:
            raise PageGoneError(self.gone)
        return result

    def _on_event(self, message: dict[str, Any]) -> None:
        method = message.get("method", "")
        params = message.get("params", {})
        if message.get("sessionId") not in (None, self.session):
            return
        handler = _HANDLERS.get(method)
        if handler is not None:
            handler(self, params)

    def _dialog(self, params: dict) -> None:
        self.dialogs += 1
        self.browser.send("Page.handleJavaScriptDialog", {"accept": False}, self.session)

    def _request(self, params: dict) -> None:
        url = params.get("request", {}).get("url", "")
        request_id = params.get("requestId")
        main_document = (
            params.get("resourceType") == "Document" and params.get("frameId") == self.target
        )
        away = main_document and url.split("#")[0] != self.url
        if url.startswith(LOCAL_SCHEMES) and not away:
            self.browser.send("Fetch.continueRequest", {"requestId": request_id}, self.session)
            return
        if len(self.blocked) < 10:
            self.blocked.append(url[:200])
        if away:
            self.gone = self.gone or "navigated"
        self.browser.send(
            "Fetch.failRequest",
            {"requestId": request_id, "errorReason": "BlockedByClient"},
            self.session,
        )

    def _exception(self, params: dict) -> None:
        details = params.get("exceptionDetails", {})
        if len(self.errors) >= ERRORS_CAP:
            return
        description = details.get("exception", {}).get("description") or details.get("text", "")
        self.errors.append(
            {
                "message": str(description).split("\n    at ")[0][:300],
                "line": details.get("lineNumber", -1) + 1,
                "file": str(details.get("url", "")).rsplit("/", 1)[-1][:100],
            }
        )

    def _console(self, params: dict) -> None:
        if self.log_size > LOG_CAP:
            return
        parts = [
            str(a.get("value", a.get("description", a.get("type", ""))))
            for a in params.get("args", [])
        ]
        line = " ".join(parts)[:1000] + "\n"
        self.log_size += len(line)
        self.log.append(line)

    def _navigated(self, params: dict) -> None:
        frame = params.get("frame", {})
        if frame.get("parentId") is None and frame.get("url", "").split("#")[0] != self.url:
            self.gone = self.gone or "navigated"

    def _context(self, params: dict) -> None:
        context = params.get("context", {})
        aux = context.get("auxData", {})
        if context.get("name") == WORLD and aux.get("frameId") == self.target:
            self.world = context.get("id")

    def _log_entry(self, params: dict) -> None:
        # Chromium ignores window.close() here but says so: a page that tries is hostile.
        if "may close only the windows" in str(params.get("entry", {}).get("text", "")):
            self.gone = self.gone or "closed"

    def _gone(self, reason: str) -> None:
        self.gone = self.gone or reason


_HANDLERS = {
    "Page.javascriptDialogOpening": Page._dialog,
    "Fetch.requestPaused": Page._request,
    "Runtime.exceptionThrown": Page._exception,
    "Runtime.consoleAPICalled": Page._console,
    "Runtime.executionContextCreated": Page._context,
    "Page.frameNavigated": Page._navigated,
    "Log.entryAdded": Page._log_entry,
    "Inspector.targetCrashed": lambda page, _: page._gone("crash"),
    "Inspector.detached": lambda page, _: page._gone("closed"),
    "Page.loadEventFired": lambda page, _: setattr(page, "load_fired", True),
}
