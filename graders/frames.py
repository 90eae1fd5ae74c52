"""Reading the JSON frames a harness prints on stdout, one per line behind a marker.

Harnesses write frames as ASCII-only JSON, each on a line of its own. Lines are split on
``\n`` only: the learner's own output may hold U+2028, U+0085 or a form feed, which
``str.splitlines`` would take for line ends.
"""

from __future__ import annotations

import json

from graders.text import clean_value


def read_frames(stdout: str, prefix: str) -> list[dict]:
    """Every line starting with ``prefix`` whose rest is a JSON object, in order, cleaned.

    Other lines (the learner's own output, broken frames) are ignored: a grader
    decides what a missing or duplicated frame means. Strings in a frame are cleaned
    (``graders.text.clean_text``), so a lone surrogate escaped in JSON never reaches
    the database.
    """
    frames = []
    for line in stdout.split("\n"):
        if not line.startswith(prefix):
            continue
        try:
            frame = json.loads(line[len(prefix) :])
        except ValueError:
            continue
        if isinstance(frame, dict):
            frames.append(clean_value(frame))
    return frames
