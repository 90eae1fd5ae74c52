"""The `quiz` kind: graded here, without a container; answers never in the public view."""

from __future__ import annotations

import json

import pytest

from graders.base import ExerciseSpec
from graders.kinds.quiz import normalize_answer, public_questions
from graders.registry import grader_for
from graders.verdict import Status
from graders.verdict import TestStatus as Outcome

TESTS = {
    "questions": [
        {
            "type": "single",
            "prompt": "Quelle extension pour une page web ?",
            "choices": [".jpg", ".html", ".pdf"],
            "answer": ".html",
            "message": "Une page web se termine par l'extension du langage HTML.",
        },
        {
            "type": "multiple",
            "prompt": "Lesquels sont des images ?",
            "choices": [".png", ".css", ".jpg"],
            "answer": [".png", ".jpg"],
            "message": "Deux extensions sur trois sont des images.",
        },
        {
            "type": "order",
            "prompt": "Dans quel ordre ?",
            "items": ["b", "a", "c"],
            "answer": ["a", "b", "c"],
            "message": "Relis la leçon.",
        },
        {
            "id": "capitale",
            "type": "text",
            "prompt": "Le protocole sécurisé du web ?",
            "answer": ["HTTPS", "https://"],
            "message": "Pense au cadenas.",
        },
    ]
}
SPEC = ExerciseSpec(slug="quiz-demo", kind="quiz", files=("reponses.json",), tests=TESTS)
RIGHT = {"q1": ".html", "q2": [".jpg", ".png"], "q3": ["a", "b", "c"], "capitale": " httpS "}


def _grade(answers: object) -> object:
    text = answers if isinstance(answers, str) else json.dumps(answers)
    return grader_for("quiz").grade(SPEC, {"reponses.json": text}, sandbox=None)


def test_right_answers_pass() -> None:
    assert grader_for("quiz").check_spec(SPEC) == []
    assert _grade(RIGHT).status is Status.PASSED


@pytest.mark.parametrize(
    ("key", "wrong"),
    [("q1", ".pdf"), ("q2", [".png"]), ("q3", ["b", "a", "c"]), ("capitale", "http")],
)
def test_each_wrong_answer_fails_with_its_message(key: str, wrong: object) -> None:
    verdict = _grade({**RIGHT, key: wrong})
    assert verdict.status is Status.FAILED
    failed = [t for t in verdict.tests if t.status is Outcome.FAILED]
    assert len(failed) == 1 and failed[0].message


@pytest.mark.parametrize("payload", ["", "pas du json", "[]", '{"q1": {"x": 1}}'])
def test_malformed_answers_fail_without_error(payload: str) -> None:
    assert _grade(payload).status is Status.FAILED


def test_missing_answer_says_so() -> None:
    verdict = _grade({"q1": ".html"})
    assert verdict.tests[1].message == "Tu n'as pas répondu."


def test_normalisation_ignores_case_accents_and_spaces() -> None:
    assert normalize_answer("  Élève   À l’école. ") == normalize_answer("eleve a l'ecole")


def test_public_view_holds_no_answer() -> None:
    public = public_questions(TESTS)
    assert [q.choices for q in public][2] == ("b", "a", "c")
    assert "HTTPS" not in repr(public) and "answer" not in repr(public)


@pytest.mark.parametrize(
    ("question", "fragment"),
    [
        (
            {"type": "single", "prompt": "p", "message": "m", "choices": ["a", "b"], "answer": "c"},
            "answer",
        ),
        (
            {
                "type": "order",
                "prompt": "p",
                "message": "m",
                "items": ["a", "b"],
                "answer": ["a", "b"],
            },
            "bon ordre",
        ),
        ({"type": "essay", "prompt": "p", "message": "m"}, "type"),
        ({"type": "text", "prompt": "p", "answer": "x"}, "message"),
    ],
)
def test_bad_questions_are_reported_in_french(question: dict, fragment: str) -> None:
    spec = ExerciseSpec(
        slug="q", kind="quiz", files=("reponses.json",), tests={"questions": [question]}
    )
    problems = grader_for("quiz").check_spec(spec)
    assert problems and fragment in " ".join(problems)
