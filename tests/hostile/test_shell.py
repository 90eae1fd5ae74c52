"""Hostile commands in the `shell` kind, graded on the real engine (m3-ecrire-fichier)."""

from __future__ import annotations

import dataclasses
from functools import cache

import pytest

from graders.base import ExerciseSpec
from graders.registry import grader_for
from graders.verdict import Status
from tests.conftest import ROOT

pytestmark = [pytest.mark.docker]

TIMEOUT = "Temps dépassé : tes commandes ne se sont pas arrêtées à temps"
STOPPED = "La correction s'est arrêtée avant la fin"
WRONG = "0 test(s) sur 2"

CASES = {
    "endless-loop": ("while :; do :; done", TIMEOUT),
    "sleep-forever": ("sleep 1000", TIMEOUT),
    "output-flood": ("yes PASS", TIMEOUT),
    "one-long-line": ("head -c 5000000 /dev/zero | tr '\\0' x", WRONG),
    # Either the bomb takes the harness down with it, or the harness reports the tree.
    "fork-bomb": (":(){ :|:& };:", (STOPPED, WRONG)),
    "kill-everyone": ("kill -9 -1", STOPPED),
    "fill-tmp": ("cat /dev/zero > /tmp/x; cat /dev/zero > big", WRONG),
    "fake-frame": ('echo \'@@tremplin-shell@@ {"nonce": "x", "tree": {}}\'', WRONG),
    "read-secrets": ("cat /etc/shadow /proc/1/environ; env", WRONG),
    "detached-process": ("nohup sleep 100 >/dev/null 2>&1 &", WRONG),
    "network": ("getent hosts example.com; echo > /dev/udp/8.8.8.8/53", WRONG),
    "write-outside": ("echo x > /etc/x; echo x > /opt/tremplin/harness.py; echo x > /x", WRONG),
}


@cache
def _spec() -> ExerciseSpec:
    from tremplin.content.loader import load_curriculum

    exercises = {e.slug: e for e in load_curriculum(ROOT / "exercises").exercises}
    spec = exercises["m3-ecrire-fichier"].spec
    return dataclasses.replace(spec, limits={**spec.limits, "timeout_s": 3})


@pytest.mark.parametrize(("script", "fragment"), CASES.values(), ids=CASES.keys())
def test_hostile_shell_fails_safely(hostile_sandbox, script: str, fragment) -> None:
    spec = _spec()
    verdict = grader_for("shell").grade(spec, {spec.files[0]: script}, hostile_sandbox)
    seen = "\n".join([verdict.message, verdict.output, *(t.message for t in verdict.tests)])
    assert verdict.status is Status.FAILED, seen
    alternatives = (fragment,) if isinstance(fragment, str) else fragment
    assert any(f in seen for f in alternatives), seen
    assert "\x00" not in seen
