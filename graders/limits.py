"""The learner's messages for a run stopped by a limit: one wording, every kind.

« Temps dépassé (N s) : … », « Mémoire dépassée (N Mo) : … », « Sortie trop longue : … »;
each kind says what ran out (its program, its commands, its page) with ``LimitWords``.
Memory comes first: when the kernel killed a process for memory, that is the verdict,
whatever the harness managed to report afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.base import Limits, RunResult


@dataclass(frozen=True, slots=True)
class LimitWords:
    """What follows each limit's heading for one kind; ``output`` may use ``{kb}``."""

    time: str
    memory: str
    output: str


PROGRAM = LimitWords(
    time="ton programme ne s'est pas arrêté à temps.",
    memory="ton programme utilise trop de mémoire.",
    output="ton programme a écrit plus de {kb} Kio.",
)


def time_exceeded(seconds: float, why: str) -> str:
    """« Temps dépassé (N s) : why »."""
    return f"Temps dépassé ({seconds:g} s) : {why}"


def memory_exceeded(limits: Limits, why: str) -> str:
    """« Mémoire dépassée (N Mo) : why »."""
    return f"Mémoire dépassée ({limits.memory_mb} Mo) : {why}"


def output_exceeded(limits: Limits, why: str) -> str:
    """« Sortie trop longue : why »."""
    return f"Sortie trop longue : {why.format(kb=limits.output_kb)}"


def limit_message(result: RunResult, limits: Limits, words: LimitWords = PROGRAM) -> str | None:
    """Why the sandbox stopped the run, in French; None when it ended by itself."""
    if result.oom_killed:
        return memory_exceeded(limits, words.memory)
    if result.timed_out:
        return time_exceeded(limits.timeout_s, words.time)
    if result.output_truncated:
        return output_exceeded(limits, words.output)
    return None
