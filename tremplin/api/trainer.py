"""The trainers' JSON API under ``/api/v1``: cohorts, progress, reviews and validations.

Learners get 403; an id outside the trainer's cohorts gets 404 (``tremplin.cohorts.access``).
Errors are ``{"error": "<message en français>"}`` like the rest of the API.
"""

from __future__ import annotations

from flask import Blueprint, g, jsonify

from tremplin.api.views import json_body, token_required
from tremplin.cohorts.access import (
    get_cohort,
    get_learner,
    get_learner_submission,
    learner_counts,
    visible_cohorts,
)
from tremplin.extensions import csrf
from tremplin.localtime import iso_utc
from tremplin.models import utcnow
from tremplin.reviews.services import add_review, decide_competence, review_json
from tremplin.trainer.dashboard import cohort_dashboard
from tremplin.trainer.export import csv_response, progress_csv, progress_json

bp = Blueprint("api_trainer", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer tokens only


@bp.get("/cohorts")
@token_required
def list_cohorts():
    cohorts = visible_cohorts(g.api_user)
    counts = learner_counts([c.id for c in cohorts])
    return jsonify(
        {"cohorts": [{"id": c.id, "name": c.name, "learners": counts[c.id]} for c in cohorts]}
    )


@bp.get("/cohorts/<int:cohort_id>/progress")
@token_required
def get_cohort_progress(cohort_id: int):
    cohort = get_cohort(g.api_user, cohort_id)
    return jsonify(progress_json(cohort_dashboard(cohort, utcnow())))


@bp.get("/cohorts/<int:cohort_id>/progress.csv")
@token_required
def get_cohort_progress_csv(cohort_id: int):
    cohort = get_cohort(g.api_user, cohort_id)
    return csv_response(progress_csv(cohort_dashboard(cohort, utcnow())), cohort.name)


@bp.post("/submissions/<int:submission_id>/reviews")
@token_required
def create_review(submission_id: int):
    submission = get_learner_submission(g.api_user, submission_id)
    data = json_body()
    review = add_review(
        g.api_user, submission, data.get("comment"), data.get("verdict"), data.get("reason")
    )
    return jsonify({"id": review.id, **review_json(review)}), 201


@bp.post("/learners/<int:learner_id>/competences/<code>/validation")
@token_required
def create_validation(learner_id: int, code: str):
    learner = get_learner(g.api_user, learner_id)
    data = json_body()
    validation = decide_competence(
        g.api_user, learner, code, data.get("acquired"), data.get("reason")
    )
    return jsonify(
        {
            "id": validation.id,
            "competence": code,
            "acquired": validation.acquired,
            "reason": validation.reason,
            "validated_by": g.api_user.name,
            "created_at": iso_utc(validation.created_at),
        }
    ), 201
