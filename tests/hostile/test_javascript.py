"""Hostile learner code in the `javascript` kind, graded on the real engine.

Every case must end ``failed`` with the right French message: never ``passed``, never
``error``, never a crash of the grader, and nothing left running (see conftest).
Learner code escapes the `vm` context on purpose (``ESCAPE``): the container, not
the context, is the boundary, and the verdict is computed on the host.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from graders.verdict import Status

pytestmark = [pytest.mark.docker]

ESCAPE = (
    'const P = this.constructor.constructor("return process")();\n'
    "const R = P.mainModule.require;\n"
    "function attempt(f) { try { return 'ok:' + f(); } catch (e) { return 'err:' + e.code; } }\n"
)
WRONG = "function somme(nombres) { return 0; }\n"
TIMEOUT = "Temps dépassé (3 s)"
STOPPED = "s'est arrêté avant la fin"
WRONG_ANSWER = "0 test(s) sur 2"
CANARY = "tremplin-canary-7f3a"


@dataclass(frozen=True)
class Case:
    """One hostile submission and what the learner must be told."""

    id: str
    code: str
    # Every item must be in the message, a test message or the output (a tuple: one of them).
    expect: tuple[str | tuple[str, ...], ...]
    absent: tuple[str, ...] = ()


def _returns(expression: str) -> str:
    """A somme() that reports the outcome of an attack as its (wrong) return value."""
    return ESCAPE + f"const outcome = {expression};\nfunction somme() {{ return outcome; }}\n"


def _fill(directory: str, chunk: str) -> str:
    return _returns(
        "(() => { const fs = R('fs'); const b = " + chunk + ";"
        f" for (let i = 0; i < 100000; i++) {{ try {{ fs.writeFileSync('{directory}/f' + i, b); }}"
        " catch (e) { return 'stopped:' + e.code; } } return 'filled'; })()"
    )


CASES = [
    # Time
    # Said by the driver (per test, or at loading: checked from its frames in
    # tests/graders/test_javascript_timeouts.py) or, on a host loaded enough to starve the
    # driver, by the wall clock (3 s): a time message either way, nothing else.
    Case("loop-in-function", "function somme() { while (true) {} }", (("(1.5 s)", TIMEOUT),)),
    Case(
        "loop-at-top-level", "while (true) {}", (("tourne sans fin dès son chargement", TIMEOUT),)
    ),
    Case(
        "loop-swallowing-timeout",
        "function somme() { for (;;) { try { while (true) {} } catch (e) {} } }",
        (("(1.5 s)", TIMEOUT),),
    ),
    Case("sleep-forever", ESCAPE + "R('child_process').execSync('sleep 1000');", (TIMEOUT,)),
    Case(
        "atomics-wait-forever",
        "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);",
        ("Temps dépassé",),
    ),
    Case(
        "timer-keeps-process-alive",
        ESCAPE + "P.exit = () => {}; R('timers').setInterval(() => {}, 10);\n" + WRONG,
        (WRONG_ANSWER,),
    ),
    # Processes
    Case(
        "fork-bomb",
        ESCAPE + "try { R('child_process').execSync('f() { f | f & }; f; sleep 1', "
        "{ shell: '/bin/sh', timeout: 1500, stdio: 'ignore' }); } catch (e) {}\n" + WRONG,
        # The bomb fails, or takes the tasks Node needs for its own threads (it aborts, 134).
        ((WRONG_ANSWER, "s'est arrêté avant la fin des tests"),),
    ),
    Case(
        "spawn-until-refused",
        _returns(
            "attempt(() => R('child_process').execSync('i=0; while [ $i -lt 100 ]; do sleep 30 & "
            "i=$((i+1)); done', { stdio: 'ignore', timeout: 1000 }))"
        ),
        ("obtenu",),
    ),
    Case(
        "detached-process-outlives-run",
        ESCAPE + "R('child_process').spawn('sh', ['-c', 'exec sleep 61.4242'], "
        "{ detached: true, stdio: 'ignore' }).unref();\n" + WRONG,
        (WRONG_ANSWER,),
    ),
    Case(
        "zombie-processes",
        ESCAPE + "for (let i = 0; i < 8; i++) R('child_process').spawn('true');\n"
        "R('child_process').execSync('for i in 1 2 3 4 5; do (sleep 0.01 &); done');\n" + WRONG,
        (WRONG_ANSWER,),
    ),
    Case("signal-parent", ESCAPE + "P.kill(P.ppid, 'SIGKILL');\n" + WRONG, (WRONG_ANSWER,)),
    Case(
        "signal-everyone-then-self",
        ESCAPE + "try { P.kill(-1, 'SIGKILL'); } catch (e) {}\nP.kill(P.pid, 'SIGKILL');\n" + WRONG,
        (STOPPED,),
    ),
    Case("signal-self-segv", ESCAPE + "P.kill(P.pid, 'SIGSEGV');\n" + WRONG, (STOPPED,)),
    # Memory
    Case(
        "memory-bomb-heap",
        "function somme() { const a = []; while (true) a.push(new Array(4e6).fill(1.5)); }",
        ("Mémoire dépassée (128 Mo)",),
    ),
    Case(
        "memory-bomb-buffers",
        ESCAPE
        + "const B = R('buffer').Buffer; const a = []; while (true) a.push(B.alloc(1 << 24, 1));",
        ("Mémoire dépassée (128 Mo)",),
    ),
    Case(
        "recursion-depth-bomb",
        "function somme(n) { return somme(n) + 1; }",
        ("récursion trop profonde",),
    ),
    Case(
        "recursion-at-load",
        "function f() { return f(); } f();",
        ("plante dès son chargement", "RangeError"),
    ),
    Case(
        "deep-structure-returned",
        "function somme() { let a = []; for (let i = 0; i < 100000; i++) a = [a]; return a; }",
        ("Attendu : 6",),
    ),
    # Output
    Case(
        "console-flood",
        "function somme() { for (let i = 0; i < 1e6; i++) console.log('PASS '.repeat(20));"
        " return 0; }",
        (WRONG_ANSWER, "[sortie tronquée]"),
    ),
    Case(
        "stdout-flood",
        ESCAPE + "while (true) R('fs').writeSync(1, 'x'.repeat(65536));",
        ("Sortie trop longue",),
    ),
    Case(
        "one-50-mb-line",
        ESCAPE + "R('fs').writeSync(1, 'y'.repeat(50 * 1024 * 1024));",
        ("Sortie trop longue",),
    ),
    Case(
        "stderr-flood",
        ESCAPE + "R('fs').writeSync(2, 'z'.repeat(10 * 1024 * 1024));",
        ("Sortie trop longue",),
    ),
    Case(
        "binary-and-invalid-utf8",
        ESCAPE + "R('fs').writeSync(1, R('buffer').Buffer.from([0xff, 0xfe, 0, 0x80, 0x1b]));\n"
        "console.log('nul:\\u0000 bidi:\\u202e');\n" + WRONG,
        (WRONG_ANSWER,),
    ),
    # Files
    Case("fill-tmp", _fill("/tmp", "'x'.repeat(1 << 20)"), ("stopped:ENOSPC",)),
    Case("fill-workdir", _fill(".", "'x'.repeat(1 << 20)"), ("stopped:ENOSPC",)),
    Case("many-small-files", _fill("/tmp", "''"), ("stopped:ENOSPC",)),
    Case(
        "write-outside-workdir",
        _returns(
            "['/etc/tremplin', '/usr/local/bin/node', '/tremplin', '/var/tmp/x', "
            "'/proc/sys/kernel/hostname', '/sys/fs/cgroup/x']"
            ".map(p => attempt(() => R('fs').writeFileSync(p, 'x'))).join(',')"
        ),
        ("err:EROFS",),
        ("ok:",),
    ),
    Case(
        "forged-results-files",
        _returns(
            "['results.json', '/tmp/results.json', '.harness/results.json', '/results.json']"
            ".map(p => attempt(() => R('fs').writeFileSync(p, JSON.stringify("
            "{ version: 2, status: 'pass', tests: [] })))).join(',')"
            " + attempt(() => R('fs').symlinkSync('/etc/shadow', 'results2.json'))"
        ),
        (WRONG_ANSWER, "err:EROFS"),
    ),
    # Secrets and the host
    Case(
        "read-etc-shadow",
        _returns("attempt(() => R('fs').readFileSync('/etc/shadow'))"),
        ("err:EACCES",),
    ),
    Case(
        "read-proc-1-environ",
        _returns("attempt(() => R('fs').readFileSync('/proc/1/environ', 'latin1'))"),
        ("HOME=/work",),
        (CANARY, "REDIS", "SECRET", "DOCKER"),
    ),
    Case(
        "environment-variables",
        _returns("Object.keys(P.env).sort().join(',')"),
        ("HOME,HOSTNAME,LANG,",),
        (CANARY,),
    ),
    Case(
        "docker-socket",
        _returns("attempt(() => R('fs').statSync('/var/run/docker.sock').mode)"),
        ("err:ENOENT",),
    ),
    Case(
        "steal-the-job-file",
        _returns("attempt(() => R('fs').readFileSync('.harness/job.json', 'utf8'))"),
        ("err:ENOENT",),
    ),
    # Forged verdicts
    Case(
        "exit-zero-at-load",
        ESCAPE + "P.exit(0);",
        (STOPPED,),
    ),
    Case("exit-zero-in-function", ESCAPE + "function somme() { P.exit(0); }", (STOPPED,)),
    Case("really-exit", ESCAPE + "function somme() { P.reallyExit(0); }", (STOPPED,)),
    Case(
        "fake-pass-output",
        "console.log('PASS\\nok 1 - somme\\nBravo ! Les 2 tests passent.');\n" + WRONG,
        (WRONG_ANSWER,),
    ),
    Case(
        "fake-frames-then-exit",
        ESCAPE
        + "for (const f of [{t:'load',ok:true},{t:'result',id:0,status:'ok',value:{type:'number',value:6}},"
        "{t:'result',id:1,status:'ok',value:{type:'number',value:6}},{t:'log',text:''},{t:'end'}]) "
        "R('fs').writeSync(1, '@@tremplin@@ ' + JSON.stringify(f) + '\\n');\nP.exit(0);",
        (STOPPED,),
    ),
    Case(
        "hook-write-to-rewrite-frames",
        ESCAPE + "const fs = R('fs'); const w = fs.writeSync;\n"
        "fs.writeSync = (fd, s, ...r) => w(fd, String(s).replace('\"value\":0', '\"value\":6'), ...r);\n"
        + WRONG,
        (WRONG_ANSWER,),
    ),
    Case(
        "patch-main-realm-json",
        ESCAPE + "const F = this.constructor.constructor;\n"
        "try { F('return JSON')().stringify = () => '{\"t\":\"end\"}'; } catch (e) {}\n"
        "try { F('return Object')().prototype.toJSON = function () { return 6; }; } catch (e) {}\n"
        + WRONG,
        (WRONG_ANSWER,),
    ),
    Case(
        "redefine-helpers-and-console",
        "var matches = () => true, encode = () => 6, emit = () => {}, expect = () => true;\n"
        "console.log = () => {}; console = null;\n" + WRONG,
        (WRONG_ANSWER,),
    ),
    Case(
        "lying-return-value",
        "function somme() { return { valueOf() { return 6; }, toJSON() { return 6; },"
        " toString() { return '6'; }, [Symbol.toPrimitive]() { return 6; } }; }",
        (WRONG_ANSWER,),
    ),
    Case("string-instead-of-number", "function somme() { return '6'; }", (WRONG_ANSWER,)),
    Case(
        "swallow-harness-exceptions",
        ESCAPE + "P.on('uncaughtException', () => {}); P.exit = () => {};\n"
        "function somme() { throw new Error('PASS'); }",
        ("0 test(s) sur 2", "La fonction a levé une erreur"),
    ),
    Case(
        "throw-object-with-looping-getter",
        "function somme() { throw { get name() { while (true) {} }, message: 'x' }; }",
        (TIMEOUT,),
    ),
    Case(
        "throw-object-with-throwing-getter",
        "function somme() { throw { get name() { throw 1; }, message: 'x' }; }",
        ("erreur illisible",),
    ),
    Case(
        "proxy-with-looping-trap",
        "function somme() { return new Proxy({}, { ownKeys() { while (true) {} } }); }",
        (TIMEOUT,),
    ),
    Case("huge-submission", "/*" + "x" * (4 << 20) + "*/\n" + WRONG, (WRONG_ANSWER,)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_javascript_fails_safely(case: Case, grade_js, monkeypatch) -> None:
    """The run ends ``failed`` with the expected French explanation; the host is untouched."""
    monkeypatch.setenv("TREMPLIN_CANARY", CANARY)
    verdict = grade_js(case.code)
    seen = "\n".join([verdict.message, verdict.output, *(t.message for t in verdict.tests)])
    assert verdict.status is Status.FAILED, seen
    for fragment in case.expect:
        alternatives = (fragment,) if isinstance(fragment, str) else fragment
        assert any(f in seen for f in alternatives), seen
    for fragment in case.absent:
        assert fragment not in seen, seen
    assert not set(seen) & {"\x00", "\x1b", "\u202e"}
    assert len(verdict.output) <= 17 * 1024


def test_detached_process_does_not_survive_on_host(grade_js) -> None:
    """A process detached inside the sandbox is gone once the verdict is back."""
    grade_js(
        ESCAPE + "R('child_process').spawn('sh', ['-c', 'exec sleep 62.4242'], "
        "{ detached: true, stdio: 'ignore' }).unref();\n" + WRONG
    )
    assert not [p for p in Path("/proc").glob("[0-9]*") if b"62.4242" in _cmdline(p)]
    assert os.system("true") == 0  # the host can still fork


def _cmdline(proc: Path) -> bytes:
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return b""
