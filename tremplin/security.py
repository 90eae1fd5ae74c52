"""HTTP hardening: the real client behind trusted proxies, HTTPS-only cookies and HSTS,
security headers, and JSON bodies that cannot crash the parser."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Flask, g
from flask.json.provider import DefaultJSONProvider
from flask.wrappers import Response
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'{nonce}; script-src 'self'; "
    "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'"
)


class SafeJSONProvider(DefaultJSONProvider):
    """JSON whose nesting exhausts the parser's recursion is invalid JSON (400), not a crash."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Parse like the default provider; too deep a document raises ValueError."""
        try:
            return super().loads(s, **kwargs)
        except RecursionError as exc:
            raise ValueError("JSON nested too deeply") from exc


class OverHttps:
    """WSGI middleware: over HTTPS, every cookie is ``Secure`` and HSTS is sent.

    It sits under ProxyFix, so it sees the scheme the client used; being outermost of the
    app, it also sees the cookies Flask and Flask-Login set after the request hooks.
    """

    def __init__(self, app: Any, hsts_seconds: int) -> None:
        self.app = app
        self.hsts = f"max-age={hsts_seconds}"

    def __call__(self, environ: dict, start_response: Any) -> Any:
        if environ.get("wsgi.url_scheme") != "https":
            return self.app(environ, start_response)

        def secure_start_response(status: str, headers: list, exc_info: Any = None) -> Any:
            headers = [(n, _secure(v) if n.lower() == "set-cookie" else v) for n, v in headers]
            headers.append(("Strict-Transport-Security", self.hsts))
            return start_response(status, headers, exc_info)

        return self.app(environ, secure_start_response)


def _secure(cookie: str) -> str:
    return cookie if "; secure" in cookie.lower() else cookie + "; Secure"


def style_nonce() -> str:
    """A nonce for the <style> elements a script adds (the code editor's), this response only."""
    if "style_nonce" not in g:
        g.style_nonce = secrets.token_urlsafe(18)
    return g.style_nonce


def _csp() -> str:
    nonce = g.get("style_nonce")
    return CSP.format(nonce=f" 'nonce-{nonce}'" if nonce else "")


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", _csp())
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    return response


def init_app(app: Flask) -> None:
    """Install the proxy fix (when proxies are trusted), the JSON provider, the headers and
    the templates' ``style_nonce()``."""
    app.wsgi_app = OverHttps(app.wsgi_app, app.config["HSTS_SECONDS"])  # type: ignore[method-assign]
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    app.json = SafeJSONProvider(app)
    app.jinja_env.globals["style_nonce"] = style_nonce
    app.after_request(_headers)
