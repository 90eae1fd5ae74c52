"""Learner pages: dashboard, modules, lessons, exercises and submissions."""

from __future__ import annotations

from flask import (
    Blueprint,
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
from tremplin.errors import NotFoundError, TremplinError
from tremplin.progress import module_progress, passed_exercise_ids, progress_for
from tremplin.submissions import services
from tremplin.submissions.serialize import receipt_json, submission_json

bp = Blueprint("learn", __name__)


@bp.get("/")
@login_required
def home():
    modules = catalog.modules()
    passed = passed_exercise_ids(current_user)
    return render_template(
        "learn/home.html",
        modules=modules,
        passed=passed,
        blocks=progress_for(current_user),
    )


@bp.get("/modules/<slug>")
@login_required
def module(slug: str):
    found = catalog.get_module(slug)
    exercises = [e for e in found.exercises if e.active]
    done, total = module_progress(current_user, exercises)
    return render_template(
        "learn/module.html",
        module=found,
        intro_html=render_markdown(found.intro_md),
        exercises=exercises,
        passed=passed_exercise_ids(current_user),
        done=done,
        total=total,
    )


@bp.get("/modules/<slug>/lecons/<lesson_slug>")
@login_required
def lesson(slug: str, lesson_slug: str):
    found = catalog.get_module(slug)
    lessons = found.lessons
    index = next((i for i, item in enumerate(lessons) if item.slug == lesson_slug), None)
    if index is None:
        raise NotFoundError("Leçon introuvable.")
    return render_template(
        "learn/lesson.html",
        module=found,
        lesson=lessons[index],
        body_html=render_markdown(lessons[index].body_md),
        previous=lessons[index - 1] if index > 0 else None,
        following=lessons[index + 1] if index + 1 < len(lessons) else None,
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
    return render_template(
        "learn/exercise.html",
        exercise=found,
        content=content,
        statement_html=render_markdown(_without_title(content["statement_md"])),
        view=catalog.page_view(content),
        hints_html=[render_markdown(h) for h in content["hints"]],
        files=files,
        history=history,
        latest=history[0] if history else None,
    )


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
            return jsonify({"error": exc.message}), exc.status
        # Without JavaScript: show the page again with the learner's text, nothing lost.
        flash(exc.message, "error")
        return _exercise_page(found, files if isinstance(files, dict) else None), exc.status
    if request.is_json:
        return jsonify(receipt_json(submission)), 202
    return redirect(url_for("learn.submission", submission_id=submission.id))


@bp.get("/soumissions/<int:submission_id>")
@login_required
def submission(submission_id: int):
    found = services.get_submission(current_user, submission_id)
    return render_template("learn/submission.html", submission=found)


@bp.get("/soumissions/<int:submission_id>.json")
@login_required
def submission_status(submission_id: int):
    found = services.get_submission(current_user, submission_id)
    data = submission_json(found)
    if found.user_id == current_user.id or current_user.is_staff:
        data["output"] = found.output
    return jsonify(data)
