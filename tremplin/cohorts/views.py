"""Managing cohorts: create and edit, members, invitations, CSV import, disabled accounts.

Plus the public page where an invited person chooses a password.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user

from tremplin.cohorts import invitations as invites
from tremplin.cohorts.access import cohort_learners, cohort_trainers, get_cohort, require_admin
from tremplin.cohorts.csv_import import CsvImportError, import_learners
from tremplin.cohorts.services import (
    attach_member,
    create_cohort,
    detach_member,
    set_disabled,
    update_cohort,
)
from tremplin.errors import NotFoundError, TremplinError
from tremplin.extensions import limiter
from tremplin.models import Role, utcnow
from tremplin.trainer.views import staff_required

bp = Blueprint("cohorts", __name__)


def _ttl() -> int:
    return int(current_app.config.get("INVITATION_TTL_DAYS", 7))


def _link(token: str) -> str:
    return url_for("cohorts.accept", token=token, _external=True)


def _manage_page(cohort_id: int, status: int = 200, **extra):
    cohort = get_cohort(current_user, cohort_id)
    page = render_template(
        "cohorts/manage.html",
        cohort=cohort,
        learners=cohort_learners(cohort, include_disabled=True),
        trainers=cohort_trainers(cohort),
        invitations=invites.invitations_of(cohort),
        now=utcnow(),
        typed=request.form,
        **extra,
    )
    return page, status


def _failed(cohort_id: int, exc: TremplinError):
    problems = exc.problems if isinstance(exc, CsvImportError) else [exc.message]
    for problem in problems:
        flash(problem, "error")
    return _manage_page(cohort_id, exc.status)


@bp.route("/formateur/promos/nouvelle", methods=["GET", "POST"])
@staff_required
def new_cohort():
    require_admin(current_user)
    if request.method == "POST":
        form = request.form
        try:
            cohort = create_cohort(
                current_user,
                form.get("name"),
                form.get("site"),
                form.get("starts_on"),
                form.get("ends_on"),
            )
        except TremplinError as exc:
            flash(exc.message, "error")
            return render_template("cohorts/new.html", typed=form), exc.status
        flash(f"Promo « {cohort.name} » créée.", "info")
        return redirect(url_for("cohorts.manage", cohort_id=cohort.id))
    return render_template("cohorts/new.html", typed={})


@bp.get("/formateur/promos/<int:cohort_id>/gestion")
@staff_required
def manage(cohort_id: int):
    return _manage_page(cohort_id)


def _done(cohort_id: int, message: str):
    flash(message, "info")
    return redirect(url_for("cohorts.manage", cohort_id=cohort_id))


@bp.post("/formateur/promos/<int:cohort_id>/modifier")
@staff_required
def edit(cohort_id: int):
    cohort = get_cohort(current_user, cohort_id)
    form = request.form
    try:
        update_cohort(
            current_user,
            cohort,
            form.get("name"),
            form.get("site"),
            form.get("starts_on"),
            form.get("ends_on"),
        )
    except TremplinError as exc:
        return _failed(cohort_id, exc)
    return _done(cohort_id, "Promo mise à jour.")


@bp.post("/formateur/promos/<int:cohort_id>/invitations")
@staff_required
def invite(cohort_id: int):
    cohort = get_cohort(current_user, cohort_id)
    role = request.form.get("role", Role.LEARNER)
    if role != Role.LEARNER:
        require_admin(current_user)  # only admins invite trainers
    try:
        user, token = invites.invite(
            current_user, cohort, request.form.get("email"), request.form.get("name"), role, _ttl()
        )
    except TremplinError as exc:
        return _failed(cohort_id, exc)
    if token is None:
        return _done(cohort_id, f"{user.email} a déjà un compte : rattaché·e à la promo.")
    return _manage_page(cohort_id, links=[(user, _link(token))])


@bp.post("/formateur/promos/<int:cohort_id>/import")
@staff_required
@limiter.limit("20 per minute")
def import_csv(cohort_id: int):
    cohort = get_cohort(current_user, cohort_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _failed(cohort_id, CsvImportError(["Choisis un fichier CSV à importer."]))
    try:
        report = import_learners(current_user, cohort, upload.read(), _ttl())
    except TremplinError as exc:
        return _failed(cohort_id, exc)
    flash(
        f"Import réussi : {len(report.created)} compte(s) créé(s), {len(report.attached)} "
        f"rattaché(s), {len(report.already)} déjà dans la promo.",
        "info",
    )
    links = [(user, _link(token)) for user, token in report.created]
    return _manage_page(cohort_id, links=links, report=report)


def _cohort_invitation(cohort_id: int, invitation_id: int):
    cohort = get_cohort(current_user, cohort_id)
    invitation = invites.get_invitation(invitation_id)
    if invitation.cohort_id != cohort.id:
        raise NotFoundError("Invitation introuvable.")
    return cohort, invitation


@bp.post("/formateur/promos/<int:cohort_id>/invitations/<int:invitation_id>/renvoyer")
@staff_required
def resend(cohort_id: int, invitation_id: int):
    cohort, invitation = _cohort_invitation(cohort_id, invitation_id)
    try:
        token = invites.resend(current_user, invitation.user, cohort, _ttl())
    except TremplinError as exc:
        return _failed(cohort_id, exc)
    return _manage_page(cohort_id, links=[(invitation.user, _link(token))])


@bp.post("/formateur/promos/<int:cohort_id>/invitations/<int:invitation_id>/annuler")
@staff_required
def revoke(cohort_id: int, invitation_id: int):
    _cohort, invitation = _cohort_invitation(cohort_id, invitation_id)
    try:
        invites.revoke(invitation)
    except TremplinError as exc:
        return _failed(cohort_id, exc)
    return _done(cohort_id, f"Invitation de {invitation.user.email} annulée.")


@bp.post(
    "/formateur/promos/<int:cohort_id>/comptes/<int:user_id>/<any(desactiver, reactiver):action>"
)
@staff_required
def toggle_account(cohort_id: int, user_id: int, action: str):
    get_cohort(current_user, cohort_id)
    user = set_disabled(current_user, user_id, disabled=action == "desactiver")
    state = "réactivé" if user.active else "désactivé : il n'a plus accès à Tremplin"
    return _done(cohort_id, f"Compte de {user.name} {state} (son historique est conservé).")


@bp.post("/formateur/promos/<int:cohort_id>/membres")
@staff_required
def add_member(cohort_id: int):
    cohort = get_cohort(current_user, cohort_id)
    try:
        user = attach_member(current_user, cohort, request.form.get("email"))
    except TremplinError as exc:
        return _failed(cohort_id, exc)
    return _done(cohort_id, f"{user.name} rattaché·e à la promo.")


@bp.post("/formateur/promos/<int:cohort_id>/membres/<int:user_id>/retirer")
@staff_required
def remove_member(cohort_id: int, user_id: int):
    cohort = get_cohort(current_user, cohort_id)
    detach_member(current_user, cohort, user_id)
    return _done(cohort_id, "Membre retiré·e de la promo (son historique est conservé).")


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def accept(token: str):
    invitation = invites.open_invitation(token)
    if request.method == "POST":
        try:
            user = invites.accept(token, request.form.get("password"), request.form.get("confirm"))
        except TremplinError as exc:
            flash(exc.message, "error")
            return render_template("cohorts/accept.html", invitation=invitation), exc.status
        login_user(user)
        flash("Bienvenue sur Tremplin ! Ton mot de passe est enregistré.", "info")
        return redirect(url_for("learn.home"))
    return render_template("cohorts/accept.html", invitation=invitation)
