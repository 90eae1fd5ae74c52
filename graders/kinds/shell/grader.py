"""The `shell` kind: the learner writes commands; they run in a prepared folder.

Everything but the registration is shared with the `git` kind (``graders/tree``): the
harness, the snapshot and the tree checks of ``TREE_CHECKS``.
"""

from __future__ import annotations

from graders.registry import register
from graders.tree.grader import TreeGrader


@register
class ShellGrader(TreeGrader):
    """Runs the learner's commands in the prepared folder and compares the resulting tree."""

    kind = "shell"
