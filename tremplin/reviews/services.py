"""Reviewing submissions, overriding verdicts and deciding competences: appended, never edited."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tremplin.content.markdown import render_markdown
from tremplin.errors import NotFoundError, TremplinError
from tremplin.extensions import db
from tremplin.localtime import iso_utc
from tremplin.models import Competence, Submission, SubmissionStatus, User, utcnow
from tremplin.progress import cohort_progress
from tremplin.reviews.models import CompetenceValidation, Review, SavedComment

VERDICTS = (SubmissionStatus.PASSED, SubmissionStatus.FAILED)
MAX_COMMENT = 20_000
MAX_REASON = 2_000


class InvalidReviewError(TremplinError):
    """A review or a decision that cannot be recorded as it is."""

    status = 422


def _text(value: object, what: str, limit: int, *, required: bool) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidReviewError(f"{what} doit être du texte.")
    value = value.strip()
    if required and not value:
        raise InvalidReviewError(f"{what} est vide : écris quelques mots.")
    if len(value) > limit:
        raise InvalidReviewError(f"{what} est trop long ({limit} caractères au plus).")
    return value


def _verdict(value: object) -> str | None:
    if value is None or value == "":
        return None
    if value not in VERDICTS:
        raise InvalidReviewError(f"Verdict inconnu « {value} » : « passed » ou « failed ».")
    return str(value)


def add_review(
    author: User,
    submission: Submission,
    comment: object,
    verdict: object = None,
    reason: object = "",
    *,
    at: datetime | None = None,
) -> Review:
    """Append a comment, optionally overriding the verdict (the grader's stays stored)."""
    text = _text(comment, "Le commentaire", MAX_COMMENT, required=True)
    decided = _verdict(verdict)
    why = _text(reason, "La raison", MAX_REASON, required=False)
    if decided and not submission.finished:
        raise InvalidReviewError(
            "Cette soumission n'est pas encore corrigée : attends son verdict pour le modifier."
        )
    review = Review(
        submission_id=submission.id,
        author_id=author.id,
        comment_md=text,
        verdict=decided,
        previous_status=submission.effective_status if decided else None,
        reason=why,
        created_at=at or utcnow(),
    )
    if decided:
        submission.override_status = decided
    db.session.add(review)
    db.session.commit()
    return review


def reviews_by_submission(submission_ids: list[int]) -> dict[int, list[Review]]:
    """Reviews of these submissions, oldest first, with their authors (one query)."""
    found: dict[int, list[Review]] = defaultdict(list)
    if not submission_ids:
        return found
    rows = db.session.scalars(
        select(Review)
        .options(joinedload(Review.author))
        .where(Review.submission_id.in_(submission_ids))
        .order_by(Review.id)
    )
    for review in rows:
        found[review.submission_id].append(review)
    return found


def review_json(review: Review) -> dict[str, Any]:
    """The API view of a review."""
    return {
        "comment_html": render_markdown(review.comment_md),
        "verdict": review.verdict,
        "author": review.author.name,
        "created_at": iso_utc(review.created_at),
    }


def get_competence(code: object) -> Competence:
    """A competence by code; 422 when unknown."""
    competence = (
        db.session.scalar(select(Competence).where(Competence.code == code))
        if isinstance(code, str)
        else None
    )
    if competence is None:
        raise InvalidReviewError(f"Compétence inconnue « {code} ».")
    return competence


def decide_competence(
    author: User,
    learner: User,
    code: object,
    acquired: object,
    reason: object,
    *,
    at: datetime | None = None,
) -> CompetenceValidation:
    """Append a trainer's validation (or invalidation) of a learner's competence."""
    competence = get_competence(code)
    if not isinstance(acquired, bool):
        raise InvalidReviewError("Indique « acquired » : true (acquise) ou false (pas encore).")
    why = _text(reason, "La raison", MAX_REASON, required=True)
    before = _acquired_now(learner, competence.code)
    validation = CompetenceValidation(
        learner_id=learner.id,
        competence_id=competence.id,
        author_id=author.id,
        acquired=acquired,
        was_acquired=before,
        reason=why,
        created_at=at or utcnow(),
    )
    db.session.add(validation)
    db.session.commit()
    return validation


def _acquired_now(learner: User, code: str) -> bool:
    for block in cohort_progress([learner.id])[learner.id]:
        for competence in block["competences"]:
            if competence["code"] == code:
                return bool(competence["acquired"])
    return False


def saved_comments(author: User) -> list[SavedComment]:
    """The trainer's reusable comments, by title."""
    return list(
        db.session.scalars(
            select(SavedComment)
            .where(SavedComment.author_id == author.id)
            .order_by(SavedComment.title)
        )
    )


def save_comment(author: User, title: object, body: object) -> SavedComment:
    """Keep a comment to apply again later."""
    name = _text(title, "Le titre du commentaire", 120, required=True)
    text = _text(body, "Le commentaire", MAX_COMMENT, required=True)
    saved = SavedComment(author_id=author.id, title=name, body_md=text)
    db.session.add(saved)
    db.session.commit()
    return saved


def get_saved_comment(author: User, saved_id: object) -> SavedComment:
    """One of the trainer's own reusable comments; 404 otherwise."""
    saved = db.session.get(SavedComment, saved_id) if isinstance(saved_id, int) else None
    if saved is None or saved.author_id != author.id:
        raise NotFoundError("Commentaire enregistré introuvable.")
    return saved


def delete_saved_comment(author: User, saved_id: int) -> None:
    """Forget one of the trainer's reusable comments (reviews made with it stay)."""
    db.session.delete(get_saved_comment(author, saved_id))
    db.session.commit()


def exercise_reviews(learner: User, exercise_id: int, limit: int = 5) -> list[Review]:
    """The latest reviews of a learner's submissions to one exercise, newest first."""
    return list(
        db.session.scalars(
            select(Review)
            .join(Submission, Submission.id == Review.submission_id)
            .options(joinedload(Review.author))
            .where(Submission.user_id == learner.id, Submission.exercise_id == exercise_id)
            .order_by(Review.id.desc())
            .limit(limit)
        )
    )
