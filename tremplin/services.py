"""The platform's services, kept in ``app.extensions["tremplin"]`` and reached by accessors."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from sandbox.base import Sandbox
from tremplin.queue import GradingQueue


@dataclass
class Services:
    """What the web app and the worker share."""

    queue: GradingQueue
    sandbox: Sandbox


def init_services(app: Flask, *, queue: GradingQueue, sandbox: Sandbox) -> None:
    """Attach the services to the app."""
    app.extensions["tremplin"] = Services(queue=queue, sandbox=sandbox)


def services(app: Flask | None = None) -> Services:
    """The services of the current app."""
    return (app or current_app).extensions["tremplin"]


def grading_queue() -> GradingQueue:
    """The grading queue of the current app."""
    return services().queue


def sandbox() -> Sandbox:
    """The sandbox of the current app."""
    return services().sandbox
