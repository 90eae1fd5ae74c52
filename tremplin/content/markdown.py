"""Markdown to safe HTML: markdown-it-py with raw HTML off, then one ``sanitize()``."""

from __future__ import annotations

import bleach
from markdown_it import MarkdownIt
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

MAX_MARKDOWN_CHARS = 200_000

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "del",
        "div",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "img": ["src", "alt", "title", "width", "height"],
    "code": ["class"],
    "span": ["class"],
    "pre": ["class"],
    "div": ["class"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_FORMATTER = HtmlFormatter(nowrap=True)


def highlight_code(code: str, lang: str, _attrs: object = None) -> str:
    """Pygments spans for a fenced block with a known language; "" lets markdown-it escape it."""
    try:
        lexer = get_lexer_by_name(lang.strip().lower()) if lang.strip() else None
    except ClassNotFound:
        lexer = None
    return pygments_highlight(code, lexer, _FORMATTER) if lexer is not None else ""


_md = MarkdownIt(
    "js-default",
    {"html": False, "linkify": False, "typographer": False, "highlight": highlight_code},
)
_md.enable("table")


def sanitize(html: str) -> str:
    """The single place where HTML is cleaned before it reaches a page."""
    return bleach.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
    )


def render_markdown(text: str) -> str:
    """Render Markdown (raw HTML disabled) and sanitise the result."""
    return sanitize(_md.render(text[:MAX_MARKDOWN_CHARS]))
