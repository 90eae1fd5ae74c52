"""Trainer pages: who is stuck and why, the review page, exports opened back, the attestation."""

from __future__ import annotations

import csv
import io
from contextlib import contextmanager
from datetime import timedelta

import pytest

from tests.web.conftest import add_submission

pytestmark = [pytest.mark.redis]


@pytest.fixture(scope="module")
def cohort(world):
    """Promo C: Awa's, with learners whose weeks tell each stuck rule apart."""
    from tremplin.auth.services import create_user
    from tremplin.extensions import db
    from tremplin.models import Cohort, User, utcnow

    ids = {}
    with world.app.app_context():
        promo = Cohort(
            name="Promo C", site="Lille", starts_on=(utcnow() - timedelta(days=10)).date()
        )
        db.session.add(promo)
        trainer = db.session.get(User, world.ids["trainer_a"])
        trainer.cohorts.append(promo)
        db.session.commit()
        for key, name in [
            ("stuck", '=HYPERLINK("x")'),
            ("old_failures", "Olga"),
            ("passed_after", "Paul"),
            ("idle", "Ida"),
            ("never", "Nina"),
        ]:
            ids[key] = create_user(
                f"{key}@ecole.test", "motdepasse-123", "learner", "Promo C", name
            ).id
        for minutes in (300, 200, 100):
            add_submission(ids["stuck"], "js-somme", "failed", minutes_ago=minutes)
            add_submission(
                ids["old_failures"], "js-somme", "failed", minutes_ago=minutes + 60 * 24 * 8
            )
            add_submission(ids["passed_after"], "js-somme", "failed", minutes_ago=minutes)
        add_submission(ids["old_failures"], "js-moyenne", "passed", minutes_ago=60)
        add_submission(ids["passed_after"], "js-somme", "passed", minutes_ago=10)
        add_submission(ids["idle"], "js-somme", "passed", minutes_ago=60 * 24 * 4)
        ids["cohort"] = promo.id
    return ids


def test_stuck_learners_first_with_why(world, cohort):
    from tremplin.extensions import db
    from tremplin.models import Cohort, utcnow
    from tremplin.trainer.dashboard import cohort_dashboard

    with world.app.app_context():
        dashboard = cohort_dashboard(db.session.get(Cohort, cohort["cohort"]), utcnow())
        reasons = {row.user.display_name: row.stuck for row in dashboard.rows}
        assert reasons['=HYPERLINK("x")'] == [
            "3 essais non réussis d'affilée sur « La somme d'un tableau »"
        ]
        assert reasons["Olga"] == [] and reasons["Paul"] == []  # old failures; passed since
        assert reasons["Ida"] == ["aucune activité depuis 4 jours"]
        assert reasons["Nina"] == ["aucune soumission depuis le début (10 jours)"]
        assert [row.user.display_name for row in dashboard.rows][:3] == [
            '=HYPERLINK("x")',
            "Ida",
            "Nina",
        ]
        hard = [(e.slug, sorted(u.display_name for u in users)) for e, users in dashboard.difficult]
        assert hard == [("js-somme", ['=HYPERLINK("x")', "Olga"])]


@contextmanager
def _count_queries(app):
    from sqlalchemy import event

    from tremplin.extensions import db

    seen: list[str] = []

    def _count(conn, cursor, statement, *args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", _count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", _count)


def test_dashboard_makes_no_query_per_learner(world, cohort):
    from tremplin.auth.services import create_user

    trainer = world.client("trainer_a")
    url = f"/formateur/promos/{cohort['cohort']}"
    trainer.get(url)
    with _count_queries(world.app) as before:
        assert trainer.get(url).status_code == 200
    with world.app.app_context():
        for n in range(6):
            learner = create_user(f"extra{n}@ecole.test", "motdepasse-123", "learner", "Promo C")
            add_submission(learner.id, "js-somme", "failed")
            add_submission(learner.id, "html-premiere-page", "passed")
    with _count_queries(world.app) as after:
        assert trainer.get(url).status_code == 200
    assert len(after) == len(before) <= 15, (len(before), len(after))
    assert len(before) >= 5  # really counted


def test_csv_export_opens_back_in_a_french_spreadsheet(world, cohort):
    response = world.client("trainer_a").get(
        f"/formateur/promos/{cohort['cohort']}/progression.csv"
    )
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="progression-promo-c.csv"' in response.headers["Content-Disposition"]
    raw = response.data
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    by_name = {row["Nom"]: row for row in rows}
    assert '\'=HYPERLINK("x")' in by_name  # a formula never runs in the spreadsheet
    stuck = by_name['\'=HYPERLINK("x")']
    assert (stuck["Exercices tentés"], stuck["Exercices réussis"], stuck["À suivre"]) == (
        "1",
        "0",
        "oui",
    )
    paul = by_name["Paul"]
    assert (paul["Exercices réussis"], paul["À suivre"]) == ("1", "non")
    assert paul["RNCP34393BC04 (%)"].isdigit() and int(paul["RNCP34393BC04 (%)"]) > 0
    assert paul["PREREQ compétences acquises"] == "0 sur 4"  # not a date in a spreadsheet
    assert len(rows) == len(by_name)


def test_review_page_highlights_reveals_and_diffs(world):
    from tremplin.extensions import db
    from tremplin.models import Submission

    with world.app.app_context():
        first = add_submission(
            world.ids["bilal"], "js-moyenne", "failed", {"moyenne.js": "let a = 1;\n"}
        )
        second = add_submission(
            world.ids["bilal"],
            "js-moyenne",
            "failed",
            {"moyenne.js": "let a = 2;\n// \u202eevil\n"},
        )
        assert db.session.get(Submission, second).id > first
    page = world.client("trainer_a").get(f"/formateur/soumissions/{second}").text
    assert '<span class="kd">let</span>' in page  # Pygments
    assert "\\u202e" in page and "\u202e" not in page  # bidi control shown escaped
    assert (
        '<span class="gd">-let a = 1;</span>' in page
        and '<span class="gi">+let a = 2;</span>' in page
    )
    assert "(+2 / −1 lignes)" in page


def test_review_form_keeps_typed_text_and_saved_comments_apply(world):
    trainer = world.client("trainer_a")
    sub = world.submissions["ana"]
    refused = trainer.post(
        f"/formateur/soumissions/{sub}/avis",
        data={"comment": "Mon long avis", "verdict": "sans doute"},
    )
    assert refused.status_code == 422
    assert "Verdict inconnu" in refused.text and "Mon long avis</textarea>" in refused.text
    saved = trainer.post(
        "/formateur/commentaires",
        data={"title": "Boucle", "body": "Vérifie **l'indice** de départ."},
    )
    assert saved.status_code == 302
    from tremplin.extensions import db
    from tremplin.reviews.models import SavedComment

    with world.app.app_context():
        saved_id = db.session.scalar(
            db.select(SavedComment.id).where(SavedComment.title == "Boucle")
        )
    assert (
        trainer.post(
            f"/formateur/soumissions/{sub}/avis", data={"comment": "", "saved": saved_id}
        ).status_code
        == 302
    )
    learner_view = world.client("ana").get(f"/soumissions/{sub}").text
    assert "Vérifie <strong>l'indice</strong> de départ." in learner_view
    # Another trainer's saved comment is not theirs to use.
    other = world.client("trainer_b").post(f"/formateur/commentaires/{saved_id}/supprimer")
    assert other.status_code == 404


def test_learner_sees_override_and_decision(world):
    from tremplin.extensions import db
    from tremplin.models import User
    from tremplin.reviews.services import add_review, decide_competence

    with world.app.app_context():
        sub = add_submission(world.ids["bilal"], "js-prix-ttc", "failed")
        trainer = db.session.get(User, world.ids["trainer_a"])
        from tremplin.models import Submission

        add_review(
            trainer,
            db.session.get(Submission, sub),
            "Juste à l'oral.",
            "passed",
            "Expliqué en atelier",
        )
        decide_competence(
            trainer,
            db.session.get(User, world.ids["bilal"]),
            "RNCP34393BC03.C12",
            True,
            "Testé ensemble",
        )
    learner = world.client("bilal")
    page = learner.get(f"/soumissions/{sub}").text
    assert (
        "Verdict modifié par ta formatrice ou ton formateur" in page
        and "Expliqué en atelier" in page
    )
    exercise = learner.get("/exercices/js-prix-ttc").text
    assert "L'avis de ta formatrice ou ton formateur" in exercise and "Juste à l'oral." in exercise
    progress = learner.get("/progression").text
    assert (
        "Validée par ta formatrice ou ton formateur (Trainer_A)" in progress
        and "Testé ensemble" in progress
    )
    assert "Pour l'acquérir : encore" in progress


def test_attestation_is_worded_as_assessments_during_training(world):
    from tremplin.extensions import db
    from tremplin.models import User
    from tremplin.reviews.services import decide_competence

    with world.app.app_context():
        trainer, bilal = (db.session.get(User, world.ids[k]) for k in ("trainer_a", "bilal"))
        decide_competence(trainer, bilal, "RNCP34393BC01.C2", True, "Schéma de navigation juste")
    page = (
        world.client("trainer_a")
        .get(f"/formateur/apprenants/{world.ids['bilal']}/attestation")
        .text
    )
    assert "Attestation de progression" in page
    assert "Résultats des évaluations réalisées en cours de formation" in page
    assert "seul le jury de la certification valide les blocs" in page
    assert "140 heures" in page and "RNCP34393" in page
    assert page.count('class="block-page') == 6
    assert "selon Trainer_A (formateur·rice)" in page
    assert "Motif : « Schéma de navigation juste »" in page
