"""Configuration: safe defaults, then environment variables, then an explicit mapping."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

# Environment variables read at start-up, with the config key they fill.
ENVIRONMENT = {
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "REDIS_URL": "REDIS_URL",
    "SECRET_KEY": "SECRET_KEY",
    "SANDBOX_RUNTIME": "SANDBOX_RUNTIME",
    "EXERCISES_DIR": "EXERCISES_DIR",
}


def defaults(instance_path: Path) -> dict[str, Any]:
    """The zero-config defaults: SQLite under ``instance/``, embedded Redis."""
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance_path / 'tremplin.db'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Empty means: the embedded Redis server that `flask up` starts in instance/.
        "REDIS_URL": "",
        "SANDBOX_RUNTIME": "",
        "EXERCISES_DIR": str(Path(__file__).resolve().parent.parent / "exercises"),
        "QUEUE_NAME": "tremplin-grading",
        # Submissions: size and rate limits (the API contract's 413 and 429).
        "MAX_SUBMISSION_BYTES": 256 * 1024,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "SUBMISSIONS_PER_MINUTE": 6,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "TOKEN_TTL_DAYS": 30,
    }


def from_environment(environ: os._Environ | dict[str, str] | None = None) -> dict[str, Any]:
    """Config values taken from the documented environment variables, when set."""
    environ = os.environ if environ is None else environ
    values = {key: environ[name] for name, key in ENVIRONMENT.items() if environ.get(name)}
    url = values.get("SQLALCHEMY_DATABASE_URI", "")
    if url.startswith("postgres://"):
        values["SQLALCHEMY_DATABASE_URI"] = "postgresql://" + url[len("postgres://") :]
    return values


def instance_secret_key(instance_path: Path) -> str:
    """A random secret key kept in ``instance/secret_key``, created on first use."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
