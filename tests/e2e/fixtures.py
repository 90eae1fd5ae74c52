"""Fixtures (a plugin loaded by tests/conftest.py): a live platform (gunicorn web + `flask worker` processes) and a headless Chromium."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import IN_CI, ROOT, free_port
from tests.support.platform import remove_pool


def _wait_http(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


@contextmanager
def run_platform(database_url: str, redis_url: str, logs_dir: Path) -> Iterator[str]:
    """Run the web server (gunicorn) and one worker as real processes; yield the base URL."""
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url}
    env["SECRET_KEY"] = "e2e-secret"
    # A warm pool of its own (alphanumeric, 16 characters at most), removed at the end.
    env["SANDBOX_POOL_NAMESPACE"] = f"e2e{os.getpid()}{secrets.token_hex(3)}"
    port = free_port()
    logs = (logs_dir / "platform.log").open("wb")
    gunicorn = ["-m", "gunicorn", "--workers", "1", "--threads", "4"]
    web = subprocess.Popen(
        [sys.executable, *gunicorn, "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=logs,
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "worker"],
        cwd=ROOT,
        env=env,
        stdout=logs,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_http(f"{base}/connexion", web)
        yield base
    finally:
        for process in (worker, web):
            process.terminate()
        for process in (worker, web):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        remove_pool(env["SANDBOX_POOL_NAMESPACE"])
        logs.close()


@pytest.fixture
def live_platform(app, redis_url, tmp_path: Path):
    """The platform on this test's database (fresh app)."""
    with run_platform(app.config["SQLALCHEMY_DATABASE_URI"], redis_url, tmp_path) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's package) driven by Playwright."""
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if executable is None:
        if IN_CI:
            pytest.fail("Chromium is missing (scripts/ensure-test-deps.sh installs it)")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()
