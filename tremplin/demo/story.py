"""Who the demo learners are, how they work, and the wrong answers they send.

Every wrong answer here is only a candidate: the seed grades it in the real sandbox and
stores whatever verdict the grader gives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Profile:
    """A demo learner's pace and habits."""

    name: str
    pace: float  # share of the month's plan reached (1.0: on schedule)
    slips: float  # chance of a wrong first attempt where a wrong answer is known
    stuck_on: str | None = None  # stops there after several failed attempts
    idle_days: int = 0  # no activity in the last days
    working_on: str | None = None  # stops there, not passed yet (two tries so far)


LEARNERS = (
    Profile("Inès Benali", 1.15, 0.15),
    Profile("Lucas Martin", 1.05, 0.3),
    Profile("Manon Leroy", 1.0, 0.3),
    Profile("Yanis Boukhris", 0.95, 0.4, stuck_on="css-flexbox"),
    Profile("Aminata Diallo", 0.85, 0.4),
    Profile("Kevin Morel", 0.8, 0.5, working_on="html-liens-ancres"),
    Profile("Sarah Haddad", 0.8, 0.35),
    Profile("Thomas Roux", 0.75, 0.5, stuck_on="html-liens-ancres"),
    Profile("Fatou Sow", 0.7, 0.4),
    Profile("Rayan Cherif", 0.65, 0.5),
    Profile("Léa Fontaine", 0.6, 0.45),
    Profile("Jade Nguyen", 0.5, 0.5),
    Profile("Mohamed Kaci", 0.45, 0.6),
    Profile("Chloé Petit", 0.5, 0.5, idle_days=5),
    Profile("Enzo Garcia", 0.4, 0.7, idle_days=4),
)

# Plausible mistakes on the exercises where beginners stumble (file name -> text).
MISTAKES: dict[str, list[dict[str, str]]] = {
    "css-flexbox": [
        {
            "style.css": "nav ul {\n  display: flex;\n}\n\n.cartes {\n  display: block;\n}\n\n"
            ".carte {\n  padding: 1rem;\n  border: 1px solid #d1d5db;\n  border-radius: 8px;\n}\n"
        },
        {
            "style.css": "nav ul {\n  display: flex;\n  list-style: none;\n}\n\n"
            ".carte {\n  float: left;\n  width: 30%;\n  padding: 1rem;\n"
            "  border: 1px solid #d1d5db;\n  border-radius: 8px;\n}\n"
        },
    ],
    "js-somme": [
        {"somme.js": "function somme(nombres) {\n  return 0;\n}\n"},
        {
            "somme.js": "function somme(nombres) {\n  let total = 0;\n"
            "  for (let i = 1; i < nombres.length; i++) {\n    total += nombres[i];\n  }\n"
            "  return total;\n}\n"
        },
    ],
    "m3-se-reperer": [{"commandes.sh": "cd archives\ncat secret.txt\n"}],
}

# Exercises where the untouched starter is the usual first (wrong) attempt.
STARTER_FIRST = {"html-formulaire-accessible", "html-liens-ancres", "css-relier-feuille"}

TRAINER_COMMENTS = {
    "passed": [
        "Bravo, c'est propre et lisible. Continue comme ça !",
        "Très bien. Petit plus : des **noms clairs** rendent le code facile à relire.",
    ],
    "failed": [
        "Tu y es presque : relis le message du test qui échoue, il dit ce qui est attendu.",
        "Regarde la leçon sur ce point, puis essaie **une seule modification** à la fois.",
    ],
}

SAVED_COMMENTS = (
    (
        "Bravo",
        "Bravo, c'est réussi ! Prends une minute pour relire ton code : est-il clair pour quelqu'un d'autre ?",
    ),
    (
        "Relire l'énoncé",
        "Relis l'énoncé ligne par ligne et coche ce que ton code fait déjà. Ce qui reste est ta prochaine étape.",
    ),
)


def wrong_answers(slug: str, content: dict[str, Any]) -> list[dict[str, str]]:
    """Wrong attempts to try on an exercise: the known mistakes, else a partial quiz answer."""
    if slug in MISTAKES:
        return MISTAKES[slug]
    if slug in STARTER_FIRST:
        return [{name: content["starter"].get(name, "") for name in content["files"]}]
    if content["kind"] == "quiz":
        answers = json.loads(content["solution"].get("reponses.json", "{}") or "{}")
        if len(answers) > 1:
            partial = dict(list(answers.items())[:-1])
            return [{"reponses.json": json.dumps(partial, ensure_ascii=False, indent=2)}]
    return []
