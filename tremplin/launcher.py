"""`flask up`: set everything up, then run and supervise web + grading workers until Ctrl-C."""

from __future__ import annotations

import os
import socket
import sys
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from tremplin.config import is_production
from tremplin.supervisor import Child, Supervisor

DEMO_ACCOUNTS = (
    ("formatrice@tremplin.test", "demo-formatrice", "trainer", "Awa (formatrice)"),
    ("apprenant@tremplin.test", "demo-apprenant", "learner", "Yanis (apprenant)"),
)
DEMO_COHORT = "Promo démo"
# After the workers stopped, creations they left in flight in the engine land a moment later.
STOP_SETTLE_S = 5.0


def worker_count() -> int:
    """Grading workers to run: ``GRADING_WORKERS``, else one per CPU."""
    value = os.environ.get("GRADING_WORKERS", "").strip()
    if not value:
        return os.cpu_count() or 1
    if not value.isdigit() or int(value) < 1:
        raise click.ClickException(f"GRADING_WORKERS must be a number ≥ 1, not {value!r}")
    return int(value)


def _embedded_redis(app: Flask) -> Child | None:
    if os.environ.get("REDIS_URL") or not app.config["REDIS_URL"].startswith("unix://"):
        return None
    from tremplin.redis_server import redis_args

    socket_path = Path(app.config["REDIS_URL"][len("unix://") :])
    return Child("redis", redis_args(Path(app.instance_path) / "redis", socket_path=socket_path))


def _prepare(app: Flask, demo: bool) -> None:
    from flask_migrate import upgrade

    from tremplin.cli import build_command, load_curriculum
    from tremplin.worker import describe_isolation

    with app.app_context():
        upgrade()
        click.get_current_context().invoke(build_command)
        load_curriculum(app)
        if demo:
            _create_demo_accounts()
        click.echo(describe_isolation(app))


def _create_demo_accounts() -> None:
    from tremplin.auth.services import create_user, find_user

    click.echo("demo accounts:")
    for email, password, role, name in DEMO_ACCOUNTS:
        if find_user(email) is None:
            create_user(email, password, role, DEMO_COHORT, name)
        click.echo(f"  {role:8} {email}  password: {password}")
    _date_demo_cohort()


def _date_demo_cohort() -> None:
    """Give the demo cohort a start date (this week's Monday) so « Aujourd'hui » shows."""
    from datetime import timedelta

    from sqlalchemy import select

    from tremplin.extensions import db
    from tremplin.models import Cohort
    from tremplin.plan import local_today

    cohort = db.session.scalar(select(Cohort).where(Cohort.name == DEMO_COHORT))
    if cohort is None or cohort.starts_on is not None:
        return
    today = local_today()
    cohort.starts_on = today - timedelta(days=today.weekday())
    db.session.commit()
    click.echo(f"  « {DEMO_COHORT} » starts on {cohort.starts_on} (its trainer can shift it)")


def _processes(host: str, port: int, workers: int) -> list[Child]:
    env = dict(os.environ)
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    web = [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "4"]
    web += ["--bind", f"{host}:{port}", "--access-logfile", "-", "wsgi:app"]
    grading = [Child(f"worker-{n}", [*flask, "worker"], env) for n in range(1, workers + 1)]
    return [*grading, Child("web", web, env)]


def _wait_for_web(host: str, port: int, timeout_s: float = 60.0) -> None:
    """Return once the web server accepts connections (the banner then tells the truth)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise click.ClickException(f"the web server did not answer on {host}:{port} in time")


@click.command("up")
@click.option("--port", default=lambda: int(os.environ.get("PORT", "5000")), show_default="5000")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--demo", is_flag=True, help="Create the demo trainer and learner (never in production)."
)
@with_appcontext
def up_command(port: int, host: str, demo: bool):
    """Set everything up and run web + grading workers in the foreground until Ctrl-C."""
    app: Flask = current_app
    if demo and is_production(app.config):
        raise click.ClickException("demo accounts (public passwords) are refused in production")
    workers = worker_count()
    supervisor = Supervisor(say=lambda line: click.echo(f"tremplin: {line}", err=True))
    try:
        redis = _embedded_redis(app)
        if redis is not None:
            supervisor.add_stage([redis])
            from tremplin.redis_server import wait_for_redis

            assert redis.process is not None
            wait_for_redis(redis.process, app.config["REDIS_URL"])
            click.echo(f"redis: embedded server on {app.config['REDIS_URL']}")
        _prepare(app, demo)
        _drain_pool(app, "left by an earlier run removed")
        supervisor.add_stage(_processes(host, port, workers))
        _wait_for_web(host, port)
        click.echo(
            f"\nTremplin is running on http://{host}:{port} with {workers} grading worker(s)"
            "  (Ctrl-C to stop)\n"
        )
        supervisor.run()
    except KeyboardInterrupt:
        click.echo("\ninterrupted.", err=True)
    finally:
        supervisor.stop()
        _drain_pool(app, "removed", settle_s=STOP_SETTLE_S)
        click.echo("stopped.")


def _drain_pool(app: Flask, what: str, settle_s: float = 0.0) -> None:
    """Empty the host's warm pool: nothing of it outlives the platform, nothing stale starts."""
    from tremplin import pool

    removed = pool.drain(app, settle_s)
    if removed:
        click.echo(f"warm pool: {removed} container(s) {what}")
