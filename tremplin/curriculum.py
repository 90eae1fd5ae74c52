"""Load the curriculum folder into the database, idempotently, versioning exercises."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from tremplin.content.loader import Curriculum, LoadedExercise, LoadedModule, load_curriculum
from tremplin.extensions import db
from tremplin.models import Competence, Exercise, ExerciseVersion, Lesson, Module, SkillBlock


@dataclass
class SyncReport:
    """What a load changed."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    new_exercises: int = 0
    new_versions: int = 0
    unchanged: int = 0


def load_into_database(root: Path) -> SyncReport:
    """Read ``root`` and bring the database in line with it; errors leave it untouched."""
    curriculum = load_curriculum(root)
    report = SyncReport(errors=list(curriculum.errors), warnings=list(curriculum.warnings))
    if curriculum.errors:
        return report
    competences = _sync_blocks(curriculum)
    loaded_slugs = set()
    for module_data in curriculum.modules:
        module = _sync_module(module_data)
        for exercise_data in module_data.exercises:
            loaded_slugs.add(exercise_data.slug)
            _sync_exercise(exercise_data, module, competences, report)
    for exercise in db.session.scalars(select(Exercise)):
        exercise.active = exercise.slug in loaded_slugs
    db.session.commit()
    return report


def _sync_blocks(curriculum: Curriculum) -> dict[str, Competence]:
    by_code = {c.code: c for c in db.session.scalars(select(Competence))}
    blocks = {b.code: b for b in db.session.scalars(select(SkillBlock))}
    for position, data in enumerate(curriculum.blocks):
        block = blocks.get(data["code"]) or SkillBlock(code=data["code"])
        block.title, block.position = data["title"], position
        db.session.add(block)
        for index, item in enumerate(data.get("competences", [])):
            competence = by_code.get(item["code"]) or Competence(code=item["code"])
            competence.title, competence.position, competence.block = item["title"], index, block
            competence.threshold = item["threshold"]
            by_code[item["code"]] = competence
            db.session.add(competence)
    db.session.flush()
    return by_code


def _sync_module(data: LoadedModule) -> Module:
    module = db.session.scalar(select(Module).where(Module.slug == data.slug))
    if module is None:
        module = Module(slug=data.slug)
        db.session.add(module)
    module.title, module.position, module.hours = data.title, data.position, data.hours
    module.intro_md = data.intro_md
    existing = {lesson.slug: lesson for lesson in module.lessons}
    module.lessons = []
    for position, (slug, title, body) in enumerate(data.lessons):
        lesson = existing.get(slug) or Lesson(slug=slug)
        lesson.title, lesson.body_md, lesson.position = title, body, position
        module.lessons.append(lesson)
    db.session.flush()
    return module


def _sync_exercise(
    data: LoadedExercise, module: Module, competences: dict[str, Competence], report: SyncReport
) -> None:
    exercise = db.session.scalar(select(Exercise).where(Exercise.slug == data.slug))
    if exercise is None:
        exercise = Exercise(slug=data.slug, title=data.content["title"], kind=data.content["kind"])
        exercise.module = module
        db.session.add(exercise)
        db.session.flush()
        report.new_exercises += 1
    exercise.module = module
    exercise.title, exercise.kind = data.content["title"], data.content["kind"]
    exercise.position = data.content["position"]
    exercise.competences = [competences[code] for code in data.content["competences"]]
    lesson = next((i for i in module.lessons if i.slug == data.content.get("lesson")), None)
    if exercise.lesson is not lesson:  # reading it first: the old link row is then replaced
        exercise.lesson = lesson
    digest = data.content_hash
    version = db.session.scalar(
        select(ExerciseVersion).where(
            ExerciseVersion.exercise_id == exercise.id, ExerciseVersion.content_hash == digest
        )
    )
    if version is None:
        version = ExerciseVersion(
            exercise_id=exercise.id, content_hash=digest, content=data.content
        )
        db.session.add(version)
        db.session.flush()
        report.new_versions += 1
    elif exercise.current_version_id == version.id:
        report.unchanged += 1
    exercise.current_version = version
