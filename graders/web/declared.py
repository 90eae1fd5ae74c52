"""``declared`` checks: what the learner's stylesheet *declares*, read on the host.

Computed styles show only the value that won, never a fallback declared before it, nor
what sits in ``@supports``. These checks parse the learner's stylesheet (already on the
host) with tinycss2, the CSS Syntax Level 3 tokenizer, and look at the declarations of one
property in the rules of one selector:

- outside ``@supports`` (at top level or in ``@media``), or, with ``supports``, inside an
  ``@supports`` block whose condition holds that text (``not`` conditions excluded);
- the last one, which wins in a browser that knows it, must equal ``value`` or contain
  ``contains``;
- with ``fallback``, an earlier one must differ from it: the value an older browser keeps
  when it drops the newer one (``min-height: 100vh; min-height: 100dvh;``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import tinycss2
from tinycss2 import ast

OPTIONS: dict[str, type] = {
    "rule": str,
    "file": str,
    "value": str,
    "contains": str,
    "fallback": bool,
    "supports": str,
}


@dataclass(frozen=True, slots=True)
class Declared:
    """What a ``declared`` check asks (the property, the rule's selector, the conditions)."""

    prop: str
    rule: str
    file: str
    value: str | None = None
    contains: str | None = None
    fallback: bool = False
    supports: str | None = None


def problems(check: Mapping[str, Any], stylesheets: list[str]) -> list[str]:
    """What is wrong with a ``declared`` check of tests.toml, in French."""
    found = []
    if not isinstance(check["declared"], str) or not check["declared"].strip():
        found.append("`declared` est le nom d'une propriété CSS (ex. « min-height »).")
    if not isinstance(check.get("rule"), str) or not check["rule"].strip():
        found.append(
            "`rule` (le sélecteur de la règle, tel qu'écrit dans la feuille) est obligatoire."
        )
    found += [
        f"`{key}` n'a pas le bon type."
        for key, kind in OPTIONS.items()
        if key in check and not isinstance(check[key], kind)
    ]
    if check.get("fallback") and not {"value", "contains"} & set(check):
        found.append("`fallback` demande `value` ou `contains` (la valeur récente).")
    if "file" in check and check["file"] not in stylesheets:
        found.append(f"`file` : « {check['file']} » n'est pas une feuille .css de l'exercice.")
    elif "file" not in check and len(stylesheets) != 1:
        found.append("`file` : dis quelle feuille .css lire (l'exercice n'en a pas une seule).")
    return found


def from_check(check: Mapping[str, Any], stylesheets: list[str]) -> Declared:
    """The parsed check (its ``file`` defaults to the exercise's only stylesheet)."""
    return Declared(
        prop=check["declared"].strip().lower(),
        rule=check["rule"],
        file=check.get("file", stylesheets[0] if stylesheets else ""),
        value=check.get("value"),
        contains=check.get("contains"),
        fallback=check.get("fallback", False),
        supports=check.get("supports"),
    )


def problem(check: Declared, files: Mapping[str, str]) -> str:
    """What the stylesheet lacks for this check, in French; empty when it holds."""
    source = files.get(check.file)
    if source is None:
        return f"Le fichier {check.file} est introuvable."
    inside = f" à l'intérieur de @supports ({check.supports})" if check.supports else ""
    where = f"la règle « {check.rule} »{inside}"
    rules = [r for r in _rules(source, check.supports) if _norm_selector(check.rule) in r[0]]
    if not rules:
        return f"Aucune règle « {check.rule} »{inside} dans {check.file}."
    values = [v for _, declared in rules for name, v in declared if name == check.prop]
    if not values:
        return f"{where[0].upper()}{where[1:]} ne déclare pas {check.prop}."
    last = values[-1]
    if not _wanted(check, last):
        message = f"Dans {where}, {check.prop} vaut « {last} » ; attendu : {_expected(check)}."
        if any(_wanted(check, v) for v in values):
            message += " La dernière déclaration l'emporte : écris la valeur de secours avant."
        return message
    if check.fallback and all(_norm(v) == _norm(last) for v in values[:-1]):
        return (
            f"Dans {where}, {check.prop} n'a pas de valeur de secours : déclare d'abord "
            f"une valeur que tous les navigateurs comprennent, puis « {last} » juste après."
        )
    return ""


def _wanted(check: Declared, value: str) -> bool:
    if check.value is not None and _norm(value) != _norm(check.value):
        return False
    return check.contains is None or _norm(check.contains) in _norm(value)


def _expected(check: Declared) -> str:
    if check.value is not None:
        return f"« {check.value} »"
    return f"une valeur avec « {check.contains} »"


def _rules(source: str, supports: str | None) -> Iterator[tuple[set[str], list[tuple[str, str]]]]:
    """Each qualified rule of the context: its selectors and its declarations, in order."""
    nodes = tinycss2.parse_stylesheet(source, skip_comments=True, skip_whitespace=True)
    yield from _walk(
        nodes, inside=None, wanted=_norm(supports).replace(" ", "") if supports else None
    )


def _walk(
    nodes: list[Any], inside: str | None, wanted: str | None
) -> Iterator[tuple[set[str], list[tuple[str, str]]]]:
    for node in nodes:
        if isinstance(node, ast.QualifiedRule) and (inside is None) == (wanted is None):
            if wanted is None or (inside and wanted in inside and "not" not in inside):
                yield _selectors(node.prelude), _declarations(node.content or [])
        elif isinstance(node, ast.AtRule) and node.content is not None:
            keyword = node.lower_at_keyword
            if keyword not in ("media", "supports", "layer", "container"):
                continue
            condition = inside
            if keyword == "supports":
                condition = _norm(tinycss2.serialize(node.prelude)).replace(" ", "")
            children = tinycss2.parse_rule_list(
                node.content, skip_comments=True, skip_whitespace=True
            )
            yield from _walk(children, condition, wanted)


def _selectors(prelude: list[Any]) -> set[str]:
    text = tinycss2.serialize(prelude)
    return {_norm_selector(part) for part in _split_commas(text) if part.strip()}


def _declarations(content: list[Any]) -> list[tuple[str, str]]:
    found = tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
    return [
        (node.lower_name, tinycss2.serialize(node.value).strip())
        for node in found
        if isinstance(node, ast.Declaration)
    ]


def _split_commas(text: str) -> list[str]:
    """A selector list split on its top-level commas (not those of ``:is(a, b)``)."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def _norm(value: str) -> str:
    """A value compared as written: case, spaces and spaces around ( ) , / do not count."""
    text = " ".join(value.lower().split())
    return re.sub(r"\s*([(),/])\s*", r"\1", text).replace("!important", "").strip()


def _norm_selector(selector: str) -> str:
    text = " ".join(selector.split())
    return re.sub(r"\s*([>+~])\s*", r"\1", text)
