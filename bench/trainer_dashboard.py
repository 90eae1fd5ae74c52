"""Server time of the trainer's dashboard on the seeded cohort, next to a bare page.

Usage: .venv/bin/python bench/trainer_dashboard.py [--requests 200] [--database-url URL]

Seeds the demo cohort (`flask demo seed`: each distinct code graded once in the real
sandbox) into a fresh database (SQLite in a temporary folder unless --database-url names
an empty PostgreSQL database), signs in as its trainer and times, in-process (the whole
Flask stack, no network): the cohort dashboard page, the progress API and, as the bare
baseline of the same run, the sign-in page. Then it adds 45 learners with copies of the
seeded history (60 in all) and measures again: the number of SQL queries per dashboard
must not grow with the learners.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event, select  # noqa: E402

from sandbox.engine import DockerSandbox  # noqa: E402
from tremplin import create_app  # noqa: E402
from tremplin.content.loader import load_curriculum  # noqa: E402
from tremplin.curriculum import load_into_database  # noqa: E402
from tremplin.demo.seed import TRAINER, seed_demo  # noqa: E402
from tremplin.extensions import db  # noqa: E402
from tremplin.models import Cohort, Submission, User, utcnow  # noqa: E402


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _time(client, url: str, requests: int) -> list[float]:
    for _ in range(5):  # warm up: templates compiled, connections pooled
        assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    return samples


def _queries(app, client, url: str) -> int:
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def _grow(cohort_id: int, copies: int) -> None:
    """Add learners with a copy of a seeded learner's history (no grading needed)."""
    cohort = db.session.get(Cohort, cohort_id)
    seeded = [m for m in cohort.members if m.role == "learner"]
    for n in range(copies):
        model = seeded[n % len(seeded)]
        learner = User(email=f"copie{n}@bench.test", role="learner", password_hash="")
        learner.display_name = f"Copie {n} de {model.display_name}"
        learner.cohorts.append(cohort)
        db.session.add(learner)
        db.session.flush()
        for s in db.session.scalars(select(Submission).where(Submission.user_id == model.id)):
            db.session.add(
                Submission(
                    user_id=learner.id,
                    exercise_id=s.exercise_id,
                    exercise_version_id=s.exercise_version_id,
                    files=s.files,
                    status=s.status,
                    score=s.score,
                    created_at=s.created_at,
                    graded_at=s.graded_at,
                )
            )
    db.session.commit()


def _line(name: str, samples: list[float], baseline: float) -> str:
    p50, p95 = statistics.median(samples), _percentile(samples, 0.95)
    return (
        f"{name:38} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   p95 / bare p95 {p95 / baseline:4.1f}×"
    )


def main(requests: int, database_url: str | None) -> None:
    """Seed, then time the dashboard, the progress API and the bare page; print the figures."""
    folder = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    sandbox = DockerSandbox(worker_id="bench-dashboard")
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{folder / 'bench.db'}",
            "REDIS_URL": "redis://127.0.0.1:1/0",  # never reached: nothing is submitted
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        },
        sandbox=sandbox,
    )
    with app.app_context():
        upgrade()
        load_into_database(ROOT / "exercises")
        started = time.monotonic()
        report = seed_demo(sandbox, utcnow(), calendar=load_curriculum(ROOT / "exercises").calendar)
        cohort_id = report.cohort.id
        print(
            f"seeded: {len(report.learners)} learners, {report.submissions} submissions, "
            f"{report.graded} distinct codes graded in {time.monotonic() - started:.0f} s"
        )
    client = app.test_client()
    client.post("/connexion", data={"email": TRAINER[0], "password": TRAINER[1]})
    dashboard = f"/formateur/promos/{cohort_id}"
    progress = f"/api/v1/cohorts/{cohort_id}/progress"
    with app.app_context():
        from tremplin.auth.services import find_user, issue_token

        token = issue_token(find_user(TRAINER[0]), 1)
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    for learners, grow in ((15, 0), (60, 45)):
        if grow:
            with app.app_context():
                _grow(cohort_id, grow)
        bare = _time(app.test_client(), "/connexion", requests)
        baseline = _percentile(bare, 0.95)
        print(f"\n{learners} learners, {requests} requests each (server time, in-process):")
        print(_line("bare page (/connexion)", bare, baseline))
        print(_line("cohort dashboard (HTML)", _time(client, dashboard, requests), baseline))
        print(_line("progress API (JSON)", _time(api, progress, requests), baseline))
        print(f"SQL queries per dashboard: {_queries(app, client, dashboard)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    arguments = parser.parse_args()
    main(arguments.requests, arguments.database_url)
