"""Harness of the `html`, `css` and `dom` kinds, run by python3 inside the browser sandbox.

It starts Chromium and opens its tab before its job comes (``boot.py``, ``page.py``; in a
warm container, long before), then reads its job ``.harness/job.json`` (pages, viewports,
steps and what to measure, never the expected values; the run's frame marker) and deletes
it, drives headless Chromium from outside the page over the DevTools pipe, and prints one
JSON frame per line. The host compares the facts with the expected values.
Requests other than file:, data:, about: and blob: are aborted, dialogs dismissed,
navigation away blocked or reported, and every wait is time-boxed. The last frame is
``end``: the host stops reading there. When a page was stopped early (a hang, a crash...)
it says so, and the host then waits for the container's exit and the engine's word on
memory.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from boot import await_job, open_page, preload, read_job, start_browser
from cdp import CdpClosedError, CdpError, CdpTimeoutError
from page import LOG_CAP, PROBE, WORLD, Page, PageGoneError

ROOT = Path("/work")
_marker = ""  # the run's frame marker, once the job is read


def emit(frame: dict[str, Any]) -> None:
    """Print one frame on a line of its own, as ASCII-only JSON behind the run's marker."""
    sys.stdout.write("\n" + _marker + json.dumps(frame, ensure_ascii=True) + "\n")
    sys.stdout.flush()


def load(page: Page, session: dict[str, Any]) -> int:
    """Navigate to a fresh copy of the page at the session's viewport; return a world id.

    The measurement script already runs in the new document's isolated world (``page.py``).
    """
    page.set_viewport(session["viewport"])
    page.url = (ROOT / session["page"]).as_uri()
    page.loaded = page.load_fired = False
    page.world = None
    page.browser.send("Page.navigate", {"url": page.url}, page.session)
    done = lambda: page.load_fired or bool(page.gone)  # noqa: E731
    page.browser.pump_until(done, page.plan["load_timeout_s"], "load")
    if page.gone:
        raise PageGoneError(page.gone)
    page.loaded = True
    if page.world is not None:
        return page.world
    world = page.cdp("Page.createIsolatedWorld", {"frameId": page.target, "worldName": WORLD})
    context = world["executionContextId"]
    evaluate(page, context, PROBE)
    return context


def evaluate(page: Page, context: int, expression: str, timeout: float = 3.0) -> Any:
    """Evaluate in the isolated world; returns the value, or raises on a page error."""
    result = page.cdp(
        "Runtime.evaluate",
        {
            "expression": expression,
            "contextId": context,
            "returnByValue": True,
            "awaitPromise": True,
            "timeout": int(timeout * 1000),
        },
        timeout=timeout + 0.5,
    )
    if "exceptionDetails" in result:
        details = result["exceptionDetails"]
        text = details.get("exception", {}).get("description") or details.get("text", "")
        raise ScriptError(str(text).split("\n    at ")[0][:300])
    return result.get("result", {}).get("value")


class ScriptError(Exception):
    """A harness or trainer script threw inside the isolated world."""


# After an action: a frame, then 20 ms for the page's short timers.
SETTLE = "new Promise(r => requestAnimationFrame(() => setTimeout(r, 20)))"


def settle(page: Page, context: int) -> None:
    """Let the page react to an action (handlers, timers of 0 ms, a frame)."""
    evaluate(page, context, SETTLE)


def run_step(page: Page, context: int, step: dict[str, Any]) -> str:
    """Perform one step; return an empty string or the reason it could not be done."""
    if "wait" in step:
        page.browser.pump_for(min(float(step["wait"]), 2000) / 1000)
        return ""
    if "click" in step:
        return click(page, context, step["click"], int(step.get("times", 1)))
    if "type" in step:
        args = f"{json.dumps(step['type'])}, {json.dumps(bool(step.get('clear', True)))}"
        found = evaluate(page, context, f"__tremplin.focus({args})")
        if not found.get("count"):
            return found.get("error") or "missing"
        page.cdp("Input.insertText", {"text": str(step.get("text", ""))})
    elif "submit" in step:
        found = evaluate(page, context, f"__tremplin.submit({json.dumps(step['submit'])})")
        if found.get("error") or not found.get("count"):
            return found.get("error") or "missing"
    elif "press" in step:
        for kind in ("keyDown", "keyUp"):
            key = str(step["press"])
            params: dict[str, Any] = {"type": kind, "key": key, "code": key}
            if key == "Enter":
                params.update(windowsVirtualKeyCode=13, text="\r" if kind == "keyDown" else "")
            page.cdp("Input.dispatchKeyEvent", params)
    settle(page, context)
    return ""


def click(page: Page, context: int, selector: str, times: int) -> str:
    """Click the element ``times`` times, each a press and a release at its centre.

    After each click, a task of the page's runs (its 0 ms timers), then, in the same round
    trip, the element is located again for the next click, or the page settles.
    """
    locate = f"__tremplin.locate({json.dumps(selector)})"
    spot = evaluate(page, context, locate)
    for n in range(times):
        if spot.get("error") or not spot.get("count") or not spot.get("visible"):
            return spot.get("error") or ("missing" if not spot.get("count") else "hidden")
        for kind in ("mousePressed", "mouseReleased"):
            page.cdp(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": spot["x"], "y": spot["y"], "button": "left", "clickCount": 1},
            )
        then = locate if n + 1 < times else SETTLE
        spot = evaluate(page, context, f"new Promise(r => setTimeout(r, 0)).then(() => {then})")
    return ""


def run_probe(page: Page, context: int, probe: dict[str, Any]) -> dict[str, Any]:
    """Measure one probe; a trainer script gives its value or its error."""
    if probe["kind"] == "script":
        try:
            value = evaluate(
                page, context, f"(async () => {{ {probe['source']}\n }})()", probe["timeout_s"]
            )
        except ScriptError as exc:
            return {"error": str(exc)}
        return {"value": value}
    return evaluate(page, context, f"__tremplin.measure({json.dumps(probe)})")


def run_session(page: Page, session: dict[str, Any]) -> None:
    """Load the page, perform the steps, measure; emit facts and a session report."""
    page.reset_state()
    sid = session["id"]
    during = "load"
    try:
        context = load(page, session)
        during = "steps"
        for index, step in enumerate(session.get("steps", [])):
            reason = run_step(page, context, step)
            if reason:
                emit({"t": "step", "session": sid, "index": index, "reason": reason})
                break
        during = "probes"
        for probe in session["probes"]:
            emit({"t": "fact", "id": probe["id"], "data": run_probe(page, context, probe)})
        report(page, sid, "")
    except CdpTimeoutError:
        report(page, sid, "hang", during)
        raise
    except PageGoneError as exc:
        report(page, sid, exc.reason, during)
        raise
    except CdpClosedError:
        report(page, sid, "crash", during)
        raise
    except ScriptError as exc:
        report(page, sid, "harness", during, str(exc))
    except CdpError as exc:
        # Usually the page navigated away under a command ("context destroyed"): let the
        # navigation events arrive, then say so; anything else is reported as is.
        page.browser.pump_for(0.3)
        report(page, sid, page.gone or "harness", during, str(exc))
        if page.gone:
            raise PageGoneError(page.gone) from exc


def report(page: Page, sid: int, reason: str, during: str = "", detail: str = "") -> None:
    """Emit what one session observed besides the facts."""
    page.troubled = page.troubled or bool(reason)
    emit(
        {
            "t": "session",
            "id": sid,
            "reason": reason,
            "during": during,
            "detail": detail[:300],
            "errors": page.errors,
            "dialogs": page.dialogs,
            "blocked": page.blocked,
        }
    )


def markup_errors(names: list[str]) -> None:
    """Parse each HTML file as the standard says and report its parse errors."""
    try:
        import html5lib
    except ImportError:
        return
    for name in names:
        try:
            source = (ROOT / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            emit({"t": "markup", "file": name, "missing": True, "errors": []})
            continue
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(source)
        errors = [
            {"line": pos[0], "col": pos[1], "code": code, "vars": _strings(datavars)}
            for pos, code, datavars in parser.errors[:30]
        ]
        emit({"t": "markup", "file": name, "errors": errors})


def _strings(datavars: Any) -> dict[str, str]:
    if not isinstance(datavars, dict):
        return {}
    return {str(k): str(v)[:80] for k, v in datavars.items()}


def main() -> int:
    """Start Chromium, wait for the job, run the plan; the end frame says all was reported."""
    global _marker
    browser, version = start_browser()
    page, failure = open_page(browser, version)
    preload()
    if not await_job():
        return 125
    plan = read_job()
    _marker = plan["marker"]
    markup_errors(plan.get("markup", []))
    try:
        if page is None:
            raise CdpError(failure)
        page.start_job(plan)
    except (CdpError, PageGoneError, OSError) as exc:
        emit({"t": "fatal", "error": f"browser did not start: {exc}"})
        return 0
    emit({"t": "start", "browser": version})
    deadline = time.monotonic() + plan["budget_s"]
    try:
        for session in plan["sessions"]:
            if time.monotonic() > deadline:
                emit({"t": "session", "id": session["id"], "reason": "budget"})
                continue
            run_session(page, session)
    except (CdpError, PageGoneError):
        page.troubled = True  # already reported: the remaining checks get no facts, hence fail
    emit({"t": "log", "text": "".join(page.log)[:LOG_CAP]})
    # A page stopped early (hang, crash...): the host waits for the exit, then reads memory.
    emit({"t": "end", "troubled": True} if page.troubled else {"t": "end"})
    page.browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
