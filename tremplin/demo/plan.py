"""The demo cohort's month, planned before anything is graded: who sent what, and when.

Deterministic for a given seed: the same attempts in the same order, with dates placed
relative to ``now`` (15 working days since the cohort's start).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from tremplin.demo.story import Profile, wrong_answers

WORKING_DAYS = 15
STUCK_ATTEMPTS = 4


@dataclass(frozen=True)
class PlannedExercise:
    """What the plan needs to know of an exercise."""

    id: int
    slug: str
    content: dict[str, Any]
    version_id: int

    @property
    def solution(self) -> dict[str, str]:
        """The reference solution's files, as a learner would submit them."""
        return {name: self.content["solution"].get(name, "") for name in self.content["files"]}

    @property
    def starter(self) -> dict[str, str]:
        """The starter files, as given to the learner."""
        return {name: self.content["starter"].get(name, "") for name in self.content["files"]}


@dataclass(frozen=True)
class Attempt:
    """One submission to create."""

    learner: int  # index in LEARNERS
    exercise: PlannedExercise
    files: dict[str, str]
    at: datetime


def working_days_before(today: date, count: int) -> list[date]:
    """The ``count`` working days (Monday to Friday) ending with today or the last one before."""
    days: list[date] = []
    day = today
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


class _Clock:
    """Times of one learner's attempts: increasing, on working hours, never in the future."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng, self.now = rng, now
        self.after = datetime.min

    def times(self, day: date, count: int) -> list[datetime]:
        latest = self.now - timedelta(minutes=5)
        opening = max(datetime.combine(day, time(8, 0)), self.after + timedelta(minutes=2))
        closing = max(datetime.combine(day, time(16, 30)), opening + timedelta(minutes=3 * count))
        opening, closing = min(opening, latest), min(closing, latest)
        span = max(int((closing - opening).total_seconds()), 1)
        found = sorted(opening + timedelta(seconds=self.rng.randint(0, span)) for _ in range(count))
        for i in range(1, len(found)):
            found[i] = max(found[i], found[i - 1] + timedelta(seconds=20))
        if found:
            self.after = found[-1]
        return found


def _exercise_attempts(
    ex: PlannedExercise, profile: Profile, rng: random.Random, last: bool
) -> list[dict[str, str]]:
    wrong = wrong_answers(ex.slug, ex.content)
    files: list[dict[str, str]] = []
    if wrong and rng.random() < profile.slips:
        files.append(rng.choice(wrong))
        if rng.random() < profile.slips / 2:
            files.append(ex.starter)
    if last and wrong and rng.random() < 0.7:
        return [*files, rng.choice(wrong)]  # still working on it at the time of the snapshot
    return [*files, ex.solution]


def _failing_attempts(
    ex: PlannedExercise, days: list[date], count: int
) -> list[tuple[date, dict[str, str]]]:
    wrong = [ex.starter, *wrong_answers(ex.slug, ex.content)]
    recent = days[-2:]
    return [(recent[i * len(recent) // count], wrong[i % len(wrong)]) for i in range(count)]


def plan_learner(
    index: int,
    profile: Profile,
    exercises: list[PlannedExercise],
    days: list[date],
    now: datetime,
    planned: list[int],
    seed: int = 11,
) -> list[Attempt]:
    """One learner's attempts over the working days, in order (one random stream per learner).

    ``planned[d]`` is how many exercises the month's plan has reached at the end of day d+1;
    a learner reaches ``pace`` times that, give or take a tenth.
    """
    rng = random.Random(f"{seed}:{index}:work")
    clock = _Clock(random.Random(f"{seed}:{index}:clock"), now)
    active = days[: len(days) - profile.idle_days] if profile.idle_days else days
    attempts: list[Attempt] = []
    cursor = 0
    for number, day in enumerate(active):
        goal = profile.pace * planned[min(number, len(planned) - 1)] * rng.uniform(0.9, 1.1)
        todo: list[tuple[PlannedExercise, dict[str, str]]] = []
        while cursor < min(goal, len(exercises)):
            ex = exercises[cursor]
            if ex.slug in (profile.stuck_on, profile.working_on):
                attempts += _timed(index, todo, day, clock)
                count = STUCK_ATTEMPTS if ex.slug == profile.stuck_on else 2
                stuck = _failing_attempts(ex, active[number:], count)
                for when in sorted({d for d, _ in stuck}):
                    attempts += _timed(index, [(ex, f) for d, f in stuck if d == when], when, clock)
                return attempts
            last = number == len(active) - 1 and goal - cursor < 1
            todo += [(ex, files) for files in _exercise_attempts(ex, profile, rng, last)]
            cursor += 1
        attempts += _timed(index, todo, day, clock)
    return attempts


def _timed(
    index: int, todo: list[tuple[PlannedExercise, dict[str, str]]], day: date, clock: _Clock
) -> list[Attempt]:
    times = clock.times(day, len(todo))
    return [Attempt(index, ex, files, at) for (ex, files), at in zip(todo, times, strict=True)]


def plan_cohort(
    profiles: tuple[Profile, ...],
    exercises: list[PlannedExercise],
    now: datetime,
    planned: list[int] | None = None,
    seed: int = 11,
) -> tuple[list[date], list[Attempt]]:
    """The working days and every learner's attempts (``exercises`` in the month's order).

    ``planned``: exercises reached by the plan at the end of each day (the calendar's);
    without a calendar, an even spread over 20 days.
    """
    if not planned:
        planned = [round(len(exercises) * (day + 1) / 20) for day in range(20)]
    # Today counts once the morning is under way; before that, the month ends yesterday.
    today = now.date() if now.time() >= time(10, 0) else now.date() - timedelta(days=1)
    days = working_days_before(today, WORKING_DAYS)
    attempts = []
    for index, profile in enumerate(profiles):
        attempts += plan_learner(index, profile, exercises, days, now, planned, seed)
    return days, attempts
