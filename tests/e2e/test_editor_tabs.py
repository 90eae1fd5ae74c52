"""An exercise with two files: one tab and one editor per file, both files submitted.

The browser talks to the app through Flask's test client (Playwright routes every request to
it), so no server process is needed; the curriculum is a one-exercise module written here.
"""

from __future__ import annotations

import shutil
from urllib.parse import urlsplit

import pytest

from tests.conftest import PASSWORDS, ROOT

pytestmark = [pytest.mark.redis]

BASE = "http://tremplin.test"
FILES = {
    "exercise.toml": """title = "Deux fichiers"
kind = "javascript"
position = 1
difficulty = 1
minutes = 5
lesson = "deux-fichiers"
competences = ["RNCP34393BC04.C15"]
files = ["outils.js", "main.js"]
hints = ["`double` est dans outils.js.", "`quadruple(n)` vaut `double(double(n))`."]
""",
    "enonce.md": "# Deux fichiers\n\nÉcris `double` dans `outils.js`, puis `quadruple` dans `main.js`.\n",
    "tests.toml": 'function = "quadruple"\n\n[[tests]]\nname = "quadruple(2)"\nargs = [2]\nexpected = 8\n',
    "starter/outils.js": "function double(n) {\n}\n",
    "starter/main.js": "function quadruple(n) {\n}\n",
    "solution/outils.js": "function double(n) { return 2 * n; }\n",
    "solution/main.js": "function quadruple(n) { return double(double(n)); }\n",
}


@pytest.fixture
def two_files(app, tmp_path):
    """The app with a one-exercise curriculum whose exercise has two files."""
    from tremplin.curriculum import load_into_database

    root = tmp_path / "exercises"
    for name, text in {
        **{f"js-deux-fichiers/{k}": v for k, v in FILES.items()},
        "module.toml": 'title = "Essai"\nposition = 9\nhours = 1\n',
        "intro.md": "# Essai\n",
        "lessons/01-deux-fichiers.md": "# Deux fichiers\n\nUn programme peut tenir en plusieurs fichiers.\n",
    }.items():
        path = root / "m9-essai" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "exercises" / "competences.toml", root)
    with app.app_context():
        assert load_into_database(root).errors == []
    return app


def _through(client):
    """A Playwright route handler that answers every request with the Flask test client."""

    def handle(route) -> None:
        request = route.request
        url = urlsplit(request.url)
        headers = {
            k: v
            for k, v in request.headers.items()
            if k in ("accept", "content-type", "x-csrftoken")
        }
        response = client.open(
            url.path + (f"?{url.query}" if url.query else ""),
            method=request.method,
            data=request.post_data_buffer,
            headers=headers,
        )
        route.fulfill(
            status=response.status_code, headers=dict(response.headers), body=response.data
        )

    return handle


def test_one_tab_and_one_editor_per_file(two_files, browser, check_page):
    from tremplin.extensions import db
    from tremplin.models import Submission

    client = two_files.test_client()
    client.post(
        "/connexion", data={"email": "ana@example.org", "password": PASSWORDS["ana@example.org"]}
    )
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.route(f"{BASE}/**", _through(client))
    page = context.new_page()
    page.goto(f"{BASE}/exercices/js-deux-fichiers")
    page.locator(".cm-editor").nth(1).wait_for(state="attached")
    tabs = page.get_by_role("tab")
    assert tabs.all_inner_texts() == ["outils.js", "main.js"]
    assert page.get_by_role("tabpanel").count() == 1  # the other one is hidden

    page.locator("#panel-1 .cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.type("// outils")
    tabs.first.focus()
    page.keyboard.press("ArrowRight")  # arrow keys move between tabs
    assert tabs.nth(1).get_attribute("aria-selected") == "true"
    assert page.locator("#panel-2").is_visible() and not page.locator("#panel-1").is_visible()
    page.locator("#panel-2 .cm-content").click()
    page.keyboard.press("Control+End")
    page.get_by_role("button", name="=").click()  # a symbol key writes into the visible file
    check_page(page, "exercise-two-files")
    page.get_by_role("button", name="Soumettre").click()
    page.locator("#verdict h2", has_text="En attente").wait_for()

    with two_files.app_context():
        files = db.session.scalars(db.select(Submission.files)).one()
    assert files == {
        "outils.js": "function double(n) {\n}\n// outils",
        "main.js": "function quadruple(n) {\n}\n=",
    }
    context.close()
