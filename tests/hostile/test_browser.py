"""Hostile page scripts in the `dom` kind (headless Chromium in the sandbox), js-compteur.

Every case ends ``failed`` with a clear French message, within the kind's limits.
"""

from __future__ import annotations

import time

import pytest

from graders.registry import grader_for
from graders.verdict import Status
from tests.grading import exercise

pytestmark = [pytest.mark.docker, pytest.mark.slow]

# id: (script.js, words of the verdict, whether the script follows the reference solution)
CASES = {
    "endless": ("while (true) {}", "ne finit pas de se charger", False),
    "endless-after-solution": ("while (true) {}", "ne finit pas de se charger", True),
    "endless-on-click": (
        "document.querySelector('#plus').onclick = () => { for (;;) {} };",
        "ne répond plus",
        False,
    ),
    "huge-dom": (
        "for (let i = 0; ; i++) { const d = document.createElement('div');"
        " d.textContent = 'x'.repeat(1000) + i; document.body.append(d); }",
        "mémoire",
        False,
    ),
    "memory-bomb": ("const a = []; while (true) a.push(new Array(1e6).fill(1));", "mémoire", True),
    "alert-loop": ("while (true) { alert('coucou'); }", "boîte(s) de dialogue", False),
    "navigation-away": ("location.href = 'https://example.org/';", "quitté son adresse", False),
    "navigation-local": (
        "setTimeout(() => { location.href = 'ailleurs.html'; });",
        "quitté",
        False,
    ),
    "window-close": ("window.close();", "window.close()", False),
    "network": (
        "fetch('http://1.1.1.1/').then(() => { document.title = 'NET'; });",
        "failed to fetch",
        True,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_page_fails_with_a_clear_message_within_the_limits(
    case: str, hostile_sandbox
) -> None:
    script, words, after_solution = CASES[case]
    compteur = exercise("js-compteur")
    solution = compteur.content["solution"]
    files = {**solution, "script.js": solution["script.js"] + "\n" + script}
    if not after_solution:
        files["script.js"] = script
    limits = compteur.spec.limits
    started = time.monotonic()
    verdict = grader_for("dom").grade(compteur.spec, files, hostile_sandbox)
    assert time.monotonic() - started < limits.timeout_s + 5
    seen = "\n".join([verdict.message, *(t.message for t in verdict.tests)])
    assert verdict.status is Status.FAILED, seen
    assert words in seen.lower(), seen
    assert limits.timeout_s <= 20 and limits.memory_mb <= 768
