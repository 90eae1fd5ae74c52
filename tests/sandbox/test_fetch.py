"""Packages fetched on the host for image builds: pinned by integrity, cached, part of the tag.

npm is replaced by a small script here (the real one fetches vnu-jar when the `vnu` image
is built, which the Docker tests do).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sandbox import images
from sandbox.errors import ImageBuildError
from sandbox.fetch import Pinned, fetch, integrity, pins

FAKE_NPM = """#!/bin/sh
# npm pack <package> --ignore-scripts --json --pack-destination <folder>
echo call >> "{calls}"
printf 'tarball of %s' "$2" > "$6/pkg-1.0.0.tgz"
echo '[{{"filename": "pkg-1.0.0.tgz"}}]'
"""


@pytest.fixture
def fake_npm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake `npm` first on PATH, a cache of its own; returns the file counting its calls."""
    bin_dir, calls = tmp_path / "bin", tmp_path / "calls"
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text(FAKE_NPM.format(calls=calls))
    npm.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setenv("TREMPLIN_CACHE", str(tmp_path / "cache"))
    return calls


def _pin(tmp_path: Path, content: bytes) -> Pinned:
    sample = tmp_path / "sample"
    sample.write_bytes(content)
    return Pinned("pkg@1.0.0", integrity(sample), "pkg.tgz")


def test_fetched_once_checked_against_its_pin_then_taken_from_the_cache(
    fake_npm: Path, tmp_path: Path
) -> None:
    pin = _pin(tmp_path, b"tarball of pkg@1.0.0")
    first = fetch(pin)
    assert first.read_bytes() == b"tarball of pkg@1.0.0"
    assert fetch(pin) == first
    assert fake_npm.read_text().count("call") == 1
    first.write_bytes(b"tampered")  # a cached file that no longer matches is fetched again
    assert fetch(pin).read_bytes() == b"tarball of pkg@1.0.0"
    assert fake_npm.read_text().count("call") == 2


def test_a_package_that_does_not_match_its_pin_is_refused(fake_npm: Path, tmp_path: Path) -> None:
    pin = _pin(tmp_path, b"what the lockfile knew")
    with pytest.raises(ImageBuildError, match="does not match the pin"):
        fetch(pin)
    assert not any((tmp_path / "cache").rglob("*.tgz"))


def test_the_vnu_image_pins_vnu_jar_and_its_tag_follows_the_pin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (pin,) = pins(images.IMAGES_DIR / "vnu")
    assert pin.package.startswith("vnu-jar@") and pin.integrity.startswith("sha512-")
    copy = tmp_path / "images"
    shutil.copytree(images.IMAGES_DIR, copy)
    monkeypatch.setattr(images, "IMAGES_DIR", copy)
    images.image_version.cache_clear()
    before = images.image_version("vnu")
    pin_file = copy / "vnu" / "fetch.toml"
    pin_file.write_text(pin_file.read_text().replace(pin.integrity, "sha512-other"))
    images.image_version.cache_clear()
    assert images.image_version("vnu") != before
    images.image_version.cache_clear()
