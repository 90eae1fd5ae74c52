"""The tree checks of the `shell` and `git` kinds: facts of the snapshot against one test.

A check sees the test (typed) and the snapshot and says whether it holds. ``Sight``
says how much of the tree it needs: when the harness could not walk the whole tree,
a check that needs all of it, or that did not find what it looked for, fails with
``TRUNCATED`` instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from graders.tree.snapshot import MAX_ENTRIES, Snapshot
from graders.tree.spec import TreeTest, normalize_path

TRUNCATED = (
    f"Ton dossier contient trop d'éléments (plus de {MAX_ENTRIES}) : la correction n'a pas "
    "pu tout examiner, ce test ne peut pas être validé."
)


class Sight(Enum):
    """How much of the working tree a check needs to see."""

    NONE = "none"  # output, exit code, Git facts
    SOME = "some"  # looks entries up: sure when it finds them
    ALL = "all"  # needs every entry: an absence or a full listing


Check = Callable[[TreeTest, Snapshot], bool]


@dataclass(frozen=True, slots=True)
class CheckDef:
    """A check, the fields a test of it requires, and how much of the tree it needs."""

    run: Check
    required: tuple[str, ...] = ()
    sight: Sight = Sight.NONE


def _dir(test: TreeTest, snap: Snapshot) -> bool:
    entry = snap.entry(test.path)
    return entry is not None and entry.get("type") == "dir"


def _file(test: TreeTest, snap: Snapshot) -> bool:
    entry = snap.entry(test.path)
    if entry is None or entry.get("type") != "file":
        return False
    if test.same_as_sha256 is not None and entry.get("sha256") != test.same_as_sha256:
        return False
    if test.executable and not entry.get("exec"):
        return False
    return test.text.empty or test.text.matches(snap.text(test.path))


def _absent(test: TreeTest, snap: Snapshot) -> bool:
    return all(snap.entry(path) is None for path in test.paths)


def _stdout(test: TreeTest, snap: Snapshot) -> bool:
    return test.text.matches(snap.stdout)


def _tree(test: TreeTest, snap: Snapshot) -> bool:
    if normalize_path(test.under) and not _dir(TreeTest("", "", "dir", path=test.under), snap):
        return False
    return snap.listing(test.under) == set(test.paths)


def _names(test: TreeTest, snap: Snapshot) -> bool:
    pattern = re.compile(test.pattern)
    names = [p.rstrip("/").rsplit("/", 1)[-1] for p in snap.listing(test.under)]
    return bool(names) and all(pattern.fullmatch(name) for name in names)


def _zip(test: TreeTest, snap: Snapshot) -> bool:
    entry = snap.entry(test.path)
    names = entry.get("zip") if entry else None
    if not isinstance(names, list):
        return False
    files = {n for n in names if not n.endswith("/")}
    return set(test.text.contains) <= files  # `contains`: the names the archive must hold


def _exit(test: TreeTest, snap: Snapshot) -> bool:
    return snap.exit_code == test.code


TREE_CHECKS: dict[str, CheckDef] = {
    "dir": CheckDef(_dir, ("path",), Sight.SOME),
    "file": CheckDef(_file, ("path",), Sight.SOME),
    "absent": CheckDef(_absent, (), Sight.ALL),
    "stdout": CheckDef(_stdout),
    "tree": CheckDef(_tree, ("paths",), Sight.ALL),
    "names": CheckDef(_names, ("pattern",), Sight.ALL),
    "zip": CheckDef(_zip, ("path", "contains"), Sight.SOME),
    "exit": CheckDef(_exit),
}


def passes(definition: CheckDef, test: TreeTest, snap: Snapshot) -> tuple[bool, str]:
    """Whether the test passes on this snapshot, and the message when it does not."""
    ok = definition.run(test, snap)
    if snap.truncated and (
        definition.sight is Sight.ALL or (definition.sight is Sight.SOME and not ok)
    ):
        return False, TRUNCATED
    return ok, "" if ok else test.message
