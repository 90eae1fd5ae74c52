"""The JSON API contract: statuses, fields and French error messages."""

from __future__ import annotations

import pytest

SUBMIT = "/api/v1/exercises/js-somme/submissions"
GOOD = "function somme(n) { return n.reduce((a, b) => a + b, 0); }"


def test_token_wrong_credentials(client):
    response = client.post("/api/v1/tokens", json={"email": "ana@example.org", "password": "non"})
    assert response.status_code == 401
    assert response.json == {"error": "E-mail ou mot de passe incorrect."}


def test_token_unknown_user_and_malformed_body(client):
    assert (
        client.post("/api/v1/tokens", json={"email": "x@y.z", "password": "a"}).status_code == 401
    )
    response = client.post("/api/v1/tokens", data="{pas du json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json["error"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/exercises",
        "/api/v1/exercises/js-somme",
        "/api/v1/submissions/1",
        "/api/v1/me/progress",
    ],
)
@pytest.mark.parametrize("header", [None, "Bearer", "Bearer faux-jeton", "Basic abc"])
def test_missing_or_bad_token_is_401(client, url, header):
    headers = {"Authorization": header} if header else {}
    response = client.get(url, headers=headers)
    assert response.status_code == 401
    assert "Authentification requise" in response.json["error"]


def test_list_exercises(client, token):
    body = client.get("/api/v1/exercises", headers=token("ana@example.org")).json
    somme = next(e for e in body["exercises"] if e["slug"] == "js-somme")
    assert somme == {
        "slug": "js-somme",
        "title": "La somme d'un tableau",
        "module": "m6-javascript",
        "kind": "javascript",
        "competences": ["RNCP34393BC04.C15", "RNCP34393BC05.C21"],
    }


def test_get_exercise_and_unknown(client, token):
    headers = token("ana@example.org")
    body = client.get("/api/v1/exercises/js-somme", headers=headers).json
    assert set(body) == {"slug", "title", "kind", "statement_html", "files"}
    assert "<h1>La somme d'un tableau</h1>" in body["statement_html"]
    assert list(body["files"]) == ["somme.js"]
    assert "function somme" in body["files"]["somme.js"]
    assert "return total" not in body["files"]["somme.js"]
    missing = client.get("/api/v1/exercises/nexiste-pas", headers=headers)
    assert missing.status_code == 404
    assert "introuvable" in missing.json["error"]


def test_solution_for_trainers_only(client, token):
    learner = client.get("/api/v1/exercises/js-somme/solution", headers=token("ana@example.org"))
    assert learner.status_code == 403
    assert learner.json["error"] == "La solution est réservée aux formateurs."
    trainer = client.get(
        "/api/v1/exercises/js-somme/solution", headers=token("formateur@example.org")
    )
    assert trainer.status_code == 200
    assert "return total" in trainer.json["files"]["somme.js"]


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ({"files": {}}, "au moins un fichier"),
        ({"files": []}, "au moins un fichier"),
        ({}, "au moins un fichier"),
        ({"files": {"autre.js": GOOD}}, "n'est pas attendu"),
        ({"files": {"../somme.js": GOOD}}, "dossiers"),
        ({"files": {"/etc/somme.js": GOOD}}, "dossiers"),
        ({"files": {"..\\somme.js": GOOD}}, "dossiers"),
        ({"files": {"somme.js\u0000": GOOD}}, "caractère interdit"),
        ({"files": {"..": GOOD}}, "point"),
        ({"files": {"somme.js": 42}}, "doit être du texte"),
        ({"files": {"somme.js": ["a"]}}, "doit être du texte"),
        ({"files": {"somme.js": "abc\u0000def"}}, "binaires"),
        ({"files": {"somme.js": "\ud800"}}, "mal encodé"),
    ],
)
def test_submission_rejected_with_422(client, token, payload, fragment):
    response = client.post(SUBMIT, json=payload, headers=token("ana@example.org"))
    assert response.status_code == 422, response.json
    assert fragment in response.json["error"]


def test_submission_malformed_json_is_400(client, token):
    headers = {**token("ana@example.org"), "Content-Type": "application/json"}
    response = client.post(SUBMIT, data='{"files": ', headers=headers)
    assert response.status_code == 400
    assert "JSON" in response.json["error"]


def test_submission_too_large_is_413(client, token):
    big = "// " + "x" * (257 * 1024)
    response = client.post(
        SUBMIT, json={"files": {"somme.js": big}}, headers=token("ana@example.org")
    )
    assert response.status_code == 413
    assert "256 Kio" in response.json["error"]


def test_submission_to_unknown_exercise_is_404(client, token):
    response = client.post(
        "/api/v1/exercises/inconnu/submissions",
        json={"files": {"somme.js": GOOD}},
        headers=token("ana@example.org"),
    )
    assert response.status_code == 404


def test_too_many_submissions_is_429(client, token, app):
    headers = token("ana@example.org")
    limit = app.config["SUBMISSIONS_PER_MINUTE"]
    for _ in range(limit):
        assert (
            client.post(SUBMIT, json={"files": {"somme.js": GOOD}}, headers=headers).status_code
            == 202
        )
    response = client.post(SUBMIT, json={"files": {"somme.js": GOOD}}, headers=headers)
    assert response.status_code == 429
    assert "Trop de soumissions" in response.json["error"]
    # Another learner is not affected.
    other = client.post(
        SUBMIT, json={"files": {"somme.js": GOOD}}, headers=token("bilal@example.org")
    )
    assert other.status_code == 202


def test_submission_visibility(client, token, drain):
    ana = token("ana@example.org")
    submission_id = client.post(SUBMIT, json={"files": {"somme.js": GOOD}}, headers=ana).json["id"]
    drain()
    mine = client.get(f"/api/v1/submissions/{submission_id}", headers=ana)
    assert mine.status_code == 200
    assert set(mine.json) == {
        "id",
        "exercise",
        "status",
        "score",
        "message",
        "tests",
        "created_at",
        "graded_at",
        "graded_status",
        "reviews",
        "queue_position",
    }
    assert mine.json["graded_status"] == mine.json["status"] == "passed"
    assert mine.json["reviews"] == []
    assert mine.json["queue_position"] is None  # graded: no longer waiting
    # Another learner, even in the same cohort, gets 404 (no hint that it exists).
    for email in ("bilal@example.org", "chloe@example.org"):
        other = client.get(f"/api/v1/submissions/{submission_id}", headers=token(email))
        assert other.status_code == 404
        assert other.json == {"error": "Soumission introuvable."}
    trainer = client.get(
        f"/api/v1/submissions/{submission_id}", headers=token("formateur@example.org")
    )
    assert trainer.status_code == 200
    assert trainer.json["status"] == "passed"
    assert client.get("/api/v1/submissions/999999", headers=ana).status_code == 404


def test_trainer_of_another_cohort_cannot_read(client, token, app, drain):
    from tremplin.auth.services import create_user

    with app.app_context():
        create_user("autre-formateur@example.org", "motdepasse-autre", "trainer", "Promo B")
    chloe = token("chloe@example.org")
    submission_id = client.post(SUBMIT, json={"files": {"somme.js": GOOD}}, headers=chloe).json[
        "id"
    ]
    ana_trainer = client.get(
        f"/api/v1/submissions/{submission_id}", headers=token("formateur@example.org")
    )
    assert ana_trainer.status_code == 404
    response = client.post(
        "/api/v1/tokens",
        json={"email": "autre-formateur@example.org", "password": "motdepasse-autre"},
    )
    headers = {"Authorization": f"Bearer {response.json['token']}"}
    assert client.get(f"/api/v1/submissions/{submission_id}", headers=headers).status_code == 200


def test_progress_reflects_passed_submissions(client, token, drain):
    headers = token("ana@example.org")

    def competence(code):
        blocks = client.get("/api/v1/me/progress", headers=headers).json["blocks"]
        for block in blocks:
            assert set(block) == {"code", "title", "percent", "competences"}
            for item in block["competences"]:
                assert set(item) == {"code", "title", "percent", "acquired", "validated_by"}
                if item["code"] == code:
                    return block, item
        raise AssertionError(code)

    _, before = competence("RNCP34393BC05.C21")
    client.post(SUBMIT, json={"files": {"somme.js": GOOD}}, headers=headers)
    drain()
    block, after = competence("RNCP34393BC05.C21")
    assert after["percent"] > before["percent"]
    assert block["percent"] > 0
