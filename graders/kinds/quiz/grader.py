"""The `quiz` kind: multiple choice, ordering and short answers, graded without a container.

Questions live in ``tests.toml``; the learner's page submits one file,
``reponses.json`` (``{"q1": "choix", "q2": ["a", "b"], ...}``). Only the public part
of a question (``page_view``) may reach a browser: the answers stay here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from graders.base import ExerciseSpec, Grader, PageView, PublicQuestion, SpecContext
from graders.kinds.quiz.spec import Question, QuestionType, QuizSpec, normalize_answer, parse_quiz
from graders.registry import register
from graders.verdict import Status, TestOutcome, TestStatus, Verdict, summarize
from sandbox.base import Sandbox

ANSWERS_FILE = "reponses.json"
MAX_ANSWER_CHARS = 500
UNREADABLE = "Tes réponses n'ont pas pu être lues : réponds depuis la page de l'exercice."
NO_ANSWER = "Tu n'as pas répondu."


def is_right(question: Question, given: Any) -> bool:
    """Whether a given answer is the question's answer (a short one normalised, unless exact)."""
    if question.type is QuestionType.SINGLE:
        return isinstance(given, str) and (given,) == question.answer
    if question.type is QuestionType.MULTIPLE:
        return isinstance(given, list) and sorted(set(map(str, given))) == sorted(question.answer)
    if question.type is QuestionType.ORDER:
        return isinstance(given, list) and tuple(str(g) for g in given) == question.answer
    if not isinstance(given, str) or len(given) > MAX_ANSWER_CHARS:
        return False
    if question.exact:
        return given.strip() in {a.strip() for a in question.answer}
    return normalize_answer(given) in {normalize_answer(a) for a in question.answer}


@register
class QuizGrader(Grader[QuizSpec]):
    """Compares the learner's answers with the questions' answers, here, with no container."""

    kind = "quiz"
    runtime = None
    required_files = (ANSWERS_FILE,)

    def parse_tests(self, raw: Mapping[str, Any], context: SpecContext) -> QuizSpec:
        return parse_quiz(raw)

    def page_view(self, exercise: ExerciseSpec[QuizSpec]) -> PageView:
        """The questions' form: prompts and choices (or items), never the answers."""
        questions = tuple(
            PublicQuestion(q.id, q.type.value, q.prompt, q.shown) for q in exercise.tests.questions
        )
        return PageView(form="quiz", questions=questions)

    def grade(
        self, exercise: ExerciseSpec[QuizSpec], files: dict[str, str], sandbox: Sandbox
    ) -> Verdict:
        try:
            answers = json.loads(files.get(ANSWERS_FILE, ""))
        except ValueError:
            answers = None
        if not isinstance(answers, dict):
            return Verdict(Status.FAILED, UNREADABLE)
        outcomes = []
        for index, question in enumerate(exercise.tests.questions, start=1):
            given = answers.get(question.id)
            ok = is_right(question, given)
            message = "" if ok else (question.message if given else NO_ANSWER)
            status = TestStatus.PASSED if ok else TestStatus.FAILED
            outcomes.append(TestOutcome(f"Question {index}", status, message))
        return summarize(outcomes)
