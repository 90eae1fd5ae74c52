"""Reading the curriculum as learners see it: modules, lessons, active exercises."""

from __future__ import annotations

from sqlalchemy import select

from tremplin.errors import NotFoundError
from tremplin.extensions import db
from tremplin.models import Exercise, Module


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
