"""The preview frame: a tiny shell that the exercise page fills with the learner's page.

The learner's HTML, CSS and JavaScript run in ``<iframe sandbox="allow-scripts">`` (never
``allow-same-origin``) and this response carries its own CSP with ``sandbox allow-scripts``,
so even opened on its own the page has an opaque origin: it cannot read the platform's
cookies or storage, reach its API (``connect-src 'none'``), submit forms or load anything
but inline code and data: images.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template

bp = Blueprint("preview", __name__, url_prefix="/apercu")

PREVIEW_CSP = (
    "sandbox allow-scripts; default-src 'none'; style-src 'unsafe-inline' data:; "
    "script-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
    "form-action 'none'; base-uri 'none'; frame-ancestors 'self'"
)


@bp.get("/cadre")
def frame() -> Response:
    """The empty shell; it writes the page posted by the exercise page, once."""
    response = Response(render_template("preview/frame.html"), mimetype="text/html")
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
