"""Build and cache the runtime images, from a debootstrapped base when no registry is reachable."""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

import docker
from docker.errors import BuildError, ImageNotFound

from sandbox.errors import ImageBuildError, ImageMissingError

log = logging.getLogger(__name__)

IMAGES_DIR = Path(__file__).parent / "images"
BASE_IMAGE = "tremplin-base:bookworm"
SUITE = "bookworm"


def image_name(runtime: str) -> str:
    """Docker tag of a runtime image."""
    return f"tremplin-{runtime}:latest"


def runtimes() -> list[str]:
    """Runtimes that have a Dockerfile under ``sandbox/images``."""
    return sorted(p.parent.name for p in IMAGES_DIR.glob("*/Dockerfile"))


def _context_hash(runtime: str) -> str:
    digest = hashlib.sha256()
    for path in sorted((IMAGES_DIR / runtime).rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(IMAGES_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _has_image(client: docker.DockerClient, name: str) -> docker.models.images.Image | None:
    try:
        return client.images.get(name)
    except ImageNotFound:
        return None


def ensure_base(client: docker.DockerClient) -> None:
    """Create the base image with debootstrap + ``docker import`` unless it exists."""
    if _has_image(client, BASE_IMAGE):
        return
    if shutil.which("debootstrap") is None:
        raise ImageBuildError(
            "debootstrap is needed to create the base image: apt-get install debootstrap"
        )
    log.info("creating %s with debootstrap (a few minutes, once)", BASE_IMAGE)
    with tempfile.TemporaryDirectory(prefix="tremplin-rootfs-") as root:
        try:
            subprocess.run(
                ["debootstrap", "--variant=minbase", SUITE, root],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except subprocess.CalledProcessError as exc:
            raise ImageBuildError(f"debootstrap failed: {exc.stderr.decode()[-2000:]}") from exc
        tar = subprocess.Popen(["tar", "-C", root, "-c", "."], stdout=subprocess.PIPE)
        repository, tag = BASE_IMAGE.split(":")
        client.api.import_image_from_stream(tar.stdout, repository=repository, tag=tag)
        if tar.wait() != 0:
            raise ImageBuildError("tar of the base root filesystem failed")


def parent_runtime(runtime: str) -> str | None:
    """The runtime an image is built FROM (``FROM tremplin-node:latest``), if any."""
    for line in (IMAGES_DIR / runtime / "Dockerfile").read_text().splitlines():
        words = line.split()
        if len(words) >= 2 and words[0].upper() == "FROM":
            parent = words[1].removeprefix("tremplin-").removesuffix(":latest")
            return parent if image_name(parent) == words[1] and parent in runtimes() else None
    return None


def ensure_image(client: docker.DockerClient, runtime: str) -> str:
    """Build the runtime image unless an image from the same Dockerfile exists; return its tag."""
    name = image_name(runtime)
    parent = parent_runtime(runtime)
    wanted = _context_hash(runtime)
    if parent is not None:
        # A rebuilt parent must rebuild its children.
        wanted += "-" + ensure_image(client, parent) + "@" + _context_hash(parent)
    current = _has_image(client, name)
    if current is not None and current.labels.get("tremplin.context") == wanted:
        return name
    ensure_base(client)
    log.info("building %s", name)
    try:
        client.images.build(
            path=str(IMAGES_DIR / runtime),
            tag=name,
            labels={"tremplin.context": wanted},
            rm=True,
            forcerm=True,
        )
    except BuildError as exc:
        lines = "".join(str(c.get("stream", "")) for c in exc.build_log)[-3000:]
        raise ImageBuildError(f"build of {name} failed: {exc}\n{lines}") from exc
    return name


def ensure_all(client: docker.DockerClient) -> list[str]:
    """Build every runtime image that is missing or stale."""
    return [ensure_image(client, runtime) for runtime in runtimes()]


def require_image(client: docker.DockerClient, runtime: str) -> str:
    """Return the tag of a built runtime image, or raise ImageMissingError."""
    name = image_name(runtime)
    if _has_image(client, name) is None:
        raise ImageMissingError(f"image {name} is missing: run `flask --app wsgi sandbox build`")
    return name
