"""Browser-test helpers: one platform per test module, axe-core, screenshots as artifacts.

axe-core comes from the npm registry at the version and integrity that ``tests/e2e/axe/
package-lock.json`` pins, installed once per machine by ``npm ci`` into a cache (README,
« Browser tests »).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import IN_CI, ROOT, SCREENSHOTS
from tests.e2e.fixtures import run_platform

AXE_DIR = Path(__file__).parent / "axe"
LEARNERS = ("ana", "bilal", "chloe", "dan", "eve", "farid")


def password(name: str) -> str:
    """The password of a learner of the shared platform."""
    return f"motdepasse-{name}"


@pytest.fixture(scope="module")
def shared_platform(tmp_path_factory, redis_databases, docker_sandbox):
    """One live platform for a whole test module: curriculum loaded, six learners.

    Its own SQLite file and Redis database.
    """
    from flask_migrate import upgrade

    from tremplin import create_app
    from tremplin.auth.services import create_user
    from tremplin.curriculum import load_into_database

    folder = tmp_path_factory.mktemp("platform")
    database_url = f"sqlite:///{folder / 'e2e.db'}"
    redis_url = redis_databases.take()
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "REDIS_URL": redis_url, "SECRET_KEY": "x"},
        sandbox=docker_sandbox,
    )
    with app.app_context():
        upgrade()  # the schema as `make run` makes it: by the migrations
        assert load_into_database(ROOT / "exercises").errors == []
        for name in LEARNERS:
            create_user(f"{name}@example.org", password(name), "learner", "Promo E2E")
    with run_platform(database_url, redis_url, folder) as base:
        yield base, app
    redis_databases.give_back(redis_url)


def _axe_source() -> str:
    lock = (AXE_DIR / "package-lock.json").read_bytes()
    version = json.loads(lock)["packages"]["node_modules/axe-core"]["version"]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tremplin"
    target = cache / f"axe-core-{version}-{hashlib.sha256(lock).hexdigest()[:12]}"
    script = target / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            message = "npm is missing: the accessibility checks install axe-core with it"
            if IN_CI:
                pytest.fail(message)
            pytest.skip(message)
        cache.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=cache))  # then renamed: concurrent runs never mix
        for name in ("package.json", "package-lock.json"):
            shutil.copy(AXE_DIR / name, work)
        quiet = ["--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
        subprocess.run([npm, "ci", *quiet], cwd=work, check=True, timeout=300)
        try:
            work.rename(target)
        except OSError:  # another run got there first
            shutil.rmtree(work, ignore_errors=True)
    return script.read_text(encoding="utf-8")


class PageChecks:
    """Screenshot a page, then check it: no sideways scroll, no serious axe-core violation."""

    def __init__(self, axe_source: str, folder: Path) -> None:
        self.axe_source = axe_source
        self.folder = folder

    def __call__(self, page, name: str) -> None:
        """Check the page as it is now; the screenshot is ``<width>/<name>.png``."""
        width = page.viewport_size["width"]
        path = self.folder / str(width) / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        # An editor measures its lines once seen; below the fold they are only estimated.
        page.evaluate(
            """async () => {
                for (const editor of document.querySelectorAll(".cm-editor")) {
                    editor.scrollIntoView();
                    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50)));
                }
                window.scrollTo(0, 0);
            }"""
        )
        page.screenshot(path=path, full_page=True)
        extra = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert extra <= 0, f"{name} at {width} px scrolls sideways by {extra} px"
        page.evaluate(self.axe_source)  # through DevTools: the page's CSP stays on
        violations = page.evaluate(
            """() => axe.run(document).then((r) => r.violations
                .filter((v) => v.impact === "serious" || v.impact === "critical")
                .map((v) => `${v.id} (${v.impact}): ${v.help} — ` +
                    v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")))"""
        )
        assert violations == [], f"{name} at {width} px: " + "\n".join(violations)


@pytest.fixture(scope="session")
def check_page() -> PageChecks:
    """The page checker of the session; screenshots go under test-artifacts/screenshots/
    (emptied when the run starts, tests/conftest.py)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return PageChecks(_axe_source(), SCREENSHOTS)
