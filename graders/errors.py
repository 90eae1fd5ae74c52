"""Errors of the grading layer."""

from __future__ import annotations


class GraderError(Exception):
    """A fault of the platform while grading (never the learner's fault)."""


class ExerciseSpecError(GraderError):
    """An exercise's grading data does not fit its kind."""
