"""House rules that no linter checks here: module size, and no private name across modules."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("tremplin", "graders", "sandbox", "tests", "bench", "scripts")
MAX_LINES = 400
MODULES = sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_no_module_is_over_400_lines() -> None:
    long = [_name(p) for p in MODULES if p.read_text(encoding="utf-8").count("\n") > MAX_LINES]
    assert long == [], "split these by concern"


def test_no_private_name_is_imported_from_another_module() -> None:
    private = [
        f"{_name(path)}: {node.module}.{alias.name}"
        for path in MODULES
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert private == [], "make these public where they are defined"
