"""Regressions of defects found with hostile submissions, on the real engine.

Lone surrogates in a browser page's console and memory exhaustion in the shell kind; hidden
tests that told why they failed are golden cases (tests/graders/cases/javascript/somme).
"""

from __future__ import annotations

import pytest

from graders.verdict import Status
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
