"""WSGI entry point: ``gunicorn wsgi:app`` or ``flask --app wsgi ...``."""

from tremplin import create_app
from tremplin.config import ConfigError

try:
    app = create_app()
except ConfigError as exc:  # a clear sentence, not a traceback
    raise SystemExit(f"Tremplin cannot start: {exc}") from None
