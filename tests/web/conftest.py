"""A small school shared by the trainer-side tests of a module: two cohorts and every role.

Built once per module (tests that write only append records or use their own learners),
so that the role-boundary matrix stays fast.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from tests.conftest import ROOT

PASSWORD = "motdepasse-12345"


@dataclass
class World:
    """Ids and helpers of the shared school."""

    app: object
    ids: dict[str, int] = field(default_factory=dict)
    submissions: dict[str, int] = field(default_factory=dict)
    cohorts: dict[str, int] = field(default_factory=dict)

    def headers(self, who: str) -> dict[str, str]:
        """An API bearer header for one of the people (token made directly, no HTTP)."""
        from tremplin.auth.services import issue_token
        from tremplin.extensions import db
        from tremplin.models import User

        with self.app.app_context():
            token = issue_token(db.session.get(User, self.ids[who]), 1)
        return {"Authorization": f"Bearer {token}"}

    def client(self, who: str | None = None):
        """A test client, signed in as ``who`` when given (through the login page)."""
        client = self.app.test_client()
        if who is not None:
            email = PEOPLE[who][0]
            client.post("/connexion", data={"email": email, "password": PASSWORD})
        return client


PEOPLE = {
    # key: (e-mail, role, cohorts)
    "ana": ("ana@ecole.test", "learner", ["Promo A"]),
    "bilal": ("bilal@ecole.test", "learner", ["Promo A"]),
    "chloe": ("chloe@ecole.test", "learner", ["Promo B"]),
    "trainer_a": ("awa@ecole.test", "trainer", ["Promo A"]),
    "trainer_b": ("bruno@ecole.test", "trainer", ["Promo B"]),
    "admin": ("admin@ecole.test", "admin", []),
    "disabled_trainer": ("ancien@ecole.test", "trainer", ["Promo A"]),
}


def add_submission(
    user_id: int, slug: str, status: str, files: dict | None = None, minutes_ago: int = 60
) -> int:
    """Store a finished submission as the worker would have (verdict only, no grading)."""
    from sqlalchemy import select

    from tremplin.extensions import db
    from tremplin.models import Exercise, Submission, utcnow

    exercise = db.session.scalar(select(Exercise).where(Exercise.slug == slug))
    when = utcnow() - timedelta(minutes=minutes_ago)
    submission = Submission(
        user_id=user_id,
        exercise_id=exercise.id,
        exercise_version_id=exercise.current_version_id,
        files=files or {name: "// essai\n" for name in exercise.current_version.content["files"]},
        status=status,
        score=1.0 if status == "passed" else 0.0,
        created_at=when,
        graded_at=when,
    )
    db.session.add(submission)
    db.session.commit()
    return submission.id


def competence(learner, code: str) -> dict:
    """One competence of a learner's progress (code, percent, acquired, threshold, …)."""
    from tremplin.progress import progress_for

    return next(c for b in progress_for(learner) for c in b["competences"] if c["code"] == code)


@pytest.fixture(scope="module")
def world(tmp_path_factory, redis_databases, docker_sandbox):
    """Promo A (Awa; Ana, Bilal; a disabled trainer), Promo B (Bruno; Chloé), an admin."""
    from tremplin import create_app
    from tremplin.auth.services import create_user
    from tremplin.curriculum import load_into_database
    from tremplin.extensions import db
    from tremplin.models import Cohort

    folder = tmp_path_factory.mktemp("world")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": os.environ.get(
                "TREMPLIN_TEST_DATABASE_URL", f"sqlite:///{folder / 'world.db'}"
            ),
            "REDIS_URL": redis_databases.take(),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        },
        sandbox=docker_sandbox,
    )
    found = World(app)
    with app.app_context():
        db.create_all()  # as make_app does; tests/migrations proves the migrations equal
        assert load_into_database(ROOT / "exercises").errors == []
        for key, (email, role, cohorts) in PEOPLE.items():
            user = create_user(email, PASSWORD, role, cohorts[0] if cohorts else None, key.title())
            found.ids[key] = user.id
        db.session.get(type(user), found.ids["disabled_trainer"]).active = False
        db.session.commit()
        found.cohorts = {c.name: c.id for c in db.session.scalars(db.select(Cohort))}
        found.submissions["ana"] = add_submission(found.ids["ana"], "js-somme", "failed")
        found.submissions["chloe"] = add_submission(found.ids["chloe"], "js-somme", "passed")
    yield found
    with app.app_context():
        db.session.remove()
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
            db.drop_all()
    redis_databases.give_back(app.config["REDIS_URL"])
