"""Grading submissions again: progress follows the new verdict, a trainer's override stays."""

from __future__ import annotations

import pytest

from tests.web.conftest import add_submission, competence

pytestmark = [pytest.mark.redis]


@pytest.mark.docker
def test_regrading_changes_progress_but_not_an_override(app, drain):
    """A platform fault re-graded by the real worker counts once; a trainer's override stays."""
    from tremplin.auth.services import find_user
    from tremplin.backends import backends
    from tremplin.extensions import db
    from tremplin.models import Submission
    from tremplin.reviews.services import add_review
    from tremplin.submissions.regrade import regrade

    good = {"somme.js": "function somme(n) { return n.reduce((a, b) => a + b, 0); }\n"}
    with app.app_context():
        ana = find_user("ana@example.org")
        trainer = find_user("formateur@example.org")
        fault = add_submission(ana.id, "js-somme", "error", good)
        overridden = add_submission(ana.id, "js-somme", "passed", good)
        add_review(trainer, db.session.get(Submission, overridden), "Copié.", "failed", "Copié")
        assert competence(ana, "RNCP34393BC05.C21")["done"] == 0
        assert regrade([fault, overridden], backends(app).queue) == [fault, overridden]
    drain()
    with app.app_context():
        first, second = db.session.get(Submission, fault), db.session.get(Submission, overridden)
        assert (first.status, first.effective_status) == ("passed", "passed")
        assert (second.status, second.effective_status) == ("passed", "failed")
        assert len(first.tests) == 7  # stored once, by the worker
        assert competence(find_user("ana@example.org"), "RNCP34393BC05.C21")["done"] == 1


def test_regrade_command(app):
    from tremplin.auth.services import find_user
    from tremplin.extensions import db
    from tremplin.models import Submission

    with app.app_context():
        fault = add_submission(find_user("ana@example.org").id, "js-somme", "error")
        kept = add_submission(find_user("ana@example.org").id, "js-somme", "failed")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["submissions", "regrade"]).exit_code == 2
    result = runner.invoke(args=["submissions", "regrade", "--errors"])
    assert result.exit_code == 0, result.output
    assert "submission(s) queued for grading again" in result.output
    with app.app_context():
        assert db.session.get(Submission, fault).status == "queued"
        assert db.session.get(Submission, kept).status == "failed"
