"""Run untrusted code in hardened, short-lived Docker containers."""

from sandbox.base import LabelledSandbox, Limits, RunRequest, RunResult, Sandbox
from sandbox.errors import EngineUnavailableError, ImageMissingError, SandboxError

__all__ = [
    "EngineUnavailableError",
    "ImageMissingError",
    "LabelledSandbox",
    "Limits",
    "RunRequest",
    "RunResult",
    "Sandbox",
    "SandboxError",
]
