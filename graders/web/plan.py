"""The plan sent into the sandbox: page loads (page, viewport, steps) and what to measure.

It holds what to load and measure, never the expected values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from graders.web.css_values import expand
from graders.web.spec import WebCheck, WebSpec

SCRIPT_TIMEOUT_S = 3


@dataclass(frozen=True, slots=True)
class ProbeRef:
    """One measurement: check number ``check`` (0-based) at viewport width ``width``."""

    check: int
    width: int
    session: int


def probe_for(check: WebCheck, probe_id: int) -> dict[str, Any] | None:
    """What the harness measures for a check (no expected value in it)."""
    if check.assertion == "doctype":
        return {"id": probe_id, "kind": "doctype"}
    if check.assertion == "a11y":
        return {"id": probe_id, "kind": "a11y", "name": check.a11y}
    if check.assertion == "links":
        return {"id": probe_id, "kind": "links"}
    if check.assertion == "script":
        return {
            "id": probe_id,
            "kind": "script",
            "source": check.script,
            "timeout_s": SCRIPT_TIMEOUT_S,
        }
    if check.assertion == "selector":
        styles = list(expand(check.property, str(check.value))) if check.property else []
        return {
            "id": probe_id,
            "kind": "select",
            "selector": check.selector,
            "attrs": [check.attribute] if check.attribute is not None else [],
            "styles": [*styles, "font-size"],
            "pseudo": check.pseudo,
        }
    return None  # markup and no_errors need no measurement in the page


def build_plan(
    spec: WebSpec, *, js: bool, timing: dict[str, float]
) -> tuple[dict[str, Any], dict[int, ProbeRef]]:
    """Group the checks into page loads; return the plan and what each probe id stands for."""
    sessions: dict[str, dict[str, Any]] = {}
    refs: dict[int, ProbeRef] = {}
    for index, check in enumerate(spec.checks):
        steps = [step.to_plan() for step in check.steps]
        for width in check.widths:
            own = check.assertion == "script"
            key = json.dumps([check.page, width, steps, index if own else None])
            session = sessions.setdefault(
                key,
                {
                    "id": len(sessions),
                    "page": check.page,
                    "viewport": [width, 740 if width < 600 else 800],
                    "steps": steps,
                    "probes": [],
                },
            )
            probe = probe_for(check, len(refs))
            if probe is not None or check.assertion == "no_errors":
                if probe is not None:
                    session["probes"].append(probe)
                refs[len(refs)] = ProbeRef(index, width, session["id"])
    plan = {"js": js, "sessions": list(sessions.values()), **timing}
    return plan, refs
