"""Frames: how in-container code reports to the host, the same way for every kind.

A harness prints each frame as ASCII-only JSON on a line of its own, behind the run's
marker (``@@tremplin@@ <nonce> ``), which it received in its job and which the learner's
code never sees. The host splits stdout on ``\\n`` only: the learner's own output may hold
U+2028, U+0085 or a form feed, which ``str.splitlines`` would take for line ends.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from graders.text import clean_value

MARK = "@@tremplin@@"
NO_RESULT = "Aucun résultat reçu pour ce test."


def new_marker() -> str:
    """A marker for one run: the mark, a fresh nonce, then a space."""
    return f"{MARK} {secrets.token_hex(16)} "


def frame_line(marker: str, frame: dict[str, Any]) -> str:
    """One frame as a harness prints it (the line, without its line end)."""
    return marker + json.dumps(frame, ensure_ascii=True)


def read_frames(stdout: str, marker: str) -> list[dict[str, Any]]:
    """Every line starting with ``marker`` whose rest is a JSON object, in order, cleaned.

    Other lines (the learner's own output, broken frames) are ignored: a grader
    decides what a missing or duplicated frame means. Strings in a frame are cleaned
    (``graders.text.clean_text``), so a lone surrogate escaped in JSON never reaches
    the database.
    """
    frames = []
    for line in stdout.split("\n"):
        if not line.startswith(marker):
            continue
        try:
            frame = json.loads(line[len(marker) :])
        except ValueError:
            continue
        if isinstance(frame, dict):
            frames.append(clean_value(frame))
    return frames
