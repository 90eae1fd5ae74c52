"""Command-line interface: ``flask --app wsgi <group> <command>``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from sandbox.errors import SandboxError
from tremplin.errors import TremplinError

users = AppGroup("users", help="Manage accounts.")
exercises = AppGroup("exercises", help="Load and check the curriculum.")
sandbox_cli = AppGroup("sandbox", help="Build the runtime images, reap containers.")

DEMO_ACCOUNTS = (
    ("formatrice@tremplin.test", "demo-formatrice", "trainer", "Awa (formatrice)"),
    ("apprenant@tremplin.test", "demo-apprenant", "learner", "Yanis (apprenant)"),
)
DEMO_COHORT = "Promo démo"


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["learner", "trainer", "admin"]), default="learner")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--cohort", default=None, help="Cohort name (created if needed).")
@click.option("--name", "display_name", default="", help="Name shown in the interface.")
@with_appcontext
def create_user_command(
    email: str, role: str, password: str, cohort: str | None, display_name: str
):
    """Create a user, or update the role and password of an existing one."""
    from tremplin.auth.services import create_user

    try:
        user = create_user(email, password, role, cohort, display_name)
    except TremplinError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"{user.email} ({user.role})" + (f" in cohort {cohort}" if cohort else ""))


def _load(app: Flask) -> None:
    from tremplin.curriculum import load_into_database

    report = load_into_database(Path(app.config["EXERCISES_DIR"]))
    for warning in report.warnings:
        click.echo(f"attention : {warning}", err=True)
    if report.errors:
        for error in report.errors:
            click.echo(f"erreur : {error}", err=True)
        raise click.ClickException(f"{len(report.errors)} erreur(s) : rien n'a été chargé.")
    click.echo(
        f"exercises loaded: {report.new_exercises} new, {report.new_versions} new version(s), "
        f"{report.unchanged} unchanged"
    )


@exercises.command("load")
@with_appcontext
def load_command():
    """Load exercises/ into the database (idempotent; a changed exercise gets a new version)."""
    _load(current_app)


@exercises.command("check")
@click.argument("slugs", nargs=-1)
@with_appcontext
def check_command(slugs: tuple[str, ...]):
    """Validate exercises and run each reference solution (must pass) and starter (must not)."""
    from tremplin.content.check import check_exercises

    failures = check_exercises(Path(current_app.config["EXERCISES_DIR"]), slugs, echo=click.echo)
    if failures:
        raise click.ClickException(f"{failures} problème(s).")


@sandbox_cli.command("build")
def build_command():
    """Build the runtime images that are missing or out of date."""
    from sandbox.images import ensure_all
    from tremplin.backends import backends

    try:
        client = backends(current_app).sandbox.client
        for name in ensure_all(client):
            click.echo(f"image ready: {name}")
    except SandboxError as exc:
        raise click.ClickException(str(exc)) from None


@sandbox_cli.command("reap")
@click.option("--all", "everything", is_flag=True, help="Remove every Tremplin container.")
def reap_command(everything: bool):
    """Remove leftover sandbox containers."""
    from tremplin.backends import backends

    removed = backends(current_app).sandbox.reap(everything=everything)
    click.echo(f"{removed} container(s) removed")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool):
    """Run one grading worker (reconciles the queue and reaps containers at start)."""
    from tremplin.worker import maintain, run_worker

    app = current_app._get_current_object()
    maintain(app)
    run_worker(app, burst=burst)


def _embedded_redis_needed(app: Flask) -> bool:
    return not os.environ.get("REDIS_URL") and app.config["REDIS_URL"].startswith("unix://")


@click.command("up")
@click.option("--port", default=lambda: int(os.environ.get("PORT", "5000")), show_default="5000")
@click.option("--host", default="127.0.0.1", show_default=True)
def up_command(port: int, host: str):
    """Set everything up and run web + worker in the foreground until Ctrl-C."""
    app = current_app._get_current_object()
    instance = Path(app.instance_path)
    children: list[subprocess.Popen] = []
    try:
        if _embedded_redis_needed(app):
            from tremplin.redis_server import start_redis

            socket_path = Path(app.config["REDIS_URL"][len("unix://") :])
            children.append(start_redis(instance / "redis", socket_path=socket_path))
            click.echo(f"redis: embedded server on {socket_path}")
        with app.app_context():
            click.get_current_context().invoke(build_command)
            _load(app)
            _create_demo_accounts()
        env = dict(os.environ)
        flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
        children.append(subprocess.Popen([*flask, "worker"], env=env))
        web = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--threads",
            "4",
            "--bind",
            f"{host}:{port}",
            "--access-logfile",
            "-",
            "wsgi:app",
        ]
        children.append(subprocess.Popen(web, env=env))
        click.echo(f"\nTremplin is running on http://{host}:{port}  (Ctrl-C to stop)\n")
        _wait(children)
    finally:
        _stop(children)


def _create_demo_accounts() -> None:
    from tremplin.auth.services import create_user, find_user

    click.echo("demo accounts:")
    for email, password, role, name in DEMO_ACCOUNTS:
        if find_user(email) is None:
            create_user(email, password, role, DEMO_COHORT, name)
        click.echo(f"  {role:8} {email}  password: {password}")


def _wait(children: list[subprocess.Popen]) -> None:
    stop = {"now": False}

    def _handler(signum, frame):
        stop["now"] = True

    # Explicit handlers: a shell may start us with SIGINT ignored (background job).
    signal.signal(signal.SIGTERM, _handler)
    signal.signal(signal.SIGINT, _handler)
    while not stop["now"]:
        for child in children:
            if child.poll() is not None:
                name = " ".join(str(a) for a in child.args[1:5])
                raise click.ClickException(f"{name} stopped unexpectedly ({child.returncode})")
        time.sleep(0.5)


def _stop(children: list[subprocess.Popen]) -> None:
    for child in reversed(children):
        if child.poll() is None:
            child.terminate()
    for child in reversed(children):
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
    if children:
        click.echo("stopped.")


@click.command("reconcile")
def reconcile_command():
    """Re-enqueue submissions that Redis lost or never got."""
    from tremplin.backends import backends
    from tremplin.submissions.grading import reconcile

    count = reconcile(backends(current_app).queue)
    click.echo(f"{count} submission(s) re-enqueued")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    for command in (users, exercises, sandbox_cli, worker_command, up_command, reconcile_command):
        app.cli.add_command(command)
