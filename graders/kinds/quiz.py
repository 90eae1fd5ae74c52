"""The `quiz` kind: multiple choice, ordering and short answers, graded without a container.

Questions live in ``tests.toml``; the learner's page submits one file,
``reponses.json`` (``{"q1": "choix", "q2": ["a", "b"], ...}``). Only the public part
of a question (``public_questions``) may reach a browser: the answers stay here.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from graders.base import ExerciseSpec, Grader
from graders.registry import register
from graders.verdict import Status, TestOutcome, TestStatus, Verdict, summarize
from sandbox.base import Sandbox

ANSWERS_FILE = "reponses.json"
MAX_ANSWER_CHARS = 500


class QuestionType(StrEnum):
    """The kinds of question a quiz may hold."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    ORDER = "order"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class PublicQuestion:
    """What the learner may see of a question: never its answer."""

    id: str
    type: QuestionType
    prompt: str
    choices: tuple[str, ...]


def normalize_answer(text: str) -> str:
    """Case, accents, apostrophes and spaces do not matter in a short answer (unless ``exact``)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain).strip().strip(".").strip().casefold()


def question_id(question: dict[str, Any], index: int) -> str:
    """A question's id: its ``id`` field, or ``q<n>`` (1-based)."""
    return str(question.get("id") or f"q{index}")


def public_questions(tests: dict[str, Any]) -> list[PublicQuestion]:
    """The questions as the page shows them: prompt and choices (or items), no answer."""
    public = []
    for index, question in enumerate(tests.get("questions", []), start=1):
        kind = QuestionType(question["type"])
        shown = question.get("items") if kind is QuestionType.ORDER else question.get("choices")
        public.append(
            PublicQuestion(
                question_id(question, index), kind, question["prompt"], tuple(shown or ())
            )
        )
    return public


def _spec_problems(question: Any) -> list[str]:
    if not isinstance(question, dict):
        return ["doit être une table."]
    problems = [
        f"`{key}` est obligatoire (texte en français)."
        for key in ("prompt", "message")
        if not isinstance(question.get(key), str) or not question[key].strip()
    ]
    try:
        kind = QuestionType(question.get("type"))
    except ValueError:
        return [*problems, f"`type` doit être l'un de {[t.value for t in QuestionType]}."]
    answer = question.get("answer")
    choices = question.get("choices")
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        if not isinstance(choices, list) or len(choices) < 2 or len(set(choices)) != len(choices):
            return [*problems, "`choices` doit lister au moins 2 choix distincts."]
        wanted = [answer] if kind is QuestionType.SINGLE else answer
        if not isinstance(wanted, list) or not wanted or not set(wanted) <= set(choices):
            problems.append("`answer` doit reprendre exactement un ou des textes de `choices`.")
    elif kind is QuestionType.ORDER:
        items = question.get("items")
        if not isinstance(items, list) or not isinstance(answer, list) or len(items) < 2:
            return [*problems, "`items` (ordre affiché) et `answer` (bon ordre) sont obligatoires."]
        if sorted(items) != sorted(answer) or len(set(items)) != len(items):
            problems.append("`items` et `answer` doivent contenir les mêmes éléments distincts.")
        elif items == answer:
            problems.append("`items` ne doit pas être déjà dans le bon ordre.")
    else:
        accepted = [answer] if isinstance(answer, str) else answer
        if (
            not isinstance(accepted, list)
            or not accepted
            or not all(isinstance(a, str) and normalize_answer(a) for a in accepted)
        ):
            problems.append("`answer` doit donner la ou les réponses acceptées (textes).")
    return problems


def _is_right(question: dict[str, Any], given: Any) -> bool:
    kind = QuestionType(question["type"])
    answer = question["answer"]
    if kind is QuestionType.SINGLE:
        return isinstance(given, str) and given == answer
    if kind is QuestionType.MULTIPLE:
        return isinstance(given, list) and sorted(set(map(str, given))) == sorted(answer)
    if kind is QuestionType.ORDER:
        return isinstance(given, list) and [str(g) for g in given] == answer
    accepted = [answer] if isinstance(answer, str) else answer
    if not isinstance(given, str) or len(given) > MAX_ANSWER_CHARS:
        return False
    if question.get("exact"):
        return given.strip() in {a.strip() for a in accepted}
    return normalize_answer(given) in {normalize_answer(a) for a in accepted}


@register
class QuizGrader(Grader):
    """Compares the learner's answers with the questions' answers, here, with no container."""

    kind = "quiz"
    runtime = None

    def check_spec(self, exercise: ExerciseSpec) -> list[str]:
        problems = []
        if exercise.files != (ANSWERS_FILE,):
            problems.append(f'`files` doit valoir ["{ANSWERS_FILE}"] pour un quiz.')
        questions = exercise.tests.get("questions")
        if not isinstance(questions, list) or not questions:
            return [*problems, "`questions` doit être une liste non vide de questions."]
        ids = [question_id(q, i) for i, q in enumerate(questions, 1) if isinstance(q, dict)]
        if len(set(ids)) != len(ids):
            problems.append("deux questions ont le même `id`.")
        for index, question in enumerate(questions, start=1):
            problems.extend(f"question n°{index} : {p}" for p in _spec_problems(question))
        return problems

    def grade(self, exercise: ExerciseSpec, files: dict[str, str], sandbox: Sandbox) -> Verdict:
        try:
            answers = json.loads(files.get(ANSWERS_FILE, ""))
        except ValueError:
            answers = None
        if not isinstance(answers, dict):
            return Verdict(
                Status.FAILED,
                "Tes réponses n'ont pas pu être lues : réponds depuis la page de l'exercice.",
            )
        outcomes = []
        for index, question in enumerate(exercise.tests["questions"], start=1):
            given = answers.get(question_id(question, index))
            ok = _is_right(question, given)
            message = "" if ok else (question["message"] if given else "Tu n'as pas répondu.")
            outcomes.append(
                TestOutcome(
                    f"Question {index}", TestStatus.PASSED if ok else TestStatus.FAILED, message
                )
            )
        return summarize(outcomes)
