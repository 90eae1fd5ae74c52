"""The loader reads nested fixed/ trees and names the file of a bad shell or quiz spec."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import ROOT
from tremplin.content.loader import load_curriculum

MODULE = 'title = "Essai"\nposition = 1\nhours = 1\n'


def _curriculum(tmp_path: Path, slug: str, source: Path) -> Path:
    root = tmp_path / "exercises"
    (root / "m1-essai").mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / "competences.toml", root)
    (root / "m1-essai" / "module.toml").write_text(MODULE)
    (root / "m1-essai" / "intro.md").write_text("# Essai\n")
    shutil.copytree(source.parent / "lessons", root / "m1-essai" / "lessons")
    shutil.copytree(source, root / "m1-essai" / slug)
    return root


def test_nested_fixed_files_are_read(tmp_path: Path) -> None:
    source = ROOT / "exercises/m3-terminal/m3-se-reperer"
    curriculum = load_curriculum(_curriculum(tmp_path, "m3-se-reperer", source))
    assert curriculum.errors == []
    fixed = curriculum.exercises[0].content["fixed_files"]
    assert fixed["archives/2025/mars/secret.txt"] == "Le mot secret est : tremplin\n"


def test_bad_shell_check_is_reported_with_its_file(tmp_path: Path) -> None:
    root = _curriculum(tmp_path, "m3-se-reperer", ROOT / "exercises/m3-terminal/m3-se-reperer")
    tests = root / "m1-essai/m3-se-reperer/tests.toml"
    tests.write_text(tests.read_text().replace('check = "stdout"', 'check = "sortie"'))
    errors = load_curriculum(root).errors
    assert len(errors) == 1
    assert str(tests) in errors[0] and "test n°1" in errors[0] and "`check` inconnu" in errors[0]


def test_bad_quiz_answer_is_reported_with_its_file(tmp_path: Path) -> None:
    source = ROOT / "exercises/m1-ordinateur/m1-extensions"
    root = _curriculum(tmp_path, "m1-extensions", source)
    tests = root / "m1-essai/m1-extensions/tests.toml"
    tests.write_text(tests.read_text().replace('answer = ".html"', 'answer = ".htm"', 1))
    errors = load_curriculum(root).errors
    assert len(errors) == 1
    assert str(tests) in errors[0] and "question n°1" in errors[0] and "`answer`" in errors[0]


def test_a_stored_version_that_no_longer_parses_shows_the_plain_editor(caplog) -> None:
    from tremplin.catalog import page_view

    content = {"slug": "q", "kind": "quiz", "files": ["reponses.json"], "tests": {}}
    assert page_view(content).form == "files"
    assert "does not parse" in caplog.text
