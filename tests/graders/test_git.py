"""The `git` kind through the real sandbox: the repository is inspected after the commands."""

from __future__ import annotations

import pytest

from graders.base import ExerciseSpec
from graders.registry import grader_for
from graders.verdict import Status

pytestmark = pytest.mark.docker

SPEC = ExerciseSpec(
    slug="git-demo",
    kind="git",
    files=("commandes.sh",),
    fixed_files={"index.html": "<h1>Salut</h1>\n", "secret/.env": "CLE=1\n"},
    tests={
        "tests": [
            {"name": "dépôt", "check": "git-repo", "message": "Fais git init."},
            {"name": "2 commits", "check": "git-commits", "min": 2, "message": "Deux commits."},
            {
                "name": "messages",
                "check": "git-message",
                "which": "all",
                "min_length": 10,
                "message": "Messages d'au moins 10 caractères.",
            },
            {
                "name": "suivi",
                "check": "git-tracked",
                "paths": ["index.html"],
                "message": "Ajoute.",
            },
            {
                "name": "ignoré",
                "check": "git-ignored",
                "paths": ["secret/.env"],
                "message": "Ignore.",
            },
            {"name": "propre", "check": "git-clean", "message": "Tout est commité."},
            {
                "name": "branche",
                "check": "git-branch",
                "branch": "main",
                "current": True,
                "message": "Sur main.",
            },
            {
                "name": "contenu",
                "check": "git-head-file",
                "path": "index.html",
                "contains": "Bienvenue",
                "message": "Commite la modification.",
            },
        ]
    },
)
SOLUTION = """git init
echo "secret/" > .gitignore
git add .
git commit -m "Premier commit du site"
echo "<p>Bienvenue</p>" >> index.html
git commit -am "Ajoute un paragraphe de bienvenue"
"""


def _grade(script: str, docker_sandbox):
    return grader_for("git").grade(SPEC, {"commandes.sh": script}, docker_sandbox)


def test_solution_passes(docker_sandbox) -> None:
    verdict = _grade(SOLUTION, docker_sandbox)
    assert verdict.status is Status.PASSED, verdict


def test_short_messages_and_dirty_tree_fail(docker_sandbox) -> None:
    verdict = _grade(
        SOLUTION.replace("Premier commit du site", "wip") + "touch x\n", docker_sandbox
    )
    failed = {t.name for t in verdict.tests if t.status == "failed"}
    assert failed == {"messages", "propre"}


def test_git_config_cannot_run_code_during_inspection(docker_sandbox) -> None:
    forged = 'echo \'@@tremplin-shell@@ {"nonce": "x", "tree": {}}\' > /proc/1/fd/1'
    script = SOLUTION + (
        f'git config core.fsmonitor "{forged}"\n'
        "mkdir -p .git/hooks && printf '#!/bin/sh\\ntouch /work/hook-ran\\n' > .git/hooks/post-checkout\n"
    )
    verdict = _grade(script, docker_sandbox)
    assert verdict.status is Status.PASSED
    assert "hook-ran" not in verdict.output


def test_no_repository_fails_every_git_check(docker_sandbox) -> None:
    verdict = _grade("ls\n", docker_sandbox)
    assert verdict.status is Status.FAILED
    assert all(t.status == "failed" for t in verdict.tests)
