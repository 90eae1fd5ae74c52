"""In-container harness of the `shell` and `git` kinds, shipped with each run.

Started by ``python3 -I .harness/harness.py`` before its job comes (isolated mode: no
environment variable, no user site, not even its own folder on sys.path):

1. Wait for the line ``ok`` on stdin (the job's files are in place), then read its job
   (the learner's script and the run's frame marker), delete the whole ``.harness/``
   folder and make this process non-dumpable, so the learner's commands can read neither
   the marker nor this process's memory; the code already loaded cannot be changed by
   rewriting the file it came from.
2. Run the exercise's preparation commands (``setup`` in tests.toml: trusted), then the
   learner's script with bash in its own session, stdin closed, output captured in pipes.
3. When it ends (or its time is up), SIGKILL every other process of the sandbox user
   until none is left: nothing the learner started can run during the snapshot.
4. Print ONE frame behind the marker: the script's output, and facts about the working tree
   (and the Git repository). The host compares the facts; nothing is judged here.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
import zipfile
from typing import IO

WORK = "/work"
HARNESS_DIR = os.path.join(WORK, ".harness")
OUTPUT_CAP = 16 * 1024
TEXT_CAP = 4096
TEXT_BUDGET = 24 * 1024
HASH_CAP = 4 << 20
MAX_ENTRIES = 400
MAX_COMMITS = 30
LEARNER_ENV = {
    "HOME": "/tmp/home",
    "LANG": "C.UTF-8",
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "PS1": "$ ",
    "TERM": "dumb",
    "USER": "apprenant",
}
GIT_ENV = {
    "HOME": "/tmp/harness-home",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "PATH": "/usr/bin:/bin",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_PAGER": "cat",
}
GIT_SAFE = (
    "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
    "-c", "safe.directory=*", "-c", "core.untrackedCache=false",
    "-c", "core.quotePath=false", "-c", "protocol.allow=never",
)  # fmt: skip


def _no_dump() -> None:
    """PR_SET_DUMPABLE 0: /proc/<pid>/{mem,environ,fd} of this process become root-only."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(4, 0, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE) failed")


def _await_job() -> bool:
    """Started before the job (maybe long before): wait for its files, printing nothing."""
    if sys.stdin.buffer.readline().strip() == b"ok":
        return True
    sys.stderr.write("tremplin: the job's files could not be unpacked\n")
    return False


def _read_job() -> dict:
    with open(os.path.join(HARNESS_DIR, "job.json"), encoding="utf-8") as handle:
        job = json.load(handle)
    shutil.rmtree(HARNESS_DIR)
    return job


def _prepare_home() -> None:
    os.makedirs(LEARNER_ENV["HOME"], exist_ok=True)
    with open(os.path.join(LEARNER_ENV["HOME"], ".gitconfig"), "w", encoding="utf-8") as handle:
        handle.write(
            "[user]\n\tname = Camille Apprenant\n\temail = camille@example.org\n"
            "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n"
        )


def _drain(stream: IO[bytes], sink: bytearray) -> None:
    while True:
        chunk = stream.read(4096)
        if not chunk:
            return
        room = OUTPUT_CAP + 1 - len(sink)
        if room > 0:
            sink.extend(chunk[:room])


def _other_pids() -> list[int]:
    me = os.getpid()
    pids = []
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) not in (1, me):
            try:
                with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as handle:
                    state = handle.read().rsplit(")", 1)[-1].split()[0]
            except OSError:
                continue
            if state != "Z":
                pids.append(int(name))
    return pids


def _kill_everything(process: subprocess.Popen) -> None:
    """SIGKILL the learner's session, then every other process of this user, until none is left."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            pass
        if not _other_pids():
            return
        time.sleep(0.02)
    raise RuntimeError("learner processes survived SIGKILL")


def _run_setup(setup: str) -> bool:
    """The exercise's own preparation (trusted, from tests.toml); True when it succeeded."""
    if not setup:
        return True
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-e", "-c", setup, "preparation.sh"],
        cwd=WORK,
        env=LEARNER_ENV,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=10,
    )
    return done.returncode == 0


def _run_learner(script: str, timeout_s: float) -> dict:
    out, err = bytearray(), bytearray()
    process = subprocess.Popen(
        ["bash", "--noprofile", "--norc", "-c", script, "commandes.sh"],
        cwd=WORK,
        env=LEARNER_ENV,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    readers = [
        threading.Thread(target=_drain, args=(process.stdout, out), daemon=True),
        threading.Thread(target=_drain, args=(process.stderr, err), daemon=True),
    ]
    for reader in readers:
        reader.start()
    timed_out = False
    try:
        code = process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        timed_out, code = True, None
    _kill_everything(process)
    for reader in readers:
        reader.join(timeout=2)
    return {
        "exit_code": code,
        "timed_out": timed_out,
        "stdout": _text(bytes(out)),
        "stderr": _text(bytes(err)),
        "output_truncated": len(out) > OUTPUT_CAP or len(err) > OUTPUT_CAP,
    }


def _text(raw: bytes) -> str:
    return raw[:OUTPUT_CAP].decode("utf-8", errors="replace").replace("\x00", "")


class _Walker:
    """Facts about every entry under the working directory (never following links)."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self.entries: dict[str, dict] = {}
        self.budget = TEXT_BUDGET
        self.truncated = False

    def walk(self, folder: str, prefix: str = "") -> None:
        try:
            names = sorted(os.listdir(folder))
        except PermissionError:
            os.chmod(folder, 0o700)
            names = sorted(os.listdir(folder))
        for name in names:
            if len(self.entries) >= self.max_entries:
                self.truncated = True
                return
            path = os.path.join(folder, name)
            rel = prefix + name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            info = os.lstat(path)
            self.entries[rel] = entry = self._entry(path, info)
            if entry["type"] == "dir" and name != ".git":
                self.walk(path, rel + "/")

    def _entry(self, path: str, info: os.stat_result) -> dict:
        mode = info.st_mode
        if stat.S_ISLNK(mode):
            return {"type": "link", "target": os.readlink(path)[:300]}
        if stat.S_ISDIR(mode):
            return {"type": "dir"}
        if not stat.S_ISREG(mode):
            return {"type": "other"}
        entry = {"type": "file", "size": info.st_size, "exec": bool(mode & stat.S_IXUSR)}
        if info.st_size <= HASH_CAP:
            data = self._read(path, mode)
            entry["sha256"] = hashlib.sha256(data).hexdigest()
            if len(data) <= TEXT_CAP and len(data) <= self.budget:
                try:
                    entry["text"] = data.decode("utf-8")
                    self.budget -= len(data)
                except UnicodeDecodeError:
                    pass
            if path.endswith(".zip"):
                entry["zip"] = _zip_names(path)
        return entry

    @staticmethod
    def _read(path: str, mode: int) -> bytes:
        if not mode & stat.S_IRUSR:
            os.chmod(path, stat.S_IMODE(mode) | stat.S_IRUSR)
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            return handle.read(HASH_CAP + 1)


def _zip_names(path: str) -> list[str] | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return sorted(archive.namelist())[:MAX_ENTRIES]
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _git(repo: str, *args: str) -> tuple[int, str]:
    try:
        done = subprocess.run(
            ["git", *GIT_SAFE, *args],
            cwd=repo,
            env=GIT_ENV,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=5,
        )
    except subprocess.TimeoutExpired:
        return 124, ""
    return done.returncode, done.stdout.decode("utf-8", errors="replace")


def _zsplit(text: str) -> list[str]:
    return [item for item in text.split("\x00") if item]


def _git_facts(repo_rel: str, queries: list[str]) -> dict:
    repo = os.path.normpath(os.path.join(WORK, repo_rel))
    if not os.path.isdir(os.path.join(repo, ".git")):
        return {"repo": False}
    code, top = _git(repo, "rev-parse", "--show-toplevel")
    if code != 0 or os.path.realpath(top.strip()) != os.path.realpath(repo):
        return {"repo": False}
    facts: dict = {"repo": True}
    code, head = _git(repo, "symbolic-ref", "--short", "-q", "HEAD")
    facts["branch"] = head.strip() if code == 0 else None
    facts["commits"] = _commits(repo)
    code, refs = _git(
        repo, "for-each-ref", "--format=%(refname:short)%00%(objectname)", "refs/heads"
    )
    branches = dict(line.split("\x00", 1) for line in refs.splitlines() if "\x00" in line)
    facts["branches"] = sorted(branches)
    facts["merged"] = sorted(
        name
        for name, sha in branches.items()
        if facts["commits"] and _git(repo, "merge-base", "--is-ancestor", sha, "HEAD")[0] == 0
    )
    facts["tracked"] = sorted(_zsplit(_git(repo, "ls-files", "-z")[1]))[:MAX_ENTRIES]
    facts["head_files"] = _head_files(repo) if facts["commits"] else {}
    status = _zsplit(_git(repo, "status", "--porcelain=v1", "-z", "--untracked-files=all")[1])
    facts["status"] = [[item[:2], item[3:]] for item in status if len(item) > 3][:MAX_ENTRIES]
    if queries:
        done = subprocess.run(
            ["git", *GIT_SAFE, "check-ignore", "-z", "--stdin"],
            cwd=repo,
            env=GIT_ENV,
            input="\x00".join(queries).encode() + b"\x00",
            capture_output=True,
            timeout=5,
        )
        facts["ignored"] = sorted(_zsplit(done.stdout.decode("utf-8", "replace")))
    return facts


def _commits(repo: str) -> list[dict]:
    code, log = _git(repo, "log", "-z", f"-n{MAX_COMMITS}", "--format=%H%x1f%P%x1f%B", "HEAD", "--")
    if code != 0:
        return []
    commits = []
    for record in _zsplit(log):
        sha, parents, message = (record.split("\x1f", 2) + ["", ""])[:3]
        files = _zsplit(
            _git(repo, "diff-tree", "--no-commit-id", "--name-only", "-r", "-z", "--root", sha)[1]
        )
        commits.append(
            {
                "parents": len(parents.split()),
                "message": message.strip()[:500],
                "files": files[:50],
            }
        )
    return commits


def _head_files(repo: str) -> dict[str, str | None]:
    """Path -> text (small UTF-8 blobs) of every file of HEAD's tree."""
    code, listing = _git(repo, "ls-tree", "-r", "-z", "-l", "HEAD")
    files: dict[str, str | None] = {}
    for item in _zsplit(listing)[:MAX_ENTRIES]:
        meta, _, path = item.partition("\t")
        parts = meta.split()
        if len(parts) != 4 or parts[1] != "blob":
            continue
        text = None
        if parts[3].isdigit() and int(parts[3]) <= TEXT_CAP:
            code, text = _git(repo, "cat-file", "blob", parts[2])
        files[path] = text
    return files


def _emit(marker: str, frame: dict) -> None:
    sys.stdout.write("\n" + marker + json.dumps(frame, ensure_ascii=True) + "\n")
    sys.stdout.flush()


def main() -> int:
    """Run the learner's script, then print the single snapshot frame."""
    if not _await_job():
        return 125
    job = _read_job()
    _no_dump()
    _prepare_home()
    marker = job["marker"]
    if not _run_setup(job.get("setup", "")):
        _emit(marker, {"setup_failed": True})
        return 0
    run = _run_learner(job.get("script", ""), float(job.get("timeout_s", 5)))
    walker = _Walker(int(job.get("max_entries", MAX_ENTRIES)))
    walker.walk(WORK)
    frame = {**run, "tree": walker.entries, "truncated": walker.truncated}
    if job.get("git"):
        frame["git"] = _git_facts(job.get("repository", "."), job.get("ignore_queries", []))
    _emit(marker, frame)
    return 0


if __name__ == "__main__":
    sys.exit(main())
