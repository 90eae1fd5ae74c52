"""The committed editor bundle comes from the committed sources and lockfile, and needs no CDN."""

from __future__ import annotations

import hashlib
import re

from tests.conftest import ROOT

SOURCES = ROOT / "scripts" / "editor"
BUNDLE = ROOT / "tremplin" / "static" / "editor"


def _inputs_digest() -> str:
    """The digest scripts/editor/build.mjs writes into SOURCES.sha256."""
    files = ["build.mjs", "package.json", "package-lock.json"]
    files += sorted(p.relative_to(SOURCES).as_posix() for p in (SOURCES / "src").rglob("*.js"))
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0" + (SOURCES / name).read_bytes() + b"\0")
    return digest.hexdigest()


def test_bundle_was_rebuilt_after_the_last_change_of_its_sources():
    recorded = (BUNDLE / "SOURCES.sha256").read_text().strip()
    assert recorded == _inputs_digest(), "run scripts/build-editor.sh and commit its output"


def test_bundle_loads_nothing_from_elsewhere_and_names_its_licences():
    scripts = {p.name: p.read_text(encoding="utf-8") for p in BUNDLE.glob("*.js")}
    imported = {
        name
        for text in scripts.values()
        for name in re.findall(
            r"""(?:from|import\()\s*["']((?:https?:|//)[^"']*|[^"']+\.js)["']""", text
        )
    }
    assert imported, "the entry imports its chunks"
    assert all(name.startswith("./") and name[2:] in scripts for name in imported), imported
    assert "export{" in scripts["editor.js"].replace(" ", "")
    licences = (BUNDLE / "LICENSES.txt").read_text(encoding="utf-8")
    for package in ("@codemirror/view", "@codemirror/lang-html", "@lezer/javascript"):
        assert f"{package}@" in licences
