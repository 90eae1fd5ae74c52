"""A learner logs in, opens js-somme, submits in the browser and sees the verdict."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.slow]

WRONG = "function somme(nombres) {\n  return 0;\n}\n"
RIGHT = "function somme(nombres) {\n  return nombres.reduce((a, b) => a + b, 0);\n}\n"


def _login(page, base, email, password):
    page.goto(f"{base}/connexion")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")


def test_learner_submits_in_browser_and_sees_verdict(live_platform, browser):
    page = browser.new_page(viewport={"width": 375, "height": 800})  # a phone
    _login(page, live_platform, "ana@example.org", "motdepasse-ana")
    assert page.locator("h1").inner_text().startswith("Bonjour")
    page.click("text=Logique et JavaScript")
    page.click("text=La somme d'un tableau")
    assert "somme(nombres)" in page.locator("textarea[data-file='somme.js']").input_value()

    page.fill("textarea[data-file='somme.js']", WRONG)
    page.click("button:has-text('Soumettre')")
    verdict = page.locator("#verdict")
    verdict.locator("h2", has_text="Pas encore").wait_for(timeout=30_000)
    assert "Attendu : 6 — obtenu : 0." in verdict.inner_text()
    assert "Test caché non réussi (son détail reste secret)." in verdict.inner_text()

    page.fill("textarea[data-file='somme.js']", RIGHT)
    page.click("button:has-text('Soumettre')")
    verdict.locator("h2", has_text="Réussi").wait_for(timeout=30_000)
    assert "Bravo ! Les 7 tests passent." in verdict.inner_text()

    # The draft survives a reload; the home page counts the exercise as passed.
    page.reload()
    assert "reduce" in page.locator("textarea[data-file='somme.js']").input_value()
    page.goto(live_platform + "/modules/m6-javascript")
    assert "réussi" in page.locator("ol.exercises").inner_text()


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
