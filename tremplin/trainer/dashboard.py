"""The cohort at a glance: learners × blocks, who is stuck and why, the hardest exercises.

Built with a fixed number of queries whatever the number of learners (no query per
learner): one aggregate of submissions per (learner, exercise), the title's rules, the
trainers' decisions, the latest follow-up contacts and the titles of the exercises named.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from tremplin.cohorts.access import cohort_learners
from tremplin.cohorts.models import FollowUp
from tremplin.extensions import db
from tremplin.models import Cohort, Exercise, Submission, SubmissionStatus, User
from tremplin.progress import assess, decisions_by_learner, title_rules

# Stuck: this many failed attempts in a row on an exercise not passed, the last within
# RECENT; or no submission for IDLE (counted from the cohort's start for a new learner).
FAILED_IN_A_ROW = 3
RECENT = timedelta(days=7)
IDLE = timedelta(days=3)
STUCK_RULE = (
    f"À suivre : {FAILED_IN_A_ROW} essais non réussis d'affilée sur un même exercice "
    f"(le dernier il y a moins de {RECENT.days} jours), ou {IDLE.days} jours sans soumission."
)
# An exercise is "difficult" when at least this many learners tried it and have not passed it.
DIFFICULT_LEARNERS = 2


class Attempts(NamedTuple):
    """A learner's submissions on one exercise, verdicts after overrides."""

    tries: int
    failed: int
    passed: int
    last: datetime


@dataclass
class LearnerRow:
    """One line of the dashboard."""

    user: User
    last_activity: datetime | None
    attempted: int
    passed: int
    blocks: list[dict]
    stuck: list[str] = field(default_factory=list)
    last_contact: FollowUp | None = None
    passed_ids: frozenset[int] = frozenset()


@dataclass
class Dashboard:
    """What the cohort page and the progress API show."""

    cohort: Cohort
    rows: list[LearnerRow]
    difficult: list[tuple[Exercise, list[User]]]
    disabled: list[User]


def attempts_by_learner(user_ids: list[int]) -> dict[int, dict[int, Attempts]]:
    """Per learner and exercise: attempts, failures, passes and the last one (one query)."""
    found: dict[int, dict[int, Attempts]] = {uid: {} for uid in user_ids}
    if not user_ids:
        return found
    status = Submission.effective_status
    rows = db.session.execute(
        select(
            Submission.user_id,
            Submission.exercise_id,
            func.count(Submission.id),
            func.sum(case((status == SubmissionStatus.FAILED, 1), else_=0)),
            func.sum(case((status == SubmissionStatus.PASSED, 1), else_=0)),
            func.max(Submission.created_at),
        )
        .where(Submission.user_id.in_(user_ids))
        .group_by(Submission.user_id, Submission.exercise_id)
    )
    for user_id, exercise_id, count, failed, passed, last in rows:
        found[user_id][exercise_id] = Attempts(count, int(failed or 0), int(passed or 0), last)
    return found


def latest_contacts(user_ids: list[int]) -> dict[int, FollowUp]:
    """Each learner's latest follow-up contact (one query)."""
    if not user_ids:
        return {}
    latest = (
        select(func.max(FollowUp.id))
        .where(FollowUp.learner_id.in_(user_ids))
        .group_by(FollowUp.learner_id)
    )
    contacts = db.session.scalars(
        select(FollowUp).options(joinedload(FollowUp.author)).where(FollowUp.id.in_(latest))
    )
    return {c.learner_id: c for c in contacts}


def _days(delta: timedelta) -> int:
    return max(delta.days, 0)


def stuck_reasons(
    attempts: dict[int, Attempts], titles: dict[int, str], since: datetime, now: datetime
) -> list[str]:
    """Why a learner needs a look, in French; empty when all is well."""
    reasons = []
    for exercise_id, a in sorted(attempts.items(), key=lambda item: item[1].last, reverse=True):
        if not a.passed and a.failed >= FAILED_IN_A_ROW and now - a.last <= RECENT:
            title = titles.get(exercise_id, "un exercice")
            reasons.append(f"{a.failed} essais non réussis d'affilée sur « {title} »")
    last = max((a.last for a in attempts.values()), default=None)
    if last is not None and now - last >= IDLE:
        reasons.append(f"aucune activité depuis {_days(now - last)} jours")
    elif last is None and now - since >= IDLE:
        reasons.append(f"aucune soumission depuis le début ({_days(now - since)} jours)")
    return reasons


def _difficult(
    attempts: dict[int, dict[int, Attempts]], learners: dict[int, User]
) -> dict[int, list[User]]:
    failing: dict[int, list[User]] = defaultdict(list)
    for user_id, per_exercise in attempts.items():
        for exercise_id, a in per_exercise.items():
            if a.failed and not a.passed:
                failing[exercise_id].append(learners[user_id])
    return {e: users for e, users in failing.items() if len(users) >= DIFFICULT_LEARNERS}


def _titles(exercise_ids: set[int]) -> dict[int, Exercise]:
    if not exercise_ids:
        return {}
    return {
        e.id: e for e in db.session.scalars(select(Exercise).where(Exercise.id.in_(exercise_ids)))
    }


def _start(cohort: Cohort, now: datetime) -> datetime:
    if cohort.starts_on is None:
        return now
    return datetime.combine(cohort.starts_on, datetime.min.time())


def cohort_dashboard(cohort: Cohort, now: datetime) -> Dashboard:
    """The dashboard of one cohort at ``now`` (UTC): stuck learners first, then by name."""
    everyone = cohort_learners(cohort, include_disabled=True)
    learners = [u for u in everyone if u.is_active]
    ids = [u.id for u in learners]
    attempts = attempts_by_learner(ids)
    rules = title_rules()
    decisions = decisions_by_learner(ids)
    contacts = latest_contacts(ids)
    difficult = _difficult(attempts, {u.id: u for u in learners})
    exercises = _titles({e for per in attempts.values() for e in per})
    titles = {e.id: e.title for e in exercises.values()}
    since = _start(cohort, now)
    rows = []
    for user in learners:
        mine = attempts[user.id]
        passed = {e for e, a in mine.items() if a.passed}
        rows.append(
            LearnerRow(
                user=user,
                last_activity=max((a.last for a in mine.values()), default=None),
                attempted=len(mine),
                passed=len(passed),
                blocks=assess(rules, passed, decisions[user.id], evidence=False),
                stuck=stuck_reasons(mine, titles, since, now),
                last_contact=contacts.get(user.id),
                passed_ids=frozenset(passed),
            )
        )
    rows.sort(key=lambda r: (not r.stuck, r.user.name.casefold()))
    hardest = sorted(difficult.items(), key=lambda item: (-len(item[1]), titles[item[0]]))
    return Dashboard(
        cohort=cohort,
        rows=rows,
        difficult=[(exercises[e], users) for e, users in hardest],
        disabled=[u for u in everyone if not u.is_active],
    )
