"""In-container harness of the `w3c` checks: the W3C's Nu Html Checker on the job's files.

Started by ``python3 -I .harness/vnu.py`` in the `vnu` image. It reads its job (the files
to check, whether warnings are wanted, the time budget and the run's frame marker), deletes
the ``.harness/`` folder, then runs the checker (``vnu``, the image's launcher of vnu.jar)
on the files and reads its JSON messages while they stream. It stops the checker after
MAX_MESSAGES messages or at the budget, so a page made of errors costs little, then prints
one frame per file (counts and the first messages) and an end frame saying why it stopped.
No learner code runs here: the files are data for the checker. Nothing is judged here.
"""

from __future__ import annotations

import codecs
import json
import os
import select
import shutil
import subprocess
import sys
import time
from typing import Any
from urllib.parse import unquote

WORK = "/work"
HARNESS_DIR = os.path.join(WORK, ".harness")
VNU = "/usr/local/bin/vnu"
MAX_MESSAGES = 200  # read in all, then the checker is stopped
KEEP = 20  # messages kept per file
TEXT_CAP = 400
STDERR_CAP = 2000
OUT_OF_MEMORY = 3  # the exit code of -XX:+ExitOnOutOfMemoryError
_DECODER = json.JSONDecoder()


class Messages:
    """vnu's JSON output (``{"version":…,"messages":[{…},{…}]}``) parsed as it streams."""

    def __init__(self) -> None:
        self.text = ""
        self.inside = False
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        """The messages completed by this chunk of output."""
        self.text += self.decoder.decode(data)
        if not self.inside:
            start = self.text.find('"messages":[')
            if start < 0:
                return []
            self.text = self.text[start + len('"messages":[') :]
            self.inside = True
        found: list[dict[str, Any]] = []
        while True:
            rest = self.text.lstrip(" \t\r\n,")
            if not rest.startswith("{"):
                self.text = rest
                return found
            try:
                message, end = _DECODER.raw_decode(rest)
            except ValueError:
                self.text = rest
                return found
            found.append(message)
            self.text = rest[end:]


class Tally:
    """Counts and first messages per file."""

    def __init__(self, names: list[str]) -> None:
        self.names = names  # in the order the checker reads them
        self.files: dict[str, dict[str, Any]] = {
            name: {"errors": 0, "warnings": 0, "messages": [], "complete": True} for name in names
        }
        self.seen = 0
        self.unmatched = 0  # messages about no file of the job: never counted as a pass
        self.last = 0  # index of the file the checker was at (it checks them in order)

    def add(self, message: dict[str, Any]) -> None:
        """Count one message of the checker against its file."""
        self.seen += 1
        name = _file_of(message.get("url"))
        entry = self.files.get(name)
        if entry is None:
            self.unmatched += 1
            return
        self.last = self.names.index(name)
        kind = _kind_of(message)
        if kind == "info":
            return
        entry["warnings" if kind == "warning" else "errors"] += 1
        if len(entry["messages"]) < KEEP:
            entry["messages"].append(
                {
                    "type": kind,
                    "line": _int(message.get("firstLine", message.get("lastLine"))),
                    "column": _int(message.get("firstColumn", message.get("lastColumn"))),
                    "message": str(message.get("message", ""))[:TEXT_CAP],
                }
            )

    def stopped_early(self) -> None:
        """The checker was stopped: the file it was at, and the later ones, are incomplete."""
        for name in self.names[self.last :]:
            self.files[name]["complete"] = False


def _kind_of(message: dict[str, Any]) -> str:
    kind = message.get("type")
    if kind == "info":
        return "warning" if message.get("subType") == "warning" else "info"
    return "error"  # error, and non-document-error (the checker could not read the file)


def _file_of(url: Any) -> str:
    path = unquote(str(url or "").removeprefix("file:"))
    return os.path.relpath(os.path.normpath("/" + path.lstrip("/")), WORK)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def check(job: dict[str, Any]) -> tuple[Tally, str, str]:
    """Run the checker on the job's files: the tally, why it stopped early, stderr's tail.

    Pages and stylesheets are checked by two runs of the checker (``--css`` for the
    latter): with ``--also-check-css``, vnu 26 numbers the lines of HTML files from 0.
    """
    names = [str(n) for n in job["files"]]
    groups = [
        [n for n in names if not n.endswith(".css")],
        [n for n in names if n.endswith(".css")],
    ]
    tally = Tally([n for group in groups for n in group])
    deadline = time.monotonic() + float(job["budget_s"])
    common = ["--no-langdetect", "--exit-zero-always", "--format", "json", "--stdout"]
    common += [] if job.get("warnings") else ["--errors-only"]
    for group, mode in zip(groups, ([], ["--css"]), strict=True):
        if not group:
            continue
        args = [VNU, *mode, *common, *(os.path.join(WORK, n) for n in group)]
        stopped, tail = _run(args, tally, deadline)
        if stopped:
            tally.stopped_early()
            return tally, stopped, tail
    if tally.unmatched:
        return tally, "failed", f"{tally.unmatched} message(s) about no file of the job"
    return tally, "", ""


def _run(args: list[str], tally: Tally, deadline: float) -> tuple[str, str]:
    """One run of the checker: why it was stopped ("" when it ended well), stderr's tail."""
    with open("/tmp/vnu-stderr", "w+b") as errors:
        process = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=errors, stdin=subprocess.DEVNULL
        )
        stopped = _read(process, tally, deadline)
        if stopped:
            process.kill()
        code = process.wait()
        errors.seek(0)
        tail = errors.read()[-STDERR_CAP:].decode("utf-8", "replace")
    if not stopped and code != 0:
        stopped = {OUT_OF_MEMORY: "memory"}.get(code, "failed")
        stopped = "stack" if "StackOverflowError" in tail else stopped
    return stopped, tail


def _read(process: subprocess.Popen, tally: Tally, deadline: float) -> str:
    """Read the checker's messages until it ends, the budget runs out or there are enough."""
    stream = Messages()
    out = process.stdout
    assert out is not None
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return "time"
        ready, _, _ = select.select([out], [], [], remaining)
        if not ready:
            continue
        data = os.read(out.fileno(), 65536)
        if not data:
            return ""
        for message in stream.feed(data):
            tally.add(message)
        if tally.seen >= MAX_MESSAGES:
            return "messages"


def emit(marker: str, frame: dict[str, Any]) -> None:
    """One frame, ASCII-only JSON on a line of its own behind the run's marker."""
    sys.stdout.write("\n" + marker + json.dumps(frame, ensure_ascii=True) + "\n")
    sys.stdout.flush()


def await_job() -> bool:
    """Started before the job (the files arrive after the boot): wait, printing nothing, for
    the line saying they are in place."""
    if sys.stdin.buffer.readline().strip() == b"ok":
        return True
    sys.stderr.write("tremplin: the job's files could not be unpacked\n")
    return False


def main() -> None:
    """Check the files, then one frame per file and the end frame."""
    if not await_job():
        sys.exit(1)
    with open(os.path.join(HARNESS_DIR, "job.json"), encoding="utf-8") as handle:
        job = json.load(handle)
    shutil.rmtree(HARNESS_DIR, ignore_errors=True)
    marker = str(job["marker"])
    tally, stopped, tail = check(job)
    for name, entry in tally.files.items():
        emit(marker, {"t": "w3c", "file": name, **entry})
    emit(marker, {"t": "end", "stopped": stopped, "detail": tail if stopped else ""})


if __name__ == "__main__":
    main()
