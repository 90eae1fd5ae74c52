"""Progress toward the title, derived from verdicts (after overrides) and trainers' decisions.

The rules, in one place:

- an exercise is passed when one of the learner's submissions has ``passed`` as its verdict
  after overrides (``Submission.effective_status``); it counts once however often it is passed;
- a competence's percent is the share of its active exercises passed; it is acquired once that
  share reaches the competence's threshold (``competences.toml``, 80 % by default);
- a trainer's latest decision (validation or invalidation) decides over that rule either way,
  so no re-grade and no later submission undoes it; a validated competence counts 100 %;
- a block's percent is the mean of its competences that have exercises or a decision.

Everything is computed for many learners at once with a fixed number of queries.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from tremplin.extensions import db
from tremplin.models import (
    Competence,
    Exercise,
    Module,
    SkillBlock,
    Submission,
    SubmissionStatus,
    User,
    exercise_competences,
)


@dataclass(frozen=True)
class ExerciseRef:
    """An active exercise that evidences a competence."""

    id: int
    slug: str
    title: str


@dataclass(frozen=True)
class CompetenceRule:
    """A competence, its acquisition threshold and the exercises that evidence it."""

    id: int
    code: str
    title: str
    threshold: int
    exercises: tuple[ExerciseRef, ...]


@dataclass(frozen=True)
class BlockRule:
    """A skill block and its competences."""

    code: str
    title: str
    competences: tuple[CompetenceRule, ...]


@dataclass(frozen=True)
class Decision:
    """A trainer's latest validation or invalidation of a learner's competence."""

    id: int
    acquired: bool
    author: str
    at: datetime
    reason: str


def title_rules() -> list[BlockRule]:
    """Every block with its competences and their active exercises (three light queries)."""
    rows = db.session.execute(
        select(exercise_competences.c.competence_id, Exercise.id, Exercise.slug, Exercise.title)
        .join(Exercise, Exercise.id == exercise_competences.c.exercise_id)
        .join(Module, Module.id == Exercise.module_id)
        .where(Exercise.active.is_(True))
        .order_by(Module.position, Exercise.position, Exercise.slug)
    )
    evidence: dict[int, list[ExerciseRef]] = defaultdict(list)
    for competence_id, exercise_id, slug, title in rows:
        evidence[competence_id].append(ExerciseRef(exercise_id, slug, title))
    competences: dict[int, list[CompetenceRule]] = defaultdict(list)
    for c_id, block_id, code, title, threshold in db.session.execute(
        select(
            Competence.id,
            Competence.block_id,
            Competence.code,
            Competence.title,
            Competence.threshold,
        ).order_by(Competence.position)
    ):
        competences[block_id].append(
            CompetenceRule(c_id, code, title, threshold, tuple(evidence[c_id]))
        )
    blocks = db.session.execute(
        select(SkillBlock.id, SkillBlock.code, SkillBlock.title).order_by(SkillBlock.position)
    )
    return [BlockRule(code, title, tuple(competences[b_id])) for b_id, code, title in blocks]


def passed_by_learner(user_ids: list[int]) -> dict[int, set[int]]:
    """Per learner, the exercises passed (verdict after overrides), each once."""
    passed: dict[int, set[int]] = {uid: set() for uid in user_ids}
    if not user_ids:
        return passed
    rows = db.session.execute(
        select(Submission.user_id, Submission.exercise_id)
        .where(
            Submission.user_id.in_(user_ids),
            Submission.effective_status == SubmissionStatus.PASSED,
        )
        .distinct()
    )
    for user_id, exercise_id in rows:
        passed[user_id].add(exercise_id)
    return passed


def decisions_by_learner(user_ids: list[int]) -> dict[int, dict[int, Decision]]:
    """Per learner and competence id, the trainer's latest decision (one query)."""
    from tremplin.reviews.models import CompetenceValidation as Validation

    decisions: dict[int, dict[int, Decision]] = {uid: {} for uid in user_ids}
    if not user_ids:
        return decisions
    latest = (
        select(func.max(Validation.id))
        .where(Validation.learner_id.in_(user_ids))
        .group_by(Validation.learner_id, Validation.competence_id)
    )
    rows = db.session.execute(
        select(Validation, User)
        .join(User, User.id == Validation.author_id)
        .where(Validation.id.in_(latest))
    )
    for validation, author in rows:
        decisions[validation.learner_id][validation.competence_id] = Decision(
            validation.id,
            validation.acquired,
            author.name,
            validation.created_at,
            validation.reason,
        )
    return decisions


def _competence(
    rule: CompetenceRule, passed: set[int], decision: Decision | None, evidence: bool
) -> dict:
    total = len(rule.exercises)
    done = sum(e.id in passed for e in rule.exercises)
    share = round(100 * done / total) if total else 0
    by_rule = bool(total) and share >= rule.threshold
    acquired = decision.acquired if decision else by_rule
    return {
        "code": rule.code,
        "title": rule.title,
        "percent": 100 if decision and decision.acquired else share,
        "acquired": acquired,
        "validated_by": decision.author if decision else None,
        "decision": decision,
        "threshold": rule.threshold,
        "done": done,
        "total": total,
        # Exercises still to pass for the rule to acquire it (0 when nothing more is needed).
        "remaining": max(0, math.ceil(rule.threshold * total / 100) - done) if total else 0,
        "counted": bool(total) or decision is not None,
        "exercises": [
            {"id": e.id, "slug": e.slug, "title": e.title, "passed": e.id in passed}
            for e in rule.exercises
        ]
        if evidence
        else [],
    }


def assess(
    rules: list[BlockRule],
    passed: set[int],
    decisions: dict[int, Decision],
    *,
    evidence: bool = True,
) -> list[dict]:
    """One learner's blocks and competences under the rules of the module docstring.

    With ``evidence``, each competence lists its exercises (slug, title, passed).
    """
    blocks = []
    for block in rules:
        competences = [
            _competence(c, passed, decisions.get(c.id), evidence) for c in block.competences
        ]
        counted = [c["percent"] for c in competences if c["counted"]]
        blocks.append(
            {
                "code": block.code,
                "title": block.title,
                "percent": round(sum(counted) / len(counted)) if counted else 0,
                "acquired": sum(c["acquired"] for c in competences),
                "competences": competences,
            }
        )
    return blocks


def cohort_progress(user_ids: list[int], rules: list[BlockRule] | None = None) -> dict[int, list]:
    """Blocks and competences of many learners, in four queries whatever their number."""
    rules = title_rules() if rules is None else rules
    passed = passed_by_learner(user_ids)
    decisions = decisions_by_learner(user_ids)
    return {uid: assess(rules, passed[uid], decisions[uid]) for uid in user_ids}


def progress_for(user: User, *, evidence: bool = True) -> list[dict]:
    """One learner's blocks and competences, with the evidence of each competence."""
    rules = title_rules()
    passed = passed_by_learner([user.id])[user.id]
    decisions = decisions_by_learner([user.id])[user.id]
    return assess(rules, passed, decisions, evidence=evidence)


def progress_json(blocks: list[dict]) -> list[dict[str, Any]]:
    """The API's view of progress (``GET /me/progress``): exactly its documented fields."""
    return [
        {
            "code": b["code"],
            "title": b["title"],
            "percent": b["percent"],
            "competences": [
                {k: c[k] for k in ("code", "title", "percent", "acquired", "validated_by")}
                for c in b["competences"]
            ],
        }
        for b in blocks
    ]


def passed_exercise_ids(user: User) -> set[int]:
    """Exercises the user has passed at least once (verdicts after overrides)."""
    return passed_by_learner([user.id])[user.id]


def module_progress(user: User, exercises: list[Exercise]) -> tuple[int, int]:
    """(passed, total) among the given exercises."""
    passed = passed_exercise_ids(user)
    return sum(e.id in passed for e in exercises), len(exercises)
