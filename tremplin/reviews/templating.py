"""Template filters of the title record, shared by the learner's and the trainer's pages."""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup

from tremplin import localtime
from tremplin.content.markdown import render_markdown
from tremplin.models import Submission
from tremplin.reviews.models import Review
from tremplin.reviews.services import exercise_reviews, reviews_by_submission


def markdown_filter(text: str) -> Markup:
    """A trainer's Markdown comment as sanitised HTML (like the lessons)."""
    return Markup(render_markdown(text or ""))


def block_short(code: str) -> str:
    """``BC01`` for ``RNCP34393BC01``: the block's number within its title."""
    head, sep, number = code.rpartition("BC")
    return f"BC{number}" if sep and head else code


def submission_reviews(submission: Submission) -> list[Review]:
    """The reviews of one submission, oldest first."""
    return reviews_by_submission([submission.id])[submission.id]


def percent_level(percent: int) -> int:
    """The colour step of a percent in the matrix: 0, 1–39, 40–69, 70–99, 100."""
    if percent <= 0:
        return 0
    return 1 if percent < 40 else 2 if percent < 70 else 3 if percent < 100 else 4


def init_app(app: Flask) -> None:
    """Register the filters, and the globals the learner's pages include."""
    app.add_template_global(submission_reviews, "submission_reviews")
    app.add_template_global(exercise_reviews, "exercise_reviews")
    app.add_template_filter(markdown_filter, "markdown")
    app.add_template_filter(block_short, "block_short")
    app.add_template_filter(percent_level, "percent_level")
    for name in ("local_datetime", "local_date", "short_date", "long_date"):
        app.add_template_filter(getattr(localtime, name), name)
