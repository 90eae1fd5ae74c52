"""Sessions, remember-me and API tokens: each ends when it should."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest

from tremplin.auth.services import find_user, set_active
from tremplin.models import utcnow
from tremplin.web import load_user

pytestmark = [pytest.mark.redis]
ANA = {"email": "ana@example.org", "password": "motdepasse-ana"}


def _login(client, remember: bool = False):
    data = dict(ANA, **({"remember": "y"} if remember else {}))
    response = client.post("/connexion", data=data)
    assert response.status_code == 302, response.text
    return response


def _signed_in(client) -> bool:
    return client.get("/").status_code == 200


def _cookie(response, name: str) -> str:
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(name + "="))


def test_remember_me_is_a_choice_with_a_safe_cookie(app):
    plain = _login(app.test_client())
    assert not any(c.startswith("remember_token=") for c in plain.headers.getlist("Set-Cookie"))

    cookie = _cookie(_login(app.test_client(), remember=True), "remember_token")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP (make run): the browser would drop it
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    lifetime = expires - datetime.now(UTC)
    assert timedelta(days=29) < lifetime <= timedelta(days=30)


def test_over_https_cookies_are_secure_and_hsts_is_sent(app):
    client = app.test_client()
    response = client.post("/connexion", data=dict(ANA, remember="y"), base_url="https://localhost")
    for name in ("remember_token", "session"):
        assert "; Secure" in _cookie(response, name)
    page = client.get("/connexion", base_url="https://localhost")
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/connexion").headers


def test_remember_me_survives_the_browser_session_but_not_a_logout(app):
    phone, laptop = app.test_client(), app.test_client()
    _login(phone, remember=True)
    _login(laptop)
    phone.delete_cookie("session")  # the browser was closed: only remember_token is left
    assert _signed_in(phone)
    laptop.post("/deconnexion")
    assert not _signed_in(laptop)
    phone.delete_cookie("session")
    assert not _signed_in(phone)  # logging out ends the account's sessions everywhere


def test_password_change_ends_other_sessions_and_every_token(app, client, token):
    headers = token("ana@example.org")
    other = app.test_client()
    _login(other, remember=True)
    _login(client)
    response = client.post(
        "/compte/mot-de-passe",
        data={"current": "motdepasse-ana", "new": "nouveau-secret", "confirm": "nouveau-secret"},
    )
    assert response.status_code == 302
    assert _signed_in(client)  # the browser that changed it stays signed in
    other.delete_cookie("session")
    assert not _signed_in(other)
    assert client.get("/api/v1/me/progress", headers=headers).status_code == 401
    fresh = client.post(
        "/api/v1/tokens", json={"email": "ana@example.org", "password": "nouveau-secret"}
    )
    assert fresh.status_code == 201


REFUSALS = [
    ({"current": "faux", "new": "nouveau-secret", "confirm": "nouveau-secret"}, "actuel"),
    ({"current": "motdepasse-ana", "new": "court", "confirm": "court"}, "8 caractères"),
    ({"current": "motdepasse-ana", "new": "nouveau-secret", "confirm": "autre"}, "identiques"),
]


def test_password_change_refusals_are_french(client):
    _login(client)
    for form, message in REFUSALS:
        response = client.post("/compte/mot-de-passe", data=form)
        assert response.status_code == 200
        assert message in response.text, message
    assert client.post("/api/v1/tokens", json=ANA).status_code == 201  # unchanged


def test_disabled_account_loses_sessions_and_tokens_and_cannot_sign_in(app, client, token):
    headers = token("ana@example.org")
    _login(client)
    with app.app_context():
        set_active(find_user("ana@example.org"), False)
    assert not _signed_in(client)
    assert client.get("/api/v1/me/progress", headers=headers).status_code == 401
    refused = client.post("/connexion", data=ANA)
    assert refused.status_code == 200
    assert "Ce compte est désactivé" in refused.text
    assert client.post("/api/v1/tokens", json=ANA).status_code == 403


def test_a_session_lasts_at_most_thirty_days(app):
    with app.app_context():
        user = find_user("ana@example.org")
        today = utcnow().date().toordinal()
        assert load_user(f"{user.id}:{user.session_version}:{today - 30}") == user
        assert load_user(f"{user.id}:{user.session_version}:{today - 31}") is None
        assert load_user(f"{user.id}:{user.session_version + 1}:{today}") is None
        assert load_user(str(user.id)) is None  # a cookie from before session versions


def test_delete_current_token(client, token):
    headers = token("ana@example.org")
    other = token("ana@example.org")
    assert client.delete("/api/v1/tokens/current", headers=headers).status_code == 204
    assert client.get("/api/v1/me/progress", headers=headers).status_code == 401
    assert client.delete("/api/v1/tokens/current", headers=headers).status_code == 401
    assert client.get("/api/v1/me/progress", headers=other).status_code == 200


def test_sign_ins_are_logged_without_secrets(client, caplog):
    caplog.set_level(logging.INFO, logger="tremplin.auth")
    client.post("/connexion", data={"email": "ana@example.org", "password": "mauvais-mdp"})
    client.post("/connexion", data={"email": "inconnu@example.org", "password": "autre-mdp"})
    client.post("/api/v1/tokens", json=ANA)
    text = caplog.text
    assert "sign-in failed: user" in text and "sign-in failed: unknown account" in text
    assert "api token created: user" in text
    for secret in ("mauvais-mdp", "autre-mdp", "motdepasse-ana", "inconnu@example.org"):
        assert secret not in text


def test_token_expiry_is_enforced(app, client, token):
    headers = token("ana@example.org")
    with app.app_context():
        from tremplin.extensions import db
        from tremplin.models import ApiToken

        db.session.query(ApiToken).update({"expires_at": utcnow() - timedelta(seconds=1)})
        db.session.commit()
    assert client.get("/api/v1/me/progress", headers=headers).status_code == 401
