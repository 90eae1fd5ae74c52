"""Invitations (expired, reused, revoked, resent), CSV import (all or nothing), disabled accounts."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest

from tests.web.conftest import PASSWORD, add_submission

pytestmark = [pytest.mark.redis]


def _invite(world, email: str, name: str = "Nouvelle Personne") -> str:
    """Invite through the management page; returns the link's path."""
    cohort = world.cohorts["Promo A"]
    page = world.client("trainer_a").post(
        f"/formateur/promos/{cohort}/invitations", data={"name": name, "email": email}
    )
    assert page.status_code == 200, page.text[:500]
    return re.search(r'value="http://localhost(/invitation/[^"]+)"', page.text).group(1)


def _accept(client, link: str, password: str = "un-mot-de-passe", confirm: str | None = None):
    return client.post(link, data={"password": password, "confirm": confirm or password})


def test_invitation_is_single_use(world):
    link = _invite(world, "invitee1@ecole.test")
    client = world.app.test_client()
    assert "Choisis ton mot de passe" in client.get(link).text
    mismatch = _accept(client, link, confirm="autre-chose-123")
    assert mismatch.status_code == 422 and "pas identiques" in mismatch.text
    short = _accept(client, link, password="court")
    assert short.status_code == 422 and "au moins 8 caractères" in short.text
    done = _accept(client, link)
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert "Bonjour Nouvelle Personne" in client.get("/").text  # signed in
    again = _accept(world.app.test_client(), link, password="un-autre-mot-de-passe")
    assert again.status_code == 410 and "déjà servi" in again.text
    login = world.app.test_client().post(
        "/connexion", data={"email": "invitee1@ecole.test", "password": "un-mot-de-passe"}
    )
    assert login.status_code == 302


def test_expired_revoked_resent_and_unknown_links(world):
    from tremplin.cohorts.models import Invitation
    from tremplin.extensions import db
    from tremplin.models import utcnow

    expired = _invite(world, "invitee2@ecole.test")
    with world.app.app_context():
        row = db.session.scalars(db.select(Invitation).order_by(Invitation.id.desc())).first()
        row.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
        expired_id = row.id
    client = world.app.test_client()
    response = client.get(expired)
    assert response.status_code == 410 and "a expiré" in response.text
    assert _accept(client, expired).status_code == 410

    cohort = world.cohorts["Promo A"]
    trainer = world.client("trainer_a")
    resent = trainer.post(f"/formateur/promos/{cohort}/invitations/{expired_id}/renvoyer")
    fresh = re.search(r'value="http://localhost(/invitation/[^"]+)"', resent.text).group(1)
    assert fresh != expired
    assert client.get(fresh).status_code == 200

    revoked = _invite(world, "invitee3@ecole.test")
    with world.app.app_context():
        last = db.session.scalars(db.select(Invitation).order_by(Invitation.id.desc())).first().id
    assert trainer.post(f"/formateur/promos/{cohort}/invitations/{last}/annuler").status_code == 302
    response = client.get(revoked)
    assert response.status_code == 410 and "a été annulé" in response.text
    assert client.get("/invitation/pas-un-vrai-lien").status_code == 404


def test_inviting_an_existing_account_attaches_it(world):
    from tremplin.auth.services import find_user

    cohort = world.cohorts["Promo A"]
    trainer = world.client("trainer_a")
    response = trainer.post(
        f"/formateur/promos/{cohort}/invitations", data={"name": "C", "email": "CHLOE@ecole.test"}
    )
    assert response.status_code == 302
    with world.app.app_context():
        chloe = find_user("chloe@ecole.test")
        assert sorted(c.name for c in chloe.cohorts) == ["Promo A", "Promo B"]
        chloe.cohorts = [c for c in chloe.cohorts if c.name == "Promo B"]
        from tremplin.extensions import db

        db.session.commit()
    refused = trainer.post(
        f"/formateur/promos/{cohort}/invitations", data={"name": "B", "email": "bruno@ecole.test"}
    )
    assert refused.status_code == 422 and "autre rôle" in refused.text


def _import(world, data: bytes):
    cohort = world.cohorts["Promo A"]
    return world.client("trainer_a").post(
        f"/formateur/promos/{cohort}/import",
        data={"file": (io.BytesIO(data), "promo.csv")},
        content_type="multipart/form-data",
    )


def _user_count(world) -> int:
    from sqlalchemy import func, select

    from tremplin.extensions import db
    from tremplin.models import User

    with world.app.app_context():
        return db.session.scalar(select(func.count(User.id)))


def test_csv_errors_name_their_lines_and_nothing_is_imported(world):
    before = _user_count(world)
    data = (
        "nom;email\n"
        "Zoé Martin;zoe.martin@ecole.test\n"
        "Sans Arobase;pas-une-adresse\n"
        ";vide@ecole.test\n"
        "Doublon;ZOE.MARTIN@ecole.test\n"
        "Trop;de;colonnes\n"
        "Awa;awa@ecole.test\n"
    ).encode()
    response = _import(world, data)
    assert response.status_code == 422
    text = response.text
    assert "Ligne 3 : adresse e-mail invalide « pas-une-adresse »." in text
    assert "Ligne 4 : le nom est vide." in text
    assert "Ligne 5 : zoe.martin@ecole.test figure déjà ligne 2." in text
    assert "Ligne 6 : 2 colonnes attendues (nom et email), 3 trouvée(s)." in text
    assert _user_count(world) == before
    # Lines valid on their own, but one is a trainer's account: still nothing imported.
    response = _import(world, "nom,email\nZoé,zoe.martin@ecole.test\nAwa,awa@ecole.test\n".encode())
    assert response.status_code == 422
    assert "Ligne 3 : awa@ecole.test est un compte de formateur" in response.text
    assert _user_count(world) == before


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ("nom;email\nZoé;zoe@ecole.test\n".encode("latin-1"), "pas en UTF-8"),
        (b"", "Le fichier est vide."),
        (b"nom;email\n", "aucun apprenant"),
        (b"prenom;courriel\nZoe;zoe@ecole.test\n", "Ligne 1 : en-tête attendu"),
    ],
)
def test_csv_file_level_errors(world, data, fragment):
    response = _import(world, data)
    assert response.status_code == 422
    assert fragment in response.text


def test_csv_import_creates_attaches_and_never_duplicates(world):
    from tremplin.auth.services import create_user, find_user

    with world.app.app_context():
        create_user("dylan@ecole.test", PASSWORD, "learner", "Promo B", "Dylan")
    before = _user_count(world)
    data = "\ufeffNom;E-mail\r\nYasmine Haddad;yasmine@ecole.test\r\nDylan;DYLAN@ecole.test\r\n".encode()
    response = _import(world, data)
    assert response.status_code == 200
    assert "1 compte(s) créé(s), 1 rattaché(s), 0 déjà dans la promo" in response.text
    assert response.text.count("/invitation/") == 1  # a link for the new account only
    assert _user_count(world) == before + 1
    again = _import(world, b"Yasmine Haddad,yasmine@ecole.test\n")  # no header, commas
    assert "0 compte(s) créé(s), 0 rattaché(s), 1 déjà dans la promo" in again.text
    assert _user_count(world) == before + 1
    with world.app.app_context():
        yasmine = find_user("yasmine@ecole.test")
        assert (yasmine.display_name, yasmine.role, yasmine.password_hash) == (
            "Yasmine Haddad",
            "learner",
            "",
        )
        assert sorted(c.name for c in find_user("dylan@ecole.test").cohorts) == [
            "Promo A",
            "Promo B",
        ]


def test_disabling_ends_access_at_once_and_keeps_history(world):
    from tremplin.auth.services import create_user, issue_token
    from tremplin.extensions import db

    with world.app.app_context():
        user = create_user("partante@ecole.test", PASSWORD, "learner", "Promo A", "Partante")
        learner_id = user.id
        token = issue_token(user, 1)
        kept = add_submission(learner_id, "js-somme", "passed")
    learner = world.app.test_client()
    learner.post("/connexion", data={"email": "partante@ecole.test", "password": PASSWORD})
    api = {"Authorization": f"Bearer {token}"}
    assert learner.get("/").status_code == 200
    assert learner.get("/api/v1/me/progress", headers=api).status_code == 200

    cohort = world.cohorts["Promo A"]
    trainer = world.client("trainer_a")
    assert (
        trainer.post(f"/formateur/promos/{cohort}/comptes/{learner_id}/desactiver").status_code
        == 302
    )
    assert learner.get("/").status_code == 302  # the open session ends at once
    assert learner.get("/api/v1/me/progress", headers=api).status_code == 401
    refused = world.app.test_client().post(
        "/connexion", data={"email": "partante@ecole.test", "password": PASSWORD}
    )
    assert "Ce compte est désactivé" in refused.text
    token_refused = world.app.test_client().post(
        "/api/v1/tokens", json={"email": "partante@ecole.test", "password": PASSWORD}
    )
    assert token_refused.status_code == 403
    # History stays and the trainer still reads it; the dashboard lists the account apart.
    assert trainer.get(f"/formateur/soumissions/{kept}").status_code == 200
    assert "compte désactivé" in trainer.get(f"/formateur/apprenants/{learner_id}").text
    dashboard = trainer.get(f"/formateur/promos/{cohort}").text
    assert "Comptes désactivés (1)" in dashboard
    progress = world.app.test_client().get(
        f"/api/v1/cohorts/{cohort}/progress", headers=world.headers("trainer_a")
    )
    assert learner_id not in [row["id"] for row in progress.json["learners"]]

    assert (
        trainer.post(f"/formateur/promos/{cohort}/comptes/{learner_id}/reactiver").status_code
        == 302
    )
    again = world.app.test_client()
    assert (
        again.post(
            "/connexion", data={"email": "partante@ecole.test", "password": PASSWORD}
        ).status_code
        == 302
    )
    with world.app.app_context():
        assert db.session.get(type(user), learner_id).active


def test_who_may_disable_whom(world):
    cohort = world.cohorts["Promo A"]
    trainer = world.client("trainer_a")
    for target in ("trainer_a", "disabled_trainer", "chloe"):  # self, a trainer, another cohort
        url = f"/formateur/promos/{cohort}/comptes/{world.ids[target]}/desactiver"
        assert trainer.post(url).status_code == 404
    admin = world.client("admin")
    url = f"/formateur/promos/{cohort}/comptes/{world.ids['disabled_trainer']}/reactiver"
    assert admin.post(url).status_code == 302
    url = f"/formateur/promos/{cohort}/comptes/{world.ids['disabled_trainer']}/desactiver"
    assert admin.post(url).status_code == 302
