"""Progress rules: thresholds per competence, overrides, validations, re-grading, counted once."""

from __future__ import annotations

import math
from itertools import count

import pytest

from tests.web.conftest import add_submission, competence
from tremplin.reviews.services import decide_competence

pytestmark = [pytest.mark.redis]

_names = count(1)


@pytest.fixture
def ctx(world):
    """An app context and a fresh learner of Promo A (so tests do not share a record)."""
    from tremplin.extensions import db
    from tremplin.models import Cohort, User

    with world.app.app_context():
        learner = User(
            email=f"apprenant{next(_names)}@ecole.test", role="learner", password_hash=""
        )
        learner.cohorts.append(db.session.get(Cohort, world.cohorts["Promo A"]))
        db.session.add(learner)
        db.session.commit()
        trainer = db.session.get(User, world.ids["trainer_a"])
        yield learner, trainer


def _evidence(code: str) -> list[str]:
    from tremplin.progress import title_rules

    rule = next(c for b in title_rules() for c in b.competences if c.code == code)
    return [e.slug for e in rule.exercises]


def test_threshold_is_percompetence(ctx):
    learner, _ = ctx
    c21 = _evidence("RNCP34393BC05.C21")
    assert competence(learner, "RNCP34393BC05.C21")["threshold"] == 50  # competences.toml
    assert competence(learner, "RNCP34393BC04.C15")["threshold"] == 80  # the default
    needed = math.ceil(len(c21) / 2)
    for slug in c21[: needed - 1]:
        add_submission(learner.id, slug, "passed")
    before = competence(learner, "RNCP34393BC05.C21")
    assert not before["acquired"] and before["remaining"] == 1
    add_submission(learner.id, c21[needed - 1], "passed")
    after = competence(learner, "RNCP34393BC05.C21")
    assert after["acquired"] and after["remaining"] == 0
    assert after["percent"] == round(100 * needed / len(c21))
    # The same passes are far from 80 % of C15's exercises: not acquired there.
    c15 = competence(learner, "RNCP34393BC04.C15")
    assert not c15["acquired"]
    assert c15["remaining"] == math.ceil(0.8 * c15["total"]) - c15["done"]


def test_a_passed_exercise_counts_once(ctx):
    learner, _ = ctx
    slug = _evidence("RNCP34393BC05.C21")[0]
    for _ in range(3):
        add_submission(learner.id, slug, "passed")
    add_submission(learner.id, slug, "failed")
    found = competence(learner, "RNCP34393BC05.C21")
    assert found["done"] == 1
    assert sum(e["passed"] for e in found["exercises"]) == 1


def test_override_counts_and_the_graders_verdict_stays(ctx):
    from tremplin.extensions import db
    from tremplin.models import Submission
    from tremplin.reviews.services import add_review, reviews_by_submission

    learner, trainer = ctx
    slug = _evidence("RNCP34393BC05.C21")[0]
    submission = db.session.get(Submission, add_submission(learner.id, slug, "failed"))
    assert competence(learner, "RNCP34393BC05.C21")["done"] == 0
    add_review(trainer, submission, "Juste, vu à l'oral.", "passed", "Réponse orale")
    assert submission.status == "failed" and submission.effective_status == "passed"
    assert competence(learner, "RNCP34393BC05.C21")["done"] == 1
    add_review(trainer, submission, "Finalement non : refais-le.", "failed", "Code copié")
    assert competence(learner, "RNCP34393BC05.C21")["done"] == 0
    history = reviews_by_submission([submission.id])[submission.id]
    assert [(r.previous_status, r.verdict) for r in history] == [
        ("failed", "passed"),
        ("passed", "failed"),
    ]
    # A comment without a verdict changes nothing.
    add_review(trainer, submission, "Courage !")
    assert submission.effective_status == "failed"


def test_a_validation_decides_over_the_rule_either_way(ctx):
    learner, trainer = ctx
    # A competence no exercise evidences (jQuery, SQL…): only a trainer can validate it.
    from tremplin.progress import title_rules

    code = next(c.code for b in title_rules() for c in b.competences if not c.exercises)
    decide_competence(trainer, learner, code, True, "Montré en atelier.")
    found = competence(learner, code)
    assert found["acquired"] and found["percent"] == 100 and found["validated_by"] == trainer.name
    # Invalidated although the rule would acquire it; more passes do not undo the decision.
    c21 = _evidence("RNCP34393BC05.C21")
    for slug in c21[:-1]:
        add_submission(learner.id, slug, "passed")
    assert competence(learner, "RNCP34393BC05.C21")["acquired"]
    decide_competence(trainer, learner, "RNCP34393BC05.C21", False, "Ne sait pas l'expliquer.")
    add_submission(learner.id, c21[-1], "passed")
    c21_now = competence(learner, "RNCP34393BC05.C21")
    assert c21_now["done"] == len(c21) and not c21_now["acquired"]
    decide_competence(trainer, learner, "RNCP34393BC05.C21", True, "Expliqué ce matin.")
    assert competence(learner, "RNCP34393BC05.C21")["acquired"]


def test_block_percent_counts_validated_competences(ctx):
    from tremplin.progress import progress_for

    learner, trainer = ctx
    bc03 = next(b for b in progress_for(learner) if b["code"] == "RNCP34393BC03")
    assert bc03["percent"] == 0
    decide_competence(trainer, learner, "RNCP34393BC03.C12", True, "Vu en atelier.")
    bc03 = next(b for b in progress_for(learner) if b["code"] == "RNCP34393BC03")
    counted = [c for c in bc03["competences"] if c["total"] or c["decision"]]
    assert bc03["percent"] == round(100 / len(counted))
    assert bc03["acquired"] == 1


def test_decisions_are_checked(ctx):
    from tremplin.reviews.services import InvalidReviewError

    learner, trainer = ctx
    for code, acquired, reason, fragment in [
        ("RNCP00.C99", True, "x", "Compétence inconnue"),
        ("RNCP34393BC03.C12", "oui", "x", "acquired"),
        ("RNCP34393BC03.C12", True, "  ", "La raison est vide"),
    ]:
        with pytest.raises(InvalidReviewError, match=fragment):
            decide_competence(trainer, learner, code, acquired, reason)


def test_records_are_append_only(ctx):
    from tremplin.extensions import db
    from tremplin.models import Submission
    from tremplin.reviews.models import AppendOnlyError
    from tremplin.reviews.services import add_review

    learner, trainer = ctx
    submission = db.session.get(Submission, add_submission(learner.id, "js-somme", "failed"))
    review = add_review(trainer, submission, "Relis l'énoncé.")
    review.comment_md = "autre chose"
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()
    validation = decide_competence(trainer, learner, "RNCP34393BC03.C12", True, "Vu.")
    db.session.delete(validation)
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()
