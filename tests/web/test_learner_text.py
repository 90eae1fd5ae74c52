"""Whatever text a learner's code produces is stored and shown (SQLite and PostgreSQL),
and a submission whose grading raises can never loop."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from sandbox.base import RunRequest, RunResult
from tremplin.backends import backends
from tremplin.extensions import db
from tremplin.models import Submission, utcnow
from tremplin.submissions.grading import MAX_ATTEMPTS, PLATFORM_FAULT, reconcile

pytestmark = [pytest.mark.docker, pytest.mark.redis]

SOMME = "function somme(nombres) { return nombres.reduce((a, b) => a + b, 0); }\n"


def _submit(client, headers, text: str) -> int:
    response = client.post(
        "/api/v1/exercises/js-somme/submissions",
        json={"files": {"somme.js": text}},
        headers=headers,
    )
    assert response.status_code == 202, response.json
    return response.json["id"]


def _result(client, headers, submission_id: int) -> dict:
    response = client.get(f"/api/v1/submissions/{submission_id}", headers=headers)
    assert response.status_code == 200
    return response.json


def test_a_lone_surrogate_in_the_output_is_stored_not_wedged(client, token, drain, app):
    headers = token("ana@example.org")
    submission_id = _submit(client, headers, "console.log('\\ud800');\n" + SOMME)
    drain()
    body = _result(client, headers, submission_id)
    assert body["status"] == "passed", body
    with app.app_context():
        assert db.session.get(Submission, submission_id).output == "\ufffd\n"


def test_a_returned_string_with_a_lone_surrogate_fails_cleanly(client, token, drain):
    headers = token("ana@example.org")
    reversed_emoji = "function somme(n) { return '😀'.split('').reverse().join(''); }"
    submission_id = _submit(client, headers, reversed_emoji)
    drain()
    body = _result(client, headers, submission_id)
    assert body["status"] == "failed"
    assert body["tests"][0]["message"] == 'Attendu : 6 — obtenu : "\ufffd\ufffd".'


def test_emoji_and_accents_are_graded_and_shown(client, token, drain):
    headers = token("ana@example.org")
    code = (
        "// Somme des éléments 😀\n"
        "console.log('Déjà « fini » ? 🎉');\n"
        "function somme(n) { return n.length === 0 ? 'zéro 😀' : n.reduce((a, b) => a + b, 0); }\n"
    )
    submission_id = _submit(client, headers, code)
    drain()
    body = _result(client, headers, submission_id)
    assert body["status"] == "failed"
    messages = {t["name"]: t["message"] for t in body["tests"]}
    assert messages["un tableau vide donne 0"] == 'Attendu : 0 — obtenu : "zéro 😀".'
    client.post("/connexion", data={"email": "ana@example.org", "password": "motdepasse-ana"})
    page = client.get(f"/soumissions/{submission_id}").get_data(as_text=True)
    assert "Déjà « fini » ? 🎉" in page
    assert "obtenu : &#34;zéro 😀&#34;" in page or 'obtenu : "zéro 😀"' in page


class _RaisingSandbox:
    """A sandbox whose run raises what no platform fault raises: a defect of ours."""

    def __init__(self) -> None:
        self.runs = 0

    def run(self, request: RunRequest) -> RunResult:
        self.runs += 1
        raise ValueError("a grading defect")


def test_a_grading_defect_ends_in_error_once_and_never_loops(app, client, token, caplog):
    headers = token("ana@example.org")
    submission_id = _submit(client, headers, SOMME)
    raising = _RaisingSandbox()
    backends(app).sandbox = raising
    queue = backends(app).queue
    from rq import SimpleWorker

    with caplog.at_level(logging.ERROR), app.app_context():
        SimpleWorker([queue.queue], connection=queue.connection).work(burst=True)
        assert reconcile(queue, older_than=timedelta(0)) == 0  # nothing left to retry
        SimpleWorker([queue.queue], connection=queue.connection).work(burst=True)
    assert raising.runs == 1
    body = _result(client, headers, submission_id)
    assert body["status"] == "error"
    assert body["message"] == PLATFORM_FAULT
    logged = [r for r in caplog.records if f"submission {submission_id}" in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info is not None


def test_a_submission_that_keeps_killing_its_worker_ends_in_error(app, client, token):
    """The attempt is counted at claim time: past the limit it is not graded again."""
    headers = token("ana@example.org")
    submission_id = _submit(client, headers, SOMME)
    raising = _RaisingSandbox()
    backends(app).sandbox = raising
    queue = backends(app).queue
    from rq import SimpleWorker

    with app.app_context():
        queue.queue.empty()
        row = db.session.get(Submission, submission_id)
        # Three workers died while grading it: claimed three times, lease run out.
        row.status, row.attempt = "running", MAX_ATTEMPTS
        row.lease_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert reconcile(queue) == 1
        SimpleWorker([queue.queue], connection=queue.connection).work(burst=True)
    assert raising.runs == 0
    assert _result(client, headers, submission_id)["status"] == "error"


def test_bidi_controls_in_submitted_code_are_shown_escaped(client, token, drain):
    """A trainer reading the code sees the control, not a reordered line."""
    headers = token("ana@example.org")
    code = "function somme(n) { /* \u202e } ;return 0 // \u2066 */ return 0; }\n"
    submission_id = _submit(client, headers, code)
    client.post("/connexion", data={"email": "ana@example.org", "password": "motdepasse-ana"})
    page = client.get(f"/soumissions/{submission_id}").get_data(as_text=True)
    assert "\u202e" not in page and "\u2066" not in page
    assert "/* \\u202e } ;return 0 // \\u2066 */" in page
