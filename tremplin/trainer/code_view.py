"""Learner code for a trainer's eyes: highlighted with Pygments, and diffed with the attempt before.

The code is first passed through ``clean_text`` (the ``reveal_controls`` filter): bidi and
control characters appear escaped, so highlighted code cannot read differently from what
ran (Trojan Source). Pygments then escapes the HTML.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import DiffLexer, TextLexer, get_lexer_for_filename
from pygments.util import ClassNotFound
from sqlalchemy import select

from graders.text import clean_text
from tremplin.extensions import db
from tremplin.models import Submission

_FORMATTER = HtmlFormatter(nowrap=True)
# Numbered lines, wrapped in <div class="code-view"><pre><code> (styled by pygments.css).
_NUMBERED = HtmlFormatter(linenos="inline", wrapcode=True, cssclass="code-view")
MAX_HIGHLIGHT = 200_000


def _lexer(name: str, code: str) -> Lexer:
    try:
        return get_lexer_for_filename(name, code)
    except ClassNotFound:
        return TextLexer()


def highlight_file(name: str, code: str) -> Markup:
    """Safe HTML of one file with numbered lines, controls revealed."""
    shown = clean_text(code)
    if len(shown) > MAX_HIGHLIGHT:
        return Markup('<div class="code-view"><pre><code>%s</code></pre></div>') % shown
    return Markup(highlight(shown, _lexer(name, shown), _NUMBERED))


@dataclass(frozen=True)
class FileDiff:
    """The changes of one file since the previous attempt."""

    name: str
    html: Markup
    added: int
    removed: int


def diff_files(before: dict[str, str], after: dict[str, str]) -> list[FileDiff]:
    """A unified diff per changed file, highlighted, controls revealed."""
    diffs = []
    for name in sorted(set(before) | set(after)):
        old = clean_text(before.get(name, "")).splitlines()
        new = clean_text(after.get(name, "")).splitlines()
        if old == new:
            continue
        lines = list(
            difflib.unified_diff(old, new, "tentative précédente", "cette tentative", lineterm="")
        )
        added = sum(1 for line in lines if line.startswith("+") and not line.startswith("+++"))
        removed = sum(1 for line in lines if line.startswith("-") and not line.startswith("---"))
        text = "\n".join(lines)
        diffs.append(
            FileDiff(name, Markup(highlight(text, DiffLexer(), _FORMATTER)), added, removed)
        )
    return diffs


def previous_attempt(submission: Submission) -> Submission | None:
    """The learner's attempt just before this one on the same exercise."""
    return db.session.scalar(
        select(Submission)
        .where(
            Submission.user_id == submission.user_id,
            Submission.exercise_id == submission.exercise_id,
            Submission.id < submission.id,
        )
        .order_by(Submission.id.desc())
        .limit(1)
    )
