"""The `html` kind: the learner's pages, checked on the document Chromium parsed (scripts off)."""

from __future__ import annotations

from graders.registry import register
from graders.web.grader import WebGrader


@register
class HtmlGrader(WebGrader):
    """Doctype, structure, texts, attributes, links and accessibility of HTML pages."""

    kind = "html"
