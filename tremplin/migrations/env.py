"""Alembic environment: the app's engine and metadata.

Flask-Migrate adds ``compare_type`` and ``render_as_batch`` (SQLite cannot ALTER most things:
Alembic copies the table instead).
"""

from __future__ import annotations

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
log = logging.getLogger("alembic.env")


def _skip_empty_autogenerate(context, revision, directives) -> None:
    """`flask db migrate` writes no file when the models did not change."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        log.info("No changes in schema detected.")


def run_migrations_online() -> None:
    """Run the migrations on the app's database, in one transaction."""
    migrate = current_app.extensions["migrate"]
    engine = migrate.db.engine
    options = {"process_revision_directives": _skip_empty_autogenerate, **migrate.configure_args}
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration copies a table, drops it and renames the copy: with foreign
            # keys on, the drop would cascade into the rows that reference it.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        context.configure(
            connection=connection,
            target_metadata=migrate.db.metadata,
            **options,
        )
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            _check_foreign_keys(connection)


def _check_foreign_keys(connection) -> None:
    """Refuse to finish an SQLite migration that left a dangling reference."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    connection.exec_driver_sql("PRAGMA foreign_keys=ON")
    connection.commit()
    if broken:
        raise RuntimeError(f"migration left {len(broken)} broken reference(s): {broken[:5]}")


if context.is_offline_mode():
    raise SystemExit(
        "Offline (--sql) migrations are not supported: run `flask --app wsgi db upgrade`."
    )
run_migrations_online()
