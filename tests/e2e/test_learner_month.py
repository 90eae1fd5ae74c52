"""A learner's month in a real browser, at 360 px (a phone) and 1280 px (a PC).

Sign in, « Continuer », an exercise in the CodeMirror editor: a wrong answer, the live status up
to the failure without a reload, a hint, the fix, the success, the progress that moved; then the
same with the keyboard only; the sign-in and password pages, refusals included. Every page visited is screenshotted (test-artifacts/screenshots/),
checked by axe-core (no serious or critical violation) and must not scroll sideways.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import password

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.slow]

WRONG = "function maximum(nombres) { return 0; }"
RIGHT = (
    "function maximum(nombres) { let max = nombres[0]; "
    "for (const n of nombres) { if (n > max) { max = n; } } return max; }"
)
VERDICT = 60_000  # ms: a verdict on a machine shared with other test runs


def _login(page, base: str, name: str) -> None:
    page.goto(f"{base}/connexion")
    page.fill("#email", f"{name}@example.org")
    page.fill("#password", password(name))
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{base}/")


def _type_code(page, code: str) -> None:
    """Replace the editor's text by typing it (brackets close themselves as one types)."""
    page.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.type(code)
    assert page.locator("textarea[data-file]").input_value() == code


def _competence(page, code: str) -> str:
    return page.locator(".competences > li", has_text=code).inner_text()


@pytest.mark.parametrize(("width", "name"), [(360, "ana"), (1280, "bilal")])
def test_learner_month_in_the_browser(shared_platform, browser, check_page, width, name):
    base, _app = shared_platform
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _login(page, base, name)
    # A new learner starts with the first lesson of module 1.
    assert page.get_by_role("link", name="Continuer").get_attribute("href") == (
        "/modules/m1-ordinateur/lecons/clavier"
    )
    page.get_by_role("link", name="Ma progression").click()
    before = re.search(r"(\d+) / (\d+) exercice\(s\) réussi", _competence(page, "BC04.C15"))
    assert before is not None and before[1] == "0"

    # Module 6, then its lesson on arrays, which lists the exercises relying on it.
    page.get_by_role("link", name="Mon parcours").click()
    page.get_by_role("link", name="6. Logique et JavaScript").click()
    check_page(page, "module")
    page.get_by_role("link", name="Les tableaux").click()
    assert "Le plus grand nombre" in page.locator(".lesson-exercises").inner_text()
    check_page(page, "lesson")

    # « Continuer » resumes there: the lesson's first exercise, in the editor.
    page.get_by_role("link", name="Mon parcours").click()
    page.get_by_role("link", name="Continuer").click()
    page.wait_for_url("**/exercices/js-maximum")
    page.locator(".cm-editor").wait_for()
    assert "« Les tableaux »" in page.locator(".relies").inner_text()
    page.evaluate("window.sameDocument = true")
    _type_code(page, WRONG)
    page.get_by_role("button", name="Soumettre").click()
    verdict = page.locator("#verdict")
    verdict.locator("h2", has_text="Pas encore").wait_for(timeout=VERDICT)
    assert page.evaluate("window.sameDocument") is True  # no reload
    assert "Pas encore" in page.locator("#announce").inner_text()
    tests = verdict.locator(".tests li")
    assert tests.first.get_attribute("class") == "test-failed"  # failures first
    assert "Attendu : 9 — obtenu : 0." in verdict.inner_text()
    assert "Test caché non réussi (son détail reste secret)." in verdict.inner_text()
    verdict.get_by_role("link", name="Lire l'indice 1").click()
    assert page.locator("#indice-1").get_attribute("open") is not None
    check_page(page, "exercise-failed")

    _type_code(page, RIGHT)
    page.get_by_role("button", name="Soumettre").click()
    verdict.locator("h2", has_text="Réussi").wait_for(timeout=VERDICT)
    assert "Réussi" in page.locator("#announce").inner_text()
    following = verdict.get_by_role("link", name="Continuer : La somme d'un tableau")
    assert following.get_attribute("href") == "/exercices/js-somme"
    check_page(page, "exercise-passed")
    verdict.get_by_role("link", name="Voir la soumission").click()
    page.locator("#verdict h2", has_text="Réussi").wait_for()
    check_page(page, "submission")

    # The progress moved: on the progress page and on the home page.
    page.get_by_role("link", name="Ma progression").click()
    assert f"1 / {before[2]} exercice(s) réussi(s)" in _competence(page, "BC04.C15")
    page.locator(".competences > li", has_text="RNCP34393BC04.C15").locator("summary").click()
    check_page(page, "progress")
    page.get_by_role("link", name="Mon parcours").click()
    assert "1 exercice(s) réussi(s)" in page.locator(".week").inner_text()
    assert re.search(r"· 1 / \d+ exercice", page.locator(".modules li", has_text="6.").inner_text())
    assert page.get_by_role("link", name="Continuer").get_attribute("href") == (
        "/exercices/js-somme"
    )
    check_page(page, "home")
    context.close()
    assert errors == []


def _tab_to(page, selector: str, *, limit: int = 60) -> None:
    """Press Tab until the focus is on ``selector``; every stop must show its focus."""
    if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
        return
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """async (selector) => {
                await new Promise((done) => setTimeout(done, 50)); // the editor marks focus late
                const el = document.activeElement;
                const ring = getComputedStyle(el.closest(".cm-editor") || el);
                return {
                    found: el.matches(selector),
                    what: el.outerHTML.slice(0, 80),
                    visible: ring.outlineStyle !== "none" && parseFloat(ring.outlineWidth) > 0,
                };
            }""",
            selector,
        )
        assert stop["visible"], f"no visible focus on {stop['what']}"
        if stop["found"]:
            return
    raise AssertionError(f"{selector} not reached with the keyboard")


def test_the_exercise_flow_with_the_keyboard_only(shared_platform, browser):
    base, app = shared_platform
    from tremplin.auth.services import find_user
    from tremplin.catalog import get_lesson, get_module
    from tremplin.learn.activity import record_lesson_read

    with app.app_context():  # chloe has just read the lesson on arrays
        record_lesson_read(
            find_user("chloe@example.org"), get_lesson(get_module("m6-javascript"), "tableaux")
        )
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(f"{base}/connexion")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    _tab_to(page, "#email")
    page.keyboard.type("chloe@example.org")
    _tab_to(page, "#password")
    page.keyboard.type(password("chloe"))
    _tab_to(page, "#remember")
    page.keyboard.press("Space")
    assert page.is_checked("#remember")
    _tab_to(page, "form button[type=submit]")
    page.keyboard.press("Enter")
    page.locator("h1", has_text="Bonjour chloe").wait_for()
    _tab_to(page, ".continue a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/exercices/js-maximum")
    page.locator(".cm-editor").wait_for()
    starter = page.locator("textarea[data-file]").input_value()

    # Type, then « Recommencer » through its dialog: the starter is back.
    _tab_to(page, ".cm-content")
    page.keyboard.type("// à jeter")
    page.keyboard.press("Escape")  # then Tab leaves the editor
    _tab_to(page, "#restart")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent") == "Annuler"
    _tab_to(page, "dialog button[value=confirm]")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(text) => document.querySelector('textarea').value === text", arg=starter
    )
    assert "à jeter" not in page.locator("textarea[data-file]").input_value()

    for code, status in ((WRONG, "Pas encore"), (RIGHT, "Réussi")):
        _tab_to(page, ".cm-content")  # from the hint just read, down to the editor
        page.keyboard.press("Control+a")
        page.keyboard.type(code)
        page.keyboard.press("Escape")
        _tab_to(page, "#submit-form button[type=submit]")
        page.keyboard.press("Enter")
        page.locator("#verdict h2", has_text=status).wait_for(timeout=VERDICT)
        if status == "Pas encore":
            _tab_to(page, "[data-open-hint]")
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.parentElement.id") == "indice-1"
    _tab_to(page, "#verdict a.primary")
    page.keyboard.press("Enter")
    page.wait_for_url("**/exercices/js-somme")


@pytest.mark.parametrize(("width", "name"), [(360, "eve"), (1280, "farid")])
def test_sign_in_and_password_pages(shared_platform, browser, check_page, width, name):
    """The account pages meet the same bar: labels, contrast, visible focus, no sideways scroll."""
    base, _app = shared_platform
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{base}/connexion")
    check_page(page, "sign-in")
    page.fill("#email", f"{name}@example.org")
    page.fill("#password", "pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    page.locator(".flash-error", has_text="E-mail ou mot de passe incorrect.").wait_for()
    check_page(page, "sign-in-refused")

    _login(page, base, name)
    page.get_by_role("link", name="Mot de passe").click()
    page.locator("h1", has_text="Changer de mot de passe").wait_for()
    check_page(page, "password")
    # With the keyboard only: every stop from the top of the page shows its focus.
    typed = {"#current": "pas-le-bon", "#new": "nouveau-1234", "#confirm": "nouveau-1234"}
    for field, text in typed.items():
        _tab_to(page, field)
        page.keyboard.type(text)
    _tab_to(page, "form button[type=submit]")
    page.keyboard.press("Enter")
    page.locator(".field-error", has_text="Ce n'est pas ton mot de passe actuel.").wait_for()
    check_page(page, "password-refused")
    context.close()


def test_drafts_stay_with_their_author_and_leave_at_sign_out(shared_platform, browser):
    base, _app = shared_platform
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    _login(page, base, "dan")
    page.goto(f"{base}/exercices/js-somme")
    page.locator(".cm-editor").wait_for()
    page.locator(".cm-content").click()
    page.keyboard.type("// brouillon de dan")
    page.reload()
    page.locator(".cm-editor").wait_for()
    assert "// brouillon de dan" in page.locator("textarea[data-file]").input_value()
    assert page.locator("#draft-note").is_visible()

    # Someone else signs in on the same browser without dan signing out: not dan's draft.
    _login(page, base, "ana")
    page.goto(f"{base}/exercices/js-somme")
    page.locator(".cm-editor").wait_for()
    assert "brouillon" not in page.locator("textarea[data-file]").input_value()
    keys = "Object.keys(localStorage).filter((k) => k.startsWith('tremplin:')).length"
    assert page.evaluate(keys) == 1  # dan's draft is still there, unreadable by ana
    page.get_by_role("button", name="Déconnexion").click()
    page.wait_for_url("**/connexion")
    assert page.evaluate(keys) == 0
    context.close()


def test_the_page_works_before_the_editor_and_without_javascript(shared_platform, browser):
    base, _app = shared_platform
    # The editor never arrives: the page is already usable with its textarea.
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.route("**/static/editor/**", lambda route: route.abort())
    page = context.new_page()
    _login(page, base, "dan")
    page.goto(f"{base}/exercices/js-maximum")
    page.fill("textarea[data-file='maximum.js']", RIGHT)
    page.get_by_role("button", name="Soumettre").click()
    page.locator("#verdict h2", has_text="Réussi").wait_for(timeout=VERDICT)
    assert page.locator(".cm-editor").count() == 0
    context.close()

    # No JavaScript at all: the form posts, the submission page refreshes itself.
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    _login(page, base, "dan")
    page.goto(f"{base}/exercices/js-maximum")
    page.fill("textarea[data-file='maximum.js']", WRONG)
    page.get_by_role("button", name="Soumettre").click()
    page.wait_for_url("**/soumissions/*")
    page.locator("#verdict h2", has_text="Pas encore").wait_for(timeout=VERDICT)
    context.close()


def test_exercise_page_weighs_less_than_300_kb(shared_platform, browser, check_page):
    """The heaviest editor (HTML, with its CSS and JavaScript modes), transferred compressed."""
    base, _app = shared_platform
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    _login(page, base, "dan")
    sizes: list[int] = []
    page.on(
        "requestfinished",
        lambda request: sizes.append(
            request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]
        ),
    )
    page.goto(f"{base}/exercices/html-premiere-page", wait_until="networkidle")
    page.locator(".cm-editor .cm-content").wait_for()
    total = sum(sizes)
    print(f"html-premiere-page: {len(sizes)} requests, {total / 1024:.0f} KiB transferred")
    assert total < 300 * 1024
    check_page(page, "exercise-html")  # with its live preview
    page.goto(f"{base}/exercices/m1-raccourcis")
    check_page(page, "exercise-quiz")
    context.close()


def test_no_page_scrolls_sideways_on_a_phone(shared_platform, browser):
    """Every module, lesson and exercise page at 360 px (lessons' tables and code included)."""
    base, app = shared_platform
    from tremplin.catalog import modules
    from tremplin.learn.path import StepKind, learning_path

    with app.app_context():
        urls = [f"/modules/{m.slug}" for m in modules()] + [
            f"/modules/{s.module_slug}/lecons/{s.slug}"
            if s.kind == StepKind.LESSON
            else f"/exercices/{s.slug}"
            for s in learning_path()
        ]
    context = browser.new_context(viewport={"width": 360, "height": 800})
    # The editor wraps its lines and the preview is a frame: neither can widen a page (the flows
    # above check pages with them); leaving them out halves the time of this walk.
    context.route("**/static/editor/**", lambda route: route.abort())
    context.route("**/apercu/**", lambda route: route.abort())
    page = context.new_page()
    _login(page, base, "dan")
    wide = {}
    for url in urls:
        page.goto(base + url, wait_until="load")
        extra = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if extra > 0:
            wide[url] = extra
    assert wide == {}
    context.close()
