"""Database models: columns, relationships and small invariants; no I/O."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Column,
    ColumnElement,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    true,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from tremplin.extensions import db


def utcnow() -> datetime:
    """The current time in UTC, naive (every column stores UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


class Role(StrEnum):
    """What a user may do."""

    LEARNER = "learner"
    TRAINER = "trainer"
    ADMIN = "admin"


class SubmissionStatus(StrEnum):
    """Life cycle of a submission; the values are the API's wire strings."""

    QUEUED = "queued"
    RUNNING = "running"
    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"


cohort_members = Table(
    "cohort_member",
    db.metadata,
    Column("cohort_id", ForeignKey("cohort.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
)

exercise_competences = Table(
    "exercise_competence",
    db.metadata,
    Column("exercise_id", ForeignKey("exercise.id", ondelete="CASCADE"), primary_key=True),
    Column("competence_id", ForeignKey("competence.id", ondelete="CASCADE"), primary_key=True),
)

# The lesson an exercise relies on (at most one: the exercise is the key), kept in a link table
# so that the exercise's own table stays as it was (migration 0003).
exercise_lessons = Table(
    "exercise_lesson",
    db.metadata,
    Column("exercise_id", ForeignKey("exercise.id", ondelete="CASCADE"), primary_key=True),
    Column("lesson_id", ForeignKey("lesson.id", ondelete="CASCADE"), index=True, nullable=False),
)


class User(UserMixin, db.Model):
    """A learner, trainer or admin."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.LEARNER)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A disabled account cannot sign in, and its sessions and tokens stop working.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Part of every session and remember-me cookie: bumping it ends them all.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    cohorts: Mapped[list[Cohort]] = relationship(secondary=cohort_members, back_populates="members")

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash of the password; every open session ends."""
        self.password_hash = generate_password_hash(password)
        self.end_sessions()

    def end_sessions(self) -> None:
        """Invalidate every session and remember-me cookie of this user."""
        self.session_version = (self.session_version or 0) + 1

    def get_id(self) -> str:
        """What a new session (and its remember-me cookie) carries: id, session version, day."""
        return f"{self.id}:{self.session_version or 0}:{utcnow().date().toordinal()}"

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses to sign in a disabled account."""
        return bool(self.active)

    def check_password(self, password: str) -> bool:
        """True when the password matches the stored hash (an invited account has none yet)."""
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_staff(self) -> bool:
        """Trainers and admins."""
        return self.role in (Role.TRAINER, Role.ADMIN)

    @property
    def name(self) -> str:
        """What the interface calls this user."""
        return self.display_name or self.email.split("@")[0]


class Cohort(db.Model):
    """A group of learners followed by one or more trainers."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    site: Mapped[str] = mapped_column(String(120), default="", server_default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    members: Mapped[list[User]] = relationship(secondary=cohort_members, back_populates="cohorts")


class ApiToken(db.Model):
    """A bearer token of the JSON API; only its SHA-256 is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    user: Mapped[User] = relationship()


class SkillBlock(db.Model):
    """A bloc de compétences of the title."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    competences: Mapped[list[Competence]] = relationship(
        back_populates="block", order_by="Competence.position"
    )


class Competence(db.Model):
    """A competence of a skill block, evidenced by exercises."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    # Percent of its exercises to pass for the competence to count as acquired.
    threshold: Mapped[int] = mapped_column(default=80, server_default="80")
    block_id: Mapped[int] = mapped_column(ForeignKey("skill_block.id"))
    block: Mapped[SkillBlock] = relationship(back_populates="competences")
    exercises: Mapped[list[Exercise]] = relationship(
        secondary=exercise_competences, back_populates="competences"
    )


class Module(db.Model):
    """A module of the curriculum: an introduction, lessons and exercises."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    hours: Mapped[int] = mapped_column(default=0)
    intro_md: Mapped[str] = mapped_column(Text, default="")
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="module", order_by="Lesson.position", cascade="all, delete-orphan"
    )
    exercises: Mapped[list[Exercise]] = relationship(
        back_populates="module", order_by="Exercise.position"
    )


class Lesson(db.Model):
    """A Markdown lesson of a module."""

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    body_md: Mapped[str] = mapped_column(Text, default="")
    module: Mapped[Module] = relationship(back_populates="lessons")
    exercises: Mapped[list[Exercise]] = relationship(
        secondary=exercise_lessons, back_populates="lesson", order_by="Exercise.position"
    )
    __table_args__ = (UniqueConstraint("module_id", "slug"),)


class LessonRead(db.Model):
    """A learner opened a lesson: when first, so that the week's activity can count it."""

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lesson.id", ondelete="CASCADE"), primary_key=True
    )
    read_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Exercise(db.Model):
    """An exercise; its content lives in versions, the newest being current."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True, index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("exercise_version.id", use_alter=True, name="fk_exercise_current_version")
    )
    module: Mapped[Module] = relationship(back_populates="exercises")
    current_version: Mapped[ExerciseVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )
    competences: Mapped[list[Competence]] = relationship(
        secondary=exercise_competences, back_populates="exercises"
    )
    lesson: Mapped[Lesson | None] = relationship(
        secondary=exercise_lessons, back_populates="exercises", uselist=False
    )


class ExerciseVersion(db.Model):
    """One content of an exercise, identified by its hash; verdicts point here."""

    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercise.id"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The whole exercise as loaded: metadata, statement, starter, solution, tests.
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    exercise: Mapped[Exercise] = relationship(foreign_keys=[exercise_id])
    __table_args__ = (UniqueConstraint("exercise_id", "content_hash"),)


class Submission(db.Model):
    """A learner's files for one exercise version, and their verdict once graded."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercise.id"), index=True)
    exercise_version_id: Mapped[int] = mapped_column(ForeignKey("exercise_version.id"))
    files: Mapped[dict[str, str]] = mapped_column(JSON)
    # The grader's verdict; a trainer's override never changes it.
    status: Mapped[str] = mapped_column(String(16), default=SubmissionStatus.QUEUED, index=True)
    # The verdict of the latest review that overrode it (kept in step by tremplin.reviews).
    override_status: Mapped[str | None] = mapped_column(String(16))
    score: Mapped[float | None]
    message: Mapped[str] = mapped_column(Text, default="")
    output: Mapped[str] = mapped_column(Text, default="")
    attempt: Mapped[int] = mapped_column(default=0)
    lease_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    started_at: Mapped[datetime | None]
    graded_at: Mapped[datetime | None]
    user: Mapped[User] = relationship()
    exercise: Mapped[Exercise] = relationship()
    version: Mapped[ExerciseVersion] = relationship()
    tests: Mapped[list[TestResult]] = relationship(
        back_populates="submission", order_by="TestResult.position", cascade="all, delete-orphan"
    )

    @hybrid_property
    def effective_status(self) -> str:
        """The status after trainers' overrides: what progress and the learner go by."""
        return self.override_status or self.status

    @effective_status.inplace.expression
    @classmethod
    def _effective_status_sql(cls) -> ColumnElement[str]:
        return func.coalesce(cls.override_status, cls.status)

    @property
    def finished(self) -> bool:
        """True once a verdict is stored."""
        return self.status in (
            SubmissionStatus.PASSED,
            SubmissionStatus.FAILED,
            SubmissionStatus.ERROR,
        )


class TestResult(db.Model):
    """One test of a graded submission."""

    __test__ = False  # not a pytest test class

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text, default="")
    submission: Mapped[Submission] = relationship(back_populates="tests")
