"""Markdown to safe HTML: markdown-it-py with raw HTML off, then one ``sanitize()``."""

from __future__ import annotations

import bleach
from markdown_it import MarkdownIt

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
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
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
