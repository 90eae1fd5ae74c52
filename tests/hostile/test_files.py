"""Hostile file names and sizes, refused by the API (French message) and by the tar packer."""

from __future__ import annotations

import io
import tarfile

import pytest

from sandbox.engine import pack_files
from sandbox.errors import SandboxError

URL = "/api/v1/exercises/js-somme/submissions"
BODY = "function somme(n) { return 0; }"

BAD_NAMES = {
    "dot-dot": "../somme.js",
    "dot-dot-inside": "x/../../somme.js",
    "absolute": "/etc/passwd",
    "nul": "som\x00me.js",
    "very-long": "s" * 300 + ".js",
    "unicode": "sömme.js",
    "rtl-override": "emmos\u202ejs.js",
    "backslash": "..\\..\\somme.js",
    "symlink-like": "somme.js -> /etc/shadow",
    "hidden": ".bashrc",
    "newline": "somme.js\nx",
}


@pytest.mark.docker
@pytest.mark.redis
@pytest.mark.parametrize("name", BAD_NAMES.values(), ids=BAD_NAMES.keys())
def test_api_refuses_hostile_file_names(client, token, name: str) -> None:
    """422 with a French explanation; nothing is queued."""
    response = client.post(URL, json={"files": {name: BODY}}, headers=token("ana@example.org"))
    assert response.status_code == 422, response.json
    assert "fichier" in response.json["error"]


@pytest.mark.docker
@pytest.mark.redis
def test_api_refuses_huge_submission(client, token) -> None:
    """413 with the size in Kio."""
    files = {"somme.js": "//" + "x" * (300 * 1024)}
    response = client.post(URL, json={"files": files}, headers=token("ana@example.org"))
    assert response.status_code == 413
    assert "trop grosse" in response.json["error"]


@pytest.mark.docker
@pytest.mark.redis
def test_api_refuses_many_files(client, token) -> None:
    """Hundreds of files: refused at the first one the exercise does not expect."""
    files = {f"f{i}.js": BODY for i in range(600)} | {"somme.js": BODY}
    response = client.post(URL, json={"files": files}, headers=token("ana@example.org"))
    assert response.status_code == 422
    assert "n'est pas attendu" in response.json["error"]


PACK_REFUSED = [
    "../x",
    "/abs",
    "a/../../x",
    "a\x00b",
    "a//b",
    "./x",
    "",
    "é" * 200,
    "a\\b",
    "\ud800",
]


@pytest.mark.parametrize("name", PACK_REFUSED)
def test_pack_files_refuses_escaping_names(name: str) -> None:
    """Defence in depth: the packer refuses what the web layer should never let through."""
    with pytest.raises(SandboxError):
        pack_files({name: b"x"})


def test_pack_files_refuses_too_many_files() -> None:
    with pytest.raises(SandboxError):
        pack_files({f"f{i}": b"" for i in range(501)})


def test_pack_files_makes_only_regular_files() -> None:
    """Unicode names are kept; every member is a regular 0644 file, never a link."""
    data = pack_files({"sömme.js": b"1", ".harness/driver.js": b"2", "日本.js": b"3"})
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = tar.getmembers()
    assert sorted(m.name for m in members) == [".harness/driver.js", "sömme.js", "日本.js"]
    assert all(m.isreg() and m.mode == 0o644 for m in members)
