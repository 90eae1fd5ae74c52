"""Lessons: the lesson each exercise relies on, and the lessons each learner opened.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exercise_lesson",
        sa.Column("exercise_id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exercise_id"], ["exercise.id"], name="fk_exercise_lesson_exercise", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"], ["lesson.id"], name="fk_exercise_lesson_lesson", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("exercise_id", name="pk_exercise_lesson"),
    )
    op.create_index("ix_exercise_lesson_lesson_id", "exercise_lesson", ["lesson_id"])
    op.create_table(
        "lesson_read",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name="fk_lesson_read_user", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"], ["lesson.id"], name="fk_lesson_read_lesson", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "lesson_id", name="pk_lesson_read"),
    )
    op.create_index("ix_lesson_read_read_at", "lesson_read", ["read_at"])


def downgrade() -> None:
    op.drop_index("ix_lesson_read_read_at", table_name="lesson_read")
    op.drop_table("lesson_read")
    op.drop_index("ix_exercise_lesson_lesson_id", table_name="exercise_lesson")
    op.drop_table("exercise_lesson")
