"""Text that came from a learner's run, made safe to store and to show.

Anything a learner's code controls (program output, returned values, console lines,
messages built from them, file contents read back from the sandbox) goes through
``clean_text`` before it reaches the database or a page:

- lone surrogates (a JavaScript string cut in the middle of an emoji) become U+FFFD:
  they cannot be encoded in UTF-8, so neither SQLite nor PostgreSQL can store them;
- NUL is removed (PostgreSQL refuses it in text);
- terminal escapes, other control characters and bidi controls are shown escaped
  (``\\x1b``, ``\\u202e``): they would let output restyle or reorder what the learner
  and the trainer read (CVE-2021-42574).

Tabs, newlines and carriage returns are kept. Cleaning twice changes nothing.
"""

from __future__ import annotations

import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROLS = {c for c in range(0x20) if chr(c) not in "\t\n\r"} | {0x7F, *range(0x80, 0xA0)}
_TABLE: dict[int, str | None] = {c: f"\\x{c:02x}" for c in _CONTROLS}
_TABLE |= {ord(c): f"\\u{ord(c):04x}" for c in _BIDI}
_TABLE[0] = None


def clean_text(text: str) -> str:
    """Text from a sandbox made safe to store and show (see the module's docstring)."""
    return _SURROGATE.sub("\ufffd", text).translate(_TABLE)


def clean_value(value: Any) -> Any:
    """``clean_text`` applied to every string (keys included) of a JSON value."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_value(v) for k, v in value.items()}
    return value
