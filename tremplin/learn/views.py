"""Learner pages: dashboard, modules, lessons, exercises and submissions."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from tremplin import catalog
from tremplin.content.loader import starter_files
from tremplin.content.markdown import render_markdown
from tremplin.errors import TremplinError
from tremplin.learn.activity import record_lesson_read, week_activity
from tremplin.learn.feedback import announcement, next_hint
from tremplin.learn.path import StepKind, done_steps, learning_path, neighbours, next_step
from tremplin.models import Submission, SubmissionStatus
from tremplin.plan import learner_today
from tremplin.progress import passed_exercise_ids, progress_for
from tremplin.submissions import services
from tremplin.submissions.serialize import receipt_json, submission_json

bp = Blueprint("learn", __name__)


@bp.get("/")
@login_required
def home():
    return render_template(
        "learn/home.html",
        modules=catalog.modules(),
        passed=passed_exercise_ids(current_user),
        blocks=progress_for(current_user),
        step=next_step(current_user, learning_path()),
        week=week_activity(current_user, current_app.config["TIMEZONE"]),
        today=learner_today(current_user),
    )


@bp.get("/progression")
@login_required
def progress():
    return render_template("learn/progress.html", blocks=progress_for(current_user, evidence=True))


@bp.get("/modules/<slug>")
@login_required
def module(slug: str):
    found = catalog.get_module(slug)
    modules = catalog.modules()
    index = modules.index(found)
    return render_template(
        "learn/module.html",
        module=found,
        intro_html=render_markdown(_without_title(found.intro_md)),
        steps=[s for s in learning_path() if s.module_slug == found.slug],
        projects=catalog.project_slugs(found),
        done=done_steps(current_user),
        previous=modules[index - 1] if index > 0 else None,
        following=modules[index + 1] if index + 1 < len(modules) else None,
    )


@bp.get("/modules/<slug>/lecons/<lesson_slug>")
@login_required
def lesson(slug: str, lesson_slug: str):
    found = catalog.get_module(slug)
    item = catalog.get_lesson(found, lesson_slug)
    record_lesson_read(current_user, item)
    previous, following = neighbours(learning_path(), StepKind.LESSON, item.id)
    return render_template(
        "learn/lesson.html",
        module=found,
        lesson=item,
        body_html=render_markdown(item.body_md),
        exercises=[e for e in item.exercises if e.active and e.current_version_id],
        passed=passed_exercise_ids(current_user),
        previous=previous,
        following=following,
    )


def _without_title(markdown: str) -> str:
    """The statement without its leading ``# Title`` line (the page shows the title)."""
    lines = markdown.lstrip().splitlines()
    if lines and lines[0].startswith("# "):
        return "\n".join(lines[1:])
    return markdown


@bp.get("/exercices/<slug>")
@login_required
def exercise(slug: str):
    return _exercise_page(services.get_exercise(slug))


def _exercise_page(found, typed: dict | None = None) -> str:
    content = services.current_content(found)
    history = services.recent_submissions(current_user, found.id)
    files = starter_files(content)
    if history:
        files.update({k: v for k, v in history[0].files.items() if k in files})
    if typed:
        files.update({k: v for k, v in typed.items() if k in files and isinstance(v, str)})
    previous, following = neighbours(learning_path(), StepKind.EXERCISE, found.id)
    return render_template(
        "learn/exercise.html",
        exercise=found,
        content=content,
        statement_html=render_markdown(_without_title(content["statement_md"])),
        view=catalog.page_view(content),
        hints_html=[render_markdown(h) for h in content["hints"]],
        files=files,
        starter=starter_files(content),
        history=history,
        verdict=_verdict(history[0]) if history else None,
        passed=any(s.effective_status == SubmissionStatus.PASSED for s in history),
        previous=previous,
        following=following,
    )


def _verdict(submission: Submission, queue_position: int | None = None) -> dict:
    """What the verdict partial shows: the submission, its place in the queue, the hint to
    offer after a failure and, after a success, the next step of the path."""
    mine = submission.user_id == current_user.id
    following = None
    if mine and submission.effective_status == SubmissionStatus.PASSED:
        following = neighbours(learning_path(), StepKind.EXERCISE, submission.exercise_id)[1]
    if queue_position is None:
        queue_position = services.queue_position(submission)
    return {
        "submission": submission,
        "queue_position": queue_position,
        "next_hint": next_hint(submission) if mine else None,
        "following": following,
    }


@bp.post("/exercices/<slug>/soumissions")
@login_required
def submit(slug: str):
    found = services.get_exercise(slug)
    if request.is_json:
        data = request.get_json(silent=True)
        files = data.get("files") if isinstance(data, dict) else None
    else:
        files = {k[len("file:") :]: v for k, v in request.form.items() if k.startswith("file:")}
    try:
        submission = services.submit_to(current_user, found, files)
    except TremplinError as exc:
        if request.is_json:
            return jsonify({"error": exc.message}), exc.status, exc.headers
        # Without JavaScript: show the page again with the learner's text, nothing lost.
        flash(exc.message, "error")
        page = _exercise_page(found, files if isinstance(files, dict) else None)
        return page, exc.status, exc.headers
    if request.is_json:
        return jsonify(receipt_json(submission)), 202
    return redirect(url_for("learn.submission", submission_id=submission.id))


@bp.get("/soumissions/<int:submission_id>")
@login_required
def submission(submission_id: int):
    found = services.get_submission(current_user, submission_id)
    return render_template("learn/submission.html", submission=found, verdict=_verdict(found))


@bp.get("/soumissions/<int:submission_id>.json")
@login_required
def submission_status(submission_id: int):
    found = services.get_submission(current_user, submission_id)
    data = submission_json(found)
    if found.user_id == current_user.id or current_user.is_staff:
        data["output"] = found.output
    # `queue_position` comes with the API's view of a submission when the queue knows it.
    verdict = _verdict(found, data.get("queue_position"))
    data["html"] = render_template("learn/_verdict_body.html", verdict=verdict)
    data["announce"] = announcement(found, verdict["queue_position"])
    return jsonify(data)
