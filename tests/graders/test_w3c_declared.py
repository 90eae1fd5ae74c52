"""Host-side logic of the `w3c` and `declared` checks: French messages, reports, parsing.

The checker itself runs in the golden cases (tests/graders/cases/*/squelette-valide,
secours-declares), the curriculum's gradability test and tests/hostile/test_w3c.py.
"""

from __future__ import annotations

import pytest

from graders.errors import GraderError, InvalidTestsError
from graders.frames import new_marker
from graders.web import declared
from graders.web.spec import parse_web
from graders.web.w3c import checks
from graders.web.w3c.messages import describe, in_french
from graders.web.w3c.validator import FileReport, Remark, Report, read_report
from sandbox.base import RunResult

# Messages the checker (vnu 26.9) gave for a corpus of beginners' mistakes.
CHECKER_SAID = {
    "Start tag seen without seeing a doctype first. Expected “<!DOCTYPE html>”.": "<!DOCTYPE html>",
    "Element “head” is missing a required instance of child element “title”.": "<title> dans <head>",
    "An “img” element must have an “alt” attribute, except under certain conditions. For "
    "details, consult guidance on providing text alternatives for images.": "attribut alt",
    "Element “div” not allowed as child of element “ul” in this context. (Suppressing "
    "further errors from this subtree.)": "<div> n'a pas le droit d'être directement dans <ul>",
    "Stray end tag “div”.": "</div> ne ferme aucune balise",
    "Unclosed element “section”.": "ajoute </section>",
    "No “strong” element in scope but a “strong” end tag seen.": "mal imbriquées",
    "End tag for  “body” seen, but there were unclosed elements.": "</body> arrive",
    "Duplicate ID “x”.": 'id="x" est déjà utilisé',
    "Attribute “hieght” not allowed on element “img” at this point.": "hieght n'existe pas sur <img>",
    "Bad value “mon fichier.html” for attribute “href” on element “a”: Illegal character in "
    "path segment. Space is not allowed.": "contient une espace",
    "Bad value “100px” for attribute “width” on element “img”: Expected a digit but saw "
    "“p” instead.": 'width="100"',
    "The “center” element is obsolete. Use CSS instead.": "<center> est obsolète",
    "Element “meta” is missing one or more of the following attributes: “content”, "
    "“itemprop”, “property”.": "content, itemprop, property",
    "Malformed byte sequence: “e9”.": "UTF-8",
    "CSS: “colr”: Property “colr” doesn't exist.": "« colr » n'existe pas",
    "CSS: “margin”: only “0” can be a “unit”. You must put a unit after your number.": "unité",
    "CSS: “color”: “bleu” is not a “color” value.": "« bleu » n'est pas une valeur possible de color",
    "CSS: Parse Error.": "erreur de syntaxe",
}


@pytest.mark.parametrize("english", sorted(CHECKER_SAID))
def test_common_checker_messages_are_said_in_french(english: str) -> None:
    french = in_french(english)
    assert "en anglais" not in french
    assert CHECKER_SAID[english] in french


def test_an_unknown_message_is_quoted_as_the_w3c_validators() -> None:
    said = in_french("Some new rule about “x”." + " y" * 200)
    assert said.startswith("le validateur du W3C signale (en anglais) : « Some new rule")
    assert said.endswith("… »") and len(said) < 300


def test_a_remark_shows_line_and_column() -> None:
    remark = Remark(line=4, column=7, message="Stray end tag “p”.")
    assert describe(remark).startswith("ligne 4, colonne 7 : la balise fermante </p>")


def _run(stdout: str = "", **result: object) -> RunResult:
    return RunResult(exit_code=0, stdout=stdout, stderr="boom", duration_s=1.0, **result)  # type: ignore[arg-type]


def test_report_read_from_the_harness_frames() -> None:
    marker = new_marker()
    frames = [
        '{"t": "w3c", "file": "index.html", "errors": 2, "warnings": 1, "complete": true, '
        '"messages": [{"type": "error", "line": 3, "column": 1, "message": "Stray end tag “p”."}]}',
        '{"t": "end", "stopped": ""}',
    ]
    report = read_report(_run("".join(f"\n{marker}{f}\n" for f in frames)), marker)
    found = report.files["index.html"]
    assert (found.errors, found.warnings, found.complete) == (2, 1, True)
    assert found.remarks == (Remark(3, 1, "Stray end tag “p”."),)


def test_report_of_a_run_stopped_by_a_limit_or_broken() -> None:
    marker = new_marker()
    assert read_report(_run(oom_killed=True), marker).stopped == "memory"
    # No frame, or out of time (the checker's work is bounded): the platform's fault.
    for broken in (_run(), _run(timed_out=True)):
        with pytest.raises(GraderError):
            read_report(broken, marker)
    for stopped in ("failed", "time"):
        with pytest.raises(GraderError):
            read_report(_run(f'\n{marker}{{"t": "end", "stopped": "{stopped}"}}\n'), marker)


def test_check_fails_on_errors_and_on_what_the_checker_could_not_see() -> None:
    remark = Remark(2, 5, "Stray end tag “div”.")
    clean = Report({"a.html": FileReport(0, 3, ())})
    assert checks.problem(clean, "a.html", warnings=False) == ""
    assert "3 remarques" in checks.problem(clean, "a.html", warnings=True)
    partial = Report({"a.html": FileReport(200, 0, (remark,), complete=False)}, "messages")
    assert "au moins 200 erreurs" in checks.problem(partial, "a.html", warnings=False)
    unseen = Report({"b.html": FileReport(0, 0, (), complete=False)}, "messages")
    assert "s'est arrêté avant b.html" in checks.problem(unseen, "b.html", warnings=False)
    assert "manque de mémoire" in checks.problem(Report({}, "memory"), "a.html", warnings=False)


CSS = """
/* commented: h1 { font-size: 9rem } */
h1, .titre { font-size: 2rem; font-size: clamp(1.5rem, 5vw, 3rem); }
.hero { min-height: 100dvh; min-height: 100vh; }
nav > ul { display: block; }
@media (min-width: 48rem) { nav>ul { display: flex; } }
.galerie { display: flex; }
@supports (display: grid) { .galerie { display: GRID; } }
@supports not (display: grid) { .vieux { display: grid; } }
.casse { color: ; width: 10px
"""


def _declared(**check: object) -> str:
    spec = declared.from_check({"declared": "display", "rule": ".galerie", **check}, ["s.css"])
    return declared.problem(spec, {"s.css": CSS})


@pytest.mark.parametrize(
    ("check", "words"),
    [
        ({"declared": "font-size", "rule": ".titre", "contains": "clamp(", "fallback": True}, ""),
        ({"declared": "font-size", "rule": "h1", "value": "2rem"}, "attendu : « 2rem »"),
        ({"declared": "min-height", "rule": ".hero", "value": "100dvh"}, "l'emporte"),
        ({"declared": "display", "rule": "nav > ul", "value": "flex", "fallback": True}, ""),
        ({"value": "grid", "supports": "display:grid"}, ""),
        ({"value": "flex"}, ""),
        ({"value": "grid", "fallback": True}, "attendu : « grid »"),
        ({"rule": ".vieux", "value": "grid", "supports": "display: grid"}, "Aucune règle"),
        ({"rule": ".absente", "value": "grid"}, "Aucune règle « .absente » dans s.css"),
        ({"declared": "gap", "value": "1rem"}, "ne déclare pas gap"),
        ({"declared": "width", "rule": ".casse", "value": "10px"}, ""),
    ],
)
def test_declared_values_of_a_stylesheet(check: dict, words: str) -> None:
    found = _declared(**check)
    assert (words in found) if words else found == "", found


def test_declared_without_fallback_says_so() -> None:
    css = "h1 { font-size: clamp(1rem, 4vw, 2rem); }"
    spec = declared.from_check(
        {"declared": "font-size", "rule": "h1", "contains": "clamp(", "fallback": True}, ["s.css"]
    )
    assert "n'a pas de valeur de secours" in declared.problem(spec, {"s.css": css})
    assert "introuvable" in declared.problem(spec, {})


@pytest.mark.parametrize(
    ("check", "words"),
    [
        ({"w3c": "valid", "viewport": 375}, "ni `viewport(s)`"),
        ({"w3c": "valid", "file": "autre.css"}, "une page .html ou une feuille .css"),
        ({"w3c": "oui"}, "`w3c` vaut « valid »"),
        ({"w3c": "valid", "rule": "h1"}, "champs inconnus ['rule']"),
        ({"selector": "h1", "file": "style.css"}, "champs inconnus ['file']"),
        ({"declared": "color"}, "`rule`"),
        ({"declared": "color", "rule": "h1", "fallback": True}, "`fallback` demande"),
        ({"declared": "color", "rule": "h1", "value": 3}, "`value` n'a pas le bon type"),
    ],
)
def test_bad_w3c_and_declared_checks_are_refused_in_french(check: dict, words: str) -> None:
    with pytest.raises(InvalidTestsError) as caught:
        parse_web(
            {"checks": [{"name": "x", **check}]}, ["index.html", "style.css"], steps_allowed=False
        )
    assert any(words in problem for problem in caught.value.problems), caught.value.problems


def test_declared_needs_file_when_there_are_several_stylesheets() -> None:
    with pytest.raises(InvalidTestsError):
        parse_web(
            {"checks": [{"name": "x", "declared": "color", "rule": "h1", "value": "red"}]},
            ["index.html", "a.css", "b.css"],
            steps_allowed=False,
        )
    spec = parse_web(
        {"checks": [{"name": "x", "w3c": "valid", "file": "a.css"}]},
        ["index.html", "a.css", "b.css"],
        steps_allowed=False,
    )
    assert (spec.checks[0].file, spec.checks[0].widths) == ("a.css", ())
