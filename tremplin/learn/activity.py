"""What a learner did and when: lessons opened, and the week's activity day by day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tremplin.extensions import db
from tremplin.models import Lesson, LessonRead, Submission, SubmissionStatus, User, utcnow

DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def record_lesson_read(user: User, lesson: Lesson) -> None:
    """Remember that the user opened the lesson (the first time counts)."""
    if db.session.get(LessonRead, (user.id, lesson.id)) is not None:
        return
    db.session.add(LessonRead(user_id=user.id, lesson_id=lesson.id))
    try:
        db.session.commit()
    except IntegrityError:  # the same lesson opened twice at once: one row is enough
        db.session.rollback()


def read_lesson_ids(user: User) -> set[int]:
    """Lessons the user has opened."""
    return set(
        db.session.scalars(select(LessonRead.lesson_id).where(LessonRead.user_id == user.id))
    )


@dataclass
class Day:
    """One day of the week: what the learner did."""

    day: date
    submissions: int = 0
    lessons: int = 0
    passed: set[int] = field(default_factory=set)  # exercises passed that day

    @property
    def name(self) -> str:
        """The French name of the day (« lundi »)."""
        return DAY_NAMES[self.day.weekday()]

    @property
    def actions(self) -> int:
        """Submissions plus lessons opened: the height of the day's bar."""
        return self.submissions + self.lessons


@dataclass
class Week:
    """Monday to Sunday of the current week, in the school's time zone."""

    days: list[Day]
    today: date

    @property
    def submissions(self) -> int:
        """Submissions sent this week."""
        return sum(d.submissions for d in self.days)

    @property
    def lessons(self) -> int:
        """Lessons opened for the first time this week."""
        return sum(d.lessons for d in self.days)

    @property
    def passed(self) -> int:
        """Distinct exercises passed this week."""
        return len(set().union(*(d.passed for d in self.days)))

    @property
    def active_days(self) -> int:
        """Days with at least one action."""
        return sum(1 for d in self.days if d.actions)

    @property
    def busiest(self) -> int:
        """The largest number of actions in one day (at least 1, to scale the bars)."""
        return max([1, *(d.actions for d in self.days)])


def week_activity(user: User, zone: str, now: datetime | None = None) -> Week:
    """The user's activity from Monday to Sunday of this week, days in the time zone ``zone``."""
    tz = ZoneInfo(zone)
    local_now = (now or utcnow()).replace(tzinfo=ZoneInfo("UTC")).astimezone(tz)
    monday = local_now.date() - timedelta(days=local_now.weekday())
    days = [Day(monday + timedelta(days=n)) for n in range(7)]
    start = _utc(datetime.combine(monday, time(), tz))
    end = _utc(datetime.combine(monday + timedelta(days=7), time(), tz))

    def day_of(moment: datetime) -> Day:
        local = moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(tz).date()
        return days[(local - monday).days]

    for exercise_id, status, created in db.session.execute(
        select(Submission.exercise_id, Submission.status, Submission.created_at).where(
            Submission.user_id == user.id,
            Submission.created_at >= start,
            Submission.created_at < end,
        )
    ):
        day = day_of(created)
        day.submissions += 1
        if status == SubmissionStatus.PASSED:
            day.passed.add(exercise_id)
    for (read_at,) in db.session.execute(
        select(LessonRead.read_at).where(
            LessonRead.user_id == user.id, LessonRead.read_at >= start, LessonRead.read_at < end
        )
    ):
        day_of(read_at).lessons += 1
    return Week(days=days, today=local_now.date())


def _utc(moment: datetime) -> datetime:
    """A zoned time as the naive UTC the columns store."""
    return moment.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
