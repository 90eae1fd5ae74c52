"""One fact measured in the page against one check: an empty string, or what is wrong in French."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graders.web.css_values import expand, parse_length, same_value, show
from graders.web.markup_messages import describe_markup_error
from graders.web.spec import WebCheck

_TAG = re.compile(r"^[a-z][a-z0-9]*$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
BOX_TOLERANCE_PX = 1.0


@dataclass(frozen=True, slots=True)
class Context:
    """What checks need besides the facts: the submission's files, the load timeout."""

    files: frozenset[str]
    load_timeout_s: float
    texts: Mapping[str, str]  # the files' text (fixed files win over the learner's)


def what(selector: str) -> str:
    """``<h1>`` for a tag name, ``« .carte »`` for any other selector."""
    return f"<{selector}>" if _TAG.match(selector) else f"« {selector} »"


def problem(check: WebCheck, fact: dict[str, Any], context: Context) -> str:
    """The problem found in one fact (empty when the check holds)."""
    if fact.get("error") == "bad-selector":
        return f"Le sélecteur {check.selector!r} est invalide (à corriger dans tests.toml)."
    if check.assertion == "doctype":
        ok = fact.get("name") == "html"
        return "" if ok else "Il manque la ligne <!DOCTYPE html> tout en haut du fichier."
    if check.assertion == "a11y":
        return a11y_problem(check.a11y, fact)
    if check.assertion == "links":
        return links_problem(fact.get("hrefs") or [], check.page, context.files)
    if check.assertion == "script":
        return script_problem(check, fact)
    return selector_problem(check, fact)


def selector_problem(check: WebCheck, fact: dict[str, Any]) -> str:
    """Count, texts, attributes, computed styles, boxes and layout of the matched elements."""
    name = what(check.selector)
    count = int(fact.get("count") or 0)
    items = [i for i in fact.get("items") or [] if isinstance(i, dict)]
    if check.count is not None and count != check.count:
        return f"Il faut exactement {check.count} {name} ; ta page en a {count}."
    if check.min_count is not None and count < check.min_count:
        return f"Il faut au moins {check.min_count} {name} ; ta page en a {count}."
    if check.max_count is not None and count > check.max_count:
        return f"Il faut au plus {check.max_count} {name} ; ta page en a {count}."
    if count == 0:
        counted = check.count is not None or check.max_count is not None
        return "" if counted else f"Aucun élément {name} dans ta page."
    if check.layout is not None or check.columns is not None:
        return layout_problem(check, [i for i in items if i.get("visible")], name)
    found = [item_problem(check, item, name) for item in items]
    if check.match == "any" and not all(found):
        return ""
    return next((f for f in found if f), "")


def item_problem(check: WebCheck, item: dict[str, Any], name: str) -> str:
    """The first requirement one element does not meet."""
    text = str(item.get("text", ""))
    if check.attribute is not None:
        return attribute_problem(check, (item.get("attrs") or {}).get(check.attribute), name)
    if check.text is not None and text != " ".join(check.text.split()):
        return f"Le texte de {name} est « {text} » ; attendu : « {check.text} »."
    if check.text_contains is not None and check.text_contains not in text:
        return f"Le texte de {name} (« {text} ») doit contenir « {check.text_contains} »."
    if check.not_empty and not text.strip():
        return f"{name} est vide : écris du texte dedans."
    if check.property is not None:
        return style_problem(check, item, name)
    if check.box is not None:
        return box_problem(check, item, name)
    if check.visible is not None and bool(item.get("visible")) != check.visible:
        return f"{name} devrait être {'visible' if check.visible else 'caché'}."
    return ""


def attribute_problem(check: WebCheck, value: str | None, name: str) -> str:
    """An attribute present, not blank, or equal to a value."""
    attribute = check.attribute
    if value is None:
        return f"{name} n'a pas d'attribut {attribute}."
    if check.not_empty and not value.strip():
        return f"L'attribut {attribute} de {name} est vide : remplis-le."
    if check.value is not None and value != str(check.value):
        return f"L'attribut {attribute} de {name} vaut « {value} » ; attendu : « {check.value} »."
    return ""


def style_problem(check: WebCheck, item: dict[str, Any], name: str) -> str:
    """Computed styles: ``padding: 16px`` is checked on its four sides."""
    styles = item.get("styles") or {}
    font_px = parse_length(str(styles.get("font-size", "16px"))) or 16.0
    for prop, expected in expand(str(check.property), str(check.value)).items():
        got = str(styles.get(prop, ""))
        if not same_value(prop, expected, got, font_px):
            return f"{name} : {prop} vaut {show(prop, got)} ; attendu : {expected}."
    return ""


def _px(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else parse_length(str(value))


def box_problem(check: WebCheck, item: dict[str, Any], name: str) -> str:
    """Size or position of the element's box, in px."""
    side = str(check.box)
    got = float((item.get("box") or {}).get(side, 0))
    label = {"width": "largeur", "height": "hauteur", "x": "position x", "y": "position y"}[side]
    tolerance = check.tolerance if check.tolerance is not None else BOX_TOLERANCE_PX
    want, low, high = (
        _px(v) if v is not None else None for v in (check.value, check.min, check.max)
    )
    if want is not None and abs(got - want) > tolerance:
        return f"{name} : {label} de {got:g} px ; attendu : {want:g} px."
    if low is not None and got < low - tolerance:
        return f"{name} : {label} de {got:g} px ; il faut au moins {low:g} px."
    if high is not None and got > high + tolerance:
        return f"{name} : {label} de {got:g} px ; il faut au plus {high:g} px."
    return ""


def layout_problem(check: WebCheck, items: list[dict[str, Any]], name: str) -> str:
    """Elements side by side (``row``), stacked (``column``), or in N columns."""
    boxes = [i.get("box") or {} for i in items]
    if check.columns is not None:
        columns = len({round(float(b.get("x", 0)) / 4) for b in boxes})
        if columns != check.columns:
            return f"Les éléments {name} sont sur {columns} colonne(s) ; attendu : {check.columns}."
        return ""
    for a, b in zip(boxes, boxes[1:], strict=False):
        if check.layout == "row" and float(b["x"]) < float(a["x"]) + float(a["width"]) - 1:
            return f"Les éléments {name} devraient être côte à côte (en ligne)."
        if check.layout == "column" and float(b["y"]) < float(a["y"]) + float(a["height"]) - 1:
            return f"Les éléments {name} devraient être les uns sous les autres (en colonne)."
    return ""


def a11y_problem(rule: str, fact: dict[str, Any]) -> str:
    """Accessibility basics: alt texts, labels, headings, landmarks."""
    bad = [str(b) for b in fact.get("bad") or []]
    if rule == "img-alt" and bad:
        return f'Image sans attribut alt : {bad[0]} Ajoute alt="…" qui décrit l\'image.'
    if rule == "labels" and bad:
        return f'Champ sans étiquette : {bad[0]} Relie-le à un <label for="…">.'
    if rule == "headings":
        return headings_problem([int(x) for x in fact.get("levels") or []])
    if rule == "landmarks":
        if fact.get("main") != 1:
            return f"Il faut une zone <main>, une seule (ta page en a {fact.get('main', 0)})."
        missing = [tag for tag in ("header", "footer") if not fact.get(tag)]
        return f"Il manque la zone <{missing[0]}>." if missing else ""
    return ""


def headings_problem(levels: list[int]) -> str:
    """One ``h1`` first, then no level skipped."""
    if levels.count(1) != 1:
        return f"Il faut un seul titre <h1> ; ta page en a {levels.count(1)}."
    if levels[0] != 1:
        return f"Le premier titre doit être le <h1>, pas un <h{levels[0]}>."
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            return (
                f"Niveau de titre sauté : <h{before}> puis <h{after}>. Passe par <h{before + 1}>."
            )
    return ""


def links_problem(hrefs: list[Any], page: str, files: frozenset[str]) -> str:
    """Every link to a local page must lead to a file of the submission."""
    for href in (str(h).strip() for h in hrefs):
        if href.startswith(("#", "//")) or _SCHEME.match(href):
            continue
        path = href.split("#", 1)[0].split("?", 1)[0]
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else ""
        if target not in files:
            return f"Le lien « {href[:100]} » mène à une page qui n'existe pas."
    return ""


def script_problem(check: WebCheck, fact: dict[str, Any]) -> str:
    """A trainer script's value, compared with ``expected``."""
    if "error" in fact:
        return f"Le test a rencontré une erreur dans ta page : {str(fact['error'])[:200]}"
    if fact.get("value") != check.expected:
        return f"Obtenu : {fact.get('value')!r} ; attendu : {check.expected!r}."
    return ""


def markup_problem(markup: dict[str, list[dict]], page: str) -> str:
    """Parse errors of a page, three at most."""
    errors = markup.get(page)
    if errors is None:
        return f"Le fichier {page} est introuvable."
    if not errors:
        return ""
    listed = " ; ".join(describe_markup_error(e) for e in errors[:3])
    return f"Erreurs dans le code HTML de {page} : {listed}."


def errors_problem(errors: list[dict[str, Any]]) -> str:
    """The first error thrown by the learner's script."""
    if not errors:
        return ""
    return f"Ton script a levé une erreur : {describe_page_error(errors[0])}"


def describe_page_error(error: dict[str, Any]) -> str:
    """``TypeError: … (script.js, ligne 3)``, with advice for the classic null element."""
    where = f" ({error.get('file') or 'page'}, ligne {error.get('line', '?')})"
    text = str(error.get("message", ""))[:300] + where + "."
    if "of null" in text:
        text += " Vérifie que le sélecteur (getElementById, querySelector) trouve bien l'élément."
    return text
