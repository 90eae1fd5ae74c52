"""Migrations: they build the models' schema, the baseline is the pre-migration schema exactly,
and a database made by `db.create_all()` before migrations existed upgrades with its data."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from tremplin.extensions import db

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
HEAD = "0004"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path: Path) -> str:
    """An empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    return request.getfixturevalue("postgres_url")


def _app(url: str):
    """An app on ``url`` whose schema is left to the migrations."""
    from tremplin import create_app

    return create_app(
        {"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": ""},
        sandbox=object(),
    )


def _diff(app) -> list:
    with app.app_context(), db.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), db.metadata)


def _structure(url: str) -> dict:
    """Tables, columns, keys and indexes as the database reports them."""
    engine = sa.create_engine(url)
    inspector = sa.inspect(engine)
    shape = {}
    for table in sorted(set(inspector.get_table_names()) - {"alembic_version"}):
        shape[table] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)
            ],
            "pk": inspector.get_pk_constraint(table)["constrained_columns"],
            "fks": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"], str(f["options"]))
                for f in inspector.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in inspector.get_indexes(table)
            ),
            "uniques": sorted(
                tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)
            ),
        }
    engine.dispose()
    return shape


def _load_todays_schema(url: str) -> None:
    """Create the tables exactly as `db.create_all()` did before migrations (captured SQL)."""
    engine = sa.create_engine(url)
    script = (HERE / f"schema_0_{engine.dialect.name}.sql").read_text()
    with engine.begin() as connection:
        for statement in filter(str.strip, script.split(";\n")):
            connection.exec_driver_sql(statement)
    engine.dispose()


def test_migrations_build_the_models_schema(empty_url):
    app = _app(empty_url)
    with app.app_context():
        upgrade()
        assert db.session.scalar(sa.text("SELECT version_num FROM alembic_version")) == HEAD
    assert _diff(app) == []


def test_baseline_is_the_schema_create_all_made(empty_url, tmp_path):
    app = _app(empty_url)
    with app.app_context():
        upgrade(revision="0001")
    if empty_url.startswith("sqlite"):
        reference = f"sqlite:///{tmp_path / 'reference.db'}"
    else:
        reference = empty_url + "_ref"
        sa_url = sa.engine.make_url(empty_url)
        admin = sa.create_engine(sa_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{sa_url.database}_ref"')
        admin.dispose()
    _load_todays_schema(reference)
    assert _structure(empty_url) == _structure(reference)


ROWS = {
    "cohort": [{"id": 1, "name": "Promo A"}],
    "user": [
        {"id": 1, "email": "ana@example.org", "role": "learner", "display_name": "Ana"},
        {"id": 2, "email": "form@example.org", "role": "trainer", "display_name": ""},
    ],
    "cohort_member": [{"cohort_id": 1, "user_id": 1}, {"cohort_id": 1, "user_id": 2}],
    "module": [{"id": 1, "slug": "m6-javascript", "title": "JS", "position": 6, "hours": 30, "intro_md": "# JS"}],
    "exercise": [
        {"id": 1, "slug": "js-somme", "module_id": 1, "title": "Somme", "kind": "javascript",
         "position": 1, "active": True, "current_version_id": None},
    ],
    "exercise_version": [
        {"id": 1, "exercise_id": 1, "content_hash": "a" * 64, "content": '{"kind": "javascript"}'},
    ],
    "submission": [
        {"id": 7, "user_id": 1, "exercise_id": 1, "exercise_version_id": 1,
         "files": '{"somme.js": "function somme(n) { return 0; }"}', "status": "failed",
         "score": 0.25, "message": "2 test(s) sur 7", "output": "é\\u2713", "attempt": 1},
    ],
    "test_result": [
        {"id": 3, "submission_id": 7, "position": 0, "name": "somme([])", "status": "passed", "message": ""},
    ],
}  # fmt: skip
WHEN = datetime(2026, 9, 1, 8, 30)


def _insert_rows(url: str) -> None:
    from werkzeug.security import generate_password_hash

    engine = sa.create_engine(url)
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.begin() as connection:
        for table, rows in ROWS.items():
            for row in rows:
                values = dict(row)
                columns = meta.tables[table].c
                for stamp in ("created_at",):
                    if stamp in columns:
                        values[stamp] = WHEN
                if table == "user":
                    values["password_hash"] = generate_password_hash("motdepasse-" + str(row["id"]))
                connection.execute(meta.tables[table].insert().values(**values))
        connection.execute(meta.tables["exercise"].update().values(current_version_id=1))
        connection.execute(
            meta.tables["api_token"]
            .insert()
            .values(
                user_id=1, token_hash="b" * 64, created_at=WHEN, expires_at=datetime(2027, 1, 1)
            )
        )
        if engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for table in ROWS:
                if "id" in meta.tables[table].c:
                    connection.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                        f'(SELECT max(id) FROM "{table}"))'
                    )
    engine.dispose()


def test_create_all_database_upgrades_without_loss(empty_url):
    _load_todays_schema(empty_url)
    _insert_rows(empty_url)
    before = _dump(empty_url)
    app = _app(empty_url)
    with app.app_context():
        upgrade()
    after = _dump(empty_url)
    for table, rows in before.items():
        kept = [{k: v for k, v in row.items() if k in rows[0]} for row in after[table]]
        assert kept == rows, table
    assert [(u["active"], u["session_version"]) for u in after["user"]] == [(True, 0), (True, 0)]
    assert [(c["site"], c["starts_on"]) for c in after["cohort"]] == [("", None)]
    assert [s["override_status"] for s in after["submission"]] == [None]
    assert _diff(app) == []
    with app.app_context():
        from tremplin.auth.services import authenticate
        from tremplin.curriculum import load_into_database

        assert authenticate("ana@example.org", "motdepasse-1").id == 1
        assert load_into_database(ROOT / "exercises").errors == []
        # 0003's link table is filled by the curriculum on an upgraded database too.
        linked = db.session.scalar(sa.text("SELECT count(*) FROM exercise_lesson"))
        assert linked and linked > 0


def _dump(url: str) -> dict[str, list[dict]]:
    engine = sa.create_engine(url)
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.connect() as connection:
        dump = {
            name: [
                dict(r._mapping)
                for r in connection.execute(table.select().order_by(*table.primary_key))
            ]
            for name, table in meta.tables.items()
            if name != "alembic_version"
        }
    engine.dispose()
    for rows in dump.values():
        for row in rows:
            for key, value in row.items():
                if isinstance(value, (dict, list)):
                    row[key] = json.dumps(value)
    return dump
