"""How `make test` spreads the tests over pytest-xdist workers (``--dist loadgroup``)."""

from __future__ import annotations

# A unit of work is a test file, or a group below whose tests share a costly session fixture
# and must meet on one worker: the curriculum's gradability check fills the verdict cache
# the demo seed reuses.
# Units that last longest go first, so that no worker is left with a long one at the end.
_GROUPS = {
    "tests/curriculum/test_exercises.py::test_exercise_is_gradable": "grading",
    "tests/trainer/": "grading",
}
_LONGEST_FIRST = (
    "tests/faults/test_worker_faults.py",
    "grading",
    "tests/deploy/",
    "tests/e2e/test_learner_month.py",
    "tests/faults/",
    "tests/e2e/",
    "tests/web/test_api_contract.py",
    "tests/hostile/",
)


def work_unit(nodeid: str) -> str:
    for prefix, group in _GROUPS.items():
        if nodeid.startswith(prefix):
            return group
    return nodeid.split("::")[0]


def rank(unit: str) -> int:
    return next(
        (i for i, head in enumerate(_LONGEST_FIRST) if unit.startswith(head)), len(_LONGEST_FIRST)
    )
