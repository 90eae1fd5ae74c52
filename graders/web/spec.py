"""The ``[[checks]]`` of ``tests.toml`` for the `html`, `css` and `dom` kinds, parsed once.

A check has a ``name``, one assertion (``doctype``, ``selector``, ``a11y``, ``markup``,
``links``, ``script``, ``no_errors``, ``w3c`` or ``declared``) and optional ``page``, ``viewport``/``viewports``,
``steps`` (dom), ``message`` and ``hint``. Format documented in exercises/README.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graders.errors import InvalidTestsError
from graders.web import declared

VIEWPORTS = {"mobile": 375, "desktop": 1280}
DEFAULT_WIDTH = 1280
ASSERTIONS = (
    "doctype",
    "selector",
    "a11y",
    "markup",
    "links",
    "script",
    "no_errors",
    "w3c",
    "declared",
)
# Checks decided on the host from the files (no page load): the W3C checker's report,
# and the declarations of a stylesheet.
HOST_CHECKS = ("w3c", "declared")
A11Y_RULES = ("img-alt", "labels", "headings", "landmarks")
STEP_ACTIONS = ("click", "type", "submit", "press", "wait")
STEP_OPTIONS = {"text": str, "clear": bool, "times": int}
SELECTOR_OPTIONS: dict[str, type | tuple[type, ...]] = {
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
W3C_OPTIONS: dict[str, type] = {"file": str, "warnings": bool}
OWN_OPTIONS = {"w3c": W3C_OPTIONS, "declared": declared.OPTIONS}
COMMON = {"name", "message", "hint", "page", "viewport", "viewports", "steps", "expected"}
BOXES = ("width", "height", "x", "y")
LAYOUTS = ("row", "column")


@dataclass(frozen=True, slots=True)
class Step:
    """One action of a behaviour check: click, type, submit, press a key, or wait."""

    action: str
    target: str = ""  # a CSS selector, or the key for ``press``
    text: str = ""
    clear: bool = True
    times: int = 1
    wait_ms: int = 0

    def to_plan(self) -> dict[str, Any]:
        """The step as the harness reads it."""
        if self.action == "wait":
            return {"wait": self.wait_ms}
        step: dict[str, Any] = {self.action: self.target}
        if self.action == "type":
            step.update(text=self.text, clear=self.clear)
        if self.action == "click":
            step["times"] = self.times
        return step


@dataclass(frozen=True, slots=True)
class WebCheck:
    """One check: its assertion and options; ``page`` is resolved (never empty)."""

    name: str
    assertion: str
    page: str
    message: str = ""
    hint: str = ""
    widths: tuple[int, ...] = (DEFAULT_WIDTH,)
    steps: tuple[Step, ...] = ()
    a11y: str = ""
    script: str = ""
    expected: Any = None
    selector: str = ""
    count: int | None = None
    min_count: int | None = None
    max_count: int | None = None
    text: str | None = None
    text_contains: str | None = None
    not_empty: bool = False
    attribute: str | None = None
    property: str | None = None
    value: str | int | float | None = None
    box: str | None = None
    min: str | int | float | None = None
    max: str | int | float | None = None
    tolerance: float | None = None
    layout: str | None = None
    columns: int | None = None
    visible: bool | None = None
    pseudo: str | None = None
    match: str = "all"
    file: str = ""  # w3c: the page or stylesheet to check (default: ``page``)
    warnings: bool = False  # w3c: the checker's warnings count too
    declared: declared.Declared | None = None


@dataclass(frozen=True, slots=True)
class WebSpec:
    """The checks of a web exercise, and its default page."""

    page: str
    checks: tuple[WebCheck, ...]


def default_page(raw: Mapping[str, Any], names: list[str]) -> str:
    """``page`` of tests.toml, else index.html, else the first .html file of the exercise."""
    page = raw.get("page")
    if isinstance(page, str):
        return page
    html = [n for n in names if n.endswith(".html")]
    return "index.html" if "index.html" in html else (html[0] if html else "")


def parse_web(raw: Mapping[str, Any], pages: list[str], *, steps_allowed: bool) -> WebSpec:
    """The checks of ``tests.toml``; ``pages`` are the exercise's files (learner's, then fixed)."""
    page = default_page(raw, pages)
    problems = _problems(raw, steps_allowed=steps_allowed, pages=set(pages))
    if not page:
        problems.append("aucune page .html parmi les fichiers de l'exercice.")
    if problems:
        raise InvalidTestsError(problems)
    stylesheets = sorted({p for p in pages if p.endswith(".css")})
    return WebSpec(page, tuple(_check(c, page, stylesheets) for c in raw["checks"]))


def widths(check: Mapping[str, Any]) -> list[Any]:
    """Viewport widths a check (as written) asks for."""
    raw = check.get("viewports", [check.get("viewport", DEFAULT_WIDTH)])
    if not isinstance(raw, list):
        return [raw]
    return [VIEWPORTS.get(w, w) if isinstance(w, str) else w for w in raw]


def _check(check: dict[str, Any], page: str, stylesheets: list[str]) -> WebCheck:
    assertion = next(key for key in ASSERTIONS if key in check)
    if assertion in HOST_CHECKS:
        return _host_check(check, assertion, page, stylesheets)
    options = {k: v for k, v in check.items() if k in SELECTOR_OPTIONS}
    if "tolerance" in options:
        options["tolerance"] = float(options["tolerance"])
    return WebCheck(
        name=check["name"],
        assertion=assertion,
        page=check.get("page", page),
        message=check.get("message", ""),
        hint=check.get("hint", ""),
        widths=tuple(widths(check)),
        steps=tuple(_step(s) for s in check.get("steps", [])),
        a11y=check.get("a11y", ""),
        script=check.get("script", ""),
        expected=check.get("expected"),
        selector=check.get("selector", ""),
        **options,
    )


def _host_check(
    check: dict[str, Any], assertion: str, page: str, stylesheets: list[str]
) -> WebCheck:
    """A check decided on the host: no viewport, no page load."""
    own_page = check.get("page", page)
    return WebCheck(
        name=check["name"],
        assertion=assertion,
        page=own_page,
        message=check.get("message", ""),
        hint=check.get("hint", ""),
        widths=(),
        file=check.get("file", own_page) if assertion == "w3c" else "",
        warnings=check.get("warnings", False),
        declared=declared.from_check(check, stylesheets) if assertion == "declared" else None,
    )


def _step(step: dict[str, Any]) -> Step:
    action = next(a for a in STEP_ACTIONS if a in step)
    if action == "wait":
        return Step("wait", wait_ms=step["wait"])
    return Step(
        action,
        target=step[action],
        text=step.get("text", ""),
        clear=step.get("clear", True),
        times=step.get("times", 1),
    )


def _problems(tests: Mapping[str, Any], *, steps_allowed: bool, pages: set[str]) -> list[str]:
    """Problems of a ``tests.toml``, in French, for the trainer."""
    checks = tests.get("checks")
    if not isinstance(checks, list) or not checks:
        return ["`checks` doit être une liste non vide de vérifications ([[checks]])."]
    problems = []
    if "page" in tests and not isinstance(tests["page"], str):
        problems.append("`page` doit être le nom d'un fichier .html de l'exercice.")
    for index, check in enumerate(checks, start=1):
        where = f"vérification n°{index}"
        if not isinstance(check, dict):
            problems.append(f"{where} : doit être une table.")
            continue
        problems.extend(f"{where} : {p}" for p in _one_check(check, steps_allowed, pages, tests))
    return problems


def _one_check(
    check: dict[str, Any], steps_allowed: bool, pages: set[str], tests: Mapping[str, Any]
) -> list[str]:
    problems = []
    if not isinstance(check.get("name"), str) or not check["name"].strip():
        problems.append("`name` est obligatoire.")
    problems += [
        f"`{k}` doit être un texte."
        for k in ("message", "hint")
        if not isinstance(check.get(k, ""), str)
    ]
    found = [key for key in ASSERTIONS if key in check]
    if len(found) != 1:
        problems.append(f"il faut exactement une assertion parmi {', '.join(ASSERTIONS)}.")
        return problems
    unknown = set(check) - COMMON - set(ASSERTIONS) - _options_of(found[0])
    if unknown:
        problems.append(f"champs inconnus {sorted(unknown)}.")
    page = check.get("page", tests.get("page"))
    if page is not None and page not in pages:
        problems.append(f"la page « {page} » n'est pas un fichier de l'exercice.")
    if any(
        not isinstance(w, int) or isinstance(w, bool) or not 200 <= w <= 2560 for w in widths(check)
    ):
        problems.append("`viewport` : une largeur en px (200 à 2560), « mobile » ou « desktop ».")
    if "steps" in check:
        problems.extend(_steps_problems(check["steps"], steps_allowed))
    problems.extend(_assertion_problems(found[0], check, pages))
    return problems


def _options_of(assertion: str) -> set[str]:
    """The option keys an assertion accepts besides the common ones."""
    if assertion in OWN_OPTIONS:
        return set(OWN_OPTIONS[assertion]) - {"page"}
    return set(SELECTOR_OPTIONS)


def _host_problems(assertion: str, check: dict[str, Any], pages: set[str]) -> list[str]:
    """Problems of a w3c or declared check (no viewport, no steps: they load no page)."""
    problems = []
    if {"viewport", "viewports", "steps"} & set(check):
        problems.append(f"`{assertion}` lit les fichiers : ni `viewport(s)` ni `steps`.")
    if assertion == "declared":
        return problems + declared.problems(check, sorted(p for p in pages if p.endswith(".css")))
    if check["w3c"] != "valid":
        problems.append("`w3c` vaut « valid ».")
    if not isinstance(check.get("warnings", False), bool):
        problems.append("`warnings` vaut true ou false.")
    file = check.get("file")
    if file is not None and (file not in pages or not str(file).endswith((".html", ".css"))):
        problems.append("`file` : une page .html ou une feuille .css de l'exercice.")
    return problems


def _assertion_problems(assertion: str, check: dict[str, Any], pages: set[str]) -> list[str]:
    value = check[assertion]
    if assertion in HOST_CHECKS:
        return _host_problems(assertion, check, pages)
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
    problems: list[str] = []
    for number, step in enumerate(steps, start=1):
        problems.extend(f"étape {number} : {p}" for p in _step_problems(step))
    return problems


def _step_problems(step: Any) -> list[str]:
    actions = [a for a in STEP_ACTIONS if isinstance(step, dict) and a in step]
    if len(actions) != 1:
        return [f"une action parmi {', '.join(STEP_ACTIONS)}."]
    action = actions[0]
    unknown = set(step) - {action} - set(STEP_OPTIONS)
    if unknown:
        return [f"champs inconnus {sorted(unknown)}."]
    wrong = [k for k, kind in STEP_OPTIONS.items() if k in step and not isinstance(step[k], kind)]
    if wrong:
        return [f"`{wrong[0]}` n'a pas le bon type."]
    if action == "wait":
        ok = isinstance(step["wait"], int) and not isinstance(step["wait"], bool)
        return (
            [] if ok and 0 <= step["wait"] <= 2000 else ["`wait` est une durée en ms (0 à 2000)."]
        )
    if action == "type" and not isinstance(step.get("text"), str):
        return ["`type` demande `text`."]
    if not isinstance(step[action], str):
        return [f"`{action}` attend un texte."]
    if not 1 <= step.get("times", 1) <= 20:
        return ["`times` vaut de 1 à 20."]
    return []
