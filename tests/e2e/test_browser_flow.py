"""A trainer follows a learner's submission in the browser.

The learner's own flow (editor, live verdict, keyboard, drafts) is in test_learner_month.py.
"""

from __future__ import annotations

import re

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
    page.click("text=Tableau de bord")
    table = page.locator("table.matrix")
    assert "ana" in table.inner_text()
    assert "chloe" not in page.content()  # another cohort
    page.click("table.matrix >> text=ana")
    page.locator("td", has_text="La somme d'un tableau").first.wait_for()
    page.click("table.stack td a")  # the latest submission
    # Graded by now, or the page follows the grading live.
    verdict = page.locator("#resultat, #verdict h2").filter(has_text=re.compile("réussi", re.I))
    verdict.wait_for(timeout=60_000)
