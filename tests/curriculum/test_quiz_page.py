"""A quiz in the browser: the form shows prompts and choices, never the answers."""

from __future__ import annotations

import json

import pytest

from tests.conftest import PASSWORDS, ROOT

pytestmark = [pytest.mark.redis, pytest.mark.docker]

SLUG = "m1-noms-de-fichiers"
SECRET_ANSWERS = ["fete-des-voisins-2025.jpg", "tarifs-ete.pdf"]
SOLUTION = (ROOT / "exercises/m1-ordinateur" / SLUG / "solution/reponses.json").read_text()


def _login(client, email: str = "ana@example.org") -> None:
    response = client.post("/connexion", data={"email": email, "password": PASSWORDS[email]})
    assert response.status_code == 302


def test_quiz_page_renders_a_form_without_answers(client) -> None:
    _login(client)
    html = client.get(f"/exercices/{SLUG}").get_data(as_text=True)
    assert 'data-type="multiple"' in html and 'data-type="text"' in html
    assert 'type="checkbox"' in html and 'name="file:reponses.json"' in html
    assert "quiz.js" in html
    for answer in SECRET_ANSWERS:
        assert answer not in html


def test_api_exercise_does_not_leak_answers(client, token) -> None:
    body = client.get(f"/api/v1/exercises/{SLUG}", headers=token("ana@example.org")).get_data(
        as_text=True
    )
    for answer in SECRET_ANSWERS:
        assert answer not in body
    # An API client still sees every question (prompt and choices), to answer it.
    statement = json.loads(body)["statement_html"]
    assert statement.count("<li data-question=") == statement.count('data-type="') >= 2
    assert 'data-type="multiple"' in statement and 'data-type="text"' in statement


@pytest.mark.parametrize(("answers", "status"), [(SOLUTION, "passed"), ("{}", "failed")])
def test_quiz_submitted_from_the_page_is_graded(client, drain, answers: str, status: str) -> None:
    _login(client)
    response = client.post(
        f"/exercices/{SLUG}/soumissions",
        json={"files": {"reponses.json": answers}},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 202, response.json
    drain()
    body = client.get(f"/soumissions/{response.json['id']}.json").json
    assert body["status"] == status
    if status == "failed":
        assert "Tu n'as pas répondu." in json.dumps(body, ensure_ascii=False)
