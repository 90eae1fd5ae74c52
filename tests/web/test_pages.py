"""HTML pages: login, access rules, French errors, nothing lost on a bad submission."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.redis]


def _login(client, email, password):
    return client.post("/connexion", data={"email": email, "password": password})


def test_pages_require_login(client):
    response = client.get("/exercices/js-somme")
    assert response.status_code == 302
    assert "/connexion" in response.headers["Location"]


def test_wrong_password_says_so_in_french(client):
    response = _login(client, "ana@example.org", "mauvais")
    assert response.status_code == 200
    assert "E-mail ou mot de passe incorrect." in response.text


def test_login_then_dashboard_and_open_redirect_refused(client):
    response = client.post(
        "/connexion?next=https://evil.example/x",
        data={"email": "ana@example.org", "password": "motdepasse-ana"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert "Logique et JavaScript" in home.text
    assert "RNCP34393BC04" in home.text


def test_security_headers(client):
    response = client.get("/connexion")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_trainer_pages_forbidden_to_learners(client):
    _login(client, "ana@example.org", "motdepasse-ana")
    response = client.get("/formateur/")
    assert response.status_code == 403
    assert "réservée aux formateurs" in response.text


def test_trainer_cannot_open_learner_of_other_cohort(app, client):
    from tremplin.auth.services import find_user

    with app.app_context():
        chloe = find_user("chloe@example.org").id
        ana = find_user("ana@example.org").id
    _login(client, "formateur@example.org", "motdepasse-form")
    assert client.get(f"/formateur/apprenants/{chloe}").status_code == 404
    assert client.get(f"/formateur/apprenants/{ana}").status_code == 200


def test_browser_submission_errors_are_french_json(client):
    _login(client, "ana@example.org", "motdepasse-ana")
    response = client.post("/exercices/js-somme/soumissions", json={"files": {"x.js": "1"}})
    assert response.status_code == 422
    assert "n'est pas attendu" in response.json["error"]


def test_form_submission_error_keeps_the_learners_text(client):
    _login(client, "ana@example.org", "motdepasse-ana")
    text = "function somme() { /* mon travail */ }" + "x" * (300 * 1024)
    response = client.post("/exercices/js-somme/soumissions", data={"file:somme.js": text})
    assert response.status_code == 413
    assert "trop grosse" in response.text
    assert "/* mon travail */" in response.text


def test_other_learners_submission_page_is_404(client, token):
    submission_id = client.post(
        "/api/v1/exercises/js-somme/submissions",
        json={"files": {"somme.js": "function somme(){return 0}"}},
        headers=token("ana@example.org"),
    ).json["id"]
    _login(client, "bilal@example.org", "motdepasse-bilal")
    assert client.get(f"/soumissions/{submission_id}").status_code == 404
    assert client.get(f"/soumissions/{submission_id}.json").status_code == 404


def test_csrf_is_enforced_with_a_french_message(make_app):
    from tremplin.auth.services import create_user

    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        create_user("dan@example.org", "motdepasse-dan", "learner")
    client = app.test_client()
    response = client.post("/connexion", data={"email": "dan@example.org", "password": "x"})
    assert response.status_code == 400
    assert "session a expiré" in response.text


@pytest.mark.docker
def test_trainer_cohort_page_counts_each_learners_work(app, client, token, drain):
    headers = token("ana@example.org")
    for text in ("function somme(n){return 0}", "function somme(n){return n.reduce((a,b)=>a+b,0)}"):
        client.post(
            "/api/v1/exercises/js-somme/submissions",
            json={"files": {"somme.js": text}},
            headers=headers,
        )
    drain()
    _login(client, "formateur@example.org", "motdepasse-form")
    listing = client.get("/formateur/").text
    dashboard = re.search(r'href="(/formateur/promos/\d+)"', listing).group(1)
    html = client.get(dashboard).text

    def numbers(name: str) -> list[str]:
        row = html[html.index(f">{name}</a>") :].split("</tr>")[0]
        return re.findall(r'<td class="num">(\d+)</td>', row)

    assert numbers("ana") == ["1", "1"]  # exercises attempted, passed (each counted once)
    assert numbers("bilal") == ["0", "0"]
    bilal = html[html.index(">bilal</a>") :].split("</tr>")[0]
    assert "—" in bilal  # no activity yet
