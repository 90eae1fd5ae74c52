"""A throwaway PostgreSQL cluster (Debian's server binaries), for tests that need a real one."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import free_port


def server_bindir() -> Path | None:
    """The newest installed PostgreSQL server's bin directory (the one with initdb)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
    return Path(found[-1]).parent if found else None


def _version_key(path: str) -> int:
    part = path.split("/")[4]
    return int(part) if part.isdigit() else 0


def _as_postgres() -> list[str]:
    """Run the server binaries as ``postgres`` when we are root (initdb refuses root)."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@dataclass
class Cluster:
    """A running cluster: its data directory, port and binaries."""

    bindir: Path
    directory: Path
    port: int

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of a database of this cluster (user ``tremplin``, trust auth)."""
        return f"postgresql://tremplin@127.0.0.1:{self.port}/{database}"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            [*_as_postgres(), str(self.bindir / "pg_ctl"), "-D", str(self.directory / "db"), *args],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        """Start (or start again) the server and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._ctl("-l", str(self.directory / "log"), "-w", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``immediate`` is a crash)."""
        self._ctl("-m", mode, "-w", "stop")

    def create_database(self, name: str) -> str:
        """Create a database and return its URL."""
        subprocess.run(
            [str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port)]
            + ["-U", "tremplin", name],
            check=True,
        )
        return self.url(name)

    def destroy(self) -> None:
        """Stop the server (as in a crash) and remove its files."""
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.directory, ignore_errors=True)


def start_cluster() -> Cluster:
    """initdb a cluster in a fresh temporary directory and start it on a free port."""
    bindir = server_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
    directory = Path(tempfile.mkdtemp(prefix="tremplin-pg-"))
    directory.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
    subprocess.run(
        [*_as_postgres(), str(bindir / "initdb"), "-D", str(directory / "db")]
        + ["-U", "tremplin", "--auth=trust", "--no-sync"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    cluster = Cluster(bindir=bindir, directory=directory, port=free_port())
    cluster.start()
    return cluster
