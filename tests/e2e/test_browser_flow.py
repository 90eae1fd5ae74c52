"""A trainer follows a learner's submission in the browser.

The learner's own flow (editor, live verdict, keyboard, drafts) is in test_learner_month.py.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.slow]

RIGHT = "function somme(nombres) {\n  return nombres.reduce((a, b) => a + b, 0);\n}\n"


def _login(page, base, email, password):
    page.goto(f"{base}/connexion")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")


def test_trainer_sees_cohort_and_submission(live_platform, browser, client, token, app):
    client.post(
        "/api/v1/exercises/js-somme/submissions",
        json={"files": {"somme.js": RIGHT}},
        headers=token("ana@example.org"),
    )
    page = browser.new_page()
    _login(page, live_platform, "formateur@example.org", "motdepasse-form")
    page.click("text=Ma promo")
    table = page.locator("table").first
    assert "ana" in table.inner_text()
    assert "chloe" not in page.content()  # another cohort
    page.click("text=ana")
    page.locator("td", has_text="La somme d'un tableau").first.wait_for()
    page.click("td a")
    page.locator("#verdict h2", has_text="Réussi").wait_for(timeout=30_000)
