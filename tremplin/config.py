"""Configuration: safe defaults, then environment variables, then an explicit mapping.

Two profiles: ``development`` (the default: `make run`, tests) and ``production``
(``TREMPLIN_ENV=production``, what `deploy/` sets), which refuses to start without the
settings a server must have.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Environment variables read at start-up, with the config key they fill.
ENVIRONMENT = {
    "TREMPLIN_ENV": "TREMPLIN_ENV",
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "REDIS_URL": "REDIS_URL",
    "SECRET_KEY": "SECRET_KEY",
    "SANDBOX_RUNTIME": "SANDBOX_RUNTIME",
    "SANDBOX_POOL": "SANDBOX_POOL",
    "SANDBOX_POOL_MEMORY_MB": "SANDBOX_POOL_MEMORY_MB",
    "SANDBOX_POOL_NAMESPACE": "SANDBOX_POOL_NAMESPACE",
    "MAX_QUEUE_DEPTH": "MAX_QUEUE_DEPTH",
    "EXERCISES_DIR": "EXERCISES_DIR",
    "TRUSTED_PROXIES": "TRUSTED_PROXIES",
    "TIMEZONE": "TIMEZONE",
}
PRODUCTION = "production"
MIN_SECRET_KEY = 32
REMEMBER_DAYS = 30


class ConfigError(RuntimeError):
    """The configuration cannot run the platform; the message says what to set."""


def defaults(instance_path: Path) -> dict[str, Any]:
    """The zero-config defaults: SQLite under ``instance/``, embedded Redis."""
    return {
        "TREMPLIN_ENV": "development",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance_path / 'tremplin.db'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Empty means: the embedded Redis server that `flask up` starts in instance/.
        "REDIS_URL": "",
        # Empty means: gVisor (runsc) when the engine has it registered, else runc.
        "SANDBOX_RUNTIME": "",
        # Warm containers kept per runtime on this host (tremplin/pool.py): empty for the
        # defaults sized to the machine, 0 for none; their memory limits together at most.
        "SANDBOX_POOL": "",
        "SANDBOX_POOL_MEMORY_MB": 4096,
        # Submissions waiting beyond this are refused (503 and Retry-After), nothing stored.
        "MAX_QUEUE_DEPTH": 500,
        "EXERCISES_DIR": str(Path(__file__).resolve().parent.parent / "exercises"),
        "QUEUE_NAME": "tremplin-grading",
        # Workers re-enqueue what Redis lost (queued for RECONCILE_AFTER_S, absent from the
        # queue) at start and every RECONCILE_EVERY_S.
        "RECONCILE_AFTER_S": 30,
        "RECONCILE_EVERY_S": 60,
        # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
        "TRUSTED_PROXIES": 0,
        "HSTS_SECONDS": 365 * 24 * 3600,
        # Submissions: size and rate limits (the API contract's 413 and 429).
        "MAX_SUBMISSION_BYTES": 256 * 1024,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "SUBMISSIONS_PER_MINUTE": 6,
        # Sign-in limits (Redis, shared by every web process): a classroom behind one address.
        "SIGN_IN_PER_ADDRESS": "120 per minute",
        "SIGN_IN_FAILURES_PER_ADDRESS": "100 per 15 minutes",
        "SIGN_IN_FAILURES_PER_ACCOUNT": "10 per 15 minutes",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_DURATION": timedelta(days=REMEMBER_DAYS),
        "REMEMBER_COOKIE_REFRESH_EACH_REQUEST": False,
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_HEADERS_ENABLED": True,
        "TOKEN_TTL_DAYS": 30,
        "INVITATION_TTL_DAYS": 7,
        # Where the school is: the learner's days (the week's activity) start at its midnight.
        "TIMEZONE": "Europe/Paris",
    }


def from_environment(environ: os._Environ | dict[str, str] | None = None) -> dict[str, Any]:
    """Config values taken from the documented environment variables, when set."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {
        key: environ[name] for name, key in ENVIRONMENT.items() if environ.get(name)
    }
    url = values.get("SQLALCHEMY_DATABASE_URI", "")
    if url.startswith("postgres://"):
        values["SQLALCHEMY_DATABASE_URI"] = "postgresql://" + url[len("postgres://") :]
    if "TRUSTED_PROXIES" in values:
        values["TRUSTED_PROXIES"] = _count("TRUSTED_PROXIES", values["TRUSTED_PROXIES"])
    return values


def _count(name: str, value: str) -> int:
    if not value.strip().isdigit():
        raise ConfigError(f"{name} must be a number (0, 1, 2…), not {value!r}")
    return int(value)


def is_production(config: dict[str, Any]) -> bool:
    """True under ``TREMPLIN_ENV=production``."""
    return str(config.get("TREMPLIN_ENV", "")).lower() == PRODUCTION


def check_production(config: dict[str, Any]) -> None:
    """Refuse a production start without the settings a server must have."""
    key = config.get("SECRET_KEY") or ""
    if not key:
        raise ConfigError(
            "SECRET_KEY is not set: in production it must be set (it signs sessions). "
            "Generate one with: python3 -c 'import secrets; print(secrets.token_hex(32))'"
        )
    if len(key) < MIN_SECRET_KEY:
        raise ConfigError(f"SECRET_KEY is too short: use at least {MIN_SECRET_KEY} characters.")
    if not config.get("REDIS_URL"):
        raise ConfigError("REDIS_URL is not set: in production the platform uses your Redis.")


def rate_limit_storage(redis_url: str) -> str:
    """The Flask-Limiter storage URI of the platform's Redis (``unix://`` included)."""
    if redis_url.startswith("unix://"):
        return "redis+unix://" + redis_url[len("unix://") :]
    return redis_url


def check_timezone(name: str) -> None:
    """Fail at boot, naming the variable, when TIMEZONE is not an IANA time zone."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"TIMEZONE={name!r} is not a known time zone (e.g. Europe/Paris, Indian/Reunion)"
        ) from exc


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
