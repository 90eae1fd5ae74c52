"""Reviews, overrides and validations: evidence records, appended and never edited.

As in Moodle's evidence records, a row is written once: the ORM refuses to update or
delete them, so the history (who, when, before, after, reason) is what was decided.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tremplin.errors import TremplinError
from tremplin.extensions import db
from tremplin.models import Competence, Submission, User, utcnow


class Review(db.Model):
    """A trainer's comment on a submission, optionally overriding its verdict."""

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    comment_md: Mapped[str] = mapped_column(Text)
    # An override: the verdict decided, and the verdict (after earlier overrides) it replaced.
    verdict: Mapped[str | None] = mapped_column(String(16))
    previous_status: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[User] = relationship()
    submission: Mapped[Submission] = relationship()


class CompetenceValidation(db.Model):
    """A trainer's decision that a learner has (or has not yet) acquired a competence."""

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    competence_id: Mapped[int] = mapped_column(ForeignKey("competence.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    acquired: Mapped[bool]
    was_acquired: Mapped[bool]
    reason: Mapped[str] = mapped_column(Text)
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    competence: Mapped[Competence] = relationship()


class SavedComment(db.Model):
    """A comment a trainer saved to apply again (a template, not evidence: it may be deleted)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    body_md: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AppendOnlyError(TremplinError):
    """An evidence record was about to be changed or removed."""

    status = 409


def _refuse_change(mapper, connection, target) -> None:
    raise AppendOnlyError("Cet enregistrement ne se modifie pas : ajoutes-en un nouveau.")


def append_only(*models: type) -> None:
    """Make the ORM refuse to update or delete rows of these models."""
    for model in models:
        event.listen(model, "before_update", _refuse_change)
        event.listen(model, "before_delete", _refuse_change)


append_only(Review, CompetenceValidation)
