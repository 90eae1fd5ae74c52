"""The ``[[tests]]`` of the `shell` and `git` kinds, parsed once into frozen values."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graders.errors import InvalidTestsError

# Every field a test may hold, and its type; each check names the ones it requires.
FIELDS: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "message": str,
    "check": str,
    "path": str,
    "paths": (str, list),
    "under": str,
    "pattern": str,
    "same_as": str,
    "executable": bool,
    "code": int,
    "equals": (str, int, float),
    "lines": list,
    "any_order": bool,
    "ignore_case": bool,
    "contains": (str, list),
    "not_contains": (str, list),
    "branch": str,
    "current": bool,
    "min": int,
    "max": int,
    "which": str,
    "min_length": int,
}
WHICH = ("last", "all", "any")


def normalize_path(path: str) -> str:
    """``./a//b/`` → ``a/b``."""
    parts = [p for p in path.strip().split("/") if p not in ("", ".")]
    return "/".join(parts)


def _texts(value: Any) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(str(v) for v in value or ())


@dataclass(frozen=True, slots=True)
class TextRule:
    """What a text must be: equal, these lines (in any order?), containing, not containing."""

    equals: str | None = None
    lines: tuple[str, ...] | None = None
    any_order: bool = False
    ignore_case: bool = False
    contains: tuple[str, ...] = ()
    not_contains: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """True when the rule asks nothing of the text."""
        return self.equals is None and self.lines is None and not self.contains + self.not_contains

    def matches(self, text: str | None) -> bool:
        """Whether ``text`` follows the rule (a missing text never does)."""
        if text is None:
            return False
        if self.equals is not None and text.rstrip() != self.equals.rstrip():
            return False
        if self.lines is not None:
            got = [line.rstrip() for line in text.strip("\n").splitlines()]
            wanted = [line.rstrip() for line in self.lines]
            if self.any_order:
                got, wanted = sorted(got), sorted(wanted)
            if got != wanted:
                return False
        folded = text.casefold() if self.ignore_case else text
        for needle in self.contains:
            if (needle.casefold() if self.ignore_case else needle) not in folded:
                return False
        return not any(n in text for n in self.not_contains)


@dataclass(frozen=True, slots=True)
class TreeTest:
    """One test of ``tests.toml``: a check, what it looks at, and the trainer's message."""

    name: str
    message: str
    check: str
    path: str = ""
    paths: tuple[str, ...] = ()
    under: str = "."
    pattern: str = ""
    same_as_sha256: str | None = None  # digest of the fixed/ file named by `same_as`
    executable: bool = False
    code: int = 0
    text: TextRule = TextRule()
    branch: str = ""
    current: bool = False
    min: int = 1
    max: int | None = None
    which: str = "last"
    min_length: int = 1


@dataclass(frozen=True, slots=True)
class TreeSpec:
    """The preparation commands, the tests, and (git) the repository's folder."""

    setup: str
    tests: tuple[TreeTest, ...]
    repository: str = "."


def parse_tree(
    raw: Mapping[str, Any], fixed_files: Mapping[str, str], required: Mapping[str, tuple[str, ...]]
) -> TreeSpec:
    """``setup``, ``repository`` and ``[[tests]]``; ``required`` maps each check to its fields."""
    problems = []
    setup, repository = raw.get("setup", ""), raw.get("repository", ".")
    if not isinstance(setup, str):
        problems.append("`setup` doit être un texte (commandes de préparation).")
    if not isinstance(repository, str) or ".." in repository.split("/"):
        problems.append("`repository` doit être un chemin relatif (par défaut « . »).")
    tests = raw.get("tests")
    if not isinstance(tests, list) or not tests:
        raise InvalidTestsError([*problems, "`tests` doit être une liste non vide de tests."])
    for index, test in enumerate(tests, start=1):
        found = _problems(test, fixed_files, required)
        problems.extend(f"test n°{index} : {p}" for p in found)
    if problems:
        raise InvalidTestsError(problems)
    built = tuple(_test(t, fixed_files) for t in tests)
    return TreeSpec(setup=str(setup), tests=built, repository=str(repository))


def _problems(
    test: Any, fixed_files: Mapping[str, str], required: Mapping[str, tuple[str, ...]]
) -> list[str]:
    if not isinstance(test, dict):
        return ["doit être une table."]
    problems = [
        f"`{key}` est obligatoire (texte en français)."
        for key in ("name", "message")
        if not isinstance(test.get(key), str) or not test[key].strip()
    ]
    check = test.get("check")
    if not isinstance(check, str) or check not in required:
        return [*problems, f"`check` inconnu « {check} » (possibles : {sorted(required)})."]
    problems += [f"`{key}` est obligatoire." for key in required[check] if key not in test]
    for key, value in test.items():
        kind = FIELDS.get(key)
        if kind is None:
            problems.append(f"champ inconnu `{key}`.")
        elif not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            problems.append(f"`{key}` n'a pas le bon type.")
    if isinstance(test.get("same_as"), str) and test["same_as"] not in fixed_files:
        problems.append(f"`same_as` : « {test['same_as']} » n'est pas dans fixed/.")
    if isinstance(test.get("pattern"), str):
        try:
            re.compile(test["pattern"])
        except re.error as exc:
            problems.append(f"`pattern` invalide : {exc}.")
    if test.get("which", "last") not in WHICH:
        problems.append(f"`which` vaut l'une de {', '.join(WHICH)}.")
    return problems


def _test(test: dict[str, Any], fixed_files: Mapping[str, str]) -> TreeTest:
    same_as = test.get("same_as")
    digest = hashlib.sha256(fixed_files[same_as].encode()).hexdigest() if same_as else None
    lines = test.get("lines")
    rule = TextRule(
        equals=str(test["equals"]) if "equals" in test else None,
        lines=tuple(str(line) for line in lines) if lines is not None else None,
        any_order=test.get("any_order", False),
        ignore_case=test.get("ignore_case", False),
        contains=_texts(test.get("contains")),
        not_contains=_texts(test.get("not_contains")),
    )
    return TreeTest(
        name=test["name"],
        message=test["message"],
        check=test["check"],
        path=test.get("path", ""),
        paths=_texts(test.get("paths", test.get("path"))),
        under=test.get("under", "."),
        pattern=test.get("pattern", ""),
        same_as_sha256=digest,
        executable=test.get("executable", False),
        code=test.get("code", 0),
        text=rule,
        branch=test.get("branch", ""),
        current=test.get("current", False),
        min=test.get("min", 1),
        max=test.get("max"),
        which=test.get("which", "last"),
        min_length=test.get("min_length", 1),
    )
