"""Errors raised by the sandbox: all are faults of the platform, never of the learner."""

from __future__ import annotations


class SandboxError(Exception):
    """Base of every sandbox fault (engine down, image missing, protocol broken)."""


class EngineUnavailableError(SandboxError):
    """The Docker engine does not answer."""


class ImageMissingError(SandboxError):
    """A runtime image has not been built on this engine."""


class ImageBuildError(SandboxError):
    """A runtime image could not be built."""
