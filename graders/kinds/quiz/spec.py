"""A quiz's ``tests.toml``: ``[[questions]]`` parsed into frozen values, with French problems."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from graders.errors import InvalidTestsError


class QuestionType(StrEnum):
    """The kinds of question a quiz may hold."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    ORDER = "order"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Question:
    """One question: what is shown (``choices``, or ``items`` in the shown order) and its answer."""

    id: str
    type: QuestionType
    prompt: str
    message: str
    shown: tuple[str, ...]
    answer: tuple[str, ...]  # the right choice(s), the right order, or the accepted texts
    exact: bool = False


@dataclass(frozen=True, slots=True)
class QuizSpec:
    """A quiz: its questions, in order."""

    questions: tuple[Question, ...]


def normalize_answer(text: str) -> str:
    """Case, accents, apostrophes and spaces do not matter in a short answer (unless ``exact``)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain).strip().strip(".").strip().casefold()


def question_id(question: Mapping[str, Any], index: int) -> str:
    """A question's id: its ``id`` field, or ``q<n>`` (1-based)."""
    return str(question.get("id") or f"q{index}")


def parse_quiz(raw: Mapping[str, Any]) -> QuizSpec:
    """The questions of ``tests.toml``; InvalidTestsError lists what is wrong, in French."""
    questions = raw.get("questions")
    if not isinstance(questions, list) or not questions:
        raise InvalidTestsError(["`questions` doit être une liste non vide de questions."])
    problems = []
    ids = [question_id(q, i) for i, q in enumerate(questions, 1) if isinstance(q, dict)]
    if len(set(ids)) != len(ids):
        problems.append("deux questions ont le même `id`.")
    for index, question in enumerate(questions, start=1):
        problems.extend(f"question n°{index} : {p}" for p in _problems(question))
    if problems:
        raise InvalidTestsError(problems)
    return QuizSpec(tuple(_question(q, i) for i, q in enumerate(questions, start=1)))


def _question(question: dict[str, Any], index: int) -> Question:
    kind = QuestionType(question["type"])
    answer = question["answer"]
    shown = question.get("items") if kind is QuestionType.ORDER else question.get("choices")
    return Question(
        id=question_id(question, index),
        type=kind,
        prompt=question["prompt"],
        message=question["message"],
        shown=tuple(shown or ()),
        answer=(answer,) if isinstance(answer, str) else tuple(answer),
        exact=bool(question.get("exact", False)),
    )


def _problems(question: Any) -> list[str]:
    if not isinstance(question, dict):
        return ["doit être une table."]
    problems = [
        f"`{key}` est obligatoire (texte en français)."
        for key in ("prompt", "message")
        if not isinstance(question.get(key), str) or not question[key].strip()
    ]
    try:
        kind = QuestionType(str(question.get("type")))
    except ValueError:
        return [*problems, f"`type` doit être l'un de {[t.value for t in QuestionType]}."]
    if not isinstance(question.get("exact", False), bool):
        problems.append("`exact` vaut true ou false.")
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return problems + _choice_problems(kind, question.get("choices"), question.get("answer"))
    if kind is QuestionType.ORDER:
        return problems + _order_problems(question.get("items"), question.get("answer"))
    answer = question.get("answer")
    accepted = [answer] if isinstance(answer, str) else answer
    if (
        not isinstance(accepted, list)
        or not accepted
        or not all(isinstance(a, str) and normalize_answer(a) for a in accepted)
    ):
        problems.append("`answer` doit donner la ou les réponses acceptées (textes).")
    return problems


def _choice_problems(kind: QuestionType, choices: Any, answer: Any) -> list[str]:
    if (
        not isinstance(choices, list)
        or len(choices) < 2
        or not all(isinstance(c, str) for c in choices)
        or len(set(choices)) != len(choices)
    ):
        return ["`choices` doit lister au moins 2 choix distincts."]
    wanted = [answer] if kind is QuestionType.SINGLE else answer
    if not isinstance(wanted, list) or not wanted or not set(wanted) <= set(choices):
        return ["`answer` doit reprendre exactement un ou des textes de `choices`."]
    return []


def _order_problems(items: Any, answer: Any) -> list[str]:
    if not isinstance(items, list) or not isinstance(answer, list) or len(items) < 2:
        return ["`items` (ordre affiché) et `answer` (bon ordre) sont obligatoires."]
    if not all(isinstance(i, str) for i in items + answer):
        return ["`items` et `answer` sont des listes de textes."]
    if sorted(items) != sorted(answer) or len(set(items)) != len(items):
        return ["`items` et `answer` doivent contenir les mêmes éléments distincts."]
    if items == answer:
        return ["`items` ne doit pas être déjà dans le bon ordre."]
    return []
