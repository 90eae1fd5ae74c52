"""The `git` kind: shell commands run in a prepared folder, then the repository is inspected.

Same harness and unforgeability rules as the `shell` kind (``graders/tree``); after the
learner's processes are dead, the harness asks git (with hooks, fsmonitor and global
config disabled) for facts: branch, commits with their messages and files, tracked and
ignored paths, status. The host compares them with ``tests.toml``.
"""

from __future__ import annotations

from typing import Any

from graders.base import ExerciseSpec
from graders.kinds.git.checks import GIT_CHECKS
from graders.registry import register
from graders.tree.grader import TreeGrader
from graders.tree.spec import TreeSpec, normalize_path


@register
class GitGrader(TreeGrader):
    """Runs the learner's git commands, then compares facts about the resulting repository."""

    kind = "git"
    checks = GIT_CHECKS

    def job(self, exercise: ExerciseSpec[TreeSpec]) -> dict[str, Any]:
        """The tree job, plus the repository to inspect and the paths to ask `check-ignore`."""
        queries = sorted(
            {
                normalize_path(path)
                for test in exercise.tests.tests
                if test.check == "git-ignored"
                for path in test.paths
            }
        )
        return {
            **super().job(exercise),
            "git": True,
            "repository": exercise.tests.repository,
            "ignore_queries": queries,
        }
