"""The production profile: refuses to start half-configured, trusts only its proxies,
never creates demo accounts, and says loudly when sandboxes run without gVisor."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from dataclasses import dataclass

import pytest

from tests.conftest import ROOT
from tremplin import create_app
from tremplin.config import ConfigError
from tremplin.worker import GVISOR_WARNING, warn_without_gvisor

KEY = "k" * 64


def _production(**config):
    settings = {"TREMPLIN_ENV": "production", "SECRET_KEY": KEY, "REDIS_URL": "redis://x:1/0"}
    settings.update(config)
    return create_app(settings, sandbox=object())


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "court"}, "SECRET_KEY is too short"),
        ({"REDIS_URL": ""}, "REDIS_URL is not set"),
    ],
)
def test_production_refuses_to_start_half_configured(config, message):
    with pytest.raises(ConfigError, match=message):
        _production(**config)


def test_the_refusal_is_one_clear_sentence_not_a_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "REDIS_URL")}
    env.update(TREMPLIN_ENV="production", DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Tremplin cannot start: SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("proxies", [0, 1])
def test_only_the_configured_proxies_are_trusted(proxies):
    app = _production(TRUSTED_PROXIES=proxies)

    @app.get("/_whoami")
    def whoami():
        from flask import request

        return {"addr": request.remote_addr, "secure": request.is_secure}

    headers = {"X-Forwarded-For": "192.0.2.66, 198.51.100.4", "X-Forwarded-Proto": "https"}
    response = app.test_client().get("/_whoami", headers=headers)
    if proxies:
        # The nearest proxy's word is taken, not what the client wrote before it.
        assert response.json == {"addr": "198.51.100.4", "secure": True}
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    else:
        assert response.json == {"addr": "127.0.0.1", "secure": False}
        assert "Strict-Transport-Security" not in response.headers


def test_demo_accounts_are_refused_in_production():
    result = _production().test_cli_runner().invoke(args=["up", "--demo"])
    assert result.exit_code == 1
    assert "demo accounts (public passwords) are refused in production" in result.output


@dataclass
class _Sandbox:
    gvisor: bool


@pytest.mark.parametrize(
    ("production", "gvisor", "warned"),
    [(True, False, True), (True, True, False), (False, False, False)],
)
def test_loud_warning_when_production_runs_without_gvisor(caplog, production, gvisor, warned):
    settings = {"TREMPLIN_ENV": "production" if production else "development"}
    app = create_app(
        {**settings, "SECRET_KEY": KEY, "REDIS_URL": "redis://x:1/0"}, sandbox=_Sandbox(gvisor)
    )
    caplog.set_level(logging.WARNING)
    assert warn_without_gvisor(app) is warned
    assert (GVISOR_WARNING in caplog.text) is warned
