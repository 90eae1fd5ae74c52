"""A learner answers a quiz on a phone-sized screen: choices, ordering and a short answer."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.slow]


def _login(page, base: str) -> None:
    page.goto(f"{base}/connexion")
    page.fill("#email", "ana@example.org")
    page.fill("#password", "motdepasse-ana")
    page.click("button[type=submit]")


def _move(page, item: str, direction: str) -> None:
    label = "Monter" if direction == "up" else "Descendre"
    page.click(f"button[aria-label='{label} « {item} »']")


def test_quiz_answered_in_the_browser(live_platform, browser) -> None:  # noqa: F811
    page = browser.new_page(viewport={"width": 375, "height": 800})
    _login(page, live_platform)
    page.goto(f"{live_platform}/exercices/m1-raccourcis")
    answers = ("Ctrl + Z", "Ctrl + S", "Ctrl + A", "Il arrête la commande en cours")
    for number, value in enumerate(answers, start=1):
        page.check(f"fieldset[data-qid='q{number}'] input[value='{value}']")
    page.fill("input.short-answer", "ctrl + f")
    page.click("button:has-text('Soumettre')")
    verdict = page.locator("#verdict")
    verdict.locator("h2", has_text="Pas encore").wait_for(timeout=30_000)
    assert "5 test(s) sur 6" in verdict.inner_text()

    # Shown: Ctrl + V, sélectionner, cliquer, Ctrl + X → sélectionner, Ctrl + X, cliquer, Ctrl + V
    _move(page, "sélectionner le paragraphe", "up")
    _move(page, "Ctrl + X", "up")
    _move(page, "Ctrl + X", "up")
    _move(page, "Ctrl + V", "down")
    page.click("button:has-text('Soumettre')")
    verdict.locator("h2", has_text="Réussi").wait_for(timeout=30_000)

    page.reload()  # the answers are kept on this device
    assert page.locator("input.short-answer").input_value() == "ctrl + f"
    assert page.is_checked("fieldset[data-qid='q2'] input[value='Ctrl + S']")
