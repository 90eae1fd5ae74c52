"""Reading the curriculum as learners see it: modules, lessons, active exercises."""

from __future__ import annotations

import logging
from typing import Any

from markupsafe import escape
from sqlalchemy import select

from graders.base import PageView
from graders.errors import GraderError
from graders.registry import build_spec, grader_for
from tremplin.content.markdown import render_markdown
from tremplin.errors import NotFoundError
from tremplin.extensions import db
from tremplin.models import Exercise, Lesson, Module

log = logging.getLogger(__name__)


def active_exercises() -> list[Exercise]:
    """Every active exercise, in curriculum order."""
    return list(
        db.session.scalars(
            select(Exercise)
            .join(Module)
            .where(Exercise.active.is_(True), Exercise.current_version_id.is_not(None))
            .order_by(Module.position, Exercise.position, Exercise.slug)
        )
    )


def modules() -> list[Module]:
    """Every module, in order."""
    return list(db.session.scalars(select(Module).order_by(Module.position, Module.slug)))


def get_module(slug: str) -> Module:
    """A module by slug, or NotFoundError."""
    module = db.session.scalar(select(Module).where(Module.slug == slug))
    if module is None:
        raise NotFoundError(f"Module « {slug} » introuvable.")
    return module


def get_lesson(module: Module, slug: str) -> Lesson:
    """A lesson of the module by slug, or NotFoundError."""
    lesson = next((item for item in module.lessons if item.slug == slug), None)
    if lesson is None:
        raise NotFoundError("Leçon introuvable.")
    return lesson


def project_slugs(module: Module) -> set[str]:
    """Slugs of the module's active mini-projects (``project = true`` in exercise.toml)."""
    return {
        e.slug
        for e in module.exercises
        if e.active and e.current_version and e.current_version.content.get("project")
    }


def page_view(content: dict[str, Any]) -> PageView:
    """What the exercise page shows of its kind (a quiz's questions), as its grader says.

    A stored version that no longer parses (its kind changed format since it was loaded)
    shows the plain editor rather than an error page; grading it is a logged platform fault.
    """
    try:
        return grader_for(content["kind"]).page_view(build_spec(content))
    except GraderError:
        log.exception("exercise %s: its stored version does not parse", content.get("slug"))
        return PageView()


def statement_html(content: dict[str, Any]) -> str:
    """The statement as safe HTML, followed by the questions the kind shows (never answers)."""
    html = render_markdown(content["statement_md"])
    questions = page_view(content).questions
    if not questions:
        return html
    items = []
    for question in questions:
        choices = "".join(f"<li>{escape(choice)}</li>" for choice in question.choices)
        listed = f"<ul>{choices}</ul>" if choices else ""
        items.append(
            f'<li data-question="{escape(question.id)}" data-type="{escape(question.type)}">'
            f"<p>{escape(question.prompt)}</p>{listed}</li>"
        )
    return html + f'<ol class="quiz-questions">{"".join(items)}</ol>'
