"""Sign-in, sign-out and password pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from tremplin.auth.limits import client_address, mark_failed_sign_in, sign_in_limits
from tremplin.auth.services import authenticate, change_password, end_sessions
from tremplin.errors import TremplinError

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    email = EmailField("Adresse e-mail", validators=[DataRequired("Indique ton adresse e-mail.")])
    password = PasswordField(
        "Mot de passe", validators=[DataRequired("Indique ton mot de passe."), Length(max=200)]
    )
    remember = BooleanField("Rester connecté·e sur cet appareil (30 jours)")


class PasswordForm(FlaskForm):
    current = PasswordField(
        "Mot de passe actuel", validators=[DataRequired("Indique ton mot de passe actuel.")]
    )
    new = PasswordField(
        "Nouveau mot de passe (8 caractères au moins)",
        validators=[DataRequired("Choisis un nouveau mot de passe."), Length(max=200)],
    )
    confirm = PasswordField(
        "Nouveau mot de passe, encore une fois",
        validators=[EqualTo("new", "Les deux mots de passe ne sont pas identiques.")],
    )


def _safe_next(target: str | None) -> str:
    if (
        target
        and not urlsplit(target).netloc
        and target.startswith("/")
        and not target.startswith("//")
    ):
        return target
    return url_for("learn.home")


@bp.route("/connexion", methods=["GET", "POST"])
@sign_in_limits
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data, address=client_address())
        if user is None:
            mark_failed_sign_in()
            flash("E-mail ou mot de passe incorrect.", "error")
        elif not login_user(user, remember=form.remember.data):
            flash("Ce compte est désactivé : adresse-toi à ton formateur.", "error")
        else:
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/deconnexion")
@login_required
def logout():
    # Ends this account's sessions everywhere: a school computer left signed in, too.
    end_sessions(current_user)
    logout_user()
    flash("Tu es déconnecté·e. À bientôt !", "info")
    response = redirect(url_for("auth.login"))
    # Drafts stay on the device only while their author is signed in (the page's script
    # clears them too, for browsers that ignore this header).
    response.headers["Clear-Site-Data"] = '"storage"'
    return response


@bp.route("/compte/mot-de-passe", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append("Ce n'est pas ton mot de passe actuel.")
        else:
            try:
                change_password(current_user, form.new.data)
            except TremplinError as exc:
                form.new.errors.append(exc.message)
            else:
                login_user(current_user)  # this browser stays signed in, the others are not
                flash("Mot de passe changé. Tes autres appareils devront se reconnecter.", "info")
                return redirect(url_for("learn.home"))
    return render_template("auth/password.html", form=form)
