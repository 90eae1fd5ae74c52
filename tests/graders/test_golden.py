"""Golden grader cases, graded through the real engine (Exercism test-runner / DMOJ style).

``tests/graders/cases/<kind>/<exercise>/`` holds an exercise: ``exercise.toml`` either names
a curriculum exercise (``curriculum = "<slug>"``) or gives ``files`` (and ``limits``), with
``tests.toml`` and ``fixed/`` beside it. Each other folder in it is one submission: the
learner's files and ``expected.json``, the verdict it must get as Exercism's results.json
(version 2) plus the learner-visible ``output`` (Git commit ids in it read ``<sha>``: they
change with the clock). ``GOLDEN_UPDATE=1`` rewrites the
``expected.json`` files from what the graders answer now: review the diff before committing.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from graders.registry import grader_for
from tests.grading import CASES, EXPECTED, case_files, case_spec

UPDATE = os.environ.get("GOLDEN_UPDATE") == "1"
NO_ENGINE = {"quiz"}  # kinds graded without a container
COMMIT_ID = re.compile(r"\b[0-9a-f]{7,40}\b")


def _cases() -> list[Any]:
    params = []
    for exercise in sorted(CASES.glob("*/*/exercise.toml")):
        folder = exercise.parent
        kind = folder.parent.name
        marks = [] if kind in NO_ENGINE else [pytest.mark.docker]
        for case in sorted(p for p in folder.iterdir() if p.is_dir() and p.name != "fixed"):
            case_id = case.relative_to(CASES).as_posix()
            params.append(pytest.param(folder, case, id=case_id, marks=marks))
    return params


@pytest.mark.parametrize(("exercise", "case"), _cases())
def test_golden_case(exercise: Path, case: Path, request: pytest.FixtureRequest) -> None:
    spec = case_spec(exercise)
    sandbox = None if spec.kind in NO_ENGINE else request.getfixturevalue("docker_sandbox")
    verdict = grader_for(spec.kind).grade(spec, case_files(case), sandbox)
    got = {**verdict.to_results_json(), "output": COMMIT_ID.sub("<sha>", verdict.output)}
    expected_file = case / EXPECTED
    if UPDATE:
        text = json.dumps(got, ensure_ascii=False, indent=2) + "\n"
        expected_file.write_text(text, encoding="utf-8")
    assert expected_file.is_file(), f"{expected_file} is missing: run with GOLDEN_UPDATE=1"
    assert got == json.loads(expected_file.read_text(encoding="utf-8"))
