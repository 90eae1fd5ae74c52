"""The W3C checker's messages a beginner meets, said in plain French.

The Nu Html Checker speaks English and quotes names between “ and ”. Each rule below
matches one of its messages (the quoted parts become ``{0}``, ``{1}``…) and says it in
French, with the usual fix. A message no rule knows is quoted as it is, and said to be
the W3C validator's (its words stay in English).
"""

from __future__ import annotations

import re

from graders.web.w3c.validator import Remark

_Q = "“([^”]*)”"
_DOCTYPE = "il manque <!DOCTYPE html> tout en haut du fichier"
_CLOSE_INSIDE = (
    "</{0}> arrive alors qu'une balise ouverte à l'intérieur n'est pas fermée : "
    "ferme d'abord la dernière ouverte"
)
_RULES: tuple[tuple[str, str], ...] = (
    # Doctype and document structure
    (r"Start tag seen without seeing a doctype first.*", _DOCTYPE),
    (r"Non-space characters found without seeing a doctype first.*", _DOCTYPE),
    (
        r"End of file seen without seeing a doctype first.*",
        "le fichier est vide, ou il manque <!DOCTYPE html>",
    ),
    (
        r"(Obsolete|Almost standards mode|Quirky) doctype.*",
        "ce doctype est ancien : écris simplement <!DOCTYPE html>",
    ),
    (r"Stray doctype\.", "<!DOCTYPE html> s'écrit une seule fois, tout en haut du fichier"),
    (
        f"Element {_Q} is missing a required instance of child element {_Q}\\.",
        "il manque l'élément <{1}> dans <{0}>",
    ),
    (f"Element {_Q} must not be empty\\.", "<{0}> ne doit pas être vide"),
    (r"Empty heading\.", "ce titre est vide : écris du texte dedans"),
    (
        f"Stray start tag {_Q}\\.",
        "<{0}> n'est pas à sa place ici (écrite deux fois, ou après </body> ?)",
    ),
    (
        f"Stray end tag {_Q}\\.",
        "la balise fermante </{0}> ne ferme aucune balise ouverte : enlève-la",
    ),
    (f"End tag {_Q}\\.", "</{0}> n'existe pas : <{0}> n'a pas de balise fermante"),
    (f"Unclosed element {_Q}\\.", "<{0}> n'est jamais fermée : ajoute </{0}> au bon endroit"),
    (f"End tag {_Q} seen, but there were open elements\\.", _CLOSE_INSIDE),
    (f"End tag for +{_Q} seen, but there were unclosed elements\\.", _CLOSE_INSIDE),
    (
        f"No {_Q} element in scope but a {_Q} end tag seen\\.",
        "</{0}> ferme une balise <{0}> qui n'est pas ouverte ici (balises mal imbriquées ?)",
    ),
    (
        r"End of file seen (and there were open elements|when expecting text or an end tag)\.",
        "le fichier se termine alors que des balises ne sont pas fermées",
    ),
    (
        f"Start tag {_Q} seen but an element of the same type was already open\\.",
        "<{0}> est ouverte alors qu'une autre <{0}> n'est pas fermée : ferme la première",
    ),
    (
        r"Saw a “form” start tag, but there was already an active “form” element.*",
        "un formulaire ne peut pas être dans un autre formulaire",
    ),
    (
        r"Heading cannot be a child of another heading\.",
        "un titre ne peut pas être dans un autre titre : ferme le premier avant",
    ),
    (
        f"Element {_Q} not allowed as child of element {_Q} in this context.*",
        "<{0}> n'a pas le droit d'être directement dans <{1}>",
    ),
    (
        f"Text not allowed in element {_Q} in this context\\.",
        "du texte n'a pas le droit d'être directement dans <{0}>",
    ),
    (
        f"The element {_Q}( with the attribute {_Q})? must not appear as a descendant of the {_Q} element\\.",
        "<{0}> ne peut pas être à l'intérieur de <{3}>",
    ),
    (
        r"Misplaced non-space characters inside a table\.",
        "du texte est dans <table> hors d'une cellule : mets-le dans <td> ou <th>",
    ),
    (f"{_Q} start tag in table body\\.", "<{0}> doit être dans une ligne <tr>"),
    (
        r"A document must not include more than one visible “main” element\.",
        "une page n'a qu'une seule zone <main>",
    ),
    (
        f"The {_Q} element is a completely-unknown element.*",
        "<{0}> n'existe pas en HTML (faute de frappe, ou un < mal placé ?)",
    ),
    (f"The {_Q} element is obsolete\\..*", "<{0}> est obsolète : fais la mise en forme en CSS"),
    # Attributes
    (
        f"An {_Q} element must have an {_Q} attribute.*",
        '<{0}> doit avoir un attribut {1}, qui décrit l\'image (alt="" si elle est décorative)',
    ),
    (f"Element {_Q} is missing required attribute {_Q}\\.", "<{0}> doit avoir l'attribut {1}"),
    (
        f"Element {_Q} is missing one or more of the following attributes: (.*)\\.",
        "<{0}> doit avoir l'un de ces attributs : {1}",
    ),
    (
        f"Attribute {_Q} not allowed on element {_Q} at this point\\.",
        "l'attribut {0} n'existe pas sur <{1}> (faute de frappe ?)",
    ),
    (f"Duplicate attribute {_Q}\\.", "l'attribut {0} est écrit deux fois dans la même balise"),
    (
        f"Duplicate ID {_Q}\\.",
        'l\'identifiant id="{0}" est déjà utilisé : un id est unique dans la page',
    ),
    (f"The first occurrence of ID {_Q} was here\\.", 'première utilisation de id="{0}"'),
    (
        f"Bad value {_Q} for attribute {_Q} on element {_Q}: Must be non-empty\\.",
        "l'attribut {1} de <{2}> ne doit pas être vide",
    ),
    (
        f"Bad value {_Q} for attribute {_Q} on element {_Q}: An ID must not (be the empty string|contain whitespace)\\.",
        "un id ne peut être ni vide ni contenir d'espace (« {0} ») : écris par exemple mon-id",
    ),
    (
        f"Bad value {_Q} for attribute {_Q} on element {_Q}: Illegal character in .*Space is not allowed\\.",
        "l'adresse « {0} » contient une espace : renomme le fichier sans espace (ou écris %20)",
    ),
    (
        f"Bad value {_Q} for attribute {_Q} on element {_Q}: Illegal character in .*",
        "l'adresse « {0} » de l'attribut {1} contient un caractère interdit (guillemet oublié ?)",
    ),
    (
        f"Bad value {_Q} for attribute “lang” on element {_Q}.*",
        '« {0} » n\'est pas un code de langue : écris lang="fr"',
    ),
    (
        f"Bad value {_Q} for attribute {_Q} on element {_Q}: Expected a digit.*",
        'l\'attribut {1} de <{2}> attend un nombre sans unité : {1}="100", pas « {0} »',
    ),
    (
        f"Bad value {_Q} for attribute {_Q} on element {_Q}.*",
        "« {0} » n'est pas une valeur possible de l'attribut {1} de <{2}>",
    ),
    (
        f"The {_Q} attribute on the {_Q} element is obsolete\\..*",
        "l'attribut {0} de <{1}> est obsolète : fais la mise en forme en CSS",
    ),
    (
        r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control\.",
        "le for de <label> doit être l'id d'un champ du formulaire (les deux doivent être identiques)",
    ),
    (
        r"The only allowed value for the “charset” attribute for the “meta” element is “utf-8”\.",
        'écris <meta charset="utf-8"> : c\'est le seul encodage permis',
    ),
    (
        f"Internal encoding declaration {_Q} disagrees with the actual encoding of the document.*",
        'le fichier est en UTF-8 : écris <meta charset="utf-8">',
    ),
    (
        f"Consider adding a {_Q} attribute to the {_Q} start tag.*",
        'ajoute lang="fr" à <html> : la langue de la page aide les lecteurs d\'écran',
    ),
    # Syntax of tags and characters
    (r"No space between attributes\.", "il manque une espace entre deux attributs"),
    (
        f"Quote {_Q} in attribute name\\..*",
        "guillemet mal placé dans un nom d'attribut : un guillemet manque plus tôt ?",
    ),
    (
        r"Saw “<” when expecting an attribute name\..*",
        "un < dans une balise : il manque sans doute un > avant",
    ),
    (
        f"{_Q} in an unquoted attribute value\\..*",
        'mets la valeur de l\'attribut entre guillemets : attribut="valeur"',
    ),
    (
        r"A slash was not immediately followed by “>”\.",
        "une barre / dans une balise doit être suivie de >",
    ),
    (
        r"Self-closing syntax \(“/>”\) used on a non-void HTML element.*",
        "cette balise ne se ferme pas avec /> : écris sa balise fermante",
    ),
    (f"Bad character {_Q} after “<”\\..*", "un < isolé : pour afficher ce symbole, écris &lt;"),
    (
        r"Named character reference was not terminated by a semicolon.*",
        "une entité comme &eacute; se termine par un point-virgule",
    ),
    (r"“&” did not start a character reference.*", "un & isolé : écris &amp;"),
    (
        r"Malformed byte sequence: “[^”]*”\.",
        "caractère mal encodé : enregistre le fichier en UTF-8",
    ),
    (r"Forbidden code point (U\+[0-9a-fA-F]+)\.", "caractère interdit ({0}) dans le fichier"),
    (
        r"Cannot recover after last error.*",
        "le validateur s'arrête ici : corrige d'abord l'erreur précédente",
    ),
    (
        r"The document tree is more than \d+ elements deep.*",
        "balises imbriquées trop profondément : des balises ouvertes ne sont jamais fermées ?",
    ),
    # Warnings (shown when an exercise asks for them)
    (
        r"(Section|Article) lacks heading.*",
        "cette zone <section> ou <article> n'a pas de titre (h2 à h6)",
    ),
    (
        f"The {_Q} attribute is unnecessary for JavaScript resources\\.",
        "l'attribut type est inutile sur <script> : enlève-le",
    ),
    (
        f"The {_Q} role is unnecessary for element {_Q}\\.",
        'role="{0}" est inutile sur <{1}> : enlève-le',
    ),
    (
        r"Trailing slash on void elements has no effect.*",
        "la barre / de fin (<br />) est inutile en HTML : écris <br>",
    ),
    (
        r"The document is not mappable to XML 1\.0 due to two consecutive hyphens in a comment\.",
        "pas de -- à l'intérieur d'un commentaire <!-- … -->",
    ),
    # CSS (in a stylesheet, a <style> element or a style attribute)
    (
        f"CSS: {_Q}: Property {_Q} doesn't exist\\.",
        "CSS : la propriété « {1} » n'existe pas (faute de frappe ?)",
    ),
    (
        f"CSS: {_Q}: only “0” can be a “unit”.*",
        "CSS : dans {0}, un nombre (sauf 0) a besoin d'une unité collée : 16px, 1.5rem",
    ),
    (
        f"CSS: {_Q}: {_Q} is not a {_Q} value\\.",
        "CSS : « {1} » n'est pas une valeur possible de {0}",
    ),
    (
        f"CSS: {_Q}: {_Q} is not a valid color.*",
        "CSS : « {1} » n'est pas une couleur : #rgb ou #rrggbb (3 ou 6 chiffres)",
    ),
    (
        f"CSS: {_Q}: Too many values or values are not recognized\\.",
        "CSS : {0} a trop de valeurs, ou des valeurs inconnues",
    ),
    (
        f"CSS: {_Q}: Parse Error\\.",
        "CSS : la valeur de {0} est mal écrite (espace ou parenthèse manquante ?)",
    ),
    (
        r"CSS: Parse Error\.",
        "CSS : erreur de syntaxe (accolade, deux-points ou point-virgule oublié ?)",
    ),
)
_COMPILED = tuple((re.compile(pattern), text) for pattern, text in _RULES)
_MAX_QUOTED = 200


def in_french(message: str) -> str:
    """One message of the checker in plain French, or quoted as the W3C validator's."""
    for pattern, text in _COMPILED:
        found = pattern.fullmatch(message)
        if found:
            return text.format(
                *((g or "").replace("“", "").replace("”", "") for g in found.groups())
            )
    quoted = message if len(message) <= _MAX_QUOTED else message[:_MAX_QUOTED] + "…"
    return f"le validateur du W3C signale (en anglais) : « {quoted} »"


def describe(remark: Remark) -> str:
    """``ligne 4, colonne 7 : <img> doit avoir un attribut alt…``."""
    where = f"ligne {remark.line}, colonne {remark.column}" if remark.line else "fichier"
    warning = "avertissement : " if remark.warning else ""
    return f"{where} : {warning}{in_french(remark.message)}"
