"""Fixtures of the hostile-input suite: a sandbox of its own, and a check that nothing is left."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

from graders.registry import build_spec, grader_for
from graders.verdict import Verdict
from sandbox.engine import DockerSandbox

# A small copy of js-somme: one visible and one hidden test.
SOMME = build_spec(
    {
        "slug": "js-somme-hostile",
        "kind": "javascript",
        "files": ["somme.js"],
        "tests": {
            "function": "somme",
            "tests": [
                {
                    "name": "somme([1, 2, 3]) vaut 6",
                    "args": [[1, 2, 3]],
                    "expected": 6,
                    "visible": True,
                },
                {"name": "caché", "args": [[10, -4]], "expected": 6},
            ],
        },
        "limits": {"timeout_s": 3, "memory_mb": 128},
    }
)


@pytest.fixture(scope="session")
def hostile_sandbox(docker_sandbox: DockerSandbox) -> Iterator[DockerSandbox]:
    """The real engine, under a worker id of its own so that leftovers can be counted.

    It claims from the session's warm pool, when there is one (``SANDBOX_POOL``).
    """
    sandbox = DockerSandbox(
        docker_sandbox.client,
        runtime=docker_sandbox.runtime,
        worker_id=f"hostile-{os.getpid()}",
        pool=docker_sandbox.pool.settings if docker_sandbox.pool else None,
    )
    yield sandbox
    sandbox.reap(everything=True, mine=True)


@pytest.fixture(autouse=True)
def _nothing_left(request: pytest.FixtureRequest) -> Iterator[None]:
    """After every hostile case, none of our containers may still exist."""
    yield
    if "hostile_sandbox" in request.fixturenames:
        sandbox = request.getfixturevalue("hostile_sandbox")
        assert sandbox.leftovers() == [], "a hostile run left a container behind"


@pytest.fixture
def grade_js(hostile_sandbox: DockerSandbox) -> Callable[[str], Verdict]:
    """Grade one ``somme.js`` against the hostile copy of js-somme."""

    def _grade(code: str) -> Verdict:
        return grader_for("javascript").grade(SOMME, {"somme.js": code}, hostile_sandbox)

    return _grade
