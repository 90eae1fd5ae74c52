"""Waiting for a verdict: the queue position a learner sees, and a full queue refused whole."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORDS

pytestmark = [pytest.mark.redis]

SUBMIT = "/api/v1/exercises/js-somme/submissions"
GOOD = "function somme(n) { return n.reduce((a, b) => a + b, 0); }"
LEARNERS = ("ana@example.org", "bilal@example.org", "chloe@example.org")


def _count(app) -> int:
    from sqlalchemy import func, select

    from tremplin.extensions import db
    from tremplin.models import Submission

    with app.app_context():
        return db.session.scalar(select(func.count(Submission.id)))


def test_queue_position_while_queued_then_null(app, client, token, drain):
    """The API and the page's status JSON say how many wait before; the page says it too."""
    ids = []
    for email in LEARNERS:
        response = client.post(SUBMIT, json={"files": {"somme.js": GOOD}}, headers=token(email))
        assert response.status_code == 202
        ids.append((email, response.json["id"]))
    positions = [
        client.get(f"/api/v1/submissions/{i}", headers=token(email)).json["queue_position"]
        for email, i in ids
    ]
    assert positions == [0, 1, 2]
    email, last = ids[-1]
    client.post("/connexion", data={"email": email, "password": PASSWORDS[email]})
    assert client.get(f"/soumissions/{last}.json").json["queue_position"] == 2
    assert "2 soumissions avant la tienne." in client.get("/exercices/js-somme").text
    drain()
    for email, i in ids:
        answer = client.get(f"/api/v1/submissions/{i}", headers=token(email)).json
        assert answer["status"] == "passed" and answer["queue_position"] is None
    assert "avant la tienne" not in client.get("/exercices/js-somme").text


def test_full_queue_is_refused_with_retry_after_and_nothing_stored(make_app, app):
    """Past MAX_QUEUE_DEPTH waiting submissions: 503 in French, Retry-After, no row, by every path."""
    full = make_app(MAX_QUEUE_DEPTH=2)
    client = full.test_client()
    tokens = {}
    for email in LEARNERS:
        answer = client.post("/api/v1/tokens", json={"email": email, "password": PASSWORDS[email]})
        tokens[email] = {"Authorization": f"Bearer {answer.json['token']}"}
    for email in LEARNERS[:2]:
        response = client.post(SUBMIT, json={"files": {"somme.js": GOOD}}, headers=tokens[email])
        assert response.status_code == 202
    before = _count(full)
    refused = client.post(SUBMIT, json={"files": {"somme.js": GOOD}}, headers=tokens[LEARNERS[2]])
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "60"
    assert "saturée" in refused.json["error"] and "réessaie" in refused.json["error"]
    client.post("/connexion", data={"email": LEARNERS[2], "password": PASSWORDS[LEARNERS[2]]})
    page = client.post("/exercices/js-somme/soumissions", json={"files": {"somme.js": GOOD}})
    assert page.status_code == 503 and page.headers["Retry-After"] == "60"
    assert "saturée" in page.json["error"]
    form = client.post("/exercices/js-somme/soumissions", data={"file:somme.js": "mon code à moi"})
    assert form.status_code == 503 and form.headers["Retry-After"] == "60"
    assert "saturée" in form.text and "mon code à moi" in form.text
    assert _count(full) == before
