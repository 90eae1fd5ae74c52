"""The learner's path and pages: « Continuer », lessons ↔ exercises, the week, the progress picture.

Verdicts here are rows written by the test (the path and the pages only read them); real grading
through the queue and the engine is in tests/web/test_api_flow.py and tests/e2e/.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.conftest import PASSWORDS

pytestmark = [pytest.mark.redis]


def _login(client, email: str = "ana@example.org") -> None:
    response = client.post("/connexion", data={"email": email, "password": PASSWORDS[email]})
    assert response.status_code == 302


def _graded(email: str, slug: str, status: str, tests=(), when: datetime | None = None):
    """A stored verdict for one exercise (inside an app context)."""
    from tremplin.auth.services import find_user
    from tremplin.extensions import db
    from tremplin.models import Submission, TestResult
    from tremplin.submissions.services import get_exercise

    exercise = get_exercise(slug)
    submission = Submission(
        user_id=find_user(email).id,
        exercise_id=exercise.id,
        exercise_version_id=exercise.current_version_id,
        files={},
        status=status,
        message="",
        **({"created_at": when} if when else {}),
    )
    submission.tests = [
        TestResult(position=i, name=name, status=result) for i, (name, result) in enumerate(tests)
    ]
    db.session.add(submission)
    db.session.commit()
    return submission.id


def _step_names(steps) -> list[str]:
    return [f"{s.kind}:{s.module_slug}/{s.slug}" for s in steps]


def test_path_puts_each_lesson_before_the_exercises_relying_on_it(app):
    from sqlalchemy import func, select

    from tremplin.catalog import active_exercises
    from tremplin.extensions import db
    from tremplin.learn.path import learning_path
    from tremplin.models import Lesson
    from tremplin.submissions.services import get_exercise

    with app.app_context():
        names = _step_names(learning_path())
        assert names[:3] == [
            "lesson:m1-ordinateur/clavier",
            "exercise:m1-ordinateur/m1-clavier-altgr",
            "exercise:m1-ordinateur/m1-frappe-code",
        ]
        tableaux = names.index("lesson:m6-javascript/tableaux")
        assert names[tableaux : tableaux + 3] == [
            "lesson:m6-javascript/tableaux",
            "exercise:m6-javascript/js-maximum",
            "exercise:m6-javascript/js-somme",
        ]
        lessons = db.session.scalar(select(func.count(Lesson.id)))
        exercises = len(active_exercises())
        assert len(names) == len(set(names)) == lessons + exercises
        # An exercise that names no lesson closes its module.
        get_exercise("js-somme").lesson = None
        db.session.commit()
        names = _step_names(learning_path())
        moved = names.index("exercise:m6-javascript/js-somme")
        assert names[moved - 1].startswith("exercise:m6-javascript/")
        assert names[moved + 1] == "lesson:m7-dom/trouver-modifier"


def test_continue_resumes_where_the_learner_last_worked(app):
    from tremplin.auth.services import find_user
    from tremplin.catalog import get_lesson, get_module
    from tremplin.learn.activity import record_lesson_read
    from tremplin.learn.path import learning_path, next_step

    with app.app_context():
        ana = find_user("ana@example.org")
        path = learning_path()
        assert next_step(ana, path).slug == "clavier"  # a new learner starts at the beginning
        record_lesson_read(ana, get_lesson(get_module("m6-javascript"), "tableaux"))
        record_lesson_read(ana, get_lesson(get_module("m6-javascript"), "tableaux"))  # once
        assert next_step(ana, path).slug == "js-maximum"
        _graded("ana@example.org", "js-maximum", "passed")
        assert next_step(ana, path).slug == "js-somme"
        _graded("ana@example.org", "js-fizzbuzz", "failed")  # back to an earlier exercise
        assert next_step(ana, path).slug == "js-fizzbuzz"


def test_week_activity_counts_the_days_of_the_school(app):
    from tremplin.auth.services import find_user
    from tremplin.learn.activity import week_activity

    with app.app_context():
        # Wednesday 2 December 2026, 10:00 UTC; Paris is UTC+1 in winter.
        now = datetime(2026, 12, 2, 10, 0)
        _graded("ana@example.org", "js-somme", "failed", when=datetime(2026, 11, 29, 22, 30))
        _graded("ana@example.org", "js-somme", "failed", when=datetime(2026, 11, 29, 23, 30))
        _graded("ana@example.org", "js-somme", "passed", when=datetime(2026, 12, 1, 9, 0))
        _graded("ana@example.org", "js-somme", "passed", when=datetime(2026, 12, 1, 9, 5))
        week = week_activity(find_user("ana@example.org"), "Europe/Paris", now)
        assert [d.day.isoformat() for d in week.days][::6] == ["2026-11-30", "2026-12-06"]
        assert [d.submissions for d in week.days] == [1, 2, 0, 0, 0, 0, 0]  # Sunday 23:30 is out
        assert (week.submissions, week.passed, week.active_days) == (3, 1, 2)
        assert week.today.isoformat() == "2026-12-02"
        # In Réunion (UTC+4) the Sunday 22:30 UTC submission is already Monday.
        other = week_activity(find_user("ana@example.org"), "Indian/Reunion", now)
        assert other.days[0].submissions == 2


def test_home_opens_on_continue_and_the_week(client):
    _login(client)
    client.get("/modules/m6-javascript/lecons/tableaux")
    page = client.get("/").text
    assert 'href="/exercices/js-maximum"' in page.split('class="card continue"')[1][:800]
    assert "Ma semaine" in page
    assert "1 leçon(s) lue(s)" in page
    assert '<svg viewBox="0 0 280 124" role="img" aria-labelledby="week-title week-summary"' in page


def test_lesson_and_exercise_pages_link_to_each_other_with_previous_and_next(client):
    _login(client)
    lesson = client.get("/modules/m6-javascript/lecons/tableaux").text
    practice = lesson.split('id="practice-title"')[1]
    for slug in ("js-maximum", "js-somme", "js-moyenne", "js-jour-semaine"):
        assert f'href="/exercices/{slug}"' in practice
    assert 'href="/exercices/js-mot-de-passe" rel="prev"' in lesson
    assert 'href="/exercices/js-maximum" rel="next"' in lesson
    exercise = client.get("/exercices/js-somme").text
    assert 'href="/modules/m6-javascript/lecons/tableaux">Les tableaux</a> »' in exercise
    assert 'href="/exercices/js-maximum" rel="prev"' in exercise
    assert 'href="/exercices/js-moyenne" rel="next"' in exercise
    module = client.get("/modules/m6-javascript").text
    assert 'href="/modules/m5-css" rel="prev"' in module
    assert 'href="/modules/m7-dom" rel="next"' in module


def test_progress_page_draws_each_block_and_lists_the_evidence(app, client):
    from tremplin.auth.services import find_user
    from tremplin.progress import progress_for

    with app.app_context():
        _graded("ana@example.org", "js-somme", "passed")
        blocks = {b["code"]: b for b in progress_for(find_user("ana@example.org"), evidence=True)}
    c15 = next(c for c in blocks["RNCP34393BC04"]["competences"] if c["code"].endswith(".C15"))
    _login(client)
    page = client.get("/progression").text
    assert page.count('<svg class="ring" viewBox="0 0 42 42" role="img"') == len(blocks)
    assert f"Bloc RNCP34393BC04 : {blocks['RNCP34393BC04']['percent']} %</title>" in page
    item = page.split("RNCP34393BC04.C15")[1].split('<li class="')[0]
    assert f"1 / {len(c15['exercises'])} exercice(s) réussi(s)" in item
    assert '<a href="/exercices/js-somme">La somme d&#39;un tableau</a> —' in item
    assert '<span class="badge ok">réussi</span>' in item
    assert "pas encore d’exercice sur Tremplin" in page  # PHP, jQuery: no exercise


def test_verdict_shows_failures_first_and_one_more_hint_per_failure(app, client):
    tests = [("un test réussi", "passed"), ("un test raté", "failed")]
    with app.app_context():
        ids = [_graded("ana@example.org", "js-somme", "failed", tests) for _ in range(4)]
    _login(client)
    offered = []
    for submission_id in ids:
        data = client.get(f"/soumissions/{submission_id}.json").json
        html = data["html"]
        assert html.index("un test raté") < html.index("un test réussi")
        assert data["announce"] == "Pas encore : 1 test(s) sur 2 à corriger."
        offered.append(html.split("data-open-hint=")[1][1])
    assert offered == ["1", "2", "3", "3"]  # js-somme has three hints
    _login(client, "bilal@example.org")
    assert client.get(f"/soumissions/{ids[0]}.json").status_code == 404


def test_queue_position_is_shown_when_the_api_gives_it(app):
    from flask import render_template

    from tremplin.learn.feedback import announcement
    from tremplin.models import Submission

    with app.test_request_context("/"):
        queued = Submission(id=7, status="queued", message="", tests=[])
        html = render_template(
            "learn/_verdict_body.html",
            verdict={
                "submission": queued,
                "queue_position": 3,
                "next_hint": None,
                "following": None,
            },
        )
        assert "3 soumissions avant la tienne." in html
        assert "3 soumissions avant la tienne." in announcement(queued, 3)
        html = render_template(
            "learn/_verdict_body.html",
            verdict={
                "submission": queued,
                "queue_position": None,
                "next_hint": None,
                "following": None,
            },
        )
        assert "avant la tienne" not in html
        assert announcement(queued, None) == "Soumission envoyée, en attente de correction."


def test_editor_styles_get_a_nonce_and_sign_out_clears_the_drafts(client):
    _login(client)
    exercise = client.get("/exercices/js-somme")
    nonce = exercise.text.split('data-style-nonce="')[1].split('"')[0]
    assert f"style-src 'self' 'nonce-{nonce}'" in exercise.headers["Content-Security-Policy"]
    assert "nonce-" not in client.get("/").headers["Content-Security-Policy"]
    drafts = exercise.text.split('name="draft-namespace" content="')[1].split('"')[0]
    _login(client, "bilal@example.org")
    other = client.get("/exercices/js-somme").text
    assert f'content="{drafts}"' not in other and 'name="draft-namespace"' in other
    response = client.post("/deconnexion")
    assert response.headers["Clear-Site-Data"] == '"storage"'


def test_an_unknown_time_zone_stops_the_start(make_app):
    with pytest.raises(RuntimeError, match="TIMEZONE='Mars/Olympus'"):
        make_app(TIMEZONE="Mars/Olympus")


def test_submission_times_are_shown_on_the_school_clock(app, client):
    with app.app_context():
        submission_id = _graded(
            "ana@example.org", "js-somme", "failed", when=datetime(2026, 7, 1, 22, 15)
        )
    _login(client)
    assert "02/07/2026 00:15" in client.get(f"/soumissions/{submission_id}").text  # Paris, summer
