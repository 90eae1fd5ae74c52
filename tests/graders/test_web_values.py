"""Unit tests of the web kinds' host side: CSS values, check validation, plan, facts."""

from __future__ import annotations

import dataclasses
import json

import pytest

from graders.errors import InvalidTestsError
from graders.web.css_values import expand, parse_color, parse_length, same_value
from graders.web.facts import headings_problem, links_problem, selector_problem
from graders.web.plan import build_plan
from graders.web.spec import WebCheck, parse_web
from tests.grading import exercise


def _problems(tests: dict, *, steps_allowed: bool = False) -> list[str]:
    try:
        parse_web(tests, ["index.html"], steps_allowed=steps_allowed)
    except InvalidTestsError as exc:
        return exc.problems
    return []


@pytest.mark.parametrize(
    "written", ["#1e3a8a", "#1E3A8A", "rgb(30,58,138)", "rgb(30 58 138)", "rgba(30, 58, 138, 1)"]
)
def test_every_way_of_writing_a_colour_is_the_same_colour(written: str) -> None:
    assert same_value("color", written, "rgb(30, 58, 138)")


def test_named_colours_and_short_hex() -> None:
    assert same_value("color", "navy", "rgb(0, 0, 128)")
    assert same_value("background-color", "#fff", "rgb(255, 255, 255)")
    assert same_value("color", "transparent", "rgba(0, 0, 0, 0)")
    assert not same_value("color", "blue", "rgb(30, 58, 138)")
    assert parse_color("pas-une-couleur") is None


def test_lengths_rem_is_16px_and_em_uses_the_font_size() -> None:
    assert same_value("padding-top", "1rem", "16px")
    assert same_value("padding-top", "12pt", "16px")
    assert same_value("margin-left", "2em", "40px", font_px=20)
    assert not same_value("padding-top", "16px", "15px")
    assert parse_length("0") == 0
    assert parse_length("12") is None


def test_font_weight_keywords_and_multi_token_values() -> None:
    assert same_value("font-weight", "bold", "700")
    assert not same_value("font-weight", "bold", "400")
    assert same_value("border-top", "1px solid #000", "1px solid rgb(0, 0, 0)")


def test_shorthands_expand_like_css() -> None:
    assert expand("padding", "16px") == {
        f"padding-{side}": "16px" for side in ("top", "right", "bottom", "left")
    }
    assert expand("margin", "1px 2px 3px")["margin-left"] == "2px"
    assert expand("color", "red") == {"color": "red"}


def test_check_validation_speaks_french_to_the_trainer() -> None:
    assert _problems({})
    bad = {
        "checks": [
            {"name": "x", "selector": "h1", "property": "color"},
            {"name": "y", "doctype": True, "selector": "h1"},
            {"name": "z", "selector": "h1", "steps": [{"click": "#a"}]},
            {"name": "w", "a11y": "couleurs"},
            {"name": "v", "selector": "h1", "page": "autre.html"},
        ]
    }
    problems = _problems(bad)
    assert any("`property` demande `value`" in p for p in problems)
    assert any("exactement une assertion" in p for p in problems)
    assert any("dom" in p for p in problems)
    assert any("a11y" in p for p in problems)
    assert any("autre.html" in p for p in problems)


def test_the_plan_sent_into_the_sandbox_holds_no_expected_value() -> None:
    for slug in ("html-premiere-page", "css-titre-bleu", "js-compteur"):
        spec = exercise(slug).spec
        plan, _ = build_plan(spec.tests, js=True, timing={"budget_s": 1})
        text = json.dumps(plan)
        for check in spec.tests.checks:
            for key in ("value", "text", "text_contains", "expected"):
                value = getattr(check, key)
                if isinstance(value, str):
                    assert json.dumps(value) not in text, (slug, key)


def test_checks_that_differ_only_by_steps_get_their_own_page_load() -> None:
    tests = {
        "checks": [
            {"name": "a", "selector": "#n", "text": "0"},
            {"name": "b", "selector": "#n", "text": "1", "steps": [{"click": "#plus"}]},
            {"name": "c", "no_errors": True, "steps": [{"click": "#plus"}]},
            {
                "name": "d",
                "selector": "h1",
                "property": "color",
                "value": "red",
                "viewports": ["mobile", 1280],
            },
        ]
    }
    spec = parse_web(tests, ["index.html"], steps_allowed=True)
    plan, refs = build_plan(spec, js=True, timing={})
    assert [s["viewport"][0] for s in plan["sessions"]] == [1280, 1280, 375]
    assert refs[1].session == refs[2].session == 1
    assert {r.width for r in refs.values() if r.check == 3} == {375, 1280}


def test_selector_facts_count_text_and_any() -> None:
    fact = {"count": 2, "items": [{"text": ""}, {"text": "Salut"}]}
    check = WebCheck("p", "selector", "index.html", selector="p", not_empty=True)
    assert selector_problem(dataclasses.replace(check, match="any"), fact) == ""
    assert "vide" in selector_problem(check, fact)
    one = WebCheck("p", "selector", "index.html", selector="p", count=1)
    assert "exactement 1 <p>" in selector_problem(one, fact)


def test_links_and_headings() -> None:
    files = frozenset({"index.html", "pages/contact.html"})
    assert (
        links_problem(["pages/contact.html#haut", "https://a.fr", "#x"], "index.html", files) == ""
    )
    assert "contact.htm" in links_problem(["contact.htm"], "index.html", files)
    assert links_problem(["../index.html"], "pages/contact.html", files) == ""
    assert headings_problem([1, 2, 3, 2]) == ""
    assert "sauté" in headings_problem([1, 3])
    assert "un seul" in headings_problem([1, 2, 1])
