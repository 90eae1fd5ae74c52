"""The platform's backends (grading queue, sandbox), kept in ``app.extensions["tremplin"]``."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from sandbox.base import Sandbox
from tremplin.queue import GradingQueue


@dataclass
class Backends:
    """What the web app and the worker share."""

    queue: GradingQueue
    sandbox: Sandbox


def init_backends(app: Flask, *, queue: GradingQueue, sandbox: Sandbox) -> None:
    """Attach the backends to the app."""
    app.extensions["tremplin"] = Backends(queue=queue, sandbox=sandbox)


def backends(app: Flask | None = None) -> Backends:
    """The backends of the current app."""
    found: Backends = (app or current_app).extensions["tremplin"]
    return found


def grading_queue() -> GradingQueue:
    """The grading queue of the current app."""
    return backends().queue


def sandbox() -> Sandbox:
    """The sandbox of the current app."""
    return backends().sandbox
