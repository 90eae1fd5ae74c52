"""Markup errors of the HTML standard's parser (html5lib codes), said in plain French."""

from __future__ import annotations

from typing import Any

_MESSAGES = {
    "expected-doctype-but-got-start-tag": "il manque <!DOCTYPE html> tout en haut du fichier",
    "expected-doctype-but-got-chars": "il manque <!DOCTYPE html> tout en haut du fichier",
    "expected-doctype-but-got-eof": "le fichier est vide ou il manque <!DOCTYPE html>",
    "expected-doctype-but-got-end-tag": "il manque <!DOCTYPE html> tout en haut du fichier",
    "unknown-doctype": "ce doctype n'est pas celui de HTML5 : écris simplement <!DOCTYPE html>",
    "unexpected-doctype": "<!DOCTYPE html> doit être écrit une seule fois, tout en haut",
    "unexpected-end-tag": "la balise fermante </{name}> ne ferme aucune balise ouverte",
    "end-tag-too-early": "</{name}> arrive trop tôt : une balise ouverte à l'intérieur n'est pas fermée",
    "end-tag-too-early-named": "</{gotName}> arrive alors que <{expectedName}> n'est pas fermée",
    "expected-one-end-tag-but-got-another": "</{gotName}> arrive alors que <{expectedName}> n'est pas fermée",
    "expected-named-closing-tag-but-got-eof": "le fichier se termine alors que <{name}> n'est pas fermée",
    "expected-closing-tag-but-got-eof": "le fichier se termine au milieu d'une balise fermante",
    "eof-in-tag-name": "le fichier se termine au milieu d'une balise (il manque >)",
    "eof-in-attribute-value-double-quote": "un guillemet \" d'attribut n'est jamais refermé",
    "eof-in-attribute-value-single-quote": "un guillemet ' d'attribut n'est jamais refermé",
    "duplicate-attribute": "un attribut est écrit deux fois dans la même balise",
    "invalid-character-in-attribute-name": "caractère inattendu dans un nom d'attribut (guillemet mal placé ?)",
    "unexpected-character-in-unquoted-attribute-value": 'valeur d\'attribut sans guillemets : écris attribut="valeur"',
    "unexpected-character-after-attribute-value": "il manque une espace entre deux attributs",
    "non-void-element-with-trailing-solidus": "<{name} /> ne se ferme pas ainsi : écris <{name}></{name}>",
    "adoption-agency-1.3": "balises mal imbriquées autour de </{name}> : ferme d'abord la dernière ouverte",
    "adoption-agency-1.2": "</{name}> ferme une balise qui n'est pas ouverte ici",
    "unexpected-start-tag": "<{name}> n'est pas à sa place ici",
    "unexpected-start-tag-out-of-my-head": "<{name}> doit être dans <head>, pas plus bas",
    "two-heads-are-not-better-than-one": "il y a deux <head> : une page n'en a qu'un",
    "unexpected-start-tag-after-body": "<{name}> est écrite après </body> : tout le contenu va dans <body>",
    "unexpected-end-tag-after-body": "</{name}> est écrite après </body>",
    "unexpected-char-after-body": "du texte est écrit après </body> : tout le contenu va dans <body>",
    "expected-eof-but-got-char": "du texte est écrit après </html>",
    "expected-eof-but-got-start-tag": "<{name}> est écrite après </html>",
    "expected-tag-name": "un < isolé : pour afficher ce symbole, écris &lt;",
    "expected-tag-name-but-got-right-bracket": "<> vide : il manque le nom de la balise",
    "incorrect-comment": "commentaire mal écrit : un commentaire s'écrit <!-- texte -->",
    "eof-in-comment": "un commentaire <!-- n'est jamais refermé par -->",
    "named-entity-without-semicolon": "une entité comme &amp; doit finir par un point-virgule",
    "unexpected-end-tag-before-html": "</{name}> arrive avant même <html>",
    "end-tag-after-implied-root": "</{name}> arrive avant même <html>",
}


def describe_markup_error(error: dict[str, Any]) -> str:
    """One parse error as the learner reads it: ``ligne 4 : <p /> ne se ferme pas ainsi…``."""
    code = str(error.get("code", ""))
    names = {k: str(v) for k, v in (error.get("vars") or {}).items()}
    template = _MESSAGES.get(code)
    try:
        text = template.format(**names) if template else f"erreur de syntaxe HTML ({code})"
    except (KeyError, IndexError):
        text = f"erreur de syntaxe HTML ({code})"
    return f"ligne {error.get('line', '?')} : {text}"
