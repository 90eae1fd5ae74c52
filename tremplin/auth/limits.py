"""Sign-in rate limits, per address and per account, shared by every web process (Redis).

Sized for a classroom behind one address: every learner of a cohort can sign in within a
minute, while failed attempts are counted per account (a guessed password slows down that
account only) and per address (one machine trying many accounts).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, g, request
from flask.wrappers import Response

from tremplin.auth.services import account_key
from tremplin.extensions import limiter

ACCOUNT_MESSAGE = (
    "Trop de tentatives de connexion pour ce compte : attends 15 minutes avant de réessayer, "
    "ou demande à ton formateur de changer ton mot de passe."
)
ADDRESS_MESSAGE = (
    "Trop de tentatives de connexion depuis ce réseau : attends quelques minutes puis réessaie."
)


def client_address() -> str:
    """The client's address (the real one behind trusted proxies, see ProxyFix)."""
    return request.remote_addr or "?"


def _typed_account() -> str:
    if request.is_json:
        data = request.get_json(silent=True)
        return account_key(data.get("email") if isinstance(data, dict) else None)
    return account_key(request.form.get("email"))


def mark_failed_sign_in() -> None:
    """Count this request against the failure limits."""
    g.sign_in_failed = True


def _failed(response: Response) -> bool:
    return bool(g.get("sign_in_failed"))


def _config(key: str) -> Callable[[], str]:
    return lambda: current_app.config[key]


# (config key of the limit, scope shared by the sign-in routes, what is counted, message)
_LIMITS = (
    ("SIGN_IN_PER_ADDRESS", "sign-in-address", client_address, None, ADDRESS_MESSAGE),
    ("SIGN_IN_FAILURES_PER_ADDRESS", "sign-in-failures", client_address, _failed, ADDRESS_MESSAGE),
    ("SIGN_IN_FAILURES_PER_ACCOUNT", "sign-in-account", _typed_account, _failed, ACCOUNT_MESSAGE),
)


def sign_in_limits(view: Callable) -> Callable:
    """Apply the sign-in limits to a view (the login page's POST, the token API)."""
    for key, scope, key_func, deduct_when, message in _LIMITS:
        view = limiter.shared_limit(
            _config(key),
            scope=scope,
            key_func=key_func,
            methods=["POST"],
            deduct_when=deduct_when,
            error_message=message,
        )(view)
    return view
