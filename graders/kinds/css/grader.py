"""The `css` kind: computed styles and geometry in Chromium, at one or several viewport widths."""

from __future__ import annotations

from graders.registry import register
from graders.web.grader import WebGrader


@register
class CssGrader(WebGrader):
    """Computed values, box sizes and positions, flex/grid layout, responsive behaviour."""

    kind = "css"
