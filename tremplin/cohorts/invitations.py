"""Invitations: a single-use link, valid 7 days by default, to choose one's password."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from sqlalchemy import select

from tremplin.auth.services import find_user
from tremplin.cohorts.models import Invitation, InvitationState
from tremplin.errors import NotFoundError, TremplinError
from tremplin.extensions import db
from tremplin.models import Cohort, User, utcnow

EMAIL = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")
MIN_PASSWORD, MAX_PASSWORD = 8, 200


class InvitationError(TremplinError):
    """An invitation that cannot be made or used; the message says why, in French."""

    status = 422


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_email(email: object) -> str:
    """A normalised e-mail address, or InvitationError."""
    if not isinstance(email, str) or len(email.strip()) > 254 or not EMAIL.match(email.strip()):
        raise InvitationError(f"Adresse e-mail invalide : « {email} ».")
    return email.strip().lower()


def check_name(name: object) -> str:
    """A display name of 1 to 120 characters, or InvitationError."""
    text = name.strip() if isinstance(name, str) else ""
    if not text:
        raise InvitationError("Indique le nom de la personne.")
    if len(text) > 120:
        raise InvitationError("Le nom est trop long (120 caractères au plus).")
    return text


def new_account(email: str, name: str, role: str) -> User:
    """An account without a password yet (it is chosen through the invitation)."""
    user = User(email=email, display_name=name, role=role, password_hash="")
    db.session.add(user)
    return user


def issue(user: User, cohort: Cohort | None, inviter: User | None, ttl_days: int) -> str:
    """Revoke the user's pending invitations and create a new one; returns the secret token."""
    now = utcnow()
    for pending in db.session.scalars(
        select(Invitation).where(
            Invitation.user_id == user.id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
    ):
        pending.revoked_at = now
    token = secrets.token_urlsafe(32)
    db.session.add(
        Invitation(
            user=user,
            cohort=cohort,
            created_by=inviter,
            token_hash=_digest(token),
            created_at=now,
            expires_at=now + timedelta(days=ttl_days),
        )
    )
    return token


def invite(
    inviter: User, cohort: Cohort, email: object, name: object, role: str, ttl_days: int
) -> tuple[User, str | None]:
    """Attach a person to the cohort; a new account gets an invitation (token returned).

    An existing account is attached, never duplicated; if it has no password yet, its
    invitation is issued again.
    """
    address = check_email(email)
    user = find_user(address)
    if user is not None and user.role != role:
        raise InvitationError(f"{address} a déjà un compte d'un autre rôle ({user.role}).")
    if user is not None and not user.is_active:
        raise InvitationError(f"Le compte {address} est désactivé : réactive-le d'abord.")
    if user is None:
        user = new_account(address, check_name(name), role)
    if cohort not in user.cohorts:
        user.cohorts.append(cohort)
    token = None if user.password_hash else issue(user, cohort, inviter, ttl_days)
    db.session.commit()
    return user, token


def resend(inviter: User, user: User, cohort: Cohort | None, ttl_days: int) -> str:
    """A fresh link for an account still without password (the previous link stops working)."""
    if user.password_hash:
        raise InvitationError("Ce compte a déjà choisi son mot de passe.")
    if not user.is_active:
        raise InvitationError("Ce compte est désactivé : réactive-le d'abord.")
    token = issue(user, cohort, inviter, ttl_days)
    db.session.commit()
    return token


def revoke(invitation: Invitation) -> None:
    """Stop a pending invitation from working."""
    if invitation.state(utcnow()) is not InvitationState.PENDING:
        raise InvitationError("Cette invitation n'est plus en attente.")
    invitation.revoked_at = utcnow()
    db.session.commit()


STATE_MESSAGES = {
    InvitationState.USED: "Ce lien d'invitation a déjà servi : connecte-toi avec ton mot de passe.",
    InvitationState.REVOKED: "Ce lien d'invitation a été annulé : demande un nouveau lien à ton formateur ou ta formatrice.",
    InvitationState.EXPIRED: "Ce lien d'invitation a expiré : demande un nouveau lien à ton formateur ou ta formatrice.",
}


def open_invitation(token: str) -> Invitation:
    """The pending invitation of this token; 404 or 410 with the reason otherwise."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == _digest(token))
    )
    if invitation is None:
        raise NotFoundError(
            "Lien d'invitation inconnu : vérifie l'adresse ou demande un nouveau lien."
        )
    state = invitation.state(utcnow())
    if state is not InvitationState.PENDING:
        raise TremplinError(STATE_MESSAGES[state], 410)
    if not invitation.user.is_active:
        raise TremplinError("Ce compte est désactivé.", 410)
    return invitation


def accept(token: str, password: object, confirm: object) -> User:
    """Use an invitation once: set the chosen password; returns the account."""
    invitation = open_invitation(token)
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise InvitationError(f"Le mot de passe doit contenir au moins {MIN_PASSWORD} caractères.")
    if len(password) > MAX_PASSWORD:
        raise InvitationError(f"Le mot de passe est trop long ({MAX_PASSWORD} caractères au plus).")
    if password != confirm:
        raise InvitationError("Les deux mots de passe ne sont pas identiques.")
    invitation.user.set_password(password)
    invitation.used_at = utcnow()
    db.session.commit()
    return invitation.user


def invitations_of(cohort: Cohort) -> list[Invitation]:
    """The cohort's invitations, newest first (pending or not)."""
    return list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.cohort_id == cohort.id)
            .order_by(Invitation.id.desc())
        )
    )


def get_invitation(invitation_id: int) -> Invitation:
    """An invitation by id, or 404 (callers check the cohort is the viewer's)."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None:
        raise NotFoundError("Invitation introuvable.")
    return invitation
