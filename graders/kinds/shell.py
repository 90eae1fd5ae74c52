"""The `shell` kind: the learner writes commands; they run in a prepared folder.

The container receives the prepared tree (``fixed/``), the learner's script and a
run configuration holding a one-time nonce. The root-owned harness baked into the
image (``sandbox/images/shell/harness.py``) deletes the configuration, runs the
script as a child in its own session, kills every process of the sandbox user once
it ends, then prints one frame: the nonce, the script's output and facts about the
resulting tree. The expected facts never leave this process; a frame without the
nonce, or two frames with it, never count as a pass.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from graders.base import ExerciseSpec, Grader
from graders.frames import read_frames
from graders.registry import register
from graders.verdict import Status, TestOutcome, TestStatus, Verdict, summarize
from sandbox.base import Limits, RunRequest, RunResult, Sandbox
from sandbox.images import image_name

MARK = "@@tremplin-shell@@ "
CONFIG_DIR = ".tremplin"
SCRIPT_NAME = "commandes.sh"
MAX_SCRIPT_BYTES = 32 * 1024
SETUP_FAILED = "setup-failed"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the harness saw after the learner's commands ended."""

    exit_code: int | None
    timed_out: bool
    stdout: str
    stderr: str
    tree: dict[str, dict[str, Any]]
    git: dict[str, Any]
    output_truncated: bool = False

    def entry(self, path: str) -> dict[str, Any] | None:
        """The facts of one path (relative to the working folder), or None."""
        return self.tree.get(normalize_path(path))

    def text(self, path: str) -> str | None:
        """The text of a small file, or None."""
        entry = self.entry(path)
        return entry.get("text") if entry and entry.get("type") == "file" else None


def normalize_path(path: str) -> str:
    """``./a//b/`` → ``a/b``."""
    parts = [p for p in path.strip().split("/") if p not in ("", ".")]
    return "/".join(parts)


def _as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def _text_matches(text: str | None, test: dict[str, Any]) -> bool:
    if text is None:
        return False
    if "equals" in test and text.rstrip() != str(test["equals"]).rstrip():
        return False
    if "lines" in test:
        got = [line.rstrip() for line in text.strip("\n").splitlines()]
        wanted = [str(line).rstrip() for line in test["lines"]]
        if test.get("any_order"):
            got, wanted = sorted(got), sorted(wanted)
        if got != wanted:
            return False
    folded = text.casefold() if test.get("ignore_case") else text
    for needle in _as_list(test.get("contains")):
        if (needle.casefold() if test.get("ignore_case") else needle) not in folded:
            return False
    return not any(n in text for n in _as_list(test.get("not_contains")))


def _check_dir(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    entry = snap.entry(test["path"])
    return entry is not None and entry.get("type") == "dir"


def _check_file(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    entry = snap.entry(test["path"])
    if entry is None or entry.get("type") != "file":
        return False
    if "same_as" in test:
        original = spec.fixed_files[test["same_as"]].encode()
        if entry.get("sha256") != hashlib.sha256(original).hexdigest():
            return False
    if test.get("executable") and not entry.get("exec"):
        return False
    text_keys = {"equals", "lines", "contains", "not_contains"}
    return not text_keys & set(test) or _text_matches(snap.text(test["path"]), test)


def _check_absent(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    return all(snap.entry(path) is None for path in _as_list(test.get("path", test.get("paths"))))


def _check_stdout(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    return _text_matches(snap.stdout, test)


def _listing(snap: Snapshot, under: str) -> set[str]:
    base = normalize_path(under)
    prefix = f"{base}/" if base else ""
    found = set()
    for path, entry in snap.tree.items():
        if path.startswith(prefix) and path != base:
            rel = path[len(prefix) :]
            found.add(rel + "/" if entry.get("type") == "dir" else rel)
    return {p for p in found if not p.startswith(".git/") and "/.git/" not in p}


def _check_tree(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    under = test.get("under", ".")
    if normalize_path(under) and _check_dir({"path": under}, snap, spec) is False:
        return False
    return _listing(snap, under) == set(test["paths"])


def _check_names(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    pattern = re.compile(test["pattern"])
    names = [p.rstrip("/").rsplit("/", 1)[-1] for p in _listing(snap, test.get("under", "."))]
    return bool(names) and all(pattern.fullmatch(name) for name in names)


def _check_zip(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    entry = snap.entry(test["path"])
    names = entry.get("zip") if entry else None
    if not isinstance(names, list):
        return False
    files = {n for n in names if not n.endswith("/")}
    return set(test["contains"]) <= files


def _check_exit(test: dict, snap: Snapshot, spec: ExerciseSpec) -> bool:
    return snap.exit_code == test.get("code", 0)


Check = Callable[[dict, Snapshot, ExerciseSpec], bool]
SHELL_CHECKS: dict[str, tuple[Check, tuple[str, ...]]] = {
    "dir": (_check_dir, ("path",)),
    "file": (_check_file, ("path",)),
    "absent": (_check_absent, ()),
    "stdout": (_check_stdout, ()),
    "tree": (_check_tree, ("paths",)),
    "names": (_check_names, ("pattern",)),
    "zip": (_check_zip, ("path", "contains")),
    "exit": (_check_exit, ()),
}


@register
class ShellGrader(Grader):
    """Runs the learner's commands in the prepared folder and compares the resulting tree."""

    kind = "shell"
    runtime = "shell"
    default_limits = Limits(timeout_s=12, memory_mb=256, pids=64, output_kb=256)
    checks: ClassVar[dict[str, tuple[Check, tuple[str, ...]]]] = SHELL_CHECKS
    script_name: ClassVar[str] = SCRIPT_NAME

    def check_spec(self, exercise: ExerciseSpec) -> list[str]:
        problems = [
            f"`fixed/{path}` : ce nom est réservé à la plateforme."
            for path in exercise.fixed_files
            if normalize_path(path).split("/")[0] == CONFIG_DIR
        ]
        if not isinstance(exercise.tests.get("setup", ""), str):
            problems.append("`setup` doit être un texte (commandes de préparation).")
        if exercise.files != (self.script_name,):
            problems.append(f'`files` doit valoir ["{self.script_name}"] pour ce type.')
        tests = exercise.tests.get("tests")
        if not isinstance(tests, list) or not tests:
            return [*problems, "`tests` doit être une liste non vide de tests."]
        for index, test in enumerate(tests, start=1):
            problems.extend(f"test n°{index} : {p}" for p in self._check_test(test, exercise))
        return problems

    def _check_test(self, test: Any, exercise: ExerciseSpec) -> list[str]:
        if not isinstance(test, dict):
            return ["doit être une table."]
        problems = []
        for key in ("name", "message"):
            if not isinstance(test.get(key), str) or not test[key].strip():
                problems.append(f"`{key}` est obligatoire (texte en français).")
        check = test.get("check")
        if check not in self.checks:
            return [*problems, f"`check` inconnu « {check} » (possibles : {sorted(self.checks)})."]
        problems.extend(
            f"`{key}` est obligatoire." for key in self.checks[check][1] if key not in test
        )
        if "same_as" in test and test["same_as"] not in exercise.fixed_files:
            problems.append(f"`same_as` : « {test['same_as']} » n'est pas dans fixed/.")
        if "pattern" in test:
            try:
                re.compile(test["pattern"])
            except re.error as exc:
                problems.append(f"`pattern` invalide : {exc}.")
        return problems

    def run_config(self, exercise: ExerciseSpec, limits: Limits) -> dict[str, Any]:
        """The harness configuration (the nonce is added per run)."""
        return {
            "timeout_s": max(1.0, min(5.0, limits.timeout_s / 2)),
            "setup": exercise.tests.get("setup", ""),
        }

    def grade(self, exercise: ExerciseSpec, files: dict[str, str], sandbox: Sandbox) -> Verdict:
        script = files.get(self.script_name, "")
        if len(script.encode()) > MAX_SCRIPT_BYTES:
            return Verdict(Status.FAILED, "Ton script est trop long (32 Kio au plus).")
        limits = self.limits_for(exercise)
        nonce = secrets.token_hex(16)
        config = {**self.run_config(exercise, limits), "nonce": nonce}
        payload = {path: text.encode() for path, text in exercise.fixed_files.items()}
        payload[f"{CONFIG_DIR}/run.json"] = json.dumps(config).encode()
        payload[f"{CONFIG_DIR}/script"] = script.encode()
        result = sandbox.run(
            RunRequest(
                image=image_name(self.runtime),
                command=("python3", "-I", "/opt/tremplin/harness.py"),
                files=payload,
                limits=limits,
                labels={"tremplin.kind": self.kind},
            )
        )
        snap, problem = read_snapshot(result, nonce, limits)
        if result.oom_killed:
            # The kernel killed a process for memory, whatever the harness wrote after it.
            output = describe_run(snap) if snap is not None else ""
            return Verdict(Status.FAILED, _memory_message(limits), output=output)
        if problem == SETUP_FAILED:
            return Verdict(
                Status.ERROR,
                "La préparation de l'exercice a échoué : ton code n'est pas en cause, "
                "préviens ton formateur.",
            )
        if snap is None:
            return Verdict(Status.FAILED, problem)
        return self._verdict(exercise, snap)

    def _verdict(self, exercise: ExerciseSpec, snap: Snapshot) -> Verdict:
        outcomes = []
        for test in exercise.tests["tests"]:
            check = self.checks[test["check"]][0]
            ok = check(test, snap, exercise)
            message = "" if ok else test["message"]
            outcomes.append(
                TestOutcome(test["name"], TestStatus.PASSED if ok else TestStatus.FAILED, message)
            )
        if snap.timed_out:
            outcomes.append(
                TestOutcome(
                    "Tes commandes se terminent",
                    TestStatus.FAILED,
                    "Temps dépassé : tes commandes ne se sont pas arrêtées à temps "
                    "(une commande attend-elle quelque chose, comme sleep ?).",
                )
            )
        verdict = summarize(outcomes)
        return Verdict(verdict.status, verdict.message, verdict.tests, describe_run(snap))


def read_snapshot(result: RunResult, nonce: str, limits: Limits) -> tuple[Snapshot | None, str]:
    """The one frame carrying our nonce, or None and a French reason."""
    frames = [
        frame
        for frame in read_frames(result.stdout, MARK)
        if hmac.compare_digest(str(frame.get("nonce", "")), nonce)
    ]
    if len(frames) > 1:
        return None, "Résultat illisible : la correction a reçu deux résultats pour une exécution."
    if not frames:
        return None, _abnormal_end(result, limits)
    if frames[0].get("setup_failed") is True:
        return None, SETUP_FAILED
    snap = _snapshot(frames[0])
    if snap is None:
        return None, "Résultat illisible : la correction n'a pas pu lire l'état de ton dossier."
    return snap, ""


def _snapshot(frame: dict[str, Any]) -> Snapshot | None:
    tree, git = frame.get("tree"), frame.get("git", {})
    code = frame.get("exit_code")
    if not isinstance(tree, dict) or not all(isinstance(v, dict) for v in tree.values()):
        return None
    if not isinstance(git, dict) or not (code is None or isinstance(code, int)):
        return None
    stdout, stderr = frame.get("stdout"), frame.get("stderr")
    if not isinstance(stdout, str) or not isinstance(stderr, str):
        return None
    truncated = bool(frame.get("output_truncated"))
    return Snapshot(code, bool(frame.get("timed_out")), stdout, stderr, tree, git, truncated)


def _abnormal_end(result: RunResult, limits: Limits) -> str:
    if result.timed_out:
        return f"Temps dépassé ({limits.timeout_s:g} s) : la correction n'a pas pu se terminer."
    if result.oom_killed:
        return _memory_message(limits)
    if result.output_truncated:
        return "Sortie trop longue : tes commandes ont écrit beaucoup trop de texte."
    return "La correction s'est arrêtée avant la fin : ton dossier n'a pas pu être examiné."


def _memory_message(limits: Limits) -> str:
    return f"Mémoire dépassée ({limits.memory_mb} Mo) : tes commandes utilisent trop de mémoire."


def describe_run(snap: Snapshot) -> str:
    """What the learner sees under the verdict: output, errors, and the resulting tree."""
    parts = []
    if snap.stdout.strip():
        parts.append(snap.stdout.rstrip())
    if snap.stderr.strip():
        parts.append("--- Messages d'erreur ---\n" + snap.stderr.rstrip())
    if snap.output_truncated:
        parts.append("… [sortie tronquée : tes commandes ont affiché beaucoup de texte]")
    listing = sorted(_listing(snap, "."))
    shown = "\n".join(listing[:60]) + ("\n…" if len(listing) > 60 else "")
    parts.append("--- Ton dossier après tes commandes ---\n" + (shown or "(vide)"))
    return "\n\n".join(parts)
