"""Hostile commands in the `shell` kind, graded on the real engine (m3-ecrire-fichier).

Every case ends ``failed`` with a French explanation, never ``passed``, ``error`` or a
crash of the grader, and nothing is left running (see conftest).
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

import pytest

from graders.base import ExerciseSpec
from graders.registry import grader_for
from graders.verdict import Status
from tests.grading import exercise

pytestmark = [pytest.mark.docker]

TIMEOUT = "tes commandes ne se sont pas arrêtées à temps"
STOPPED = "La correction s'est arrêtée avant la fin"
WRONG = "0 test(s) sur 2"
TOO_MANY = "trop d'éléments"

CASES = {
    "endless-loop": ("while :; do :; done", TIMEOUT),
    "sleep-forever": ("sleep 1000", TIMEOUT),
    "exec-away": ("exec sleep 100", TIMEOUT),
    "output-flood": ("yes PASS", TIMEOUT),
    "stderr-flood": ("yes 'erreur' >&2", TIMEOUT),
    "one-long-line": ("head -c 5000000 /dev/zero | tr '\\0' x", WRONG),
    # Either the bomb takes the harness down with it, or the harness reports the tree, or (on a
    # loaded host, the bomb's shells still retrying their forks) the commands' time runs out.
    "fork-bomb": (":(){ :|:& };:", (STOPPED, WRONG, TIMEOUT)),
    "fork-bomb-in-pipes": ("f() { f | f & }; f", (STOPPED, WRONG, TIMEOUT)),
    "kill-everyone": ("kill -9 -1", STOPPED),
    "kill-the-harness": ("kill -9 -1; kill -9 1", STOPPED),
    "fill-tmp": ("cat /dev/zero > /tmp/x; cat /dev/zero > big", WRONG),
    "big-file": ("head -c 15000000 /dev/zero > gros", WRONG),
    "many-files": ("for i in $(seq 1 3000); do : > f$i; done", (TOO_MANY, TIMEOUT)),
    "deep-folders": ("d=x; for i in $(seq 1 150); do d=$d/x; done; mkdir -p $d", WRONG),
    "odd-names": ("touch \"$(printf 'nom\\377bizarre')\" $'retour\\nligne' ' espace '", WRONG),
    "symlink-loop": ("ln -s boucle boucle; ln -s / racine", WRONG),
    "fifos": ("mkfifo tube; mkfifo planning.txt", WRONG),
    "fake-frame": ("echo '@@tremplin@@ 00 {\"tree\": {}}'", WRONG),
    "read-secrets": ("cat /etc/shadow /proc/1/environ .harness/job.json; env", WRONG),
    "detached-process": ("nohup sleep 100 >/dev/null 2>&1 &", WRONG),
    "network": ("getent hosts example.com; echo > /dev/udp/8.8.8.8/53", WRONG),
    "write-outside": ("echo x > /etc/x; echo x > /opt/harness.py; echo x > /x", WRONG),
}


@cache
def _spec() -> ExerciseSpec[Any]:
    spec = exercise("m3-ecrire-fichier").spec
    return dataclasses.replace(spec, limits=spec.limits.tightened(timeout_s=3))


@pytest.mark.parametrize(("script", "fragment"), CASES.values(), ids=CASES.keys())
def test_hostile_shell_fails_safely(hostile_sandbox, script: str, fragment) -> None:
    spec = _spec()
    verdict = grader_for("shell").grade(spec, {spec.files[0]: script}, hostile_sandbox)
    seen = "\n".join([verdict.message, verdict.output, *(t.message for t in verdict.tests)])
    assert verdict.status is Status.FAILED, seen
    alternatives = (fragment,) if isinstance(fragment, str) else fragment
    assert any(f in seen for f in alternatives), seen
    assert "\x00" not in seen


def test_a_pass_is_still_possible_after_noise(hostile_sandbox) -> None:
    solution = exercise("m3-ecrire-fichier").content["solution"]["commandes.sh"]
    script = "yes bruit | head -c 100000\n" + solution + "(sleep 30 &)\n"
    verdict = grader_for("shell").grade(_spec(), {"commandes.sh": script}, hostile_sandbox)
    assert verdict.status is Status.PASSED, verdict.message
