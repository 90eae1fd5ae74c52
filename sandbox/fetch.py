"""Packages an image needs from a registry, fetched on the host and pinned by their integrity.

A build cannot use a registry (HTTPS from inside a container fails its certificate checks,
and there is no image registry), so a runtime folder may pin packages in ``fetch.toml``.
The host fetches each one with the registry's own client (``npm pack``), checks it against
the ``integrity`` of the pin (the registry's sha512, as in a package-lock.json), keeps it in
a cache outside the repository, and the build context gets it under ``file``. The pin is a
file of the runtime's folder, hence part of the image's content-hash tag.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sandbox.errors import ImageBuildError

PIN_FILE = "fetch.toml"
_PACKAGE = re.compile(r"^(@[a-z0-9._-]+/)?[a-z0-9._-]+@\d+\.\d+\.\d+$")
_FILE = re.compile(r"^[A-Za-z0-9._-]+$")
NPM_TIMEOUT_S = 600


@dataclass(frozen=True, slots=True)
class Pinned:
    """One npm package at an exact version, its integrity, and its name in the build context."""

    package: str
    integrity: str
    file: str


def pins(folder: Path) -> list[Pinned]:
    """The packages pinned by a runtime folder's ``fetch.toml`` (none without one)."""
    path = folder / PIN_FILE
    if not path.is_file():
        return []
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        found = [Pinned(p["package"], p["integrity"], p["file"]) for p in raw.get("npm", [])]
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise ImageBuildError(f"{path}: unreadable pin ({exc})") from exc
    for pin in found:
        if not (
            _PACKAGE.match(pin.package)
            and pin.integrity.startswith("sha512-")
            and _FILE.match(pin.file)
        ):
            raise ImageBuildError(f"{path}: bad pin {pin}")
    return found


def cache_dir() -> Path:
    """Where fetched packages are kept: ``$TREMPLIN_CACHE`` or ``$XDG_CACHE_HOME/tremplin``."""
    root = os.environ.get("TREMPLIN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "tremplin"
    )
    return Path(root) / "packages"


def integrity(path: Path) -> str:
    """The Subresource Integrity string of a file, as npm writes it (``sha512-<base64>``)."""
    digest = hashlib.sha512()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return "sha512-" + base64.b64encode(digest.digest()).decode()


def fetch(pin: Pinned) -> Path:
    """The package's tarball from the cache, fetched first if needed; always checked."""
    cached = cache_dir() / f"{hashlib.sha256(pin.integrity.encode()).hexdigest()[:24]}.tgz"
    if cached.is_file() and integrity(cached) == pin.integrity:
        return cached
    cached.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cached.parent, prefix="fetch-") as folder:
        fetched = _npm_pack(pin.package, Path(folder))
        found = integrity(fetched)
        if found != pin.integrity:
            raise ImageBuildError(
                f"{pin.package}: integrity {found} does not match the pin {pin.integrity}"
            )
        os.replace(fetched, cached)
    return cached


def _npm_pack(package: str, folder: Path) -> Path:
    """``npm pack`` one package into ``folder``; the path of the tarball it wrote."""
    npm = shutil.which("npm")
    if npm is None:
        raise ImageBuildError(f"npm is needed to fetch {package}: apt-get install npm")
    try:
        done = subprocess.run(
            [npm, "pack", package, "--ignore-scripts", "--json", "--pack-destination", folder],
            check=True,
            capture_output=True,
            timeout=NPM_TIMEOUT_S,
            cwd=folder,
        )
        name = json.loads(done.stdout)[0]["filename"]
    except (subprocess.SubprocessError, ValueError, LookupError, TypeError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        raise ImageBuildError(f"npm pack {package} failed: {exc} {detail[-1000:]!r}") from exc
    path = folder / Path(name).name
    if not path.is_file():
        raise ImageBuildError(f"npm pack {package} wrote no {path.name}")
    return path
