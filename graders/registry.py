"""The registry of exercise kinds: ``@register`` fills it, ``grader_for`` reads it."""

from __future__ import annotations

from graders.base import Grader
from graders.errors import GraderError

GRADERS: dict[str, Grader] = {}


def register(cls: type[Grader]) -> type[Grader]:
    """Class decorator: make a grader available under its ``kind``."""
    if cls.kind in GRADERS:
        raise GraderError(f"kind {cls.kind!r} registered twice")
    GRADERS[cls.kind] = cls()
    return cls


def grader_for(kind: str) -> Grader:
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
