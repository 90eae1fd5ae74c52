"""Trainer pages: the cohort dashboard, a learner's record, a submission to review, exports."""

from __future__ import annotations

from collections import Counter
from functools import wraps

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tremplin.cohorts.access import (
    get_cohort,
    get_learner,
    get_learner_submission,
    learner_counts,
    visible_cohorts,
)
from tremplin.cohorts.services import add_follow_up
from tremplin.errors import ForbiddenError, TremplinError
from tremplin.models import utcnow
from tremplin.plan import today_for
from tremplin.reviews.services import (
    add_review,
    decide_competence,
    delete_saved_comment,
    get_saved_comment,
    save_comment,
    saved_comments,
)
from tremplin.trainer.attestation import attestation
from tremplin.trainer.dashboard import STUCK_RULE, cohort_dashboard
from tremplin.trainer.export import csv_response, progress_csv
from tremplin.trainer.pages import learner_page, submission_page

bp = Blueprint("trainer", __name__, url_prefix="/formateur")


def staff_required(view):
    """Signed in as a trainer or an admin; learners get a French 403."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_staff:
            raise ForbiddenError("Cette page est réservée aux formateurs.")
        return view(*args, **kwargs)

    return wrapped


@bp.get("/")
@staff_required
def cohorts():
    found = visible_cohorts(current_user)
    counts = learner_counts([c.id for c in found])
    return render_template("trainer/cohorts.html", cohorts=found, counts=counts)


@bp.get("/promos/<int:cohort_id>")
@staff_required
def cohort(cohort_id: int):
    dashboard = cohort_dashboard(get_cohort(current_user, cohort_id), utcnow())
    return render_template(
        "trainer/dashboard.html",
        dash=dashboard,
        stuck_rule=STUCK_RULE,
        today=today_for(dashboard.cohort),
        counts=Counter(e for row in dashboard.rows for e in row.passed_ids),
        learners=len(dashboard.rows),
    )


@bp.get("/promos/<int:cohort_id>/progression.csv")
@staff_required
def cohort_csv(cohort_id: int):
    found = get_cohort(current_user, cohort_id)
    return csv_response(progress_csv(cohort_dashboard(found, utcnow())), found.name)


@bp.get("/apprenants/<int:user_id>")
@staff_required
def learner(user_id: int):
    return render_template("trainer/learner.html", **learner_page(current_user, user_id))


def _back_to_learner(user_id: int, anchor: str):
    return redirect(url_for("trainer.learner", user_id=user_id, _anchor=anchor))


def _learner_with_error(user_id: int, exc: TremplinError):
    flash(exc.message, "error")
    page = learner_page(current_user, user_id)
    return render_template("trainer/learner.html", **page, typed=request.form), exc.status


@bp.post("/apprenants/<int:user_id>/competences/<code>")
@staff_required
def decide(user_id: int, code: str):
    found = get_learner(current_user, user_id)
    acquired = {"1": True, "0": False}.get(request.form.get("acquired", ""))
    try:
        decide_competence(current_user, found, code, acquired, request.form.get("reason"))
    except TremplinError as exc:
        return _learner_with_error(user_id, exc)
    flash("Décision enregistrée.", "info")
    return _back_to_learner(user_id, f"c-{code}")


@bp.post("/apprenants/<int:user_id>/suivi")
@staff_required
def follow_up(user_id: int):
    found = get_learner(current_user, user_id)
    try:
        add_follow_up(current_user, found, request.form.get("channel"), request.form.get("note"))
    except TremplinError as exc:
        return _learner_with_error(user_id, exc)
    flash("Contact noté.", "info")
    return _back_to_learner(user_id, "suivi")


@bp.get("/apprenants/<int:user_id>/attestation")
@staff_required
def attestation_page(user_id: int):
    data = attestation(current_user, get_learner(current_user, user_id), utcnow())
    return render_template("trainer/attestation.html", **data)


@bp.get("/soumissions/<int:submission_id>")
@staff_required
def submission(submission_id: int):
    return render_template(
        "trainer/submission.html", **submission_page(current_user, submission_id)
    )


@bp.post("/soumissions/<int:submission_id>/avis")
@staff_required
def review(submission_id: int):
    found = get_learner_submission(current_user, submission_id)
    form = request.form
    comment = form.get("comment", "")
    try:
        if not comment.strip() and form.get("saved", "").isdigit():
            comment = get_saved_comment(current_user, int(form["saved"])).body_md
        add_review(current_user, found, comment, form.get("verdict"), form.get("reason"))
        if form.get("save_title", "").strip():
            save_comment(current_user, form["save_title"], comment)
    except TremplinError as exc:
        flash(exc.message, "error")
        page = submission_page(current_user, submission_id)
        return render_template("trainer/submission.html", **page, typed=form), exc.status
    flash("Avis enregistré : l'apprenant·e le voit sur sa soumission.", "info")
    return redirect(url_for("trainer.submission", submission_id=submission_id, _anchor="avis"))


@bp.route("/commentaires", methods=["GET", "POST"])
@staff_required
def saved():
    status = 200
    if request.method == "POST":
        try:
            save_comment(current_user, request.form.get("title"), request.form.get("body"))
            flash("Commentaire enregistré.", "info")
            return redirect(url_for("trainer.saved"))
        except TremplinError as exc:
            flash(exc.message, "error")
            status = exc.status
    page = render_template(
        "trainer/saved.html", saved=saved_comments(current_user), typed=request.form
    )
    return page, status


@bp.post("/commentaires/<int:saved_id>/supprimer")
@staff_required
def delete_saved(saved_id: int):
    delete_saved_comment(current_user, saved_id)
    flash("Commentaire supprimé (les avis déjà donnés restent).", "info")
    return redirect(url_for("trainer.saved"))
