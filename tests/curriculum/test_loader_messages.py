"""Loader errors and warnings name the file and the field, in French."""

from __future__ import annotations

import shutil
from pathlib import Path

from tremplin.content.loader import load_curriculum

ROOT = Path(__file__).resolve().parents[2] / "exercises"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "exercises"
    target.mkdir()
    shutil.copy(ROOT / "competences.toml", target)
    shutil.copytree(ROOT / "m6-javascript", target / "m6-javascript")
    return target


def test_stray_files_and_untitled_lessons_are_warned(tmp_path):
    root = _copy(tmp_path)
    (root / "m6-javascript" / "js-somme" / "notes.txt").write_text("brouillon")
    (root / "m6-javascript" / "js-brouillon").mkdir()
    (root / "m6-javascript" / "lessons" / "99-sans-titre.md").write_text("Pas de titre ici.")
    curriculum = load_curriculum(root)
    assert curriculum.errors == []
    text = "\n".join(curriculum.warnings)
    assert "notes.txt : fichier inconnu" in text
    assert "js-brouillon : ignoré" in text
    assert "99-sans-titre.md : une leçon commence par son titre" in text


def test_bad_metadata_names_file_and_field(tmp_path):
    root = _copy(tmp_path)
    meta = root / "m6-javascript" / "js-somme" / "exercise.toml"
    meta.write_text(
        meta.read_text()
        .replace("difficulty = 2", "difficulty = 7")
        .replace('"RNCP34393BC05.C21"', '"BC99.C1"')
    )
    errors = "\n".join(load_curriculum(root).errors)
    assert f"{meta} : `difficulty` doit valoir 1, 2 ou 3." in errors
    assert f"{meta} : compétence inconnue « BC99.C1 »" in errors


def test_unknown_lesson_names_file_and_field(tmp_path):
    root = _copy(tmp_path)
    meta = root / "m6-javascript" / "js-somme" / "exercise.toml"
    meta.write_text(meta.read_text().replace('lesson = "tableaux"', 'lesson = "tablaux"'))
    errors = load_curriculum(root).errors
    assert len(errors) == 1
    assert errors[0].startswith(
        f"{meta} : `lesson` : leçon inconnue « tablaux » dans m6-javascript"
    )


def test_a_mini_project_lasts_two_to_four_hours_and_has_many_checks(tmp_path):
    root = _copy(tmp_path)
    meta = root / "m6-javascript" / "js-somme" / "exercise.toml"
    meta.write_text(meta.read_text() + "project = true\n")
    errors = "\n".join(load_curriculum(root).errors)
    assert f"{meta} : `minutes` : un mini-projet dure de 120 à 240 minutes." in errors
    assert f"{meta} : `project` : un mini-projet a au moins 10 vérifications" in errors
