"""Invitations to choose a password, and the log of follow-up contacts with learners."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tremplin.extensions import db
from tremplin.models import Cohort, User, utcnow
from tremplin.reviews.models import append_only


class InvitationState(StrEnum):
    """Where an invitation stands."""

    PENDING = "pending"
    USED = "used"
    REVOKED = "revoked"
    EXPIRED = "expired"


class Invitation(db.Model):
    """A single-use link that lets an invited person choose a password; only its hash is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    cohort: Mapped[Cohort | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    def state(self, now: datetime) -> InvitationState:
        """Pending, used, revoked or expired at ``now``."""
        if self.used_at is not None:
            return InvitationState.USED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if self.expires_at <= now:
            return InvitationState.EXPIRED
        return InvitationState.PENDING


class ContactChannel(StrEnum):
    """How a trainer reached a learner."""

    MEETING = "entretien"
    PHONE = "telephone"
    MESSAGE = "message"
    EMAIL = "email"
    OTHER = "autre"


CHANNEL_LABELS = {
    ContactChannel.MEETING: "Entretien",
    ContactChannel.PHONE: "Téléphone",
    ContactChannel.MESSAGE: "SMS ou messagerie",
    ContactChannel.EMAIL: "E-mail",
    ContactChannel.OTHER: "Autre",
}


class FollowUp(db.Model):
    """A follow-up contact with a learner (a measure against drop-out), never edited."""

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    channel: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    author: Mapped[User] = relationship(foreign_keys=[author_id])


append_only(FollowUp)
