"""The deployment path end to end: deploy/install.sh on a bare Debian server (a container
with systemd as PID 1, the machine's Docker engine as its local engine), then the platform
used through nginx over HTTPS as learners would, a worker killed, a backup, an upgrade."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import tarfile
import time
import uuid

import docker
import pytest
import requests
import urllib3

from tests.conftest import ROOT, unavailable
from tests.support.platform import CORRECT, wait_until

pytestmark = [pytest.mark.docker, pytest.mark.slow]
HERE = ROOT / "tests" / "deploy" / "server"
DOMAIN = "tremplin.ecole.test"
LABEL = "tremplin.test"
# Container-only adjustment: Debian's redis unit asks for a user namespace (PrivateUsers),
# which a container cannot set up. A real server needs nothing of the sort.
REDIS_DROP_IN = "[Service]\nPrivateUsers=false\n"
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"


class Server:
    """The container, driven like a server over SSH: run commands, read files."""

    def __init__(self, container) -> None:
        self.container = container

    def run(self, command: str, env: dict[str, str] | None = None, check: bool = True) -> str:
        """Run a shell command as root; its output (AssertionError if it fails and ``check``)."""
        code, output = self.container.exec_run(["bash", "-c", command], environment=env or {})
        text = output.decode(errors="replace")
        assert code == 0 or not check, f"{command} -> {code}\n{text[-4000:]}"
        return text

    def port(self, inside: int) -> int:
        """The host port (on 127.0.0.1) published for a port of the server."""
        self.container.reload()
        return int(self.container.ports[f"{inside}/tcp"][0]["HostPort"])


def _image(client: docker.DockerClient) -> str:
    tag = (
        "tremplin-test-server:"
        + hashlib.sha256((HERE / "Dockerfile").read_bytes()).hexdigest()[:16]
    )
    if not client.images.list(name=tag):
        client.images.build(path=str(HERE), tag=tag, labels={LABEL: "deploy"}, rm=True)
    return tag


def _checkout() -> bytes:
    """The tracked files of this checkout, as a tar (what `git clone` would give)."""
    names = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name in filter(None, names):
            path = ROOT / name.decode()
            if path.exists():
                tar.add(path, arcname=name.decode(), recursive=False)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def server(docker_sandbox):
    client = docker_sandbox.client
    try:
        image = _image(client)
    except docker.errors.DockerException as exc:
        unavailable("the test server image", exc)
    suffix = uuid.uuid4().hex[:8]
    container = client.containers.run(
        image,
        detach=True,
        name=f"tremplin-test-server-{suffix}",
        # A host name of its own: the warm pool's namespace comes from it, and two runs of
        # this test on one engine (two CI runs at once) must not share a pool.
        hostname=f"srv-{suffix}",
        labels={LABEL: "deploy"},
        tmpfs={"/run": "", "/run/lock": ""},
        volumes={
            "/sys/fs/cgroup": {"bind": "/sys/fs/cgroup", "mode": "ro"},
            "/var/run/docker.sock": {"bind": "/var/run/docker.sock", "mode": "rw"},
            CA_BUNDLE: {"bind": "/usr/local/share/host-ca.crt", "mode": "ro"},
        },
        ports={"443/tcp": ("127.0.0.1", None), "80/tcp": ("127.0.0.1", None)},
    )
    host = Server(container)
    try:
        wait_until(lambda: "running" in host.run("systemctl is-system-running", check=False)
                   or "degraded" in host.run("systemctl is-system-running", check=False),
                   60, "systemd to boot")  # fmt: skip
        container.put_archive("/", _tar_of({"/opt/tremplin/src/.keep": b""}))
        container.put_archive("/opt/tremplin/src", _checkout())
        host.run(
            "mkdir -p /etc/systemd/system/redis-server.service.d && "
            f"printf '{REDIS_DROP_IN}' > /etc/systemd/system/redis-server.service.d/container.conf"
        )
        yield host
    finally:
        # Stopping Tremplin empties its warm pool (tremplin-pool.service) on the shared engine.
        Server(container).run("systemctl stop tremplin.target", check=False)
        container.remove(force=True)


def _tar_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name.lstrip("/"))
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


INSTALL_ENV = {
    "TREMPLIN_DOMAIN": DOMAIN,
    "GRADING_WORKERS": "2",
    # This machine reaches PyPI through its own certificate authority.
    "PIP_CERT": "/usr/local/share/host-ca.crt",
}


def _https(server: Server, path: str, **kwargs) -> requests.Response:
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    method = kwargs.pop("method", "GET")
    url = f"https://127.0.0.1:{server.port(443)}{path}"
    return requests.request(method, url, verify=False, timeout=30, **kwargs)


def test_install_then_use_the_platform(server):
    output = server.run("/opt/tremplin/src/deploy/install.sh", env=INSTALL_ENV)
    assert "== Done" in output
    server.run("tremplin users create lea@ecole.test --role learner --password motdepasse-lea")
    active = server.run("systemctl is-active tremplin-web tremplin-worker@1 tremplin-worker@2")
    assert active.split() == ["active"] * 3

    # HTTPS through nginx: HSTS, Secure cookies, the HTTP port redirects.
    page = _https(server, "/connexion")
    assert page.status_code == 200 and "Connexion" in page.text
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    assert all("Secure" in c for c in page.raw.headers.getlist("Set-Cookie"))
    plain = requests.get(f"http://127.0.0.1:{server.port(80)}/connexion", allow_redirects=False)
    assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")

    # A learner submits through the API; a grading worker of the server grades it.
    body = {"email": "lea@ecole.test", "password": "motdepasse-lea"}
    token = _https(server, "/api/v1/tokens", method="POST", json=body).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert _graded(server, headers) == "passed"

    # kill -9 of a worker (its whole unit): systemd restarts it, grading goes on.
    server.run("systemctl kill -s KILL tremplin-worker@1")
    wait_until(
        lambda: server.run("systemctl show -p NRestarts --value tremplin-worker@1").strip()
        not in ("", "0"),
        60,
        "systemd to restart the worker",
    )
    assert _graded(server, headers) == "passed"

    # Sign-in limits are shared by the gunicorn processes and see the real client address.
    spoofed = {"X-Forwarded-For": "192.0.2.99"}
    for _ in range(10):
        bad = {"email": "lea@ecole.test", "password": "devine"}
        assert (
            _https(server, "/api/v1/tokens", method="POST", json=bad, headers=spoofed).status_code
            == 401
        )
    blocked = _https(server, "/api/v1/tokens", method="POST", json=body)
    assert blocked.status_code == 429 and "ce compte" in blocked.json()["error"]
    journal = server.run("journalctl -u tremplin-web --no-pager -o cat")
    failures = [line for line in journal.splitlines() if "sign-in failed" in line]
    assert len(failures) == 10 and not any("192.0.2.99" in line for line in failures)
    assert "motdepasse-lea" not in journal and "devine" not in journal


def _graded(server: Server, headers: dict[str, str]) -> str:
    files = {"files": {"somme.js": CORRECT}}
    submitted = _https(server, "/api/v1/exercises/js-somme/submissions", method="POST",
                       json=files, headers=headers)  # fmt: skip
    assert submitted.status_code == 202, submitted.text
    url = f"/api/v1/submissions/{submitted.json()['id']}"
    return wait_until(
        lambda: (s := _https(server, url, headers=headers).json()["status"])
        not in ("queued", "running")
        and s,
        120,
        "a verdict from the server's workers",
    )


def test_backup_then_upgrade_keeps_everything(server):
    server.run("systemctl start tremplin-backup.service")
    dumps = server.run("ls /var/backups/tremplin").split()
    assert len(dumps) == 1 and dumps[0].endswith(".dump")
    listing = server.run(
        f"runuser -u postgres -- pg_restore --list /var/backups/tremplin/{dumps[0]}"
    )
    assert "TABLE DATA public submission" in listing

    before = server.run("cat /etc/tremplin/tremplin.env")
    server.run("/opt/tremplin/src/deploy/install.sh", env=INSTALL_ENV)  # the upgrade
    assert server.run("cat /etc/tremplin/tremplin.env") == before
    count = server.run(
        "runuser -u postgres -- psql -tA tremplin -c 'SELECT count(*) FROM submission'"
    )
    assert int(count) == 2
    time.sleep(1)
    assert _https(server, "/connexion").status_code == 200


def test_stopping_tremplin_empties_the_warm_pool(server, docker_sandbox):
    """The workers keep sandboxes warm on the host's engine; stopping Tremplin removes them."""
    namespace = re.search(r"warm pool (\w+):", server.run("tremplin sandbox pool")).group(1)
    label = {"label": f"tremplin.pool={namespace}"}
    api = docker_sandbox.client.api
    wait_until(lambda: api.containers(filters=label), 120, "warm containers")
    server.run("systemctl stop tremplin.target")
    # The target is down at once; its units stop after it (workers finish their grading,
    # then the pool unit, ordered before them, empties the pool).
    units = "tremplin-web tremplin-worker@1 tremplin-worker@2 tremplin-pool"
    wait_until(
        lambda: set(server.run(f"systemctl is-active {units}", check=False).split())
        <= {"inactive", "failed"},
        180,
        "Tremplin's units stopped",
    )
    left = [(c["Names"][0], c["Status"]) for c in api.containers(all=True, filters=label)]
    journal = server.run("journalctl -u 'tremplin*' -n 40 --no-pager", check=False)
    assert left == [], f"{left}\n{journal}"
    server.run("systemctl start tremplin.target")
