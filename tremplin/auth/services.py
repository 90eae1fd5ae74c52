"""Accounts, sessions and API tokens."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select
from werkzeug.security import check_password_hash

from tremplin.errors import TremplinError
from tremplin.extensions import db
from tremplin.models import ApiToken, Cohort, Role, User, utcnow

log = logging.getLogger("tremplin.auth")

# Checked against when the e-mail is unknown, so that timing does not reveal accounts.
_DUMMY_HASH = "scrypt:32768:8:1$dummysaltdummysa$" + "0" * 128
MIN_PASSWORD = 8


def find_user(email: str) -> User | None:
    """A user by e-mail, case-insensitively."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def account_key(email: object) -> str:
    """A stable, non-reversible name for an account as typed (rate limits, logs)."""
    if not isinstance(email, str) or not email.strip():
        return ""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def authenticate(email: object, password: object, *, address: str = "?") -> User | None:
    """The user with these credentials, or None; the attempt is logged without secrets."""
    if not isinstance(email, str) or not isinstance(password, str):
        return None
    user = find_user(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        log.warning("sign-in failed: unknown account %s from %s", account_key(email), address)
        return None
    if not user.check_password(password):
        log.warning("sign-in failed: user %s from %s (wrong password)", user.id, address)
        return None
    if not user.is_active:
        log.warning("sign-in refused: user %s from %s (account disabled)", user.id, address)
        return user
    log.info("sign-in: user %s from %s", user.id, address)
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, ttl_days: int, *, address: str = "?") -> str:
    """Create an API token for an active user; only its hash is stored."""
    if not user.is_active:
        raise TremplinError("Ce compte est désactivé : adresse-toi à ton formateur.", 403)
    token = secrets.token_urlsafe(32)
    db.session.add(
        ApiToken(
            user_id=user.id,
            token_hash=_digest(token),
            expires_at=utcnow() + timedelta(days=ttl_days),
        )
    )
    db.session.commit()
    log.info("api token created: user %s from %s", user.id, address)
    return token


def user_for_token(token: str) -> User | None:
    """The owner of a valid, unexpired token, if the account is active."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.expires_at < utcnow() or not row.user.is_active:
        return None
    return row.user


def revoke_token(token: str) -> bool:
    """Delete one token; False if it did not exist."""
    result = db.session.execute(delete(ApiToken).where(ApiToken.token_hash == _digest(token)))
    db.session.commit()
    return cast(CursorResult[Any], result).rowcount == 1


def _revoke_all_tokens(user: User) -> None:
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))


def end_sessions(user: User) -> None:
    """End every session and remember-me cookie of the user (logout, everywhere)."""
    user.end_sessions()
    db.session.commit()


def check_new_password(password: str) -> None:
    """Raise TremplinError unless the password is acceptable."""
    if len(password) < MIN_PASSWORD:
        raise TremplinError(f"Le mot de passe doit contenir au moins {MIN_PASSWORD} caractères.")
    if len(password) > 200:
        raise TremplinError("Le mot de passe doit contenir au plus 200 caractères.")


def change_password(user: User, password: str) -> None:
    """Set a new password: every session, remember-me cookie and API token of the user ends."""
    check_new_password(password)
    user.set_password(password)
    _revoke_all_tokens(user)
    db.session.commit()
    log.info("password changed: user %s (sessions and tokens ended)", user.id)


def set_active(user: User, active: bool) -> None:
    """Enable or disable an account; disabling ends its sessions and tokens."""
    user.active = active
    if not active:
        user.end_sessions()
        _revoke_all_tokens(user)
    db.session.commit()
    log.info("account %s: user %s", "enabled" if active else "disabled", user.id)


def create_user(
    email: str, password: str, role: str, cohort: str | None = None, display_name: str = ""
) -> User:
    """Create (or update the password and role of) a user, optionally in a cohort."""
    if role not in set(Role):
        raise TremplinError(f"Rôle inconnu « {role} » : learner, trainer ou admin.")
    if "@" not in email or len(email) > 254:
        raise TremplinError(f"Adresse e-mail invalide : « {email} ».")
    check_new_password(password)
    user = find_user(email)
    if user is None:
        user = User(email=email.strip().lower())
        db.session.add(user)
    else:
        _revoke_all_tokens(user)
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


def draft_namespace(user_id: int, secret: str) -> str:
    """An opaque per-user key for the drafts kept in the browser: two people sharing a school
    PC never read each other's drafts, and the key says nothing about who wrote them."""
    digest = hmac.new(secret.encode(), f"drafts:{user_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:24]
