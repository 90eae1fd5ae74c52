"""Accounts and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import func, select

from tremplin.errors import TremplinError
from tremplin.extensions import db
from tremplin.models import ApiToken, Cohort, Role, User, utcnow

# Checked against when the e-mail is unknown, so that timing does not reveal accounts.
_DUMMY_HASH = "scrypt:32768:8:1$dummysaltdummysa$" + "0" * 128


def find_user(email: str) -> User | None:
    """A user by e-mail, case-insensitively."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: object, password: object) -> User | None:
    """The user with these credentials, or None."""
    if not isinstance(email, str) or not isinstance(password, str):
        return None
    user = find_user(email)
    if user is None:
        from werkzeug.security import check_password_hash

        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if user.check_password(password) else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, ttl_days: int) -> str:
    """Create an API token; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        ApiToken(
            user_id=user.id,
            token_hash=_digest(token),
            expires_at=utcnow() + timedelta(days=ttl_days),
        )
    )
    db.session.commit()
    return token


def user_for_token(token: str) -> User | None:
    """The owner of a valid, unexpired token."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.expires_at < utcnow():
        return None
    return row.user


def create_user(
    email: str, password: str, role: str, cohort: str | None = None, display_name: str = ""
) -> User:
    """Create (or update the password and role of) a user, optionally in a cohort."""
    if role not in set(Role):
        raise TremplinError(f"Rôle inconnu « {role} » : learner, trainer ou admin.")
    if "@" not in email or len(email) > 254:
        raise TremplinError(f"Adresse e-mail invalide : « {email} ».")
    if len(password) < 8:
        raise TremplinError("Le mot de passe doit contenir au moins 8 caractères.")
    user = find_user(email)
    if user is None:
        user = User(email=email.strip().lower())
        db.session.add(user)
    user.role = role
    user.display_name = display_name or user.display_name
    user.set_password(password)
    if cohort:
        group = db.session.scalar(select(Cohort).where(Cohort.name == cohort))
        if group is None:
            group = Cohort(name=cohort)
            db.session.add(group)
        if group not in user.cohorts:
            user.cohorts.append(group)
    db.session.commit()
    return user
