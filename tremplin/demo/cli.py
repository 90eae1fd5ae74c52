"""``flask --app wsgi demo seed``: the demo cohort with a month of history graded for real."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from sandbox.errors import SandboxError
from tremplin.errors import TremplinError

demo = AppGroup("demo", help="Demo data.")


@demo.command("seed")
@click.option("--workers", default=2, show_default=True, help="Sandboxes graded at once.")
@with_appcontext
def seed_command(workers: int) -> None:
    """Create a cohort of 15 learners with a month of submissions graded in the sandbox."""
    from tremplin.backends import backends
    from tremplin.cli import build_command
    from tremplin.content.loader import load_curriculum
    from tremplin.curriculum import load_into_database
    from tremplin.demo.seed import COHORT, LEARNER_PASSWORD, TRAINER, seed_demo
    from tremplin.models import utcnow

    root = Path(current_app.config["EXERCISES_DIR"])
    report = load_into_database(root)
    if report.errors:
        raise click.ClickException("Le programme ne se charge pas : " + " ".join(report.errors))
    sandbox = backends(current_app).sandbox
    try:
        click.get_current_context().invoke(build_command)
        click.echo("Grading each distinct piece of code once in the sandbox…")
        calendar = load_curriculum(root).calendar
        seeded = seed_demo(sandbox, utcnow(), calendar=calendar, workers=workers)
    except (TremplinError, SandboxError) as exc:
        raise click.ClickException(getattr(exc, "message", str(exc))) from None
    click.echo(
        f"{COHORT}: {len(seeded.learners)} learners, {seeded.submissions} submissions, "
        f"{seeded.graded} distinct codes graded in {seeded.seconds:.0f} s"
    )
    click.echo(f"  trainer  {TRAINER[0]}  password: {TRAINER[1]}")
    for learner in seeded.learners:
        click.echo(f"  learner  {learner.email}  password: {LEARNER_PASSWORD}")
