"""The ``[[checks]]`` of ``tests.toml`` for the `html`, `css` and `dom` kinds: validation and plan.

A check has a ``name``, one assertion (``doctype``, ``selector``, ``a11y``, ``markup``,
``links``, ``script`` or ``no_errors``) and optional ``page``, ``viewport``/``viewports``,
``steps`` (dom), ``message`` and ``hint``. The plan sent into the sandbox holds what to
load and measure, never the expected values (format documented in exercises/README.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

VIEWPORTS = {"mobile": 375, "desktop": 1280}
DEFAULT_WIDTH = 1280
ASSERTIONS = ("doctype", "selector", "a11y", "markup", "links", "script", "no_errors")
A11Y_RULES = ("img-alt", "labels", "headings", "landmarks")
STEP_ACTIONS = ("click", "type", "submit", "press", "wait")
SELECTOR_OPTIONS = {
    "count": int,
    "min_count": int,
    "max_count": int,
    "text": str,
    "text_contains": str,
    "not_empty": bool,
    "attribute": str,
    "property": str,
    "value": (str, int, float),
    "box": str,
    "min": (str, int, float),
    "max": (str, int, float),
    "tolerance": (int, float),
    "layout": str,
    "columns": int,
    "visible": bool,
    "pseudo": str,
    "match": str,
}
COMMON = {"name", "message", "hint", "page", "viewport", "viewports", "steps", "expected"}
BOXES = ("width", "height", "x", "y")
LAYOUTS = ("row", "column")
SCRIPT_TIMEOUT_S = 3


@dataclass(frozen=True, slots=True)
class ProbeRef:
    """One measurement: check number ``check`` (0-based) at viewport width ``width``."""

    check: int
    width: int
    session: int


def assertion_of(check: dict[str, Any]) -> str:
    """The assertion key of a check (the first one found)."""
    return next((key for key in ASSERTIONS if key in check), "")


def widths(check: dict[str, Any]) -> list[int]:
    """Viewport widths a check runs at."""
    raw = check.get("viewports", [check.get("viewport", DEFAULT_WIDTH)])
    return [VIEWPORTS.get(w, w) if isinstance(w, str) else w for w in raw]


def check_problems(tests: dict[str, Any], *, steps_allowed: bool, pages: set[str]) -> list[str]:
    """Problems of a ``tests.toml``, in French, for the trainer."""
    checks = tests.get("checks")
    if not isinstance(checks, list) or not checks:
        return ["`checks` doit être une liste non vide de vérifications ([[checks]])."]
    problems = []
    for index, check in enumerate(checks, start=1):
        where = f"vérification n°{index}"
        if not isinstance(check, dict):
            problems.append(f"{where} : doit être une table.")
            continue
        problems.extend(f"{where} : {p}" for p in _one_check(check, steps_allowed, pages, tests))
    return problems


def _one_check(
    check: dict[str, Any], steps_allowed: bool, pages: set[str], tests: dict[str, Any]
) -> list[str]:
    problems = []
    if not isinstance(check.get("name"), str) or not check["name"].strip():
        problems.append("`name` est obligatoire.")
    found = [key for key in ASSERTIONS if key in check]
    if len(found) != 1:
        problems.append(f"il faut exactement une assertion parmi {', '.join(ASSERTIONS)}.")
        return problems
    unknown = set(check) - COMMON - set(ASSERTIONS) - set(SELECTOR_OPTIONS)
    if unknown:
        problems.append(f"champs inconnus {sorted(unknown)}.")
    page = check.get("page", tests.get("page"))
    if page is not None and page not in pages:
        problems.append(f"la page « {page} » n'est pas un fichier de l'exercice.")
    if any(not isinstance(w, int) or not 200 <= w <= 2560 for w in widths(check)):
        problems.append("`viewport` : une largeur en px (200 à 2560), « mobile » ou « desktop ».")
    if "steps" in check:
        problems.extend(_steps_problems(check["steps"], steps_allowed))
    problems.extend(_assertion_problems(found[0], check))
    return problems


def _assertion_problems(assertion: str, check: dict[str, Any]) -> list[str]:
    value = check[assertion]
    if assertion == "selector":
        return _selector_problems(check)
    if assertion == "a11y" and value not in A11Y_RULES:
        return [f"`a11y` vaut l'une de {', '.join(A11Y_RULES)}."]
    if assertion in ("markup", "links") and value != "valid":
        return [f"`{assertion}` vaut « valid »."]
    if assertion in ("doctype", "no_errors") and value is not True:
        return [f"`{assertion}` vaut true."]
    if assertion == "script" and (not isinstance(value, str) or "expected" not in check):
        return ["`script` est le corps d'une fonction JavaScript et `expected` est obligatoire."]
    return []


def _selector_problems(check: dict[str, Any]) -> list[str]:
    problems = []
    if not isinstance(check["selector"], str) or not check["selector"].strip():
        problems.append("`selector` doit être un sélecteur CSS.")
    for key, kind in SELECTOR_OPTIONS.items():
        if key in check and (
            not isinstance(check[key], kind) or isinstance(check[key], bool) != (kind is bool)
        ):
            problems.append(f"`{key}` n'a pas le bon type.")
    if "property" in check and "value" not in check:
        problems.append("`property` demande `value` (la valeur attendue).")
    if "box" in check and (check["box"] not in BOXES or not {"value", "min", "max"} & set(check)):
        problems.append(f"`box` vaut l'une de {', '.join(BOXES)} avec `value`, `min` ou `max`.")
    if check.get("match", "all") not in ("all", "any"):
        problems.append(
            "`match` vaut « all » (tous les éléments, par défaut) ou « any » (au moins un)."
        )
    if "layout" in check and check["layout"] not in LAYOUTS:
        problems.append("`layout` vaut « row » ou « column ».")
    if "value" in check and not {"property", "attribute", "box"} & set(check):
        problems.append("`value` s'utilise avec `property`, `attribute` ou `box`.")
    return problems


def _steps_problems(steps: Any, allowed: bool) -> list[str]:
    if not allowed:
        return ["`steps` n'existe que pour les exercices de type dom."]
    if not isinstance(steps, list):
        return ["`steps` doit être une liste d'actions."]
    problems = []
    for number, step in enumerate(steps, start=1):
        actions = [a for a in STEP_ACTIONS if isinstance(step, dict) and a in step]
        if len(actions) != 1:
            problems.append(f"étape {number} : une action parmi {', '.join(STEP_ACTIONS)}.")
        elif actions[0] == "wait" and not (
            isinstance(step["wait"], int) and 0 <= step["wait"] <= 2000
        ):
            problems.append(f"étape {number} : `wait` est une durée en ms (0 à 2000).")
        elif actions[0] == "type" and not isinstance(step.get("text"), str):
            problems.append(f"étape {number} : `type` demande `text`.")
        elif actions[0] != "wait" and not isinstance(step[actions[0]], str):
            problems.append(f"étape {number} : `{actions[0]}` attend un texte.")
    return problems


def probe_for(check: dict[str, Any], probe_id: int) -> dict[str, Any] | None:
    """What the harness measures for a check (no expected value in it)."""
    assertion = assertion_of(check)
    if assertion == "doctype":
        return {"id": probe_id, "kind": "doctype"}
    if assertion in ("a11y",):
        return {"id": probe_id, "kind": "a11y", "name": check["a11y"]}
    if assertion == "links":
        return {"id": probe_id, "kind": "links"}
    if assertion == "script":
        return {
            "id": probe_id,
            "kind": "script",
            "source": check["script"],
            "timeout_s": SCRIPT_TIMEOUT_S,
        }
    if assertion == "selector":
        from graders.kinds.css_values import expand

        styles = list(expand(check["property"], str(check["value"]))) if "property" in check else []
        return {
            "id": probe_id,
            "kind": "select",
            "selector": check["selector"],
            "attrs": [check["attribute"]] if "attribute" in check else [],
            "styles": [*styles, "font-size"],
            "pseudo": check.get("pseudo"),
        }
    return None  # markup and no_errors need no measurement in the page


def build_plan(
    tests: dict[str, Any], *, js: bool, default_page: str, timing: dict[str, float]
) -> tuple[dict[str, Any], dict[int, ProbeRef]]:
    """Group the checks into page loads; return the plan and what each probe id stands for."""
    sessions: dict[str, dict[str, Any]] = {}
    refs: dict[int, ProbeRef] = {}
    for index, check in enumerate(tests["checks"]):
        page = check.get("page", tests.get("page", default_page))
        steps = check.get("steps", [])
        for width in widths(check):
            own = assertion_of(check) == "script"
            key = json.dumps([page, width, steps, index if own else None])
            session = sessions.setdefault(
                key,
                {
                    "id": len(sessions),
                    "page": page,
                    "viewport": [width, 740 if width < 600 else 800],
                    "steps": steps,
                    "probes": [],
                },
            )
            probe = probe_for(check, len(refs))
            if probe is not None or assertion_of(check) == "no_errors":
                if probe is not None:
                    session["probes"].append(probe)
                refs[len(refs)] = ProbeRef(index, width, session["id"])
    plan = {"js": js, "sessions": list(sessions.values()), **timing}
    return plan, refs
