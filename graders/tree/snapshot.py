"""What the harness saw after the learner's commands: one frame, read into a Snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graders.frames import read_frames
from graders.limits import LimitWords, memory_exceeded, output_exceeded, time_exceeded
from graders.tree.spec import normalize_path
from sandbox.base import Limits, RunResult

MAX_ENTRIES = 400  # the harness stops walking the tree past this many entries
SETUP_FAILED = "setup-failed"
WORDS = LimitWords(
    time="la correction n'a pas pu se terminer.",
    memory="tes commandes utilisent trop de mémoire.",
    output="tes commandes ont écrit beaucoup trop de texte.",
)
STOPPED = "La correction s'est arrêtée avant la fin : ton dossier n'a pas pu être examiné."
TWO_FRAMES = "Résultat illisible : la correction a reçu deux résultats pour une exécution."
UNREADABLE = "Résultat illisible : la correction n'a pas pu lire l'état de ton dossier."


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
    truncated: bool = False  # the walk stopped at MAX_ENTRIES: ``tree`` is incomplete

    def entry(self, path: str) -> dict[str, Any] | None:
        """The facts of one path (relative to the working folder), or None."""
        return self.tree.get(normalize_path(path))

    def text(self, path: str) -> str | None:
        """The text of a small file, or None."""
        entry = self.entry(path)
        text = entry.get("text") if entry and entry.get("type") == "file" else None
        return text if isinstance(text, str) else None

    def listing(self, under: str = ".") -> set[str]:
        """Paths under a folder (folders end with ``/``), without Git's own files."""
        base = normalize_path(under)
        prefix = f"{base}/" if base else ""
        found = set()
        for path, entry in self.tree.items():
            if path.startswith(prefix) and path != base:
                rel = path[len(prefix) :]
                found.add(rel + "/" if entry.get("type") == "dir" else rel)
        return {p for p in found if not p.startswith(".git/") and "/.git/" not in p}


def read_snapshot(result: RunResult, marker: str, limits: Limits) -> tuple[Snapshot | None, str]:
    """The one frame behind this run's marker, or None and a French reason."""
    frames = read_frames(result.stdout, marker)
    if len(frames) > 1:
        return None, TWO_FRAMES
    if not frames:
        return None, _abnormal_end(result, limits)
    if frames[0].get("setup_failed") is True:
        return None, SETUP_FAILED
    snap = _snapshot(frames[0])
    if snap is None:
        return None, UNREADABLE
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
    return Snapshot(
        exit_code=code,
        timed_out=bool(frame.get("timed_out")),
        stdout=stdout,
        stderr=stderr,
        tree=tree,
        git=git,
        output_truncated=bool(frame.get("output_truncated")),
        truncated=frame.get("truncated") is not False,
    )


def _abnormal_end(result: RunResult, limits: Limits) -> str:
    if result.oom_killed:
        return memory_exceeded(limits, WORDS.memory)
    if result.timed_out:
        return time_exceeded(limits.timeout_s, WORDS.time)
    if result.output_truncated:
        return output_exceeded(limits, WORDS.output)
    return STOPPED


def describe_run(snap: Snapshot) -> str:
    """What the learner sees under the verdict: output, errors, and the resulting tree."""
    parts = []
    if snap.stdout.strip():
        parts.append(snap.stdout.rstrip())
    if snap.stderr.strip():
        parts.append("--- Messages d'erreur ---\n" + snap.stderr.rstrip())
    if snap.output_truncated:
        parts.append("… [sortie tronquée : tes commandes ont affiché beaucoup de texte]")
    listing = sorted(snap.listing())
    shown = "\n".join(listing[:60]) + ("\n…" if len(listing) > 60 or snap.truncated else "")
    heading = "--- Ton dossier après tes commandes ---"
    if snap.truncated:
        heading += f" (plus de {MAX_ENTRIES} éléments : liste incomplète)"
    parts.append(f"{heading}\n" + (shown or "(vide)"))
    return "\n\n".join(parts)
