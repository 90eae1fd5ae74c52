"""Every trainer endpoint tried as a learner, as a trainer of another cohort, as a disabled account.

A learner is refused (403), another cohort's trainer is told it does not exist (404), a
disabled account is signed out (401 on the API, the login page for pages); the cohort's
own trainer and an admin get through.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.redis]

CODE = "RNCP34393BC01.C1"

# (method, url, body); {A} cohort A, {ana} Ana's id, {sub} Ana's submission, {inv} an invitation.
API = [
    ("GET", "/api/v1/cohorts/{A}/progress", None),
    ("GET", "/api/v1/cohorts/{A}/progress.csv", None),
    ("POST", "/api/v1/submissions/{sub}/reviews", {"comment": "Bien."}),
    (
        "POST",
        "/api/v1/learners/{ana}/competences/" + CODE + "/validation",
        {"acquired": True, "reason": "Vu."},
    ),
]
PAGES = [
    ("GET", "/formateur/promos/{A}", None),
    ("GET", "/formateur/promos/{A}/progression.csv", None),
    ("GET", "/formateur/promos/{A}/gestion", None),
    ("POST", "/formateur/promos/{A}/modifier", {"name": "X", "starts_on": "2026-03-02"}),
    ("POST", "/formateur/promos/{A}/invitations", {"name": "Zoé", "email": "zoe@ecole.test"}),
    ("POST", "/formateur/promos/{A}/import", {"file": "nom;email\nZed;zed@ecole.test\n"}),
    ("POST", "/formateur/promos/{A}/invitations/{inv}/renvoyer", {}),
    ("POST", "/formateur/promos/{A}/invitations/{inv}/annuler", {}),
    ("POST", "/formateur/promos/{A}/comptes/{ana}/desactiver", {}),
    ("POST", "/formateur/promos/{A}/membres", {"email": "bruno@ecole.test"}),
    ("POST", "/formateur/promos/{A}/membres/{ana}/retirer", {}),
    ("GET", "/formateur/apprenants/{ana}", None),
    ("POST", "/formateur/apprenants/{ana}/competences/" + CODE, {"acquired": "1", "reason": "Vu."}),
    ("POST", "/formateur/apprenants/{ana}/suivi", {"channel": "telephone", "note": "Appel."}),
    ("GET", "/formateur/apprenants/{ana}/attestation", None),
    ("GET", "/formateur/soumissions/{sub}", None),
    ("POST", "/formateur/soumissions/{sub}/avis", {"comment": "Bien."}),
]


@pytest.fixture(scope="module")
def invitation(world):
    """A pending invitation in cohort A."""
    from sqlalchemy import func, select

    from tremplin.cohorts.invitations import invite
    from tremplin.cohorts.models import Invitation
    from tremplin.extensions import db
    from tremplin.models import Cohort, User

    with world.app.app_context():
        cohort = db.session.get(Cohort, world.cohorts["Promo A"])
        inviter = db.session.get(User, world.ids["trainer_a"])
        invite(inviter, cohort, "nouvelle@ecole.test", "Nouvelle", "learner", 7)
        return db.session.scalar(select(func.max(Invitation.id)))


def _url(world, invitation: int, template: str) -> str:
    return template.format(
        A=world.cohorts["Promo A"],
        ana=world.ids["ana"],
        sub=world.submissions["ana"],
        inv=invitation,
    )


def _send(client, method: str, url: str, body, *, headers=None, api: bool):
    if method == "GET":
        return client.get(url, headers=headers)
    if api:
        return client.post(url, json=body, headers=headers)
    if url.endswith("/import"):
        import io

        data = {"file": (io.BytesIO(body["file"].encode()), "promo.csv")}
        return client.post(url, data=data, content_type="multipart/form-data")
    return client.post(url, data=body)


@pytest.mark.parametrize(("method", "template", "body"), API)
@pytest.mark.parametrize(
    ("who", "status"), [("ana", 403), ("trainer_b", 404), ("disabled_trainer", 401)]
)
def test_api_refuses(world, invitation, method, template, body, who, status):
    client = world.app.test_client()
    if who == "disabled_trainer":
        headers = {"Authorization": "Bearer " + _disabled_token(world)}
    else:
        headers = world.headers(who)
    response = _send(
        client, method, _url(world, invitation, template), body, headers=headers, api=True
    )
    assert response.status_code == status
    assert response.is_json and response.json["error"]  # a French message, JSON like the rest


@pytest.mark.parametrize(("method", "template", "body"), PAGES)
@pytest.mark.parametrize(
    ("who", "status"), [("ana", 403), ("trainer_b", 404), ("disabled_trainer", 302)]
)
def test_pages_refuse(world, invitation, method, template, body, who, status):
    client = world.client(who)
    response = _send(client, method, _url(world, invitation, template), body, api=False)
    if template.endswith(("/membres", "/retirer")) and who == "trainer_b":
        status = 404  # the cohort check comes first: no hint that it exists
    assert response.status_code == status, response.text[:300]
    if status == 302:
        assert "/connexion" in response.headers["Location"]
    else:
        assert "introuvable" in response.text or "réservé" in response.text.casefold()


def _disabled_token(world) -> str:
    """A token made while the account was active: it stops working once disabled."""
    from tremplin.auth.services import issue_token
    from tremplin.extensions import db
    from tremplin.models import User

    with world.app.app_context():
        user = db.session.get(User, world.ids["disabled_trainer"])
        user.active = True
        token = issue_token(user, 1)
        user.active = False
        db.session.commit()
    return token


def test_cohort_list_is_scoped(world):
    client = world.app.test_client()
    headers = world.headers("trainer_a")
    mine = client.get("/api/v1/cohorts", headers=headers).json
    progress = client.get(f"/api/v1/cohorts/{world.cohorts['Promo A']}/progress", headers=headers)
    count = len(progress.json["learners"])
    assert count >= 2  # Ana, Bilal (and anyone invited by another test of this module)
    assert mine == {
        "cohorts": [{"id": world.cohorts["Promo A"], "name": "Promo A", "learners": count}]
    }
    everything = client.get("/api/v1/cohorts", headers=world.headers("admin")).json
    assert [c["name"] for c in everything["cohorts"]] == ["Promo A", "Promo B"]
    assert client.get("/api/v1/cohorts", headers=world.headers("ana")).status_code == 403
    assert (
        client.get(
            "/api/v1/cohorts", headers={"Authorization": "Bearer " + _disabled_token(world)}
        ).status_code
        == 401
    )
    page = world.client("trainer_b").get("/formateur/").text
    assert "Promo B" in page and "Promo A" not in page


def test_admin_only_pages(world):
    trainer = world.client("trainer_a")
    assert trainer.get("/formateur/promos/nouvelle").status_code == 403
    cohort = world.cohorts["Promo A"]
    assert (
        trainer.post(
            f"/formateur/promos/{cohort}/membres", data={"email": "bruno@ecole.test"}
        ).status_code
        == 403
    )
    assert (
        trainer.post(
            f"/formateur/promos/{cohort}/invitations",
            data={"email": "t@ecole.test", "name": "T", "role": "trainer"},
        ).status_code
        == 403
    )
    admin = world.client("admin")
    assert admin.get("/formateur/promos/nouvelle").status_code == 200


@pytest.mark.parametrize("who", ["trainer_a", "admin"])
@pytest.mark.parametrize("template", [t for m, t, _ in PAGES if m == "GET"])
def test_own_trainer_and_admin_read_every_page(world, invitation, who, template):
    response = world.client(who).get(_url(world, invitation, template))
    assert response.status_code == 200


def test_learner_page_of_a_trainer_is_404(world):
    response = world.client("trainer_a").get(f"/formateur/apprenants/{world.ids['trainer_a']}")
    assert response.status_code == 404
    api = world.app.test_client().post(
        f"/api/v1/learners/{world.ids['trainer_b']}/competences/{CODE}/validation",
        json={"acquired": True, "reason": "x"},
        headers=world.headers("admin"),
    )
    assert api.status_code == 404
