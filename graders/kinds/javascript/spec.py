"""A `javascript` exercise's ``tests.toml``: calls and expected values, as frozen values."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graders.errors import InvalidTestsError

IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
TEST_KEYS = {"name", "function", "args", "expected", "visible", "tolerance"}


@dataclass(frozen=True, slots=True)
class FunctionTest:
    """One call of a learner's function and the value it must return (never sent to the sandbox)."""

    name: str
    function: str
    args: tuple[Any, ...]
    expected: Any
    visible: bool = False
    tolerance: float = 1e-9


@dataclass(frozen=True, slots=True)
class JavascriptSpec:
    """The tests of a `javascript` exercise, in the order of ``tests.toml``."""

    tests: tuple[FunctionTest, ...]


def parse_javascript(raw: Mapping[str, Any]) -> JavascriptSpec:
    """The ``[[tests]]`` of ``tests.toml`` (``function`` may be given once for all)."""
    tests = raw.get("tests")
    if not isinstance(tests, list) or not tests:
        raise InvalidTestsError(["`tests` doit être une liste non vide de tests."])
    default_fn = raw.get("function")
    problems: list[str] = []
    for index, test in enumerate(tests, start=1):
        problems.extend(f"test n°{index} : {p}" for p in _problems(test, default_fn))
    if problems:
        raise InvalidTestsError(problems)
    return JavascriptSpec(
        tuple(
            FunctionTest(
                name=t["name"],
                function=t.get("function", default_fn),
                args=tuple(t["args"]),
                expected=t["expected"],
                visible=t.get("visible", False),
                tolerance=float(t.get("tolerance", 1e-9)),
            )
            for t in tests
        )
    )


def _problems(test: Any, default_fn: Any) -> list[str]:
    if not isinstance(test, dict):
        return ["doit être une table."]
    problems = []
    fn = test.get("function", default_fn)
    if not isinstance(fn, str) or not IDENTIFIER.match(fn):
        problems.append("`function` doit être un nom de fonction JavaScript.")
    if not isinstance(test.get("name"), str) or not test["name"].strip():
        problems.append("`name` est obligatoire.")
    if not isinstance(test.get("args"), list):
        problems.append("`args` doit être la liste des arguments.")
    if "expected" not in test:
        problems.append("`expected` est obligatoire.")
    if not isinstance(test.get("visible", False), bool):
        problems.append("`visible` vaut true ou false.")
    tolerance = test.get("tolerance", 0.0)
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or tolerance < 0:
        problems.append("`tolerance` est un nombre positif.")
    unknown = set(test) - TEST_KEYS
    if unknown:
        problems.append(f"champs inconnus {sorted(unknown)}.")
    return problems
