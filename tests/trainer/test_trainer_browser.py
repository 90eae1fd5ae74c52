"""The trainer's pages in a real browser, at 1280 px and 360 px, on the seeded cohort.

Screenshots of every page are kept under test-artifacts/trainer/ (one per width).
"""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.slow]

WIDTHS = {"pc": 1280, "phone": 360}
TRAINER = ("formatrice@tremplin.test", "demo-formatrice")


def _login(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/connexion")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _no_sideways_scroll(page) -> bool:
    page.wait_for_load_state("load")  # the style sheet applied: a loaded host may be slow
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _shot(page, artifacts, name: str, device: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}-{device}.png"), full_page=True)


@pytest.fixture(params=list(WIDTHS))
def trainer_page(request, browser, seeded_site):
    """A signed-in trainer's tab at one of the two widths."""
    context = browser.new_context(viewport={"width": WIDTHS[request.param], "height": 900})
    page = context.new_page()
    _login(page, seeded_site, *TRAINER)
    yield page, request.param
    context.close()


def test_dashboard_learner_and_submission(trainer_page, seeded_site, artifacts):
    page, device = trainer_page
    page.goto(f"{seeded_site}/formateur/")
    page.click("text=Tableau de bord")
    assert page.locator("h1").inner_text() == "Promo démo — Roubaix"
    stuck = page.locator("#a-suivre").locator("xpath=..")
    assert re.search(r"À suivre en priorité \((\d+)\)", stuck.inner_text())
    for name in ("Yanis Boukhris", "Thomas Roux", "Chloé Petit", "Enzo Garcia"):
        assert name in stuck.inner_text()
    assert "essais non réussis d'affilée" in stuck.inner_text()
    rows = page.locator("table.matrix tbody tr")
    assert rows.count() == 15
    first_cell = rows.first.locator("td.cell").first.inner_text()
    assert re.match(r"\d+ %\n?\d+/\d+ acquises", first_cell)  # readable without colour
    assert "Liens et ancres" in page.locator("#difficiles").locator("xpath=..").inner_text()
    assert _no_sideways_scroll(page)  # the matrix scrolls in its own box on a phone
    _shot(page, artifacts, "dashboard", device)

    page.locator("#a-suivre").locator("xpath=..").get_by_role("link", name="Yanis Boukhris").click()
    assert page.locator("h1").inner_text() == "Yanis Boukhris"
    assert "Point en fin de journée sur flexbox" in page.locator("#suivi").inner_text()
    assert _no_sideways_scroll(page)
    _shot(page, artifacts, "learner", device)

    page.locator("#historique").locator("xpath=..").locator("tbody a").first.click()
    assert "Flexbox" in page.locator("h1").inner_text()
    assert page.locator(".code-view .linenos").count() > 3  # highlighted, numbered
    assert page.locator("pre.diff .gi").count() >= 1  # changes since the previous attempt
    assert _no_sideways_scroll(page)
    _shot(page, artifacts, "submission", device)


def test_review_with_a_saved_comment_reaches_the_learner(browser, seeded_site, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _login(page, seeded_site, *TRAINER)
    page.goto(f"{seeded_site}/formateur/")
    page.click("text=Tableau de bord")
    page.get_by_role("link", name="Thomas Roux").first.click()
    page.locator("#historique").locator("xpath=..").locator("tbody a").first.click()
    page.wait_for_load_state()  # trainer.js has run (a change before it fills nothing)
    page.select_option("#saved", label="Relire l'énoncé")  # fills the comment box
    assert "Relis l'énoncé ligne par ligne" in page.input_value("#comment")
    page.fill("#comment", page.input_value("#comment") + " Regarde l'attribut `id` de la section.")
    page.click("text=Publier l'avis")
    assert "Avis enregistré" in page.locator(".flash").inner_text()
    assert "Regarde l'attribut id de la section." in page.locator(".reviews").last.inner_text()
    context.close()

    learner = browser.new_context(viewport={"width": 360, "height": 800})
    page = learner.new_page()
    _login(page, seeded_site, "thomas.roux@demo.tremplin.test", "demo-apprenant")
    page.goto(f"{seeded_site}/exercices/html-liens-ancres")
    feedback = page.locator("text=L'avis de ta formatrice ou ton formateur").locator("xpath=..")
    assert "Regarde l'attribut id de la section." in feedback.inner_text()
    _shot(page, artifacts, "learner-sees-review", "phone")
    learner.close()


def test_learner_sees_the_override(browser, seeded, seeded_site, artifacts):
    from sqlalchemy import select

    from tremplin.extensions import db
    from tremplin.reviews.models import Review

    with seeded.app.app_context():
        review = db.session.scalar(select(Review).where(Review.verdict.is_not(None)))
        submission_id, email = review.submission_id, review.submission.user.email
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    _login(page, seeded_site, email, "demo-apprenant")
    page.goto(f"{seeded_site}/soumissions/{submission_id}")
    text = page.locator("main").inner_text()
    assert "Verdict modifié par ta formatrice ou ton formateur" in text
    assert "Réponse donnée à l'oral en atelier" in text
    assert _no_sideways_scroll(page)
    _shot(page, artifacts, "learner-sees-override", "phone")
    context.close()


def test_attestation_prints_one_page_per_block(trainer_page, seeded_site, artifacts):
    page, device = trainer_page
    page.goto(f"{seeded_site}/formateur/")
    page.click("text=Tableau de bord")
    page.get_by_role("link", name="Inès Benali").first.click()
    page.click("text=Attestation de progression")
    page.locator("text=Résultats des évaluations réalisées en cours de formation").wait_for()
    assert "validée" not in page.locator(".notice").inner_text()
    _shot(page, artifacts, "attestation", device)
    if device == "pc":
        pdf = page.pdf(format="A4")
        (artifacts / "attestation.pdf").write_bytes(pdf)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages == 1 + 6  # the cover, then each of the six blocks on one A4 page
        # Laid out for print at the A4 text width, no block is taller than the A4 text height.
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 688, "height": 1009})  # 182 × 267 mm at 96 dpi
        heights = page.evaluate(
            "[...document.querySelectorAll('.block-page')].map(e => e.offsetHeight)"
        )
        assert len(heights) == 6 and max(heights) <= 1009, heights


def test_cohort_management_page(trainer_page, seeded_site, artifacts):
    page, device = trainer_page
    page.goto(f"{seeded_site}/formateur/")
    page.click("text=Gérer")
    assert page.locator("#importer").inner_text() == "Importer la promo (CSV)"
    assert page.locator("#apprenants").locator("xpath=..").locator("tbody tr").count() == 15
    assert _no_sideways_scroll(page)
    _shot(page, artifacts, "manage", device)
