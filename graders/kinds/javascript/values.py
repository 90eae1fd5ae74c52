"""JavaScript values as the driver encodes them: compared with expected values, and shown."""

from __future__ import annotations

import json
import math
from typing import Any


def matches(expected: Any, value: dict, tolerance: float, depth: int = 0) -> bool:
    """Compare an expected Python value with an encoded JavaScript value."""
    kind = value.get("type")
    if depth > 20:
        return False
    if expected is None:
        return kind == "null"
    if isinstance(expected, bool):
        return kind == "boolean" and value.get("value") is expected
    if isinstance(expected, int | float):
        got = value.get("value")
        if kind != "number" or isinstance(got, bool) or not isinstance(got, int | float):
            return False
        return math.isclose(got, expected, rel_tol=tolerance, abs_tol=tolerance)
    if isinstance(expected, str):
        return kind == "string" and value.get("value") == expected
    if isinstance(expected, list):
        items = value.get("items")
        return (
            kind == "array"
            and isinstance(items, list)
            and len(items) == len(expected)
            and all(
                isinstance(v, dict) and matches(e, v, tolerance, depth + 1)
                for e, v in zip(expected, items, strict=True)
            )
        )
    if isinstance(expected, dict):
        entries = value.get("entries")
        return (
            kind == "object"
            and isinstance(entries, dict)
            and set(entries) == set(expected)
            and all(
                isinstance(entries[k], dict) and matches(v, entries[k], tolerance, depth + 1)
                for k, v in expected.items()
            )
        )
    return False


def describe(value: dict, depth: int = 0) -> str:
    """A JavaScript-looking rendering of an encoded value, for feedback."""
    kind = value.get("type")
    if depth > 5:
        return "…"
    if kind in ("undefined", "null"):
        return kind
    if kind == "nan":
        return "NaN"
    if kind == "infinity":
        return "Infinity" if value.get("sign", 1) > 0 else "-Infinity"
    if kind == "string":
        return json.dumps(value.get("value", ""), ensure_ascii=False)[:200]
    if kind == "boolean":
        return "true" if value.get("value") else "false"
    if kind == "number":
        return py_describe(value.get("value"))
    if kind == "array":
        items = [describe(v, depth + 1) for v in value.get("items", [])[:20] if isinstance(v, dict)]
        return "[" + ", ".join(items) + "]"
    if kind == "object":
        entries = value.get("entries", {})
        parts = [f"{k}: {describe(v, depth + 1)}" for k, v in list(entries.items())[:20]]
        return "{" + ", ".join(parts) + "}"
    return str(value.get("repr", "?"))[:200]


def py_describe(value: Any) -> str:
    """An expected (Python) value written the way JavaScript shows it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(py_describe(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {py_describe(v)}" for k, v in value.items()) + "}"
    return str(value)
