"""The month's calendar: the loader refuses, in French with file and field, a plan that
refers to unknown lessons or exercises, misses one, or does not give each module its hours."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.curriculum.test_exercises import CURRICULUM
from tremplin.content.calendar import load_calendar
from tremplin.content.loader import load_curriculum

CALENDAR = ROOT / "exercises" / "calendar.toml"
DAY_ONE = 'exercises = ["m1-clavier-altgr", '
LAST_OF_DAY_ONE = '"m1-noms-de-fichiers"]'


def _edited_text(*edits: tuple[str, str]) -> str:
    text = CALENDAR.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    return text


def _errors(*edits: tuple[str, str]) -> list[str]:
    """Problems of the calendar with each ``old`` replaced by ``new`` (modules already loaded)."""
    data = tomllib.loads(_edited_text(*edits))
    return load_calendar(CALENDAR, data, CURRICULUM.modules)[1]


BAD_DAYS = {
    "unknown-exercise": (
        (DAY_ONE, 'exercises = ["m1-clavier-azerty", '),
        "jour n°1 : `exercises` : exercice inconnu « m1-clavier-azerty »",
    ),
    "unknown-lesson": (
        ('"m1-ordinateur/clavier", ', '"m1-ordinateur/claviers", '),
        "jour n°1 : `lessons` : leçon inconnue « m1-ordinateur/claviers »",
    ),
    "days-out-of-order": (("day = 2\n", "day = 3\n"), "jour n°2 : `day` vaut 3 ; attendu : 2"),
    "too-long-day": (
        ("hours = { m1-ordinateur = 7 }", "hours = { m1-ordinateur = 9 }"),
        "jour n°1 : `hours` : 9 h dans la journée ; 8 au plus.",
    ),
    "wrong-module": (
        (DAY_ONE, 'exercises = ["git-premier-depot", '),
        "jour n°1 : `exercises` : « git-premier-depot » est d'un module absent de `hours`.",
    ),
    "missing-title": (
        ('title = "Le clavier et les fichiers"\n', ""),
        "jour n°1 : le champ `title` est obligatoire (str).",
    ),
}


@pytest.mark.parametrize(("edit", "expected"), BAD_DAYS.values(), ids=BAD_DAYS.keys())
def test_a_bad_day_is_named_with_its_field(edit: tuple[str, str], expected: str) -> None:
    errors = _errors(edit)
    assert any(error.startswith(f"{CALENDAR} : {expected}") for error in errors), errors


def test_each_module_gets_exactly_its_hours() -> None:
    assert _errors(
        ("m1-ordinateur = 2, m2-internet = 5", "m1-ordinateur = 1, m2-internet = 5")
    ) == [
        f"{CALENDAR} : `hours` : le module m1-ordinateur totalise 15 h dans le calendrier ; "
        "il en compte 16 (module.toml)."
    ]


def test_every_exercise_is_placed_once() -> None:
    twice = (LAST_OF_DAY_ONE, '"m1-noms-de-fichiers", "m1-ranger-par-type"]')
    assert _errors(twice) == [
        f"{CALENDAR} : `exercises` : « m1-ranger-par-type » est placé plusieurs fois (1, 2)."
    ]
    assert _errors(('"m1-chemins-absolus", ', "")) == [
        f"{CALENDAR} : `exercises` : « m1-chemins-absolus » n'est placé dans aucun jour."
    ]


def test_an_exercise_never_comes_before_its_lesson() -> None:
    moved = _errors(
        ('"m1-chemins-absolus", ', ""),
        (LAST_OF_DAY_ONE, '"m1-noms-de-fichiers", "m1-chemins-absolus"]'),
    )
    assert moved == [
        f"{CALENDAR} : `exercises` : « m1-chemins-absolus » (jour 1) vient avant sa leçon "
        "« m1-ordinateur/chemins » (jour 2)."
    ]


def test_every_lesson_is_placed() -> None:
    assert (
        f"{CALENDAR} : `lessons` : la leçon « m1-ordinateur/archives » n'est placée dans aucun jour."
        in _errors((', "m1-ordinateur/archives"]', "]"))
    )


def test_the_loader_reports_calendar_errors_and_keeps_the_sound_days(tmp_path: Path) -> None:
    root = tmp_path / "exercises"
    root.mkdir()
    for entry in (ROOT / "exercises").iterdir():  # modules are only read: link them
        if entry.name != CALENDAR.name:
            (root / entry.name).symlink_to(entry)
    (root / CALENDAR.name).write_text(_edited_text(("day = 2\n", "day = 3\n")), encoding="utf-8")
    curriculum = load_curriculum(root)
    assert [e for e in curriculum.errors if "`day` vaut 3" in e] == [
        f"{root / CALENDAR.name} : jour n°2 : `day` vaut 3 ; attendu : 2 (les jours se suivent)."
    ]
    assert len(curriculum.calendar) == 19
