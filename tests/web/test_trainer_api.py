"""The trainers' API contract: exact fields, statuses and French errors."""

from __future__ import annotations

import pytest

from tests.web.conftest import add_submission

pytestmark = [pytest.mark.redis]


@pytest.fixture(scope="module")
def bilal_submission(world):
    """A failed submission of Bilal's, graded an hour ago."""
    with world.app.app_context():
        return add_submission(world.ids["bilal"], "js-somme", "failed")


def test_cohort_progress_fields(world, bilal_submission):
    client = world.app.test_client()
    cohort = world.cohorts["Promo A"]
    body = client.get(f"/api/v1/cohorts/{cohort}/progress", headers=world.headers("trainer_a")).json
    assert set(body) == {"cohort", "learners"}
    assert body["cohort"] == {"id": cohort, "name": "Promo A"}
    bilal = next(row for row in body["learners"] if row["id"] == world.ids["bilal"])
    assert set(bilal) == {
        "id",
        "email",
        "name",
        "last_activity",
        "attempted",
        "passed",
        "stuck",
        "blocks",
    }
    assert (bilal["email"], bilal["attempted"], bilal["passed"], bilal["stuck"]) == (
        "bilal@ecole.test",
        1,
        0,
        False,
    )
    assert bilal["last_activity"].endswith("Z")
    assert [set(b) for b in bilal["blocks"]] == [{"code", "percent"}] * 6
    assert bilal["blocks"][0]["code"] == "RNCP34393BC01"
    emails = {row["email"] for row in body["learners"]}
    assert "chloe@ecole.test" not in emails and "awa@ecole.test" not in emails


def test_review_created_and_shown_on_the_submission(world, bilal_submission):
    client = world.app.test_client()
    url = f"/api/v1/submissions/{bilal_submission}"
    response = client.post(
        url + "/reviews",
        json={
            "comment": "**Presque** : la boucle saute le premier nombre. <script>alert(1)</script>",
            "verdict": "passed",
            "reason": "Erreur d'inattention, compris à l'oral",
        },
        headers=world.headers("trainer_a"),
    )
    assert response.status_code == 201
    review = response.json
    assert set(review) == {"id", "comment_html", "verdict", "author", "created_at"}
    assert "<strong>Presque</strong>" in review["comment_html"]
    assert "<script>" not in review["comment_html"]
    assert (review["verdict"], review["author"]) == ("passed", "Trainer_A")
    seen = client.get(url, headers=world.headers("bilal")).json
    assert (seen["status"], seen["graded_status"]) == ("passed", "failed")
    assert seen["reviews"] == [
        {k: review[k] for k in ("comment_html", "verdict", "author", "created_at")}
    ]


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"comment": "   "}, 422, "commentaire est vide"),
        ({"verdict": "passed"}, 422, "commentaire est vide"),
        ({"comment": "Bien", "verdict": "peut-être"}, 422, "Verdict inconnu"),
        ({"comment": 12}, 422, "doit être du texte"),
        ({"comment": "x" * 20_001}, 422, "trop long"),
    ],
)
def test_review_errors(world, bilal_submission, body, status, fragment):
    response = world.app.test_client().post(
        f"/api/v1/submissions/{bilal_submission}/reviews",
        json=body,
        headers=world.headers("trainer_a"),
    )
    assert response.status_code == status
    assert fragment in response.json["error"]


def test_review_of_unknown_submission_and_bad_json(world):
    client = world.app.test_client()
    headers = world.headers("trainer_a")
    missing = client.post(
        "/api/v1/submissions/999999/reviews", json={"comment": "x"}, headers=headers
    )
    assert missing.status_code == 404
    bad = client.post(
        f"/api/v1/submissions/{world.submissions['ana']}/reviews",
        data="{pas du json",
        content_type="application/json",
        headers=headers,
    )
    assert bad.status_code == 400


def test_override_waits_for_a_verdict(world):
    from tremplin.extensions import db
    from tremplin.models import Submission

    with world.app.app_context():
        queued = add_submission(world.ids["ana"], "js-somme", "failed")
        db.session.get(Submission, queued).status = "queued"
        db.session.commit()
    response = world.app.test_client().post(
        f"/api/v1/submissions/{queued}/reviews",
        json={"comment": "Bien", "verdict": "passed"},
        headers=world.headers("trainer_a"),
    )
    assert response.status_code == 422
    assert "pas encore corrigée" in response.json["error"]


def test_validation_and_my_progress(world):
    client = world.app.test_client()
    url = f"/api/v1/learners/{world.ids['bilal']}/competences/RNCP34393BC01.C1/validation"
    response = client.post(
        url,
        json={"acquired": True, "reason": "Maquette analysée en atelier"},
        headers=world.headers("admin"),
    )
    assert response.status_code == 201
    assert response.json["acquired"] is True
    mine = client.get("/api/v1/me/progress", headers=world.headers("bilal")).json
    c1 = mine["blocks"][0]["competences"][0]
    assert c1 == {
        "code": "RNCP34393BC01.C1",
        "title": c1["title"],
        "percent": 100,
        "acquired": True,
        "validated_by": "Admin",
    }
    assert all(c["validated_by"] is None for b in mine["blocks"] for c in b["competences"][1:])


@pytest.mark.parametrize(
    ("code", "body", "fragment"),
    [
        ("RNCP00.C0", {"acquired": True, "reason": "x"}, "Compétence inconnue"),
        ("RNCP34393BC01.C1", {"acquired": "yes", "reason": "x"}, "acquired"),
        ("RNCP34393BC01.C1", {"acquired": False}, "La raison est vide"),
    ],
)
def test_validation_errors(world, code, body, fragment):
    response = world.app.test_client().post(
        f"/api/v1/learners/{world.ids['ana']}/competences/{code}/validation",
        json=body,
        headers=world.headers("trainer_a"),
    )
    assert response.status_code == 422
    assert fragment in response.json["error"]


def test_progress_csv_is_csv(world):
    response = world.app.test_client().get(
        f"/api/v1/cohorts/{world.cohorts['Promo A']}/progress.csv",
        headers=world.headers("trainer_a"),
    )
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data.startswith("\ufeffNom;E-mail;".encode())
