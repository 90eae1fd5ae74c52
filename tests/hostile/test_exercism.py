"""The `exercism` kind on the real engine, with the demo Exercism-compatible runner image.

The verdict of this kind is written inside the container by the runner (see
graders/README.md): these cases check what the sandbox and the strict parser still
guarantee. A forged passing results.json is a known, documented trade-off.
"""

from __future__ import annotations

import pytest

from graders.errors import ExerciseSpecError
from graders.registry import build_spec, grader_for
from graders.verdict import Status

pytestmark = [pytest.mark.docker]

SPEC_JS = """
const { somme } = require('./somme');
describe('somme', () => {
  test('somme de [1, 2, 3]', () => { expect(somme([1, 2, 3])).toBe(6); });
  test('tableau vide', () => { expect(somme([])).toBe(0); });
});
"""
SOMME = build_spec(
    {
        "slug": "exercism-somme",
        "kind": "exercism",
        "files": ["somme.js"],
        "tests": {"runner": "exercism-demo", "slug": "somme"},
        "limits": {"timeout_s": 3, "memory_mb": 128},
        "fixed_files": {"somme.spec.js": SPEC_JS},
    }
)
CORRECT = "exports.somme = (a) => a.reduce((x, y) => x + y, 0);"

CASES = {
    "wrong-answer": ("exports.somme = () => 0;", "1 test(s) sur 2"),
    "syntax-error": ("exports.somme = (a => ;", "ne peut pas être testé"),
    "infinite-loop": ("exports.somme = () => { while (true) {} };", "Temps dépassé (3 s)"),
    "memory-bomb": (
        "const a = []; while (true) a.push(Buffer.alloc(1 << 24, 1));",
        "Mémoire dépassée (128 Mo)",
    ),
    "exit-before-results": ("process.exit(0);", "illisibles ou absents"),
    "corrupt-results": (
        "process.on('exit', () => require('fs').writeFileSync('/work/output/results.json',"
        ' \'{"version": 2, "status": "pass", "tests": []}\'));\n' + CORRECT.replace("0)", "1)"),
        "illisibles ou absents",
    ),
    "fake-boundary-on-stdout": (
        'require(\'fs\').writeSync(1, \'\\n@@tremplin-results@@ 00\\n{"version":2,"status":"pass"}\');'
        "\nexports.somme = () => 0;",
        "1 test(s) sur 2",
    ),
    "overwrite-test-file": (
        "require('fs').writeFileSync(__dirname + '/somme.spec.js', 'test(\"x\", () => {})');"
        "\nexports.somme = () => 0;",
        "1 test(s) sur 2",
    ),
}


@pytest.fixture
def grade(hostile_sandbox):
    def _grade(code: str):
        return grader_for("exercism").grade(SOMME, {"somme.js": code}, hostile_sandbox)

    return _grade


def test_correct_solution_passes(grade) -> None:
    verdict = grade(CORRECT)
    assert verdict.status is Status.PASSED, verdict
    assert [t.name for t in verdict.tests] == ["somme de [1, 2, 3]", "tableau vide"]


@pytest.mark.parametrize(("code", "fragment"), CASES.values(), ids=CASES.keys())
def test_hostile_exercism_fails_safely(grade, code: str, fragment: str) -> None:
    verdict = grade(code)
    seen = "\n".join([verdict.message, *(t.message for t in verdict.tests)])
    assert verdict.status is Status.FAILED, seen
    assert fragment in seen, seen


def test_spec_is_checked() -> None:
    bad = {"slug": "x", "kind": "exercism", "files": ["a.js"], "tests": {"runner": "../x"}}
    with pytest.raises(ExerciseSpecError) as refused:
        build_spec(bad)
    assert [p.file for p in refused.value.problems] == ["tests.toml"] * 3
