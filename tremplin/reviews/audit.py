"""The audit log of a learner's record: every override and every validation, as decided."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from tremplin.extensions import db
from tremplin.models import Competence, Exercise, Submission, User
from tremplin.reviews.models import CompetenceValidation, Review

STATUS_LABELS = {
    "queued": "en attente",
    "running": "en cours",
    "passed": "réussi",
    "failed": "pas encore réussi",
    "error": "erreur de la plateforme",
}


def acquired_label(acquired: bool) -> str:
    """How a competence decision reads in French."""
    return "acquise" if acquired else "non acquise"


@dataclass(frozen=True)
class AuditEntry:
    """One decision: who, when, on what, before, after, why."""

    at: datetime
    author: str
    kind: str  # "override" or "validation"
    subject: str
    before: str
    after: str
    reason: str
    submission_id: int | None = None


def _overrides(learner_id: int) -> list[AuditEntry]:
    rows = db.session.execute(
        select(Review, User, Exercise.title, Submission.id)
        .join(Submission, Submission.id == Review.submission_id)
        .join(Exercise, Exercise.id == Submission.exercise_id)
        .join(User, User.id == Review.author_id)
        .where(Submission.user_id == learner_id, Review.verdict.is_not(None))
    )
    return [
        AuditEntry(
            review.created_at,
            author.name,
            "override",
            f"{title} (soumission n°{submission_id})",
            STATUS_LABELS.get(review.previous_status or "", review.previous_status or "—"),
            STATUS_LABELS.get(review.verdict or "", review.verdict or "—"),
            review.reason or review.comment_md,
            submission_id,
        )
        for review, author, title, submission_id in rows
    ]


def _validations(learner_id: int) -> list[AuditEntry]:
    rows = db.session.execute(
        select(CompetenceValidation, User, Competence.code)
        .join(Competence, Competence.id == CompetenceValidation.competence_id)
        .join(User, User.id == CompetenceValidation.author_id)
        .where(CompetenceValidation.learner_id == learner_id)
    )
    return [
        AuditEntry(
            validation.created_at,
            author.name,
            "validation",
            code,
            acquired_label(validation.was_acquired),
            acquired_label(validation.acquired),
            validation.reason,
        )
        for validation, author, code in rows
    ]


def audit_log(learner: User) -> list[AuditEntry]:
    """Every override of the learner's verdicts and every decision on their competences, newest first."""
    entries = _overrides(learner.id) + _validations(learner.id)
    return sorted(entries, key=lambda e: e.at, reverse=True)
