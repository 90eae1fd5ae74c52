"""Trainer pages: the cohort at a glance, and each learner's work."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from tremplin.errors import ForbiddenError
from tremplin.progress import progress_for
from tremplin.trainer.services import (
    cohort_learners,
    get_learner,
    learner_activity,
    learner_submissions,
)

bp = Blueprint("trainer", __name__, url_prefix="/formateur")


def staff_required(view):
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
    rows = []
    for cohort, learners in cohort_learners(current_user):
        activity = learner_activity([learner.id for learner in learners])
        rows.append((cohort, [{"user": u, **activity[u.id]} for u in learners]))
    return render_template("trainer/cohorts.html", rows=rows)


@bp.get("/apprenants/<int:user_id>")
@staff_required
def learner(user_id: int):
    found = get_learner(current_user, user_id)
    submissions = learner_submissions(found)
    return render_template(
        "trainer/learner.html", learner=found, submissions=submissions, blocks=progress_for(found)
    )
