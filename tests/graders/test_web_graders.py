"""The html, css and dom kinds through the real engine: headless Chromium in the sandbox."""

from __future__ import annotations

import time

import pytest

from graders.registry import grader_for
from graders.verdict import Status, Verdict
from graders.verdict import TestStatus as Outcome
from tests.grading import exercise as _exercise
from tests.grading import grade as _grade

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def _failed(verdict: Verdict) -> dict[str, str]:
    return {t.name: t.message for t in verdict.tests if t.status is Outcome.FAILED}


@pytest.mark.parametrize("slug", ["html-premiere-page", "css-titre-bleu", "js-compteur"])
def test_reference_solution_passes_and_starter_fails(slug: str, docker_sandbox) -> None:
    exercise = _exercise(slug)
    solved = _grade(slug, exercise.content["solution"], docker_sandbox)
    assert solved.status is Status.PASSED, solved
    starter = {n: exercise.content["starter"].get(n, "") for n in exercise.content["files"]}
    assert _grade(slug, starter, docker_sandbox).status is Status.FAILED


PAGE = """<!DOCTYPE html>
<html lang="fr">
<head><title>Ma page</title></head>
<body>
{body}
</body>
</html>
"""


def test_html_commented_markup_blank_alt_and_two_h1_fail(docker_sandbox) -> None:
    body = (
        "<!-- <h1>Bonjour</h1> -->\n<h1>Salut</h1>\n<h1>Encore</h1>\n"
        "<p>Texte</p>\n<img src='a.png' alt='   '>\n<p>Fin</div>"
    )
    verdict = _grade("html-premiere-page", {"index.html": PAGE.format(body=body)}, docker_sandbox)
    failed = _failed(verdict)
    assert verdict.status is Status.FAILED
    assert "ta page en a 2" in failed["Un seul titre <h1>"]
    assert "Bonjour" in failed["Le <h1> contient « Bonjour »"]
    assert "alt" in failed["Une image <img> avec un texte alternatif"]
    assert "ligne 10 : </div>" in verdict.output


def test_html_missing_doctype_and_lang(docker_sandbox) -> None:
    page = "<html><head><title>t</title></head><body><h1>Bonjour</h1><p>x</p><img alt='chat'></body></html>"
    failed = _failed(_grade("html-premiere-page", {"index.html": page}, docker_sandbox))
    assert set(failed) == {
        "La page commence par <!DOCTYPE html>",
        'La balise <html> a l\'attribut lang="fr"',
    }


def test_css_any_notation_of_the_same_values_passes(docker_sandbox) -> None:
    css = "h1 { color: rgb(30, 58, 138) } .important { font-weight: 700 } .carte { padding: 1rem }"
    assert _grade("css-titre-bleu", {"style.css": css}, docker_sandbox).status is Status.PASSED


def test_css_beginner_mistakes(docker_sandbox) -> None:
    css = "h1 { color: blue; }\nimportant { font-weight: bold; }\n.carte { padding-top: 16px; }"
    failed = _failed(_grade("css-titre-bleu", {"style.css": css}, docker_sandbox))
    assert "rgb(0, 0, 255)" in failed["Le titre h1 est de couleur #1e3a8a"]
    assert "400" in failed["Les éléments .important sont en gras (700)"]
    assert "padding-right vaut 0px" in failed["La .carte a 16 px de padding sur les quatre côtés"]


def test_dom_text_concatenation_and_script_error(docker_sandbox) -> None:
    concat = (
        "const c = document.querySelector('#compteur');\n"
        "document.querySelector('#plus').addEventListener('click', () => {\n"
        "  c.textContent = c.textContent + 1;\n});"
    )
    failed = _failed(_grade("js-compteur", {"script.js": concat}, docker_sandbox))
    assert "« 0111 »" in failed["Trois clics affichent 3"]
    wrong_id = "document.querySelector('#plu').addEventListener('click', () => {});"
    verdict = _grade("js-compteur", {"script.js": wrong_id}, docker_sandbox)
    assert "Cannot read properties of null" in verdict.message
    assert "script.js, ligne 1" in verdict.output


def test_forged_frames_printed_by_the_page_do_not_count(docker_sandbox) -> None:
    forged = '{"t": "fact", "id": 1, "data": {"count": 1, "items": [{"text": "1"}]}}'
    script = f"console.log('\\n@@tremplin@@ {forged}\\n'); console.log('@@tremplin@@ {{\"t\": \"end\"}}');"
    verdict = _grade("js-compteur", {"script.js": script}, docker_sandbox)
    assert verdict.status is Status.FAILED
    assert "Un clic sur #plus affiche 1" in _failed(verdict)


HOSTILE = {
    "endless": ("while (true) {}", "ne finit pas de se charger"),
    "endless-on-click": (
        "document.querySelector('#plus').onclick = () => { for (;;) {} };",
        "ne répond plus",
    ),
    "huge-dom": (
        "for (let i = 0; ; i++) { const d = document.createElement('div');"
        " d.textContent = 'x'.repeat(1000) + i; document.body.append(d); }",
        "mémoire",
    ),
    "alert-loop": ("while (true) { alert('coucou'); }", "boîte(s) de dialogue"),
    "navigation-away": ("location.href = 'https://example.org/';", "quitté son adresse"),
    "navigation-local": ("setTimeout(() => { location.href = 'ailleurs.html'; });", "quitté"),
    "window-close": ("window.close();", "window.close()"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_pages_fail_with_a_clear_message_within_the_limits(
    case: str, docker_sandbox
) -> None:
    script, words = HOSTILE[case]
    exercise = _exercise("js-compteur")
    limits = grader_for("dom").limits_for(exercise.spec)
    started = time.monotonic()
    verdict = _grade("js-compteur", {"script.js": script}, docker_sandbox)
    assert time.monotonic() - started < limits.timeout_s + 5
    assert verdict.status is Status.FAILED
    assert words in verdict.message.lower()
    assert all(t.status is Outcome.FAILED for t in verdict.tests[1:])
    assert limits.timeout_s <= 20 and limits.memory_mb <= 768


TODO_PAGE = """<!DOCTYPE html><html lang="fr"><head><title>t</title><style>
.cartes { display: grid; grid-template-columns: 1fr; }
@media (min-width: 800px) { .cartes { grid-template-columns: repeat(3, 1fr); } }
</style></head><body>
<form><label for="tache">Tâche</label><input id="tache"><button>Ajouter</button></form>
<ul></ul><div class="cartes"><p>a</p><p>b</p><p>c</p></div>
<script src="script.js"></script></body></html>"""
TODO_SCRIPT = """document.querySelector("form").addEventListener("submit", (event) => {
  event.preventDefault();
  const li = document.createElement("li");
  li.textContent = document.querySelector("#tache").value;
  document.querySelector("ul").append(li);
});"""


def test_dom_typing_submitting_scripts_and_viewports(docker_sandbox) -> None:
    from graders.base import ExerciseSpec

    tests = {
        "checks": [
            {
                "name": "ajout",
                "steps": [{"type": "#tache", "text": "Courses"}, {"submit": "form"}],
                "script": "return Array.from(document.querySelectorAll('li'), li => li.textContent);",
                "expected": ["Courses"],
            },
            {
                "name": "une colonne",
                "selector": ".cartes p",
                "layout": "column",
                "viewport": "mobile",
            },
            {"name": "trois colonnes", "selector": ".cartes p", "columns": 3, "viewports": [1280]},
            {"name": "étiquettes", "a11y": "labels"},
            {"name": "pas d'erreur", "no_errors": True, "steps": [{"submit": "form"}]},
        ]
    }
    spec = ExerciseSpec("essai", "dom", ("script.js",), tests, {}, {"index.html": TODO_PAGE})
    grader = grader_for("dom")
    assert grader.check_spec(spec) == []
    verdict = grader.grade(spec, {"script.js": TODO_SCRIPT}, docker_sandbox)
    assert verdict.status is Status.PASSED, verdict
    sent = grader.grade(spec, {"script.js": "// rien"}, docker_sandbox)
    assert "event.preventDefault()" in sent.message
    stay = "document.querySelector('form').addEventListener('submit', (e) => e.preventDefault());"
    failed = _failed(grader.grade(spec, {"script.js": stay}, docker_sandbox))
    assert list(failed) == ["ajout"]
    assert "Obtenu : [] ; attendu : ['Courses']" in failed["ajout"]
