"""Tremplin: a learning platform with auto-graded coding exercises."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask

from sandbox.base import Sandbox
from tremplin import config as config_module
from tremplin.backends import init_backends
from tremplin.extensions import csrf, db, limiter, login_manager
from tremplin.queue import GradingQueue, resolve_redis_url


def create_app(
    config: dict[str, Any] | None = None,
    *,
    sandbox: Sandbox | None = None,
    queue: GradingQueue | None = None,
) -> Flask:
    """Build the app: defaults, then environment variables, then ``config``."""
    app = Flask(__name__, instance_relative_config=True)
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config_module.defaults(instance))
    app.config.from_mapping(config_module.from_environment())
    app.config.from_mapping(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config_module.instance_secret_key(instance)
    app.config["REDIS_URL"] = resolve_redis_url(app.config["REDIS_URL"], instance)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    db.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Connecte-toi pour accéder à cette page."
    login_manager.session_protection = "strong"

    if sandbox is None:
        from sandbox.engine import DockerSandbox

        sandbox = DockerSandbox(runtime=app.config["SANDBOX_RUNTIME"] or None)
    if queue is None:
        queue = GradingQueue(app.config["REDIS_URL"], app.config["QUEUE_NAME"])
    init_backends(app, queue=queue, sandbox=sandbox)

    from tremplin import cli, web
    from tremplin.api.views import bp as api_bp

    app.register_blueprint(api_bp)
    web.init_app(app)
    cli.init_app(app)

    with app.app_context():
        db.create_all()
    return app
