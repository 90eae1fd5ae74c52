"""The `dom` kind: HTML + JavaScript behaviour; the harness clicks, types and submits."""

from __future__ import annotations

from graders.registry import register
from graders.web.grader import WebGrader


@register
class DomGrader(WebGrader):
    """What the page shows after each action; errors thrown by its script are reported."""

    kind = "dom"
    javascript = True
    steps_allowed = True
