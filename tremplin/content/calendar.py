"""The suggested plan of the month, ``exercises/calendar.toml``, checked against the curriculum.

Each ``[[days]]`` entry gives the day's number, title, hours per module, and the lessons
(``module/lesson``) and exercises (slugs) it places. Together the days must place every
exercise once and every lesson at least once, give each module exactly its hours, keep
each day feasible and never put an exercise before its lesson. Format: exercises/README.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tremplin.content.loader import LoadedModule

CALENDAR_FILE = "calendar.toml"
DAY_KEYS: dict[str, type] = {
    "day": int,
    "title": str,
    "hours": dict,
    "lessons": list,
    "exercises": list,
}
MAX_DAY_HOURS = 8


@dataclass(frozen=True)
class CalendarDay:
    """One day of the plan."""

    day: int
    title: str
    hours: dict[str, int]
    lessons: tuple[str, ...]
    exercises: tuple[str, ...]

    @property
    def total_hours(self) -> int:
        """Hours planned that day, all modules together."""
        return sum(self.hours.values())


@dataclass
class _Index:
    """What the calendar may refer to: modules, lessons and exercises of the curriculum."""

    hours: dict[str, int]
    lessons: set[str]
    exercises: dict[str, tuple[str, int, str]]  # slug -> (module, minutes, "module/lesson")

    @classmethod
    def of(cls, modules: list[LoadedModule]) -> _Index:
        return cls(
            hours={m.slug: m.hours for m in modules},
            lessons={f"{m.slug}/{slug}" for m in modules for slug, _, _ in m.lessons},
            exercises={
                e.slug: (m.slug, e.content["minutes"], f"{m.slug}/{e.content['lesson']}")
                for m in modules
                for e in m.exercises
            },
        )


def load_calendar(
    path: Path, data: dict[str, Any], modules: list[LoadedModule]
) -> tuple[list[CalendarDay], list[str]]:
    """The days of ``data`` (read from ``path``) and the problems found, in French."""
    raw_days = data.get("days")
    unknown = sorted(set(data) - {"days"})
    if unknown:
        return [], [f"{path} : champ(s) inconnu(s) {unknown} (seul `days` est permis)."]
    if not isinstance(raw_days, list) or not raw_days:
        return [], [f"{path} : `days` doit être une liste non vide de jours ([[days]])."]
    index = _Index.of(modules)
    days: list[CalendarDay] = []
    problems: list[str] = []
    for number, raw in enumerate(raw_days, start=1):
        where = f"{path} : jour n°{number}"
        found = _day_shape_problems(raw, number, where)
        if found:
            problems.extend(found)
            continue
        day = CalendarDay(
            day=raw["day"],
            title=raw["title"],
            hours=dict(raw["hours"]),
            lessons=tuple(raw["lessons"]),
            exercises=tuple(raw["exercises"]),
        )
        problems.extend(_day_content_problems(day, where, index))
        days.append(day)
    if not problems:
        problems.extend(_coverage_problems(path, days, index))
    return days, problems


def _day_shape_problems(raw: Any, number: int, where: str) -> list[str]:
    """Keys, types and numbering of one ``[[days]]`` table."""
    if not isinstance(raw, dict):
        return [f"{where} : doit être une table [[days]]."]
    problems = [f"{where} : champ inconnu `{key}`." for key in raw if key not in DAY_KEYS]
    for key, kind in DAY_KEYS.items():
        if not isinstance(raw.get(key), kind) or isinstance(raw.get(key), bool):
            problems.append(f"{where} : le champ `{key}` est obligatoire ({kind.__name__}).")
    if problems:
        return problems
    if raw["day"] != number:
        problems.append(
            f"{where} : `day` vaut {raw['day']} ; attendu : {number} (les jours se suivent)."
        )
    if not raw["title"].strip():
        problems.append(f"{where} : `title` ne doit pas être vide.")
    for key in ("lessons", "exercises"):
        if not all(isinstance(item, str) for item in raw[key]):
            problems.append(f"{where} : `{key}` doit être une liste de textes.")
    return problems


def _day_content_problems(day: CalendarDay, where: str, index: _Index) -> list[str]:
    """References and feasibility of one day."""
    problems = []
    for module, hours in day.hours.items():
        if module not in index.hours:
            problems.append(f"{where} : `hours` : module inconnu « {module} ».")
        if not isinstance(hours, int) or isinstance(hours, bool) or hours <= 0:
            problems.append(f"{where} : `hours` : « {module} » doit valoir un entier positif.")
    if problems:
        return problems
    if day.total_hours > MAX_DAY_HOURS:
        problems.append(
            f"{where} : `hours` : {day.total_hours} h dans la journée ; {MAX_DAY_HOURS} au plus."
        )
    for lesson in day.lessons:
        if lesson not in index.lessons:
            problems.append(
                f"{where} : `lessons` : leçon inconnue « {lesson} » (écrire « module/leçon »)."
            )
        elif lesson.split("/", 1)[0] not in day.hours:
            problems.append(
                f"{where} : `lessons` : « {lesson} » est d'un module absent de `hours`."
            )
    minutes = 0
    for slug in day.exercises:
        if slug not in index.exercises:
            problems.append(f"{where} : `exercises` : exercice inconnu « {slug} ».")
            continue
        module, length, _ = index.exercises[slug]
        minutes += length
        if module not in day.hours:
            problems.append(
                f"{where} : `exercises` : « {slug} » est d'un module absent de `hours`."
            )
    if minutes > 60 * day.total_hours:
        problems.append(
            f"{where} : `exercises` : {minutes} min d'exercices pour {day.total_hours} h de "
            "journée, c'est trop."
        )
    return problems


def _coverage_problems(path: Path, days: list[CalendarDay], index: _Index) -> list[str]:
    """Every module's hours, every lesson and every exercise, each in its place."""
    problems = []
    for module, hours in index.hours.items():
        planned = sum(day.hours.get(module, 0) for day in days)
        if planned != hours:
            problems.append(
                f"{path} : `hours` : le module {module} totalise {planned} h dans le calendrier ; "
                f"il en compte {hours} (module.toml)."
            )
    first_day: dict[str, int] = {}
    for day in days:
        for lesson in day.lessons:
            first_day.setdefault(lesson, day.day)
    for lesson in sorted(index.lessons - set(first_day)):
        problems.append(f"{path} : `lessons` : la leçon « {lesson} » n'est placée dans aucun jour.")
    placed: dict[str, list[int]] = {}
    for day in days:
        for slug in day.exercises:
            placed.setdefault(slug, []).append(day.day)
    for slug, (_, _, lesson) in index.exercises.items():
        where = placed.get(slug, [])
        if not where:
            problems.append(f"{path} : `exercises` : « {slug} » n'est placé dans aucun jour.")
        elif len(where) > 1:
            listed = ", ".join(str(d) for d in where)
            problems.append(
                f"{path} : `exercises` : « {slug} » est placé plusieurs fois ({listed})."
            )
        elif lesson in first_day and where[0] < first_day[lesson]:
            problems.append(
                f"{path} : `exercises` : « {slug} » (jour {where[0]}) vient avant sa leçon "
                f"« {lesson} » (jour {first_day[lesson]})."
            )
    return problems
