"""Build and cache the runtime images, from a debootstrapped base when no registry is reachable."""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import docker
from docker.errors import BuildError, ImageNotFound
from docker.models.images import Image

from sandbox.errors import ImageBuildError, ImageMissingError
from sandbox.fetch import fetch, pins

log = logging.getLogger(__name__)

IMAGES_DIR = Path(__file__).parent / "images"
BASE_IMAGE = "tremplin-base:bookworm"
SUITE = "bookworm"


def image_name(runtime: str) -> str:
    """Docker tag of a runtime image: its version is the hash of what builds it.

    Two checkouts (or two releases on one engine) with different Dockerfiles or harnesses
    get different tags, so neither rebuilds over the image the other is using.
    """
    return f"tremplin-{runtime}:{image_version(runtime)}"


def runtimes() -> list[str]:
    """Runtimes that have a Dockerfile under ``sandbox/images``."""
    return sorted(p.parent.name for p in IMAGES_DIR.glob("*/Dockerfile"))


@functools.cache
def image_version(runtime: str) -> str:
    """Hash of the runtime's build context, chained with its parent runtime's version.

    Fetched packages are not read here: their pins (``fetch.toml``, with each one's
    integrity) are files of the folder, so another version is another tag.
    """
    digest = hashlib.sha256()
    for path in sorted((IMAGES_DIR / runtime).rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(IMAGES_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    parent = parent_runtime(runtime)
    if parent is not None:
        digest.update(image_version(parent).encode())
    return digest.hexdigest()[:16]


def _has_image(client: docker.DockerClient, name: str) -> Image | None:
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


def _from_line(runtime: str) -> tuple[int, str]:
    """Index and image of the Dockerfile's FROM line."""
    lines = (IMAGES_DIR / runtime / "Dockerfile").read_text().splitlines()
    for index, line in enumerate(lines):
        words = line.split()
        if len(words) >= 2 and words[0].upper() == "FROM":
            return index, words[1]
    raise ImageBuildError(f"sandbox/images/{runtime}/Dockerfile has no FROM line")


def parent_runtime(runtime: str) -> str | None:
    """The runtime an image is built FROM (``FROM tremplin-node``), if any."""
    _, image = _from_line(runtime)
    parent = image.split(":")[0].removeprefix("tremplin-")
    return parent if image.startswith("tremplin-") and parent in runtimes() else None


def _build_context(runtime: str) -> io.BytesIO:
    """The runtime's folder and its fetched packages as a tar, FROM the parent's exact tag."""
    folder = IMAGES_DIR / runtime
    dockerfile = (folder / "Dockerfile").read_text().splitlines()
    parent = parent_runtime(runtime)
    if parent is not None:
        index, _ = _from_line(runtime)
        dockerfile[index] = f"FROM {image_name(parent)}"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if name == "Dockerfile" or not path.is_file():
                continue
            tar.add(path, arcname=name)
        for pin in pins(folder):
            tar.add(fetch(pin), arcname=pin.file)
        data = ("\n".join(dockerfile) + "\n").encode()
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    buffer.seek(0)
    return buffer


def ensure_image(client: docker.DockerClient, runtime: str) -> str:
    """Build the runtime image unless the image of this exact version exists; return its tag."""
    name = image_name(runtime)
    parent = parent_runtime(runtime)
    if parent is not None:
        ensure_image(client, parent)  # a changed parent has a new tag, so a new child tag
    if _has_image(client, name) is not None:
        return name
    ensure_base(client)
    log.info("building %s", name)
    try:
        client.images.build(
            fileobj=_build_context(runtime),
            custom_context=True,
            tag=name,
            labels={"tremplin.runtime": runtime, "tremplin.version": image_version(runtime)},
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
