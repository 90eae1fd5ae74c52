"""The registry of exercise kinds: ``@register`` fills it, ``grader_for`` reads it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from graders.base import ExerciseSpec, Grader
from graders.errors import GraderError

GRADERS: dict[str, Grader[Any]] = {}
G = TypeVar("G", bound=type[Grader[Any]])


def register(cls: G) -> G:
    """Class decorator: make a grader available under its ``kind``."""
    if cls.kind in GRADERS:
        raise GraderError(f"kind {cls.kind!r} registered twice")
    GRADERS[cls.kind] = cls()
    return cls


def grader_for(kind: str) -> Grader[Any]:
    """The grader of a kind; GraderError if no such kind exists."""
    import graders.kinds  # noqa: F401  (fills the registry)

    try:
        return GRADERS[kind]
    except KeyError:
        raise GraderError(f"unknown exercise kind {kind!r}") from None


def kinds() -> list[str]:
    """Every registered kind."""
    import graders.kinds  # noqa: F401

    return sorted(GRADERS)


def build_spec(data: Mapping[str, Any]) -> ExerciseSpec[Any]:
    """The typed spec of an exercise's data, by its ``kind``; ExerciseSpecError if it does not fit."""
    return grader_for(str(data["kind"])).spec(data)
