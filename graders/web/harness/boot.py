"""Boot of the web kinds' harness: Chromium up before the job, then wait for the job.

A warm container runs this long before its job: Chromium is started and has answered, its
tab is open and has loaded a page of ours, the markup parser is imported, and nothing is
printed until the job's files are in place (one line, ``ok``, on stdin).
"""

from __future__ import annotations

import json
import select
import sys
import tempfile
from pathlib import Path
from typing import Any

from cdp import Browser, CdpError
from page import Page, PageGoneError


def start_browser() -> tuple[Browser | None, str]:
    """Chromium, started and answering before the job comes; or None and why not."""
    try:
        browser = Browser(tempfile.mkdtemp(prefix="chrome-", dir="/tmp"))
        version = browser.call("Browser.getVersion", timeout=15)
    except (CdpError, OSError) as exc:
        return None, str(exc)
    return browser, str(version.get("product", ""))


def open_page(browser: Browser | None, failure: str) -> tuple[Page | None, str]:
    """The tab the checks will run in, opened and warmed up; or None and why not.

    A job already waiting (a container started for it) is not kept waiting for the warm-up.
    """
    if browser is None:
        return None, failure
    try:
        page = Page(browser)
        page.open()
        if not job_waiting():
            page.warm_up()
    except (CdpError, PageGoneError, OSError) as exc:
        return None, str(exc)
    return page, ""


def preload() -> None:
    """Import what a job will need and is slow to import (html5lib: about half a second)."""
    try:
        import html5lib  # noqa: F401
    except ImportError:
        pass


def job_waiting() -> bool:
    """True when the line saying the job is in place can be read without waiting."""
    return bool(select.select([sys.stdin], [], [], 0)[0])


def await_job() -> bool:
    """Wait (printing nothing) for the line saying the job's files are in place."""
    if sys.stdin.buffer.readline().strip() == b"ok":
        return True
    sys.stderr.write("tremplin: the job's files could not be unpacked\n")
    return False


def read_job() -> dict[str, Any]:
    """The job (what to check, the frame marker), deleted once read."""
    job_file = Path("/work/.harness/job.json")
    plan: dict[str, Any] = json.loads(job_file.read_text())
    job_file.unlink()
    return plan
