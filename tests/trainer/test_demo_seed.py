"""`flask demo seed`: every seeded verdict is the grader's, each distinct code graded once."""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.docker, pytest.mark.redis, pytest.mark.slow]


def test_each_distinct_code_graded_once_and_stored_as_graded(seeded):
    from sqlalchemy import select

    from tremplin.demo.seed import code_key
    from tremplin.extensions import db
    from tremplin.models import Submission

    verdicts = seeded.report.verdicts
    with seeded.app.app_context():
        submissions = list(db.session.scalars(select(Submission)))
        assert len(submissions) == seeded.report.submissions > 400
        keys = {code_key(s.exercise.slug, s.files) for s in submissions}
        assert keys == set(verdicts)  # one grading per distinct code, none wasted
        assert len(keys) < len(submissions) / 3  # identical code reused its verdict
        for submission in submissions:
            verdict = verdicts[code_key(submission.exercise.slug, submission.files)]
            assert submission.status == verdict.status.value
            assert submission.message == verdict.message
            assert [(t.name, t.status) for t in submission.tests] == [
                (t.name, t.status.value) for t in verdict.tests
            ]
        kinds = {s.exercise.kind for s in submissions}
        assert {"quiz", "shell", "html", "css", "javascript"} <= kinds
        assert {s.status for s in submissions} == {"passed", "failed"}


def test_seeded_verdicts_match_a_fresh_grading(seeded, docker_sandbox):
    """A failed and a passed code of three kinds, graded again from scratch, agree."""
    from sqlalchemy import select

    from graders.registry import build_spec, grader_for
    from tremplin.extensions import db
    from tremplin.models import Exercise

    picked: dict[tuple[str, str], tuple[str, str]] = {}
    with seeded.app.app_context():
        exercises = {e.slug: e for e in db.session.scalars(select(Exercise))}
        for (slug, files), verdict in seeded.report.verdicts.items():
            kind = exercises[slug].kind
            if kind in ("css", "html", "quiz"):
                picked.setdefault((kind, verdict.status.value), (slug, files))
        assert len(picked) == 6
        for (_kind, status), (slug, files) in picked.items():
            spec = build_spec(exercises[slug].current_version.content)
            again = grader_for(spec.kind).grade(spec, json.loads(files), docker_sandbox)
            assert again.status.value == status


def test_the_story_a_trainer_finds(seeded):
    from sqlalchemy import func, select

    from tremplin.cohorts.models import FollowUp
    from tremplin.extensions import db
    from tremplin.models import Cohort, utcnow
    from tremplin.reviews.models import CompetenceValidation, Review
    from tremplin.trainer.dashboard import cohort_dashboard

    with seeded.app.app_context():
        dashboard = cohort_dashboard(db.session.get(Cohort, seeded.cohort_id), utcnow())
        assert len(dashboard.rows) == 15
        stuck = {row.user.display_name: row.stuck for row in dashboard.rows if row.stuck}
        assert {"Yanis Boukhris", "Thomas Roux", "Chloé Petit", "Enzo Garcia"} <= set(stuck)
        assert "essais non réussis d'affilée" in stuck["Yanis Boukhris"][0]
        assert "aucune activité depuis" in stuck["Enzo Garcia"][0]
        assert dashboard.difficult, "some exercise failed by two learners"
        passed = sorted(row.passed for row in dashboard.rows)
        assert passed[-1] > 2 * passed[0]  # different paces
        overrides = db.session.scalar(select(func.count()).where(Review.verdict.is_not(None)))
        assert overrides == 1
        assert db.session.scalar(select(func.count(Review.id))) >= 6
        assert db.session.scalar(select(func.count(CompetenceValidation.id))) == 1
        assert db.session.scalar(select(func.count(FollowUp.id))) == 2


def test_seeding_twice_is_refused(seeded):
    result = seeded.app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 1
    assert "existe déjà" in result.output
