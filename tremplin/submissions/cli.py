"""``flask --app wsgi submissions regrade``: grade submissions again."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

submissions_cli = AppGroup("submissions", help="Grade submissions again.")


@submissions_cli.command("regrade")
@click.argument("ids", nargs=-1, type=int)
@click.option("--errors", is_flag=True, help="Every submission that ended in a platform fault.")
@with_appcontext
def regrade_command(ids: tuple[int, ...], errors: bool) -> None:
    """Queue finished submissions for grading again (trainers' overrides stay)."""
    from tremplin.backends import backends
    from tremplin.submissions.regrade import errored_ids, regrade

    wanted = [*ids, *(errored_ids() if errors else [])]
    if not wanted:
        raise click.UsageError("Give submission ids, or --errors.")
    queued = regrade(wanted, backends(current_app).queue)
    click.echo(f"{len(queued)} submission(s) queued for grading again")
