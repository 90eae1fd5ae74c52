"""The `git` kind: shell commands run in a prepared folder, then the repository is inspected.

Same harness and unforgeability rules as the `shell` kind; after the learner's
processes are dead, the harness asks git (with hooks, fsmonitor and global config
disabled) for facts: branch, commits with their messages and files, tracked and
ignored paths, status. The host compares them with ``tests.toml``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from graders.base import ExerciseSpec
from graders.kinds.shell import (
    SHELL_CHECKS,
    Check,
    ShellGrader,
    Snapshot,
    _as_list,
    _text_matches,
    normalize_path,
)
from graders.registry import register
from sandbox.base import Limits


def _commits(snap: Snapshot) -> list[dict[str, Any]]:
    commits = snap.git.get("commits") if snap.git.get("repo") else None
    return [c for c in commits if isinstance(c, dict)] if isinstance(commits, list) else []


def _check_repo(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    return snap.git.get("repo") is True


def _check_commits(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    count = len(_commits(snap))
    return count >= test.get("min", 1) and count <= test.get("max", count)


def _check_message(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    commits = _commits(snap)
    which = test.get("which", "last")
    chosen = commits[:1] if which == "last" else commits
    if not chosen:
        return False
    results = [
        len(str(c.get("message", ""))) >= test.get("min_length", 1)
        and _text_matches(str(c.get("message", "")), {**test, "ignore_case": True})
        for c in chosen
    ]
    return any(results) if which == "any" else all(results)


def _head_files(snap: Snapshot) -> dict[str, Any]:
    files = snap.git.get("head_files") if snap.git.get("repo") else None
    return files if isinstance(files, dict) else {}


def _check_tracked(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    files = _head_files(snap)
    return bool(files) and all(normalize_path(p) in files for p in _as_list(test["paths"]))


def _check_untracked(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    tracked = set(snap.git.get("tracked") or []) | set(_head_files(snap))
    if not snap.git.get("repo"):
        return False
    for path in _as_list(test["paths"]):
        path = normalize_path(path)
        if any(t == path or t.startswith(path + "/") for t in tracked):
            return False
    return True


def _check_ignored(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    ignored = {normalize_path(p) for p in snap.git.get("ignored") or []}
    return bool(snap.git.get("repo")) and {normalize_path(p) for p in test["paths"]} <= ignored


def _check_clean(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    return bool(snap.git.get("repo")) and not snap.git.get("status") and bool(_commits(snap))


def _check_branch(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    if test["branch"] not in (snap.git.get("branches") or []):
        return False
    return not test.get("current") or snap.git.get("branch") == test["branch"]


def _check_merged(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    return test["branch"] in (snap.git.get("merged") or [])


def _check_head_file(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    files = _head_files(snap)
    path = normalize_path(test["path"])
    if path not in files:
        return False
    text = files[path]
    return _text_matches(text if isinstance(text, str) else None, test)


def _check_last_commit_files(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    commits = _commits(snap)
    touched = set(commits[0].get("files") or []) if commits else set()
    return bool(touched) and {normalize_path(p) for p in test["paths"]} <= touched


GIT_CHECKS: dict[str, tuple[Check, tuple[str, ...]]] = {
    **SHELL_CHECKS,
    "git-repo": (_check_repo, ()),
    "git-commits": (_check_commits, ()),
    "git-message": (_check_message, ()),
    "git-tracked": (_check_tracked, ("paths",)),
    "git-untracked": (_check_untracked, ("paths",)),
    "git-ignored": (_check_ignored, ("paths",)),
    "git-clean": (_check_clean, ()),
    "git-branch": (_check_branch, ("branch",)),
    "git-merged": (_check_merged, ("branch",)),
    "git-head-file": (_check_head_file, ("path",)),
    "git-last-commit-files": (_check_last_commit_files, ("paths",)),
}


@register
class GitGrader(ShellGrader):
    """Runs the learner's git commands, then compares facts about the resulting repository."""

    kind = "git"
    runtime = "shell"
    checks: ClassVar[dict[str, tuple[Check, tuple[str, ...]]]] = GIT_CHECKS

    def check_spec(self, exercise: ExerciseSpec) -> list[str]:
        problems = super().check_spec(exercise)
        repository = exercise.tests.get("repository", ".")
        if not isinstance(repository, str) or ".." in repository.split("/"):
            problems.append("`repository` doit être un chemin relatif (par défaut « . »).")
        return problems

    def run_config(self, exercise: ExerciseSpec, limits: Limits) -> dict[str, Any]:
        queries = sorted(
            {
                normalize_path(p)
                for t in exercise.tests.get("tests", [])
                if isinstance(t, dict) and t.get("check") == "git-ignored"
                for p in _as_list(t.get("paths"))
            }
        )
        return {
            **super().run_config(exercise, limits),
            "git": True,
            "repository": exercise.tests.get("repository", "."),
            "ignore_queries": queries,
        }
