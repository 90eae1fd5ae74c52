"""Progress toward the title, derived from passed submissions."""

from __future__ import annotations

from sqlalchemy import select

from tremplin.extensions import db
from tremplin.models import Exercise, SkillBlock, Submission, SubmissionStatus, User

# A competence counts as acquired once this share of its exercises is passed.
ACQUIRED_PERCENT = 80


def passed_exercise_ids(user: User) -> set[int]:
    """Exercises the user has passed at least once."""
    return set(
        db.session.scalars(
            select(Submission.exercise_id)
            .where(Submission.user_id == user.id, Submission.status == SubmissionStatus.PASSED)
            .distinct()
        )
    )


def progress_for(user: User, *, evidence: bool = False) -> list[dict]:
    """Per block and competence: percent of mapped exercises passed, and acquired.

    With ``evidence``, each competence also lists its exercises (slug, title, passed).
    """
    passed = passed_exercise_ids(user)
    blocks = []
    for block in db.session.scalars(select(SkillBlock).order_by(SkillBlock.position)):
        competences = []
        evidenced = []  # percents of the competences that some active exercise evidences
        for competence in block.competences:
            exercises = [e for e in competence.exercises if e.active]
            done = sum(e.id in passed for e in exercises)
            percent = round(100 * done / len(exercises)) if exercises else 0
            if exercises:
                evidenced.append(percent)
            competences.append(
                {
                    "code": competence.code,
                    "title": competence.title,
                    "percent": percent,
                    "acquired": bool(exercises) and percent >= ACQUIRED_PERCENT,
                    **({"exercises": _evidence(exercises, passed)} if evidence else {}),
                }
            )
        percent = round(sum(evidenced) / len(evidenced)) if evidenced else 0
        blocks.append(
            {
                "code": block.code,
                "title": block.title,
                "percent": percent,
                "competences": competences,
            }
        )
    return blocks


def _evidence(exercises: list[Exercise], passed: set[int]) -> list[dict]:
    ordered = sorted(exercises, key=lambda e: (e.module.position, e.position, e.slug))
    return [{"slug": e.slug, "title": e.title, "passed": e.id in passed} for e in ordered]
