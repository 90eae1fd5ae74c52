"""Limits that hold: sign-ins counted in Redis per address and per account, the per-learner
submission limit under parallel requests, and hostile JSON refused with 400."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from werkzeug.security import generate_password_hash

from tremplin.auth.limits import ACCOUNT_MESSAGE
from tremplin.extensions import db
from tremplin.models import Submission, User

pytestmark = [pytest.mark.redis]
SUBMIT = "/api/v1/exercises/js-somme/submissions"
GOOD = {"files": {"somme.js": "function somme(n) { return 0; }"}}
CLASSROOM = "203.0.113.7"  # one public address for the whole school (NAT)


@pytest.fixture
def limited_app(app):
    """The fixture app with the limits on, stored in the test's Redis database."""
    app.config["RATELIMIT_ENABLED"] = True
    from tremplin.extensions import limiter

    limiter.init_app(app)
    return app


def _sign_in(client, email: str, password: str):
    return client.post(
        "/connexion",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": CLASSROOM},
    )


def test_a_whole_classroom_behind_one_address_signs_in(limited_app):
    with limited_app.app_context():
        cheap = generate_password_hash("motdepasse-promo", method="pbkdf2:sha256:1000")
        db.session.add_all(
            User(email=f"l{i}@example.org", password_hash=cheap, role="learner") for i in range(30)
        )
        db.session.commit()
    for i in range(30):
        client = limited_app.test_client()
        if i % 5 == 0:  # a few typos on the way, as in any classroom
            assert _sign_in(client, f"l{i}@example.org", "motdepasse-promp").status_code == 200
        assert _sign_in(client, f"l{i}@example.org", "motdepasse-promo").status_code == 302, i


def test_ten_failures_slow_that_account_down_only(limited_app):
    client = limited_app.test_client()
    for _ in range(5):
        assert _sign_in(client, "ana@example.org", "devine").status_code == 200
    for _ in range(5):  # the API counts against the same account
        response = client.post(
            "/api/v1/tokens",
            json={"email": "ANA@example.org ", "password": "devine"},
            environ_base={"REMOTE_ADDR": "198.51.100.9"},
        )
        assert response.status_code == 401
    blocked = _sign_in(client, "ana@example.org", "motdepasse-ana")
    assert blocked.status_code == 429
    assert ACCOUNT_MESSAGE in blocked.text
    api = client.post("/api/v1/tokens", json={"email": "ana@example.org", "password": "x"})
    assert api.status_code == 429 and api.json["error"] == ACCOUNT_MESSAGE
    assert "Retry-After" in api.headers
    # Another learner in the same room is not slowed down.
    assert _sign_in(client, "bilal@example.org", "motdepasse-bilal").status_code == 302


def test_the_limit_is_shared_by_every_web_process(limited_app, make_app, redis_url):
    """Two apps (two gunicorn workers) on one Redis count the same failures."""
    other = make_app(RATELIMIT_ENABLED=True, REDIS_URL=redis_url)
    first, second = limited_app.test_client(), other.test_client()
    for n in range(10):
        assert _sign_in(first if n % 2 else second, "ana@example.org", "non").status_code == 200
    assert _sign_in(first, "ana@example.org", "motdepasse-ana").status_code == 429
    assert _sign_in(second, "ana@example.org", "motdepasse-ana").status_code == 429


def test_parallel_submissions_respect_the_per_learner_limit(app, client, token):
    headers = token("ana@example.org")
    limit = app.config["SUBMISSIONS_PER_MINUTE"]

    def submit(_):
        return app.test_client().post(SUBMIT, json=GOOD, headers=headers).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(submit, range(16)))
    assert statuses.count(202) == limit
    assert statuses.count(429) == 16 - limit
    with app.app_context():
        assert db.session.query(Submission).count() == limit


DEEP = 100_000
HOSTILE = {
    "deep arrays": "[" * DEEP + "]" * DEEP,
    "deep objects": '{"a":' * DEEP + "1" + "}" * DEEP,
    "deep inside files": '{"files": {"somme.js": ' + "[" * DEEP + "]" * DEEP + "}}",
    "huge integer": '{"files": ' + "9" * 100_000 + "}",
    "invalid utf-8": b'{"files": {"somme.js": "\xff\xfe"}}',
    "not an object": '["files"]',
    "truncated": '{"files": {"somme.js": "func',
}


def test_hostile_json_is_400_never_500(client, token):
    headers = token("ana@example.org")
    for url in (SUBMIT, "/api/v1/tokens"):
        for case, body in HOSTILE.items():
            response = client.post(url, data=body, content_type="application/json", headers=headers)
            assert response.status_code == 400, (url, case, response.text)
            assert response.json["error"].startswith("Requête invalide"), (url, case)
