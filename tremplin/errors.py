"""Errors of the platform, each carrying the HTTP status and a French message."""

from __future__ import annotations

from flask_limiter.errors import RateLimitExceeded
from werkzeug.exceptions import HTTPException


class TremplinError(Exception):
    """Base of the platform's errors; ``message`` is shown to users as is (French)."""

    status = 400

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers: dict[str, str] = {}
        if status is not None:
            self.status = status


class NotFoundError(TremplinError):
    """The thing asked for does not exist, or is not visible to this user."""

    status = 404


class ForbiddenError(TremplinError):
    """The user is known but may not do this."""

    status = 403


class InvalidSubmissionError(TremplinError):
    """The submitted files cannot be graded as they are."""

    status = 422


class RateLimitedError(TremplinError):
    """Too many submissions in a short time."""

    status = 429


class QueueFullError(TremplinError):
    """Too many submissions wait for grading: nothing was stored, try again later."""

    status = 503

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.headers["Retry-After"] = str(retry_after_s)


# French messages for HTTP errors raised by Flask itself (unknown URL, wrong method...).
HTTP_MESSAGES = {
    400: "Requête invalide.",
    404: "Introuvable : cette adresse n'existe pas (ou plus).",
    405: "Action non permise à cette adresse.",
    413: "Envoi trop volumineux.",
    415: "Le corps de la requête doit être du JSON (Content-Type: application/json).",
    429: "Trop de demandes en peu de temps : attends une minute avant de réessayer.",
    503: "Service momentanément indisponible : réessaie dans une minute.",
}


def http_message(code: int) -> str:
    """The French message of an HTTP error status."""
    return HTTP_MESSAGES.get(code, "Une erreur s'est produite.")


def message_for(exc: HTTPException) -> str:
    """The French message of an HTTP error: a rate limit's own message, else the status's."""
    if isinstance(exc, RateLimitExceeded) and exc.limit.error_message:
        return str(exc.description)
    return http_message(exc.code or 500)
