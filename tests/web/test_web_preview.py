"""The live preview of html/css/dom exercises cannot touch the platform's origin."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from sandbox.images import image_name

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "motdepasse-ana"


def _login(client) -> None:
    response = client.post("/connexion", data={"email": "ana@example.org", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("slug", ["html-premiere-page", "css-titre-bleu", "js-compteur"])
def test_web_exercises_show_a_sandboxed_preview(client, slug: str) -> None:
    _login(client)
    page = client.get(f"/exercices/{slug}").get_data(as_text=True)
    assert 'sandbox="allow-scripts"' in page
    assert "allow-same-origin" not in page
    assert 'id="preview-frame"' in page and "preview.js" in page


def test_other_kinds_have_no_preview(client) -> None:
    _login(client)
    page = client.get("/exercices/js-somme").get_data(as_text=True)
    assert "preview-frame" not in page


def test_the_preview_frame_has_its_own_strict_sandbox_policy(client) -> None:
    response = client.get("/apercu/cadre")
    csp = response.headers["Content-Security-Policy"]
    assert csp.startswith("sandbox allow-scripts;")
    assert "allow-same-origin" not in csp
    for directive in (
        "default-src 'none'",
        "connect-src 'none'",
        "form-action 'none'",
        "img-src data:",
    ):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


ATTACK = """<!DOCTYPE html><html><body><p>attaque</p><script>
const r = {};
try { r.cookie = document.cookie; } catch (e) { r.cookie = "blocked:" + e.name; }
try { r.parent = parent.document.cookie; } catch (e) { r.parent = "blocked:" + e.name; }
try { r.storage = localStorage.length; } catch (e) { r.storage = "blocked:" + e.name; }
r.origin = self.origin;
new Image().src = "/api/v1/pixel";
fetch("/api/v1/exercises", { credentials: "include" })
  .then((x) => { r.fetch = x.status; }, (e) => { r.fetch = "blocked:" + e.name; })
  .then(() => document.body.setAttribute("data-result", JSON.stringify(r)));
</script></body></html>"""

DRIVER = """
import json, sys
sys.path.insert(0, "/drv")
from web_cdp import FLAGS, Browser
cfg = json.load(open("/drv/cfg.json"))
# This test browser must reach the live test server: no host-resolver blackhole here.
flags = tuple(f for f in FLAGS if not f.startswith("--host-resolver-rules"))
events = []
b = Browser("/tmp/profile", events.append, flags)
target = b.call("Target.createTarget", {"url": "about:blank"})["targetId"]
s = b.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
# The sandboxed frame runs out of process: attach to it as its own target.
auto = {"autoAttach": True, "waitForDebuggerOnStart": False, "flatten": True}
b.call("Target.setAutoAttach", auto, s)
for name, value in cfg["cookies"].items():
    b.call("Network.setCookie", {"name": name, "value": value, "url": cfg["base"]}, s)
b.call("Page.navigate", {"url": cfg["base"] + "/connexion?next=/exercices/html-premiere-page"}, s)
b.pump_for(2)
login = "document.querySelector('[name=email]').value = %s;" \\
    "document.querySelector('[name=password]').value = %s;" \\
    "document.querySelector('[name=password]').form.submit();"
b.call("Runtime.evaluate", {"expression": login % (json.dumps(cfg["email"]), json.dumps(cfg["password"]))}, s)
b.pump_for(3)
fill = "const a = document.querySelector('textarea[data-file]'); a.value = %s;" \\
    "a.dispatchEvent(new Event('input')); document.getElementById('preview-refresh').click();"
b.call("Runtime.evaluate", {"expression": fill % json.dumps(cfg["attack"])}, s)
b.pump_for(4)
frames = [e["params"] for e in events if e.get("method") == "Target.attachedToTarget"]
frames = [f["sessionId"] for f in frames if f["targetInfo"]["type"] == "iframe"]
if not frames:
    sys.exit("no preview frame")
read = {"expression": "document.body.getAttribute('data-result')", "returnByValue": True}
got = b.call("Runtime.evaluate", read, frames[-1])
parent = b.call("Runtime.evaluate", {"expression": "document.cookie", "returnByValue": True}, s)
print(json.dumps({"frame": got["result"].get("value"), "parent": parent["result"]["value"]}))
b.close()
"""


@pytest.fixture
def live_server(app) -> Iterator[tuple[str, list[str]]]:
    """The app on a real port, recording every path it serves."""
    paths: list[str] = []
    inner = app.wsgi_app

    def recording(environ, start_response):
        paths.append(environ["PATH_INFO"])
        return inner(environ, start_response)

    app.wsgi_app = recording
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", paths
    server.shutdown()


@pytest.mark.docker
@pytest.mark.slow
def test_a_script_in_the_preview_cannot_reach_cookies_or_api(
    app, live_server, docker_sandbox, tmp_path: Path
) -> None:
    """Real Chromium (the browser image, on the host network): a hostile preview is boxed in."""
    base, paths = live_server
    cookies = {"canary": "secret-canary"}
    drv = tmp_path / "drv"
    drv.mkdir(mode=0o755)
    (drv / "web_cdp.py").write_bytes((ROOT / "graders/web/harness/cdp.py").read_bytes())
    (drv / "driver.py").write_text(DRIVER)
    (drv / "cfg.json").write_text(
        json.dumps(
            {
                "base": base,
                "cookies": cookies,
                "attack": ATTACK,
                "email": "ana@example.org",
                "password": PASSWORD,
            }
        )
    )
    for path in [drv, *drv.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    output = docker_sandbox.client.containers.run(
        image_name("browser"),
        ["python3", "/drv/driver.py"],
        network_mode="host",
        user="10001:10001",
        environment={"HOME": "/tmp"},
        volumes={str(drv): {"bind": "/drv", "mode": "ro"}},
        tmpfs={"/tmp": "size=128m"},
        mem_limit="768m",
        remove=True,
    )
    report = json.loads(output.decode().strip().splitlines()[-1])
    assert "canary=secret-canary" in report["parent"]  # the app page itself sees its cookie
    frame = json.loads(report["frame"])
    assert frame["cookie"].startswith("blocked:SecurityError")
    assert frame["parent"].startswith("blocked:SecurityError")
    assert frame["storage"].startswith("blocked:")
    assert frame["origin"] == "null"
    assert frame["fetch"].startswith("blocked:")
    assert "/apercu/cadre" in paths
    assert not [p for p in paths if p.startswith("/api/")]
