"""« Aujourd'hui »: the day of the month's plan (``exercises/calendar.toml``) a cohort is at.

The plan counts working days: day 1 is the cohort's start date (``Cohort.starts_on``, which
its trainers can shift), then one day per weekday, Saturdays and Sundays skipped. The plan
was checked against the curriculum when it was loaded (``flask exercises load``); here it is
read back from the curriculum folder and its lessons and exercises looked up in the database,
so an entry the database no longer has is left out rather than shown broken.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from tremplin.content.calendar import CALENDAR_FILE, CalendarDay
from tremplin.extensions import db
from tremplin.localtime import to_local
from tremplin.models import Cohort, Exercise, Lesson, Module, User, utcnow


@dataclass(frozen=True)
class PlannedLesson:
    """A lesson the day places: where it lives and its title."""

    module_slug: str
    slug: str
    title: str


@dataclass(frozen=True)
class Today:
    """Where a cohort is in the plan on a given date."""

    cohort: Cohort
    on: date
    number: int  # 1..total while the plan runs; 0 before the start; total + 1 after the end
    total: int
    day: CalendarDay | None
    lessons: tuple[PlannedLesson, ...] = ()
    exercises: tuple[Exercise, ...] = ()

    @property
    def weekend(self) -> bool:
        """Saturday or Sunday: the plan waits for Monday."""
        return self.on.weekday() >= 5

    @property
    def before_start(self) -> bool:
        """The cohort has not started yet."""
        return self.number == 0

    @property
    def after_end(self) -> bool:
        """Every day of the plan is behind."""
        return self.number > self.total

    @property
    def next_working_day(self) -> date:
        """The next Monday to Friday after ``on``."""
        following = self.on + timedelta(days=1)
        while following.weekday() >= 5:
            following += timedelta(days=1)
        return following


def working_day_number(starts_on: date, on: date) -> int:
    """Day of the plan on ``on``: 1 on the start date, one more per weekday; 0 before it.

    A weekend keeps the number of the Friday before it.
    """
    if on < starts_on:
        return 0
    weeks, rest = divmod((on - starts_on).days + 1, 7)
    number = weeks * 5
    for offset in range(rest):
        if (starts_on + timedelta(days=weeks * 7 + offset)).weekday() < 5:
            number += 1
    return max(number, 1)


def plan_days() -> list[CalendarDay]:
    """The days of the curriculum's plan; empty when it has none."""
    path = Path(current_app.config["EXERCISES_DIR"]) / CALENDAR_FILE
    try:
        return _read_days(path, path.stat().st_mtime_ns)
    except FileNotFoundError:
        return []


@functools.lru_cache(maxsize=4)
def _read_days(path: Path, _mtime_ns: int) -> list[CalendarDay]:
    raw = tomllib.loads(path.read_text(encoding="utf-8")).get("days") or []
    return [
        CalendarDay(
            day=int(d["day"]),
            title=str(d["title"]),
            hours={str(k): int(v) for k, v in dict(d.get("hours") or {}).items()},
            lessons=tuple(str(x) for x in d.get("lessons") or ()),
            exercises=tuple(str(x) for x in d.get("exercises") or ()),
        )
        for d in raw
    ]


def local_today() -> date:
    """Today's date at the school (``TIMEZONE``)."""
    return to_local(utcnow()).date()


def today_for(cohort: Cohort, on: date | None = None) -> Today | None:
    """The cohort's day of the plan; None without a start date or without a plan."""
    days = plan_days()
    if cohort.starts_on is None or not days:
        return None
    on = on or local_today()
    number = working_day_number(cohort.starts_on, on)
    day = days[number - 1] if 1 <= number <= len(days) else None
    if day is None:
        return Today(cohort, on, min(number, len(days) + 1), len(days), None)
    return Today(cohort, on, number, len(days), day, _lessons(day), _exercises(day))


def learner_today(user: User, on: date | None = None) -> Today | None:
    """The plan's day of the learner's cohort (the latest started one if several)."""
    dated = [c for c in user.cohorts if c.starts_on is not None]
    if not dated:
        return None
    return today_for(max(dated, key=lambda c: (c.starts_on, c.id)), on)


def _lessons(day: CalendarDay) -> tuple[PlannedLesson, ...]:
    wanted = [tuple(entry.split("/", 1)) for entry in day.lessons if "/" in entry]
    rows = db.session.execute(
        select(Module.slug, Lesson.slug, Lesson.title)
        .join(Module, Module.id == Lesson.module_id)
        .where(Module.slug.in_({m for m, _ in wanted}))
    )
    titles = {(m, s): t for m, s, t in rows}
    return tuple(PlannedLesson(m, s, titles[(m, s)]) for m, s in wanted if (m, s) in titles)


def _exercises(day: CalendarDay) -> tuple[Exercise, ...]:
    found = {
        e.slug: e
        for e in db.session.scalars(
            select(Exercise).where(Exercise.slug.in_(day.exercises), Exercise.active.is_(True))
        )
    }
    return tuple(found[slug] for slug in day.exercises if slug in found)
