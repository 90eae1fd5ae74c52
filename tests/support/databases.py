"""Databases of the tests: Redis databases for long-lived platforms, a database seeded once
and copied for each test, a PostgreSQL database per test process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import redis as redis_lib


class RedisDatabases:
    """The numbered databases of the session's Redis server. A platform that outlives one test
    (a module's or the session's, several of which may be alive at once in one process) takes a
    database of its own: sharing one, its worker would take another platform's jobs. Tests
    (`redis_url`) use the last one, emptied before and after each."""

    FOR_TESTS = 15  # redis-server has 16 databases by default

    def __init__(self, server: str) -> None:
        self.server = server
        self.free = list(range(self.FOR_TESTS))

    def take(self) -> str:
        """An empty database for a long-lived platform; give it back when the platform ends."""
        if not self.free:
            raise RuntimeError("every Redis database of the session is taken")
        return self.emptied(self.free.pop(0))

    def give_back(self, url: str) -> None:
        number = int(url.rsplit("/", 1)[1])
        self.emptied(number)
        self.free.insert(0, number)

    def emptied(self, number: int) -> str:
        """The URL of database ``number``, emptied."""
        url = f"{self.server}/{number}"
        client = redis_lib.Redis.from_url(url)
        client.flushdb()
        client.close()
        return url


# The people of the `app` fixture: email → (password, role, cohort).
PEOPLE = {
    "ana@example.org": ("motdepasse-ana", "learner", "Promo A"),
    "bilal@example.org": ("motdepasse-bilal", "learner", "Promo A"),
    "chloe@example.org": ("motdepasse-chloe", "learner", "Promo B"),
    "formateur@example.org": ("motdepasse-form", "trainer", "Promo A"),
}
PASSWORDS = {email: password for email, (password, _, _) in PEOPLE.items()}


def _seed(uri: str, exercises: Path) -> None:
    """Schema, curriculum and the fixture's people in the (empty) database at ``uri``."""
    from tremplin import create_app
    from tremplin.auth.services import create_user
    from tremplin.curriculum import load_into_database
    from tremplin.extensions import db

    settings = {"TESTING": True, "SECRET_KEY": "seed", "SQLALCHEMY_DATABASE_URI": uri}
    application = create_app({**settings, "REDIS_URL": "redis://127.0.0.1:1/0"}, sandbox=None)
    with application.app_context():
        # Faster than running the migrations; tests/migrations proves them equal.
        db.create_all()
        report = load_into_database(exercises)
        assert report.errors == []
        for email, (password, role, cohort) in PEOPLE.items():
            create_user(email, password, role, cohort)
        db.session.remove()
        db.engine.dispose()


class SeededDatabases:
    """Fresh copies of a database seeded once: a SQLite file copied, or on PostgreSQL
    (TREMPLIN_TEST_DATABASE_URL) a ``CREATE DATABASE … TEMPLATE`` dropped after its test."""

    def __init__(self, folder: Path, server_url: str | None, exercises: Path) -> None:
        from sqlalchemy.engine import make_url

        self.numbers = iter(range(1_000_000))
        self.admin = None
        if not server_url:
            self.template = folder / "seeded.db"
            _seed(f"sqlite:///{self.template}", exercises)
            return
        self.base = make_url(server_url)
        self.admin = _admin_engine(self.base)
        self.seed = f"{self.base.database}_seed_{os.getpid()}"
        self._sql(f'DROP DATABASE IF EXISTS "{self.seed}"', f'CREATE DATABASE "{self.seed}"')
        _seed(self._url(self.seed), exercises)

    def _url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def _sql(self, *statements: str) -> None:
        assert self.admin is not None
        _run_sql(self.admin, *statements)

    def fresh(self, folder: Path) -> str:
        """The URL of a new copy of the seeded database."""
        if self.admin is None:
            shutil.copyfile(self.template, folder / "test.db")
            return f"sqlite:///{folder / 'test.db'}"
        name = f"{self.seed}_{next(self.numbers)}"
        self._sql(f'CREATE DATABASE "{name}" TEMPLATE "{self.seed}"')
        return self._url(name)

    def release(self, uri: str) -> None:
        """Drop a PostgreSQL copy (a SQLite copy goes with its test's temporary folder)."""
        if self.admin is not None:
            from sqlalchemy.engine import make_url

            self._sql(f'DROP DATABASE IF EXISTS "{make_url(uri).database}" WITH (FORCE)')

    def close(self) -> None:
        if self.admin is not None:
            self._sql(f'DROP DATABASE IF EXISTS "{self.seed}" WITH (FORCE)')
            self.admin.dispose()


def fresh_postgres_database(url: str, suffix: str) -> str:
    """Create (anew) the database named like ``url``'s plus ``_suffix``; its URL."""
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{suffix}"
    admin = _admin_engine(base)
    _run_sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _admin_engine(base: Any) -> Any:
    """An engine on the server's ``postgres`` database, for CREATE and DROP DATABASE."""
    from sqlalchemy import create_engine

    return create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")


def _run_sql(engine: Any, *statements: str) -> None:
    from sqlalchemy import text

    with engine.connect() as connection:
        for statement in statements:
            connection.execute(text(statement))
