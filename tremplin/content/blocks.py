"""The title's skill blocks from ``competences.toml``: codes, titles and acquisition thresholds."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

# A competence counts as acquired once this share (percent) of its exercises is passed,
# unless competences.toml sets `default_threshold` or a competence its own `threshold`.
DEFAULT_THRESHOLD = 80


def _threshold_problem(value: object, where: str) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
        return f"{where} : le seuil doit être un nombre entier de 1 à 100 (pourcentage), pas « {value} »."
    return None


def read_blocks(data: dict[str, Any], path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The blocks with each competence's threshold filled in, and the problems found."""
    errors: list[str] = []
    default = data.get("default_threshold", DEFAULT_THRESHOLD)
    problem = _threshold_problem(default, f"{path} : `default_threshold`")
    if problem:
        errors.append(problem)
        default = DEFAULT_THRESHOLD
    blocks = data.get("blocks", [])
    if not isinstance(blocks, list):
        return [], [*errors, f"{path} : `blocks` doit être une liste de blocs ([[blocks]])."]
    for block in blocks:
        for competence in block.get("competences", []):
            value = competence.setdefault("threshold", default)
            problem = _threshold_problem(value, f"{path} : {competence.get('code', '?')}")
            if problem:
                errors.append(problem)
    return blocks, errors


def read_training(path: Path) -> dict[str, Any]:
    """The ``[training]`` table of ``competences.toml`` (title, certification, nature, objectives)."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        data = {}
    training = data.get("training", {})
    return {
        "title": str(training.get("title", "")),
        "certification": str(training.get("certification", "")),
        "nature": str(training.get("nature", "")),
        "objectives": [str(o) for o in training.get("objectives", [])],
    }
