"""The checks of the `git` kind: facts about the repository, as the harness asked git for them."""

from __future__ import annotations

import dataclasses
from typing import Any

from graders.tree.checks import TREE_CHECKS, CheckDef
from graders.tree.snapshot import Snapshot
from graders.tree.spec import TreeTest, normalize_path


def _commits(snap: Snapshot) -> list[dict[str, Any]]:
    commits = snap.git.get("commits") if snap.git.get("repo") else None
    return [c for c in commits if isinstance(c, dict)] if isinstance(commits, list) else []


def _head_files(snap: Snapshot) -> dict[str, Any]:
    files = snap.git.get("head_files") if snap.git.get("repo") else None
    return files if isinstance(files, dict) else {}


def _repo(test: TreeTest, snap: Snapshot) -> bool:
    return snap.git.get("repo") is True


def _commit_count(test: TreeTest, snap: Snapshot) -> bool:
    count = len(_commits(snap))
    return test.min <= count <= (test.max if test.max is not None else count)


def _message(test: TreeTest, snap: Snapshot) -> bool:
    commits = _commits(snap)
    chosen = commits[:1] if test.which == "last" else commits
    if not chosen:
        return False
    rule = dataclasses.replace(test.text, ignore_case=True)
    results = [
        len(str(c.get("message", ""))) >= test.min_length
        and rule.matches(str(c.get("message", "")))
        for c in chosen
    ]
    return any(results) if test.which == "any" else all(results)


def _tracked(test: TreeTest, snap: Snapshot) -> bool:
    files = _head_files(snap)
    return bool(files) and all(normalize_path(p) in files for p in test.paths)


def _untracked(test: TreeTest, snap: Snapshot) -> bool:
    tracked = set(snap.git.get("tracked") or []) | set(_head_files(snap))
    if not snap.git.get("repo"):
        return False
    for path in map(normalize_path, test.paths):
        if any(t == path or t.startswith(path + "/") for t in tracked):
            return False
    return True


def _ignored(test: TreeTest, snap: Snapshot) -> bool:
    ignored = {normalize_path(p) for p in snap.git.get("ignored") or []}
    return bool(snap.git.get("repo")) and {normalize_path(p) for p in test.paths} <= ignored


def _clean(test: TreeTest, snap: Snapshot) -> bool:
    return bool(snap.git.get("repo")) and not snap.git.get("status") and bool(_commits(snap))


def _branch(test: TreeTest, snap: Snapshot) -> bool:
    if test.branch not in (snap.git.get("branches") or []):
        return False
    return not test.current or snap.git.get("branch") == test.branch


def _merged(test: TreeTest, snap: Snapshot) -> bool:
    return test.branch in (snap.git.get("merged") or [])


def _head_file(test: TreeTest, snap: Snapshot) -> bool:
    files = _head_files(snap)
    path = normalize_path(test.path)
    if path not in files:
        return False
    text = files[path]
    return test.text.matches(text if isinstance(text, str) else None)


def _last_commit_files(test: TreeTest, snap: Snapshot) -> bool:
    commits = _commits(snap)
    touched = set(commits[0].get("files") or []) if commits else set()
    return bool(touched) and {normalize_path(p) for p in test.paths} <= touched


GIT_CHECKS: dict[str, CheckDef] = {
    **TREE_CHECKS,
    "git-repo": CheckDef(_repo),
    "git-commits": CheckDef(_commit_count),
    "git-message": CheckDef(_message),
    "git-tracked": CheckDef(_tracked, ("paths",)),
    "git-untracked": CheckDef(_untracked, ("paths",)),
    "git-ignored": CheckDef(_ignored, ("paths",)),
    "git-clean": CheckDef(_clean),
    "git-branch": CheckDef(_branch, ("branch",)),
    "git-merged": CheckDef(_merged, ("branch",)),
    "git-head-file": CheckDef(_head_file, ("path",)),
    "git-last-commit-files": CheckDef(_last_commit_files, ("paths",)),
}
