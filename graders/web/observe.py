"""From the harness's frames to test outcomes: the facts measured in the page are compared
here, on the host, with the expected values of ``tests.toml``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graders.frames import NO_RESULT, read_frames
from graders.verdict import TestOutcome, TestStatus
from graders.web import declared, facts
from graders.web.plan import ProbeRef
from graders.web.spec import Step, WebCheck
from graders.web.w3c import checks as w3c
from graders.web.w3c.validator import Report

NOT_RUN = "Test non effectué : la page a été arrêtée avant (voir le message du verdict)."


@dataclass(slots=True)
class Observed:
    """Everything the harness reported for one submission."""

    started: bool = False
    ended: bool = False
    fatal: str = ""
    facts: dict[int, dict] = field(default_factory=dict)
    sessions: dict[int, dict] = field(default_factory=dict)
    steps: dict[int, dict] = field(default_factory=dict)
    markup: dict[str, list[dict]] = field(default_factory=dict)
    log: str = ""
    w3c: Report | None = None  # the W3C checker's report, from its own run


def observe(stdout: str, marker: str) -> Observed:
    """Parse the frames of this run; a frame seen twice keeps its first value."""
    seen = Observed()
    for frame in read_frames(stdout, marker):
        _record(seen, frame)
    return seen


def _record(seen: Observed, frame: dict[str, Any]) -> None:
    kind = frame.get("t")
    if kind == "start":
        seen.started = True
    elif kind == "end":
        seen.ended = True
    elif kind == "fatal":
        seen.fatal = str(frame.get("error", ""))[:500]
    elif kind == "log" and isinstance(frame.get("text"), str):
        seen.log = frame["text"]
    elif (
        kind == "fact" and isinstance(frame.get("id"), int) and isinstance(frame.get("data"), dict)
    ):
        seen.facts.setdefault(frame["id"], frame["data"])
    elif kind == "session" and isinstance(frame.get("id"), int):
        seen.sessions.setdefault(frame["id"], frame)
    elif kind == "step" and isinstance(frame.get("session"), int):
        seen.steps.setdefault(frame["session"], frame)
    elif kind == "markup" and isinstance(frame.get("file"), str):
        seen.markup.setdefault(frame["file"], list(frame.get("errors") or []))


SESSION_REASONS = {
    "hang": "La page ne répond plus : ton script tourne sans fin (une boucle infinie ?).",
    "crash": (
        "La page a planté : elle utilise sans doute trop de mémoire "
        "(une boucle qui ajoute des éléments sans fin ?)."
    ),
    "closed": (
        "Ta page essaie de fermer la fenêtre (window.close()) : enlève cet appel, "
        "les tests ont besoin de la page ouverte."
    ),
    "navigated": (
        "Ta page a quitté son adresse (redirection, lien suivi, ou formulaire envoyé "
        "sans event.preventDefault()) : les tests doivent rester sur ta page."
    ),
    "budget": "Temps total dépassé avant ce test : ta page est trop lente.",
    "harness": "La vérification n'a pas pu être faite dans ta page.",
}
STEP_REASONS = {
    "missing": "aucun élément ne correspond à « {target} »",
    "hidden": "l'élément « {target} » n'est pas visible, on ne peut pas cliquer dessus",
    "bad-selector": "le sélecteur « {target} » est invalide",
    "no-form": "« {target} » n'est dans aucun formulaire",
}


def session_message(session: dict[str, Any] | None, load_timeout_s: float) -> str:
    """Why a page load ended early, in French; empty when it did not."""
    if not session or not session.get("reason"):
        return ""
    reason = session["reason"]
    message = SESSION_REASONS.get(reason, SESSION_REASONS["harness"])
    if reason == "hang" and session.get("during") == "load":
        message = (
            f"La page ne finit pas de se charger (plus de {load_timeout_s:g} s) : "
            "ton script tourne sans fin (une boucle infinie ?)."
        )
    if session.get("dialogs"):
        message += (
            f" Ton script a ouvert {session['dialogs']} boîte(s) de dialogue (alert, confirm…)."
        )
    return message


def step_message(step: dict[str, Any], steps: tuple[Step, ...]) -> str:
    """Why an action of a behaviour test could not be done."""
    index = step.get("index", 0)
    index = index if isinstance(index, int) else 0
    action = steps[index] if 0 <= index < len(steps) else None
    target = action.target if action is not None and action.target else "?"
    template = STEP_REASONS.get(str(step.get("reason")), "action impossible")
    return f"Étape {index + 1} impossible : {template.format(target=target)}."


def outcome(
    check: WebCheck,
    refs: list[tuple[int, ProbeRef]],
    seen: Observed,
    context: facts.Context,
) -> TestOutcome:
    """Passed or failed, with a French message, for one check at all its viewports."""
    several = len(check.widths) > 1
    pairs: list[tuple[int, ProbeRef | None]] = list(refs) or [(-1, None)]
    for probe_id, ref in pairs:
        problem = _problem(check, probe_id, ref, seen, context)
        if problem:
            where = f"À {ref.width} px de large : " if several and ref is not None else ""
            return TestOutcome(check.name, TestStatus.FAILED, where + problem)
    return TestOutcome(check.name, TestStatus.PASSED, "")


def _problem(
    check: WebCheck, probe_id: int, ref: ProbeRef | None, seen: Observed, context: facts.Context
) -> str:
    if check.assertion == "markup":
        return _trainer_words(check, facts.markup_problem(seen.markup, check.page))
    if check.assertion == "w3c":
        found = w3c.problem(seen.w3c, check.file, check.warnings)
        # The trainer's words come first, then what the checker found (where, and what).
        return _trainer_words(check, found) + (f" {found}" if found and check.message else "")
    if check.declared is not None:
        return _trainer_words(check, declared.problem(check.declared, context.texts))
    session = seen.sessions.get(ref.session) if ref is not None else None
    if ref is not None and ref.session in seen.steps:
        return step_message(seen.steps[ref.session], check.steps)
    if check.assertion == "no_errors":
        if session is None:
            return _missing(seen)
        found = facts.errors_problem(session.get("errors") or [])
        return (
            found
            and _trainer_words(check, found)
            or session_message(session, context.load_timeout_s)
        )
    fact = seen.facts.get(probe_id)
    if fact is None:
        return session_message(session, context.load_timeout_s) or NO_RESULT
    return _trainer_words(check, facts.problem(check, fact, context))


def _missing(seen: Observed) -> str:
    stopped = any(s.get("reason") for s in seen.sessions.values())
    return NOT_RUN if stopped or not seen.ended else NO_RESULT


def _trainer_words(check: WebCheck, problem: str) -> str:
    """The trainer's message (if any) instead of the automatic one, then the hint."""
    if not problem:
        return ""
    text = check.message or problem
    return f"{text} Indice : {check.hint}" if check.hint else text
