"""Wiring of the HTML side: login manager, blueprints, error pages."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app, jsonify, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from graders.text import clean_text
from tremplin.auth.services import draft_namespace
from tremplin.config import REMEMBER_DAYS
from tremplin.errors import TremplinError, message_for
from tremplin.extensions import db, login_manager
from tremplin.localtime import to_local
from tremplin.models import User, utcnow
from tremplin.reviews import templating as reviews_templating
from tremplin.submissions.services import ahead_of_you

STATUS_LABELS = {
    "queued": "En attente de correction…",
    "running": "Correction en cours…",
    "passed": "Réussi",
    "failed": "Pas encore",
    "error": "Erreur de la plateforme",
}
ERROR_TITLES = {
    400: "Requête invalide",
    403: "Accès refusé",
    404: "Page introuvable",
    405: "Action non permise",
    413: "Envoi trop volumineux",
    429: "Trop de demandes",
    500: "Erreur interne",
    503: "Service saturé",
}


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user of a session or remember-me cookie, unless it was ended or the account disabled."""
    parts = session_id.split(":")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    user_id, version, day = (int(part) for part in parts)
    if utcnow().date().toordinal() - day > REMEMBER_DAYS:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or user.session_version != version:
        return None
    return user


def local_time(moment: datetime, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """A stored (naive UTC) time as the school's clock shows it (config TIMEZONE)."""
    return to_local(moment).strftime(pattern)


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or best == "application/json"


def _error_page(status: int, message: str, headers: dict[str, str] | None = None):
    if _wants_json():
        return jsonify({"error": message}), status, headers or {}
    title = ERROR_TITLES.get(status, "Erreur")
    page = render_template("error.html", title=title, message=message, status=status)
    return page, status, headers or {}


def init_app(app: Flask) -> None:
    """Register the HTML blueprints, error handlers and headers."""
    from tremplin.auth.views import bp as auth_bp
    from tremplin.cohorts.views import bp as cohorts_bp
    from tremplin.learn.views import bp as learn_bp
    from tremplin.preview.views import bp as preview_bp
    from tremplin.trainer.views import bp as trainer_bp

    for blueprint in (auth_bp, learn_bp, trainer_bp, cohorts_bp, preview_bp):
        app.register_blueprint(blueprint)
    # Learner code shown to people: bidi and other control characters appear escaped, so a
    # submission cannot read differently from what runs (Trojan Source, CVE-2021-42574).
    app.add_template_filter(clean_text, "reveal_controls")
    reviews_templating.init_app(app)
    app.add_template_filter(local_time)
    app.add_template_filter(ahead_of_you)
    app.jinja_env.globals.update(status_labels=STATUS_LABELS)

    @app.errorhandler(TremplinError)
    def handle_tremplin_error(exc: TremplinError):
        return _error_page(exc.status, exc.message, exc.headers)

    @app.errorhandler(CSRFError)
    def handle_csrf_error(exc: CSRFError):
        return _error_page(
            400, "Ta session a expiré : recharge la page puis réessaie (ton code est gardé)."
        )

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException):
        return _error_page(exc.code or 500, message_for(exc))

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        db.session.rollback()
        app.logger.exception("unexpected error on %s", request.path)
        return _error_page(500, "Une erreur inattendue s'est produite ; rien n'a été perdu.")

    @app.context_processor
    def drafts():
        if not current_user.is_authenticated:
            return {"draft_namespace": None}
        return {
            "draft_namespace": draft_namespace(current_user.id, current_app.config["SECRET_KEY"])
        }
