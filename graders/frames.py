"""Reading the JSON frames a harness prints on stdout, one per line behind a marker."""

from __future__ import annotations

import json


def read_frames(stdout: str, prefix: str) -> list[dict]:
    """Every line starting with ``prefix`` whose rest is a JSON object, in order.

    Other lines (the learner's own output, broken frames) are ignored: a grader
    decides what a missing or duplicated frame means.
    """
    frames = []
    for line in stdout.splitlines():
        if not line.startswith(prefix):
            continue
        try:
            frame = json.loads(line[len(prefix) :])
        except ValueError:
            continue
        if isinstance(frame, dict):
            frames.append(frame)
    return frames
