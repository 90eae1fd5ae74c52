"""The `html` kind: the learner's pages, checked on the document Chromium parsed (scripts off)."""

from __future__ import annotations

from graders.kinds.web import WebGrader
from graders.registry import register


@register
class HtmlGrader(WebGrader):
    """Doctype, structure, texts, attributes, links and accessibility of HTML pages."""

    kind = "html"
