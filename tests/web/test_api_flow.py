"""End to end through the API, the real queue and the real engine."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.docker, pytest.mark.redis]

SOLUTIONS = {
    "correct": "function somme(nombres) { let t = 0; for (const n of nombres) t += n; return t; }",
    "wrong": "function somme(nombres) { return nombres.length; }",
    "crashing": "function somme(nombres) { return nombres.foo.bar; }",
    "endless": "function somme(nombres) { while (true) {} }",
}


def _submit(client, headers, text):
    response = client.post(
        "/api/v1/exercises/js-somme/submissions",
        json={"files": {"somme.js": text}},
        headers=headers,
    )
    assert response.status_code == 202, response.json
    assert response.json["status"] == "queued"
    return response.json["id"]


@pytest.mark.parametrize(
    ("case", "status", "fragment"),
    [
        ("correct", "passed", "Bravo"),
        ("wrong", "failed", "test(s) sur 7"),
        ("crashing", "failed", "test(s) sur 7"),
        ("endless", "failed", "Temps dépassé"),
    ],
)
def test_somme_through_queue_and_engine(client, token, drain, case, status, fragment):
    headers = token("ana@example.org")
    submission_id = _submit(client, headers, SOLUTIONS[case])
    drain()
    body = client.get(f"/api/v1/submissions/{submission_id}", headers=headers).json
    assert body["status"] == status
    assert fragment in body["message"] or any(fragment in t["message"] for t in body["tests"])
    assert body["exercise"] == "js-somme"
    assert body["graded_at"] is not None
    if case == "crashing":
        assert "TypeError" in body["tests"][0]["message"]
    if case == "correct":
        assert body["score"] == 1.0
        assert all(t["status"] == "passed" for t in body["tests"])
