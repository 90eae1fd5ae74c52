"""Hostile pages for the W3C checker (`w3c` checks, image `vnu`), on html-squelette-valide.

A page may make the checker slow or talkative, or hand it bytes that are not UTF-8: the
check fails with a French message, within the limits, and the rest of the verdict stands.
"""

from __future__ import annotations

import time

import pytest

from graders.registry import grader_for
from graders.verdict import Status
from graders.web.w3c.validator import VNU_LIMITS, validate
from tests.grading import exercise

pytestmark = [pytest.mark.docker, pytest.mark.slow]

CHECK = "Le validateur du W3C ne trouve aucune erreur"
HEAD = (
    '<!DOCTYPE html>\n<html lang="fr">\n<head><meta charset="utf-8"><title>FC Bellevue</title>'
    "</head>\n<body>\n"
)
# id: (page, words of the check's message)
CASES = {
    # 10 000 elements never closed: uncapped, the checker would list 20 000 messages.
    "deep-nesting": (HEAD + "<div>" * 10_000 + "\n</body></html>", "au moins"),
    "ten-thousand-errors": (HEAD + "</x>\n" * 10_000 + "</body></html>", "au moins"),
    "css-flood-in-style": (
        HEAD + "<style>\n" + "p { colr: red }\n" * 3_000 + "</style></body></html>",
        "la propriété « colr » n'existe pas",
    ),
    # 250 KB (the submission cap is 256 KiB), one error on its last line: read to the end.
    "huge-page": (
        HEAD + "<p>Un paragraphe de texte ordinaire.</p>\n" * 6_000 + "</x>\n</body></html>",
        "1 erreur dans index.html : ligne 6005, colonne 1",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_page_fails_the_w3c_check_within_the_limits(case: str, hostile_sandbox) -> None:
    page, words = CASES[case]
    spec = exercise("html-squelette-valide").spec
    started = time.monotonic()
    verdict = grader_for("html").grade(spec, {"index.html": page}, hostile_sandbox)
    assert time.monotonic() - started < max(spec.limits.timeout_s, VNU_LIMITS.timeout_s) + 5
    check = next(t for t in verdict.tests if t.name == CHECK)
    assert verdict.status is Status.FAILED
    assert check.status.value == "failed" and words in check.message, check.message
    assert len(verdict.output) < 8_000


def test_bytes_that_are_not_utf8_are_reported_with_their_line(hostile_sandbox) -> None:
    page = HEAD.encode() + b"<p>caf\xe9 \xff\xfe</p>\n</body></html>\n"
    report = validate(
        {"index.html": page},
        ["index.html"],
        warnings=False,
        limits=VNU_LIMITS,
        sandbox=hostile_sandbox,
    )
    found = report.files["index.html"]
    assert report.stopped == "" and found.complete and found.errors >= 2
    assert {(r.line, r.message.split(":")[0]) for r in found.remarks} == {
        (5, "Malformed byte sequence")
    }
