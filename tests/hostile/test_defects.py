"""Regressions of defects found with hostile submissions, on the real engine.

Lone surrogates in a browser page's console, memory exhaustion in the shell kind, and
hidden tests that told why they failed.
"""

from __future__ import annotations

import pytest

from graders.verdict import Status
from graders.verdict import TestStatus as Outcome
from tests.grading import exercise as _exercise
from tests.grading import grade as _grade

pytestmark = [pytest.mark.docker]


def _solution(slug: str) -> dict[str, str]:
    return dict(_exercise(slug).content["solution"])


@pytest.mark.slow
def test_dom_page_logging_a_lone_surrogate_still_passes(hostile_sandbox) -> None:
    files = _solution("js-compteur")
    files["script.js"] = "console.log('\\ud800 é 😀 \\u202e \\x1b[2J');\n" + files["script.js"]
    verdict = _grade("js-compteur", files, hostile_sandbox)
    assert verdict.status is Status.PASSED, verdict
    assert "\ufffd é 😀 \\u202e \\x1b[2J" in verdict.output
    verdict.output.encode("utf-8")


MEMORY_HOGS = {
    "growing-list": "python3 -c 'b = []\nwhile True: b.append(\"x\" * 10**6)'",
    "one-huge-buffer": "python3 -c 'bytearray(10**10)'",
}


@pytest.mark.parametrize("hog", sorted(MEMORY_HOGS))
def test_shell_memory_exhaustion_is_reported_as_such(hog: str, hostile_sandbox) -> None:
    """Even when the harness reports after the kernel killed the hog, and the tests pass."""
    files = _solution("m3-ecrire-fichier")
    files["commandes.sh"] = files["commandes.sh"] + "\n" + MEMORY_HOGS[hog] + "\n"
    verdict = _grade("m3-ecrire-fichier", files, hostile_sandbox)
    assert verdict.status is Status.FAILED
    assert verdict.message.startswith("Mémoire dépassée (")
    assert "Killed" not in verdict.message


def test_hidden_tests_say_only_that_they_failed(hostile_sandbox) -> None:
    """Throwing, looping and a wrong value look the same in a hidden test."""
    code = (
        "function somme(n) {\n"
        "  if (n.length === 1) throw new Error('un');\n"
        "  if (n.length === 4) while (true) {}\n"
        "  if (n.length === 3 && n[0] < 0) return 'faux';\n"
        "  return n.reduce((a, b) => a + b, 0);\n"
        "}\n"
    )
    verdict = _grade("js-somme", {"somme.js": code}, hostile_sandbox)
    hidden = [t for t in verdict.tests if t.name not in _visible_names("js-somme")]
    failed = [t for t in hidden if t.status is Outcome.FAILED]
    assert {t.name for t in failed} == {
        "un seul nombre",
        "des nombres négatifs",
        "que des nombres négatifs",
    }
    assert {t.message for t in failed} == {"Test caché non réussi (son détail reste secret)."}
    assert all(t.status is Outcome.PASSED for t in verdict.tests if t not in hidden)
    assert "Tests cachés qui ne passent pas : 3." in verdict.message


def test_visible_tests_keep_their_explanation(hostile_sandbox) -> None:
    code = "function somme(n) { if (n.length === 0) throw new Error('vide'); return 6; }"
    verdict = _grade("js-somme", {"somme.js": code}, hostile_sandbox)
    messages = {t.name: t.message for t in verdict.tests}
    assert messages["un tableau vide donne 0"] == "La fonction a levé une erreur : Error: vide"


def _visible_names(slug: str) -> set[str]:
    tests = _exercise(slug).spec.tests["tests"]
    return {t["name"] for t in tests if t.get("visible")}
