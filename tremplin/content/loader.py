"""Read ``exercises/`` into plain values, with precise French errors (file and field).

Layout::

    exercises/competences.toml, calendar.toml (optional, see tremplin/content/calendar.py)
    exercises/<module>/module.toml, intro.md, lessons/NN-<slug>.md
    exercises/<module>/<slug>/exercise.toml, enonce.md, tests.toml,
                               starter/<files>, solution/<files>, fixed/<files>
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graders.base import ExerciseSpec
from graders.errors import ExerciseSpecError, GraderError
from graders.registry import build_spec, grader_for
from tremplin.content.blocks import read_blocks
from tremplin.content.calendar import CALENDAR_FILE, CalendarDay, load_calendar
from tremplin.files import FileNameError, check_file_name

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EXERCISE_KEYS = {
    "title": str,
    "kind": str,
    "position": int,
    "difficulty": int,
    "minutes": int,
    "competences": list,
    "files": list,
    "hints": list,
    "lesson": str,
    "project": bool,
    "limits": dict,
}
REQUIRED_KEYS = (
    "title",
    "kind",
    "files",
    "competences",
    "difficulty",
    "minutes",
    "hints",
    "lesson",
)
PROJECT_MINUTES = (120, 240)
PROJECT_MIN_CHECKS = 10


@dataclass
class LoadedExercise:
    """One exercise folder, validated."""

    slug: str
    module: str
    content: dict[str, Any]
    spec: ExerciseSpec[Any]  # what the grader sees of it, parsed once

    @property
    def content_hash(self) -> str:
        """SHA-256 of the canonical content: a new hash means a new version."""
        canonical = json.dumps(self.content, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class LoadedModule:
    """One module folder: metadata, introduction and lessons."""

    slug: str
    title: str
    position: int
    hours: int
    intro_md: str
    lessons: list[tuple[str, str, str]]  # (slug, title, markdown)
    exercises: list[LoadedExercise] = field(default_factory=list)


@dataclass
class Curriculum:
    """Everything under ``exercises/``, plus the problems found while reading it."""

    blocks: list[dict[str, Any]] = field(default_factory=list)
    modules: list[LoadedModule] = field(default_factory=list)
    calendar: list[CalendarDay] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def exercises(self) -> list[LoadedExercise]:
        """Every exercise, in module then position order."""
        return [e for m in self.modules for e in m.exercises]

    @property
    def competence_codes(self) -> set[str]:
        """Codes of every competence of every block."""
        return {c["code"] for b in self.blocks for c in b.get("competences", [])}


def starter_files(content: dict[str, Any]) -> dict[str, str]:
    """The files a learner starts from: every file of the exercise, empty when it has no starter."""
    return {name: content["starter"].get(name, "") for name in content["files"]}


def _read_toml(path: Path, errors: list[str]) -> dict[str, Any] | None:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        errors.append(f"{path} : fichier manquant.")
    except tomllib.TOMLDecodeError as exc:
        errors.append(f"{path} : TOML invalide ({exc}).")
    return None


def _read_text(path: Path, errors: list[str] | None = None) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if errors is not None:
            errors.append(f"{path} : fichier manquant.")
    except UnicodeDecodeError:
        if errors is not None:
            errors.append(f"{path} : le fichier doit être encodé en UTF-8.")
    return ""


def _read_folder(folder: Path, errors: list[str]) -> dict[str, str]:
    files: dict[str, str] = {}
    if not folder.is_dir():
        return files
    for path in sorted(folder.iterdir()):
        if path.is_file():
            files[path.name] = _read_text(path, errors)
    return files


def _read_tree(folder: Path, errors: list[str]) -> dict[str, str]:
    """Every text file under ``folder`` (nested), keyed by its relative POSIX path."""
    files: dict[str, str] = {}
    if not folder.is_dir():
        return files
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            errors.append(f"{path} : les liens symboliques ne sont pas permis dans fixed/.")
        elif path.is_file():
            files[path.relative_to(folder).as_posix()] = _read_text(path, errors)
    return files


def load_curriculum(root: Path) -> Curriculum:
    """Read and validate the whole curriculum folder."""
    curriculum = Curriculum()
    data = _read_toml(root / "competences.toml", curriculum.errors) or {}
    curriculum.blocks, problems = read_blocks(data, root / "competences.toml")
    curriculum.errors.extend(problems)
    seen: dict[str, Path] = {}
    for folder in sorted(p for p in root.iterdir() if (p / "module.toml").is_file()):
        module = _load_module(folder, curriculum.errors)
        if module is None:
            continue
        for exercise_dir in sorted(p for p in folder.iterdir() if (p / "exercise.toml").exists()):
            exercise = _load_exercise(exercise_dir, module, curriculum, seen)
            if exercise is not None:
                module.exercises.append(exercise)
        module.exercises.sort(key=lambda e: (e.content["position"], e.slug))
        curriculum.modules.append(module)
    curriculum.modules.sort(key=lambda m: (m.position, m.slug))
    curriculum.warnings.extend(_layout_warnings(root))
    if (root / CALENDAR_FILE).is_file() and not curriculum.errors:
        _add_calendar(root / CALENDAR_FILE, curriculum)
    return curriculum


def _add_calendar(path: Path, curriculum: Curriculum) -> None:
    """Read the month's plan; it is only checked against a curriculum that loaded cleanly."""
    plan = _read_toml(path, curriculum.errors)
    if plan is not None:
        curriculum.calendar, problems = load_calendar(path, plan, curriculum.modules)
        curriculum.errors.extend(problems)


EXERCISE_ENTRIES = {"exercise.toml", "enonce.md", "tests.toml", "starter", "solution", "fixed"}


def _layout_warnings(root: Path) -> list[str]:
    """Things an author probably did not mean: files the loader never reads, untitled lessons."""
    warnings = []
    for folder in sorted(p for p in root.iterdir() if (p / "module.toml").is_file()):
        if not (folder / "intro.md").is_file():
            warnings.append(f"{folder} : pas d'introduction (intro.md).")
        for lesson in sorted((folder / "lessons").glob("*.md")):
            if not lesson.read_text(encoding="utf-8", errors="replace").lstrip().startswith("# "):
                warnings.append(f"{lesson} : une leçon commence par son titre (« # Titre »).")
        for entry in sorted(folder.iterdir()):
            if entry.name in ("module.toml", "intro.md", "lessons") or entry.name.startswith("."):
                continue
            if not (entry / "exercise.toml").is_file():
                warnings.append(f"{entry} : ignoré (ni leçon, ni exercice avec exercise.toml).")
                continue
            for item in sorted(entry.iterdir()):
                if item.name not in EXERCISE_ENTRIES and not item.name.startswith("."):
                    warnings.append(f"{item} : fichier inconnu, ignoré par le chargement.")
    return warnings


def _load_module(folder: Path, errors: list[str]) -> LoadedModule | None:
    meta = _read_toml(folder / "module.toml", errors)
    if meta is None:
        return None
    where = folder / "module.toml"
    problems = []
    if not SLUG.match(folder.name):
        problems.append(f"{folder} : le nom du dossier doit être en minuscules-avec-tirets.")
    for key, kind in (("title", str), ("position", int), ("hours", int)):
        if not isinstance(meta.get(key), kind):
            problems.append(f"{where} : le champ `{key}` est obligatoire ({kind.__name__}).")
    if problems:
        errors.extend(problems)
        return None
    lessons = []
    for path in sorted((folder / "lessons").glob("*.md")):
        text = _read_text(path, errors)
        first = text.strip().splitlines()[0] if text.strip() else ""
        title = first.lstrip("#").strip() if first.startswith("#") else path.stem
        title = title.replace("`", "")  # shown as plain text in links and menus
        slug = re.sub(r"^\d+-", "", path.stem)
        lessons.append((slug, title, text))
    return LoadedModule(
        slug=folder.name,
        title=meta["title"],
        position=meta["position"],
        hours=meta["hours"],
        intro_md=_read_text(folder / "intro.md"),
        lessons=lessons,
    )


def _load_exercise(
    folder: Path, module: LoadedModule, curriculum: Curriculum, seen: dict[str, Path]
) -> LoadedExercise | None:
    errors: list[str] = []
    where = folder / "exercise.toml"
    meta = _read_toml(where, errors)
    slug = folder.name
    if meta is not None:
        errors.extend(_check_meta(meta, where, curriculum.competence_codes))
        errors.extend(_check_lesson(meta, where, module))
    if not SLUG.match(slug):
        errors.append(f"{folder} : le nom du dossier doit être en minuscules-avec-tirets.")
    if slug in seen:
        errors.append(f"{folder} : le slug {slug} existe déjà dans {seen[slug]}.")
    if errors or meta is None:
        curriculum.errors.extend(errors)
        return None
    seen[slug] = folder
    content = {
        "slug": slug,
        "title": meta["title"],
        "kind": meta["kind"],
        "position": meta.get("position", 0),
        "difficulty": meta["difficulty"],
        "minutes": meta["minutes"],
        "competences": list(meta["competences"]),
        "files": list(meta["files"]),
        "hints": list(meta["hints"]),
        "lesson": meta["lesson"],
        "project": meta.get("project", False),
        "limits": dict(meta.get("limits", {})),
        "statement_md": _read_text(folder / "enonce.md", errors),
        "starter": _read_folder(folder / "starter", errors),
        "solution": _read_folder(folder / "solution", errors),
        "fixed_files": _read_tree(folder / "fixed", errors),
        "tests": _read_toml(folder / "tests.toml", errors) or {},
    }
    errors.extend(_check_files(content, folder))
    errors.extend(_check_project(content, where))
    spec = None
    if not errors:
        try:
            spec = build_spec(content)
        except ExerciseSpecError as exc:
            errors.extend(f"{folder / p.file} : {p.text}" for p in exc.problems)
        except GraderError as exc:
            errors.append(f"{where} : {exc}")
    if errors or spec is None:
        curriculum.errors.extend(errors)
        return None
    return LoadedExercise(slug=slug, module=module.slug, content=content, spec=spec)


def _check_meta(meta: dict[str, Any], where: Path, codes: set[str]) -> list[str]:
    problems = [f"{where} : champ inconnu `{key}`." for key in meta if key not in EXERCISE_KEYS]
    for key in REQUIRED_KEYS:
        if key not in meta:
            problems.append(f"{where} : le champ `{key}` est obligatoire.")
    for key, kind in EXERCISE_KEYS.items():
        if key in meta and not isinstance(meta[key], kind):
            problems.append(f"{where} : le champ `{key}` doit être de type {kind.__name__}.")
    if problems:
        return problems
    try:
        grader_for(meta["kind"])
    except GraderError:
        problems.append(f"{where} : `kind` inconnu « {meta['kind']} ».")
    if not 1 <= meta["difficulty"] <= 3:
        problems.append(f"{where} : `difficulty` doit valoir 1, 2 ou 3.")
    if meta["minutes"] <= 0:
        problems.append(f"{where} : `minutes` doit être positif.")
    if not meta["title"].strip():
        problems.append(f"{where} : `title` ne doit pas être vide.")
    for code in meta["competences"]:
        if code not in codes:
            problems.append(f"{where} : compétence inconnue « {code} » (voir competences.toml).")
    if not meta["competences"]:
        problems.append(f"{where} : `competences` doit citer au moins une compétence.")
    if not 2 <= len(meta["hints"]) <= 3 or not all(isinstance(h, str) for h in meta["hints"]):
        problems.append(f"{where} : `hints` doit contenir 2 ou 3 indices (textes).")
    return problems


def _check_lesson(meta: dict[str, Any], where: Path, module: LoadedModule) -> list[str]:
    """The lesson an exercise relies on must be one of its module's lessons."""
    lesson = meta.get("lesson")
    slugs = [slug for slug, _, _ in module.lessons]
    if isinstance(lesson, str) and lesson not in slugs:
        known = ", ".join(slugs) or "aucune"
        return [f"{where} : `lesson` : leçon inconnue « {lesson} » dans {module.slug} ({known})."]
    return []


def _check_project(content: dict[str, Any], where: Path) -> list[str]:
    """A mini-project lasts 2 to 4 hours and is graded by many checks."""
    if not content["project"]:
        return []
    problems = []
    low, high = PROJECT_MINUTES
    if not low <= content["minutes"] <= high:
        problems.append(f"{where} : `minutes` : un mini-projet dure de {low} à {high} minutes.")
    tests = content["tests"]
    checks = tests.get("checks") or tests.get("tests") or tests.get("questions") or []
    if len(checks) < PROJECT_MIN_CHECKS:
        problems.append(
            f"{where} : `project` : un mini-projet a au moins {PROJECT_MIN_CHECKS} vérifications "
            f"dans tests.toml ({len(checks)} trouvée(s))."
        )
    return problems


def _check_files(content: dict[str, Any], folder: Path) -> list[str]:
    problems = []
    names = content["files"]
    if not names:
        problems.append(f"{folder / 'exercise.toml'} : `files` ne doit pas être vide.")
    for name in names:
        try:
            check_file_name(name)
        except FileNameError as exc:
            problems.append(f"{folder / 'exercise.toml'} : `files` : {exc}")
    for part in ("starter", "solution"):
        extra = set(content[part]) - set(names)
        missing = set(names) - set(content[part])
        if extra:
            problems.append(f"{folder / part} : fichiers non déclarés {sorted(extra)}.")
        if missing and part == "solution":
            problems.append(f"{folder / part} : fichiers manquants {sorted(missing)}.")
    if not content["statement_md"].strip():
        problems.append(f"{folder / 'enonce.md'} : l'énoncé est vide.")
    return problems
