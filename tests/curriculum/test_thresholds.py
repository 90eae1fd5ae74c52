"""Acquisition thresholds in competences.toml: default, per competence, French errors."""

from __future__ import annotations

from pathlib import Path

from tremplin.content.blocks import DEFAULT_THRESHOLD, read_blocks

WHERE = Path("competences.toml")


def _blocks(*competences: dict, **top) -> dict:
    return {**top, "blocks": [{"code": "B", "title": "Bloc", "competences": list(competences)}]}


def test_default_and_own_thresholds():
    blocks, errors = read_blocks(
        _blocks({"code": "B.C1"}, {"code": "B.C2", "threshold": 50}), WHERE
    )
    assert errors == []
    assert [c["threshold"] for c in blocks[0]["competences"]] == [DEFAULT_THRESHOLD, 50]
    blocks, _ = read_blocks(_blocks({"code": "B.C1"}, default_threshold=60), WHERE)
    assert blocks[0]["competences"][0]["threshold"] == 60


def test_bad_thresholds_are_named_in_french():
    _, errors = read_blocks(
        _blocks(
            {"code": "B.C1", "threshold": 0},
            {"code": "B.C2", "threshold": "80"},
            default_threshold=120,
        ),
        WHERE,
    )
    assert errors == [
        "competences.toml : `default_threshold` : le seuil doit être un nombre entier de 1 à 100 (pourcentage), pas « 120 ».",
        "competences.toml : B.C1 : le seuil doit être un nombre entier de 1 à 100 (pourcentage), pas « 0 ».",
        "competences.toml : B.C2 : le seuil doit être un nombre entier de 1 à 100 (pourcentage), pas « 80 ».",
    ]


def test_thresholds_reach_the_database(app):
    from sqlalchemy import select

    from tremplin.extensions import db
    from tremplin.models import Competence

    with app.app_context():
        found = dict(
            db.session.execute(select(Competence.code, Competence.threshold)).tuples().all()
        )
    assert (found["RNCP34393BC05.C21"], found["PREREQ.WEB"], found["RNCP34393BC01.C3"]) == (
        50,
        70,
        80,
    )
