"""Cohorts and accounts: create and edit cohorts, attach members, disable accounts, log contacts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from tremplin.auth.services import find_user, set_active
from tremplin.cohorts.access import follows, require_admin
from tremplin.cohorts.invitations import check_email
from tremplin.cohorts.models import CHANNEL_LABELS, ContactChannel, FollowUp, Invitation
from tremplin.errors import ForbiddenError, NotFoundError, TremplinError
from tremplin.extensions import db
from tremplin.models import Cohort, Role, User, utcnow

MAX_NOTE = 4_000


class CohortError(TremplinError):
    """A cohort or account change that cannot be made as asked."""

    status = 422


def _text(value: object, what: str, limit: int, *, required: bool = True) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise CohortError(f"{what} : ce champ est obligatoire.")
    if len(text) > limit:
        raise CohortError(f"{what} : {limit} caractères au plus.")
    return text


def parse_day(value: object, what: str) -> date | None:
    """A date from a form (``AAAA-MM-JJ``, or ``JJ/MM/AAAA``); None when empty."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return None
    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise CohortError(f"{what} : date invalide « {text} » (format JJ/MM/AAAA).") from None


def _check_dates(starts: date | None, ends: date | None) -> None:
    if starts and ends and ends < starts:
        raise CohortError("La date de fin doit venir après la date de début.")


def create_cohort(admin: User, name: object, site: object, starts: object, ends: object) -> Cohort:
    """A new cohort (admins only); its name must be free."""
    require_admin(admin)
    cohort = Cohort(name=_free_name(name, None))
    _fill(cohort, site, starts, ends)
    db.session.add(cohort)
    db.session.commit()
    return cohort


def update_cohort(
    actor: User, cohort: Cohort, name: object, site: object, starts: object, ends: object
) -> None:
    """Edit a cohort: admins change everything; its trainers shift its dates."""
    if actor.role == Role.ADMIN:
        cohort.name = _free_name(name, cohort.id)
    _fill(cohort, site if actor.role == Role.ADMIN else cohort.site, starts, ends)
    db.session.commit()


def _free_name(value: object, cohort_id: int | None) -> str:
    name = _text(value, "Nom de la promo", 120)
    taken = db.session.scalar(
        select(func.count(Cohort.id)).where(Cohort.name == name, Cohort.id != (cohort_id or 0))
    )
    if taken:
        raise CohortError(f"Une promo s'appelle déjà « {name} ».")
    return name


def _fill(cohort: Cohort, site: object, starts: object, ends: object) -> None:
    starts_on, ends_on = parse_day(starts, "Début"), parse_day(ends, "Fin")
    _check_dates(starts_on, ends_on)
    cohort.site = _text(site, "Lieu", 120, required=False)
    cohort.starts_on, cohort.ends_on = starts_on, ends_on


def attach_member(admin: User, cohort: Cohort, email: object) -> User:
    """Attach an existing account (trainer or learner) to a cohort (admins only)."""
    require_admin(admin)
    user = find_user(check_email(email))
    if user is None:
        raise CohortError(f"Aucun compte pour {email} : invite cette personne.")
    if cohort not in user.cohorts:
        user.cohorts.append(cohort)
    db.session.commit()
    return user


def detach_member(admin: User, cohort: Cohort, user_id: int) -> None:
    """Take someone out of a cohort (admins only); their history stays."""
    require_admin(admin)
    user = db.session.get(User, user_id)
    if user is None or cohort not in user.cohorts:
        raise NotFoundError("Membre introuvable dans cette promo.")
    user.cohorts.remove(cohort)
    db.session.commit()


def may_manage_account(actor: User, user: User) -> bool:
    """Admins manage every account but their own; trainers the learners they follow."""
    if actor.id == user.id:
        return False
    if actor.role == Role.ADMIN:
        return True
    return actor.role == Role.TRAINER and user.role == Role.LEARNER and follows(actor, user.id)


def set_disabled(actor: User, user_id: int, disabled: bool) -> User:
    """Disable an account (its sessions, tokens and pending invitations end; history stays)
    or enable it again."""
    if not actor.is_staff:
        raise ForbiddenError("Réservé aux formateurs et aux administrateurs.")
    user = db.session.get(User, user_id)
    if user is None or not may_manage_account(actor, user):
        raise NotFoundError("Compte introuvable.")
    if disabled:
        for invitation in db.session.scalars(
            select(Invitation).where(
                Invitation.user_id == user.id,
                Invitation.used_at.is_(None),
                Invitation.revoked_at.is_(None),
            )
        ):
            invitation.revoked_at = utcnow()
    set_active(user, not disabled)
    return user


def add_follow_up(
    author: User, learner: User, channel: object, note: object, *, at: datetime | None = None
) -> FollowUp:
    """Log a follow-up contact with a learner (kept as a proof, never edited)."""
    if channel not in set(ContactChannel):
        choices = ", ".join(CHANNEL_LABELS.values())
        raise CohortError(f"Moyen de contact inconnu : choisis parmi {choices}.")
    follow_up = FollowUp(
        learner_id=learner.id,
        author_id=author.id,
        channel=str(channel),
        note=_text(note, "Compte rendu du contact", MAX_NOTE),
        created_at=at or utcnow(),
    )
    db.session.add(follow_up)
    db.session.commit()
    return follow_up


def follow_ups(learner: User) -> list[FollowUp]:
    """A learner's follow-up contacts, newest first."""
    return list(
        db.session.scalars(
            select(FollowUp).where(FollowUp.learner_id == learner.id).order_by(FollowUp.id.desc())
        )
    )
