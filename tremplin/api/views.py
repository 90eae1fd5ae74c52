"""The JSON API under ``/api/v1``: HTTP only, the rules live in the services."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException

from tremplin.auth.limits import client_address, mark_failed_sign_in, sign_in_limits
from tremplin.auth.services import authenticate, issue_token, revoke_token, user_for_token
from tremplin.catalog import active_exercises, statement_html
from tremplin.content.loader import starter_files
from tremplin.errors import ForbiddenError, TremplinError, message_for
from tremplin.extensions import csrf
from tremplin.models import Exercise
from tremplin.progress import progress_for, progress_json
from tremplin.submissions import services
from tremplin.submissions.serialize import receipt_json, submission_json

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer tokens only: the session cookie is never accepted here


def _error(message: str, status: int):
    return jsonify({"error": message}), status


@bp.errorhandler(TremplinError)
def handle_tremplin_error(exc: TremplinError):
    message, status = _error(exc.message, exc.status)
    return message, status, exc.headers


@bp.errorhandler(HTTPException)
def handle_http_error(exc: HTTPException):
    return _error(message_for(exc), exc.code or 500)


def json_body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise TremplinError("Requête invalide : le corps doit être un objet JSON.", 400)
    return data


def token_required(view: Callable) -> Callable:
    """Require ``Authorization: Bearer <token>``; 401 otherwise."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        user = user_for_token(token.strip()) if scheme.lower() == "bearer" and token else None
        if user is None:
            return _error("Authentification requise : jeton absent, invalide ou expiré.", 401)
        g.api_user, g.api_token = user, token.strip()
        return view(*args, **kwargs)

    return wrapped


@bp.post("/tokens")
@sign_in_limits
def create_token():
    data = json_body()
    address = client_address()
    user = authenticate(data.get("email"), data.get("password"), address=address)
    if user is None:
        mark_failed_sign_in()
        return _error("E-mail ou mot de passe incorrect.", 401)
    token = issue_token(user, current_app.config["TOKEN_TTL_DAYS"], address=address)
    return jsonify({"token": token}), 201


@bp.delete("/tokens/current")
@token_required
def delete_current_token():
    revoke_token(g.api_token)
    return "", 204


def exercise_summary(exercise: Exercise) -> dict[str, Any]:
    """The list view of an exercise."""
    return {
        "slug": exercise.slug,
        "title": exercise.title,
        "module": exercise.module.slug,
        "kind": exercise.kind,
        "competences": [c.code for c in exercise.competences],
    }


@bp.get("/exercises")
@token_required
def list_exercises():
    return jsonify({"exercises": [exercise_summary(e) for e in active_exercises()]})


@bp.get("/exercises/<slug>")
@token_required
def get_exercise(slug: str):
    exercise = services.get_exercise(slug)
    content = services.current_content(exercise)
    return jsonify(
        {
            "slug": exercise.slug,
            "title": exercise.title,
            "kind": exercise.kind,
            "statement_html": statement_html(content),
            "files": starter_files(content),
        }
    )


@bp.get("/exercises/<slug>/solution")
@token_required
def get_solution(slug: str):
    exercise = services.get_exercise(slug)
    if not g.api_user.is_staff:
        raise ForbiddenError("La solution est réservée aux formateurs.")
    return jsonify({"files": dict(services.current_content(exercise)["solution"])})


@bp.post("/exercises/<slug>/submissions")
@token_required
def create_submission(slug: str):
    exercise = services.get_exercise(slug)
    submission = services.submit_to(g.api_user, exercise, json_body().get("files"))
    return jsonify(receipt_json(submission)), 202


@bp.get("/submissions/<int:submission_id>")
@token_required
def get_submission(submission_id: int):
    return jsonify(submission_json(services.get_submission(g.api_user, submission_id)))


@bp.get("/me/progress")
@token_required
def get_progress():
    return jsonify({"blocks": progress_json(progress_for(g.api_user))})
