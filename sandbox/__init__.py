"""Run untrusted code in hardened, short-lived Docker containers."""

from sandbox.base import Limits, RunRequest, RunResult, Sandbox
from sandbox.errors import EngineUnavailableError, ImageMissingError, SandboxError

__all__ = [
    "EngineUnavailableError",
    "ImageMissingError",
    "Limits",
    "RunRequest",
    "RunResult",
    "Sandbox",
    "SandboxError",
]
