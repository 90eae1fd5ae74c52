"""Tremplin: a learning platform with auto-graded coding exercises."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask

from sandbox.base import Sandbox
from tremplin import config as config_module
from tremplin.backends import init_backends
from tremplin.extensions import compress, csrf, db, limiter, login_manager, migrate
from tremplin.queue import GradingQueue, resolve_redis_url

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(
    config: dict[str, Any] | None = None,
    *,
    sandbox: Sandbox | None = None,
    queue: GradingQueue | None = None,
) -> Flask:
    """Build the app: defaults, then environment variables, then ``config``."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("TREMPLIN_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    instance = Path(app.instance_path)
    app.config.from_mapping(config_module.defaults(instance))
    app.config.from_mapping(config_module.from_environment())
    # Any other setting: TREMPLIN_<KEY>=<JSON value>, e.g. TREMPLIN_RECONCILE_EVERY_S=10.
    app.config.from_prefixed_env("TREMPLIN")
    app.config.from_mapping(config or {})
    _finish_config(app, instance)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    csrf.init_app(app)
    compress.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Connecte-toi pour accéder à cette page."
    login_manager.session_protection = "strong"

    if sandbox is None:
        from sandbox.engine import DockerSandbox
        from tremplin.pool import pool_settings

        pool = pool_settings(app.config, instance)
        sandbox = DockerSandbox(runtime=app.config["SANDBOX_RUNTIME"] or "auto", pool=pool)
    if queue is None:
        queue = GradingQueue(app.config["REDIS_URL"], app.config["QUEUE_NAME"])
    init_backends(app, queue=queue, sandbox=sandbox)

    from tremplin import cli, security, web
    from tremplin.api.trainer import bp as api_trainer_bp
    from tremplin.api.views import bp as api_bp

    security.init_app(app)
    app.register_blueprint(api_bp)
    app.register_blueprint(api_trainer_bp)
    web.init_app(app)
    cli.init_app(app)
    return app


def _finish_config(app: Flask, instance: Path) -> None:
    """Production checks, then the values derived from others (instance files only in dev)."""
    if config_module.is_production(app.config):
        config_module.check_production(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config_module.instance_secret_key(instance)
    config_module.check_timezone(app.config["TIMEZONE"])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith(f"sqlite:///{instance}"):
        instance.mkdir(parents=True, exist_ok=True)
    app.config["REDIS_URL"] = resolve_redis_url(app.config["REDIS_URL"], instance)
    app.config.setdefault(
        "RATELIMIT_STORAGE_URI", config_module.rate_limit_storage(app.config["REDIS_URL"])
    )
