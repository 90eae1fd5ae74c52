"""The printable "attestation de progression": results of assessments taken during training.

Worded as the record of evaluations en cours de formation (article L6353-1 du Code du
travail): objectives, nature and length of the training, then per block the competences,
the exercises that evidence them and the trainers' decisions. Only the jury validates a block.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from tremplin.cohorts.access import cohort_trainers, visible_cohorts
from tremplin.content.blocks import read_training
from tremplin.extensions import db
from tremplin.models import Module, Submission, SubmissionStatus, User
from tremplin.progress import progress_for


def first_passes(learner: User) -> dict[int, datetime]:
    """When the learner first passed each exercise (verdicts after overrides; one query)."""
    rows = db.session.execute(
        select(Submission.exercise_id, func.min(Submission.created_at))
        .where(
            Submission.user_id == learner.id,
            Submission.effective_status == SubmissionStatus.PASSED,
        )
        .group_by(Submission.exercise_id)
    )
    return dict(rows.tuples().all())


def attestation(viewer: User, learner: User, now: datetime) -> dict[str, Any]:
    """Everything the attestation prints, for a learner the viewer follows."""
    mine = {c.id for c in learner.cohorts}
    cohort = next((c for c in visible_cohorts(viewer) if c.id in mine), None)
    root = Path(current_app.config["EXERCISES_DIR"])
    blocks = progress_for(learner)
    passes = first_passes(learner)
    for block in blocks:
        block["assessed"] = any(c["done"] or c["decision"] for c in block["competences"])
    return {
        "learner": learner,
        "cohort": cohort,
        "trainers": cohort_trainers(cohort) if cohort else [],
        "training": read_training(root / "competences.toml"),
        "hours": db.session.scalar(select(func.sum(Module.hours))) or 0,
        "blocks": blocks,
        "passes": passes,
        "issued_by": viewer,
        "issued_on": now,
    }
