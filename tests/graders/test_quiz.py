"""The `quiz` kind's spec: answers never in the page view; bad questions told in French.

Verdicts of whole submissions are golden cases (tests/graders/cases/quiz).
"""

from __future__ import annotations

import pytest

from graders.errors import ExerciseSpecError
from graders.kinds.quiz.spec import normalize_answer
from graders.registry import build_spec, grader_for
from tests.grading import CASES, case_spec


def test_normalisation_ignores_case_accents_and_spaces() -> None:
    assert normalize_answer("  Élève   À l’école. ") == normalize_answer("eleve a l'ecole")


def test_page_view_holds_no_answer() -> None:
    spec = case_spec(CASES / "quiz" / "demo")
    view = grader_for("quiz").page_view(spec)
    assert view.form == "quiz"
    assert [q.id for q in view.questions] == ["q1", "q2", "q3", "capitale"]
    assert view.questions[2].choices == ("b", "a", "c")
    assert "HTTPS" not in repr(view) and "answer" not in repr(view)


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
    data = {"slug": "q", "kind": "quiz", "files": ["reponses.json"]}
    with pytest.raises(ExerciseSpecError) as refused:
        build_spec({**data, "tests": {"questions": [question]}})
    (problem,) = refused.value.problems
    assert problem.file == "tests.toml" and "question n°1" in problem.text
    assert fragment in problem.text
