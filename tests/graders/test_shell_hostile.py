"""Hostile scripts against the shell harness: always a French `failed`, never a crash or a pass."""

from __future__ import annotations

import pytest

from graders.base import ExerciseSpec
from graders.registry import grader_for
from graders.verdict import Status

pytestmark = [pytest.mark.docker, pytest.mark.slow]

SPEC = ExerciseSpec(
    slug="shell-hostile",
    kind="shell",
    files=("commandes.sh",),
    fixed_files={"a.txt": "a\n"},
    limits={"timeout_s": 8},
    tests={
        "tests": [
            {"name": "ok.txt", "check": "file", "path": "ok.txt", "equals": "ok", "message": "m"},
        ]
    },
)
HOSTILE = {
    "fork bomb": "f() { f | f & }; f",
    "output flood": "yes 'bla bla bla'",
    "stderr flood": "yes 'erreur' >&2",
    "many files": "for i in $(seq 1 3000); do : > f$i; done",
    "deep folders": "d=x; for i in $(seq 1 150); do d=$d/x; done; mkdir -p $d",
    "big file": "head -c 15000000 /dev/zero > gros",
    "fill the tmpfs": "cat /dev/zero > plein; cat /dev/zero > /tmp/plein",
    "odd names": "touch \"$(printf 'nom\\377bizarre')\" $'retour\\nligne' ' espace '",
    "symlink loop": "ln -s boucle boucle; ln -s / racine",
    "fifo": "mkfifo tube; mkfifo ok.txt",
    "kill the harness": "kill -9 -1; kill -9 1",
    "exec away": "exec sleep 100",
}


@pytest.mark.parametrize("script", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_script_fails_cleanly(script: str, docker_sandbox) -> None:
    verdict = grader_for("shell").grade(SPEC, {"commandes.sh": script}, docker_sandbox)
    assert verdict.status is Status.FAILED
    assert verdict.message


def test_a_pass_is_still_possible_after_noise(docker_sandbox) -> None:
    script = "yes bruit | head -c 100000\necho ok > ok.txt\n(sleep 30 &)\n"
    verdict = grader_for("shell").grade(SPEC, {"commandes.sh": script}, docker_sandbox)
    assert verdict.status is Status.PASSED, verdict.message
