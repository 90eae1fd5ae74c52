"""``flask demo seed``: a cohort of 15 learners with a realistic month, graded for real.

Every distinct piece of code in the plan is graded once in the real sandbox, and that
verdict is stored for every submission of identical code: the seeded history is exactly
what the graders say. Then a trainer's comments, an override, a validation and follow-up
contacts are added through the same services the pages use.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from graders.registry import build_spec, grader_for
from graders.verdict import Status, Verdict
from sandbox.base import LabelledSandbox, Sandbox
from tremplin.auth.services import create_user, find_user
from tremplin.catalog import active_exercises
from tremplin.cohorts.services import add_follow_up
from tremplin.content.calendar import CalendarDay
from tremplin.demo.plan import Attempt, PlannedExercise, plan_cohort
from tremplin.demo.story import LEARNERS, SAVED_COMMENTS, TRAINER_COMMENTS
from tremplin.errors import TremplinError
from tremplin.extensions import db
from tremplin.models import Cohort, Role, Submission, TestResult, User
from tremplin.reviews.services import add_review, decide_competence, save_comment

COHORT = "Promo démo — Roubaix"
SITE = "Roubaix"
TRAINER = ("formatrice@tremplin.test", "demo-formatrice", "Awa (formatrice)")
LEARNER_PASSWORD = "demo-apprenant"
Key = tuple[str, str]


class SeedError(TremplinError):
    """The demo cannot be seeded (already there, no curriculum, sandbox failure)."""


@dataclass
class SeedReport:
    """What the seed made."""

    cohort: Cohort
    learners: list[User]
    submissions: int
    verdicts: dict[Key, Verdict]
    graded: int  # distinct codes graded by this seed (the others were known)
    seconds: float


def code_key(slug: str, files: dict[str, str]) -> Key:
    """Identical code on the same exercise has the same key (and gets one grading)."""
    return slug, json.dumps(files, sort_keys=True, ensure_ascii=False)


def grade_each_once(
    attempts: list[Attempt],
    sandbox: Sandbox,
    workers: int = 2,
    known: Mapping[Key, Verdict] | None = None,
) -> dict[Key, Verdict]:
    """Grade every distinct (exercise, files) of the plan once, in the real sandbox.

    ``known`` verdicts (the grader's, for the same code, from a run made anyway, such as
    the curriculum check of the test suite) are reused instead of grading again.
    """
    known = known or {}
    needed: dict[Key, Attempt] = {}
    for attempt in attempts:
        needed.setdefault(code_key(attempt.exercise.slug, attempt.files), attempt)
    distinct = {key: attempt for key, attempt in needed.items() if key not in known}
    labelled = LabelledSandbox(sandbox, {"tremplin.demo": "seed"})

    def run(attempt: Attempt) -> Verdict:
        spec = build_spec(attempt.exercise.content)
        return grader_for(spec.kind).grade(spec, dict(attempt.files), labelled)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        verdicts = dict(zip(distinct, pool.map(run, distinct.values()), strict=True))
    for (slug, _), verdict in verdicts.items():
        if verdict.status is Status.ERROR:
            raise SeedError(f"Le bac à sable a échoué sur « {slug} » : {verdict.message}")
    return {key: verdicts[key] if key in verdicts else known[key] for key in needed}


def _email(name: str) -> str:
    plain = name.lower().translate(str.maketrans("éèëêïîôöàâç", "eeeeiiooaac"))
    return ".".join(plain.split()) + "@demo.tremplin.test"


def _people(cohort: Cohort) -> tuple[User, list[User]]:
    email, password, display = TRAINER
    trainer = find_user(email) or create_user(email, password, Role.TRAINER, None, display)
    trainer.cohorts.append(cohort)
    learners = []
    for profile in LEARNERS:
        user = create_user(_email(profile.name), LEARNER_PASSWORD, Role.LEARNER, None, profile.name)
        user.cohorts.append(cohort)
        learners.append(user)
    db.session.commit()
    return trainer, learners


def _store(attempts: list[Attempt], learners: list[User], verdicts: dict[Key, Verdict]) -> int:
    for attempt in attempts:
        verdict = verdicts[code_key(attempt.exercise.slug, attempt.files)]
        submission = Submission(
            user_id=learners[attempt.learner].id,
            exercise_id=attempt.exercise.id,
            exercise_version_id=attempt.exercise.version_id,
            files=dict(attempt.files),
            status=verdict.status.value,
            score=verdict.score,
            message=verdict.message,
            output=verdict.output[: 64 * 1024],
            attempt=1,
            created_at=attempt.at,
            started_at=attempt.at + timedelta(seconds=1),
            graded_at=attempt.at + timedelta(seconds=4),
        )
        submission.tests = [
            TestResult(position=i, name=t.name[:300], status=t.status.value, message=t.message)
            for i, t in enumerate(verdict.tests)
        ]
        db.session.add(submission)
    db.session.commit()
    return len(attempts)


def month_order(
    exercises: list[PlannedExercise], calendar: Sequence[CalendarDay]
) -> tuple[list[PlannedExercise], list[int]]:
    """The exercises in the calendar's order, and how many the plan reaches each day."""
    position = {slug: n for n, slug in enumerate(s for day in calendar for s in day.exercises)}
    ordered = sorted(exercises, key=lambda e: position.get(e.slug, len(position)))
    planned, reached = [], 0
    for day in calendar:
        reached += sum(slug in position for slug in day.exercises)
        planned.append(reached)
    return ordered, planned


def seed_demo(
    sandbox: Sandbox,
    now: datetime,
    *,
    calendar: Sequence[CalendarDay] = (),
    workers: int = 2,
    known: Mapping[Key, Verdict] | None = None,
) -> SeedReport:
    """Create the demo cohort, its learners and their graded month (paced on ``calendar``)."""
    if db.session.scalar(select(Cohort).where(Cohort.name == COHORT)) is not None:
        raise SeedError(
            f"La promo « {COHORT} » existe déjà : repars d'une base vide pour la recréer."
        )
    exercises = [
        PlannedExercise(e.id, e.slug, e.current_version.content, e.current_version.id)
        for e in active_exercises()
        if e.current_version is not None
    ]
    if not exercises:
        raise SeedError(
            "Aucun exercice chargé : lance d'abord « flask --app wsgi exercises load »."
        )
    ordered, planned = month_order(exercises, calendar)
    days, attempts = plan_cohort(LEARNERS, ordered, now, planned)
    started = time.monotonic()
    verdicts = grade_each_once(attempts, sandbox, workers, known)
    graded = len(set(verdicts) - set(known or {}))
    seconds = time.monotonic() - started
    cohort = Cohort(name=COHORT, site=SITE, starts_on=days[0], ends_on=days[0] + timedelta(days=27))
    db.session.add(cohort)
    trainer, learners = _people(cohort)
    count = _store(attempts, learners, verdicts)
    _trainer_record(trainer, learners, now)
    return SeedReport(cohort, learners, count, verdicts, graded, seconds)


def _latest(learner: User, status: str | None = None, kind: str | None = None) -> Submission | None:
    query = select(Submission).where(Submission.user_id == learner.id)
    if status:
        query = query.where(Submission.status == status)
    submissions = db.session.scalars(query.order_by(Submission.id.desc()))
    return next((s for s in submissions if kind is None or s.exercise.kind == kind), None)


def _trainer_record(trainer: User, learners: list[User], now: datetime) -> None:
    """Comments, an override, a validation and follow-up contacts, dated in the past."""
    for title, body in SAVED_COMMENTS:
        save_comment(trainer, title, body)
    by_name = {u.display_name: u for u in learners}
    for index, learner in enumerate(learners[:8]):
        status = "failed" if index % 3 == 1 else "passed"
        found = _latest(learner, status)
        if found is not None:
            text = TRAINER_COMMENTS[status][index % len(TRAINER_COMMENTS[status])]
            add_review(trainer, found, text, at=found.created_at + timedelta(hours=2))
    override = _latest(by_name["Kevin Morel"], "failed", "quiz") or _latest(learners[4], "failed")
    if override is not None:
        add_review(
            trainer,
            override,
            "Vu ensemble en atelier : tu as su répondre à l'oral à la question oubliée.",
            "passed",
            "Réponse donnée à l'oral en atelier",
            at=override.created_at + timedelta(hours=3),
        )
    decide_competence(
        trainer,
        by_name["Inès Benali"],
        "RNCP34393BC01.C1",
        True,
        "Maquette de la page d'accueil analysée en atelier : schéma des pages complet et juste.",
        at=now - timedelta(days=2),
    )
    add_follow_up(
        trainer,
        by_name["Enzo Garcia"],
        "telephone",
        "Appel : souci de transport cette semaine, revient lundi. Proposé du travail à distance.",
        at=now - timedelta(days=1),
    )
    add_follow_up(
        trainer,
        by_name["Yanis Boukhris"],
        "entretien",
        "Point en fin de journée sur flexbox : revoir la leçon, exercice guidé demain matin.",
        at=now - timedelta(hours=20),
    )
