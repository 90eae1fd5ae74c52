"""Command-line interface: ``flask --app wsgi <group> <command>``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from sandbox.errors import SandboxError
from tremplin.errors import TremplinError

users = AppGroup("users", help="Manage accounts.")
exercises = AppGroup("exercises", help="Load and check the curriculum.")
sandbox_cli = AppGroup("sandbox", help="Build the runtime images, reap containers.")


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


def _user(email: str):
    from tremplin.auth.services import find_user

    user = find_user(email)
    if user is None:
        raise click.ClickException(f"no account with the e-mail {email}")
    return user


@users.command("password")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@with_appcontext
def password_command(email: str, password: str):
    """Set a user's password; their sessions and API tokens end."""
    from tremplin.auth.services import change_password

    try:
        change_password(_user(email), password)
    except TremplinError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"{email}: password changed, sessions and tokens ended")


def _set_active(email: str, active: bool) -> None:
    from tremplin.auth.services import set_active

    set_active(_user(email), active)
    click.echo(f"{email}: {'enabled' if active else 'disabled'}")


@users.command("disable")
@click.argument("email")
@with_appcontext
def disable_command(email: str):
    """Disable an account: it cannot sign in, its sessions and tokens end."""
    _set_active(email, False)


@users.command("enable")
@click.argument("email")
@with_appcontext
def enable_command(email: str):
    """Enable a disabled account again."""
    _set_active(email, True)


def load_curriculum(app: Flask) -> None:
    """Load exercises/ into the database; ClickException (French) when it has errors."""
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
    load_curriculum(current_app)


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


@sandbox_cli.command("pool")
@click.option("--drain", is_flag=True, help="Remove this host's warm containers.")
@click.option(
    "--settle",
    type=float,
    default=0.0,
    help="With --drain, keep removing until none appeared for this many seconds (at a stop).",
)
def pool_command(drain: bool, settle: float):
    """Show this host's warm containers per runtime (size, idle, busy, memory)."""
    from tremplin import pool
    from tremplin.backends import backends

    app = current_app._get_current_object()
    sandbox = backends(app).sandbox
    if getattr(sandbox, "pool", None) is None:
        click.echo("warm pool: off (SANDBOX_POOL=0)")
        return
    if drain:
        click.echo(f"{pool.drain(app, settle)} warm container(s) removed")
        return
    try:
        report = sandbox.pool.status(sandbox.client.api, memory=True)
    except SandboxError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"warm pool {sandbox.pool.namespace}:")
    for line in report:
        click.echo(
            f"  {line.runtime:8} size {line.size:2}  idle {line.idle:2}  busy {line.jobs:2}"
            f"  memory {line.memory_used_mb or 0:6.1f} MiB used, {line.memory_limit_mb} MiB limits"
        )


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool):
    """Run one grading worker (reconciles the queue and reaps containers at start)."""
    from tremplin.worker import maintain, run_worker, warn_without_gvisor

    app = current_app._get_current_object()
    warn_without_gvisor(app)
    maintain(app)
    run_worker(app, burst=burst)


@click.command("reconcile")
def reconcile_command():
    """Re-enqueue submissions that Redis lost or never got."""
    from tremplin.backends import backends
    from tremplin.submissions.grading import reconcile

    count = reconcile(backends(current_app).queue)
    click.echo(f"{count} submission(s) re-enqueued")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    from tremplin.demo.cli import demo
    from tremplin.launcher import up_command
    from tremplin.submissions.cli import submissions_cli

    for command in (users, exercises, sandbox_cli, worker_command, up_command, reconcile_command):
        app.cli.add_command(command)
    for group in (demo, submissions_cli):
        app.cli.add_command(group)
