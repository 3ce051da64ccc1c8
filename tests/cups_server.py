"""A private CUPS scheduler in a temporary folder: its own socket, spool and logs, and a queue
whose backend keeps each job's bytes and the options CUPS passed, so tests read back exactly
what a printer would have received. Nothing touches the machine's own CUPS."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

LPADMIN = shutil.which("lpadmin") or "/usr/sbin/lpadmin"

# A printer that keeps what it is sent. CUPS calls a backend as
# ``backend job user title copies options [file]``; with no arguments it lists its devices.
BACKEND = """#!/bin/sh
if [ $# -eq 0 ]; then echo 'direct capture "Unknown" "Keeps print jobs as files"'; exit 0; fi
out="{out}"
printf '%s\\n%s\\n%s\\n' "$3" "$4" "$5" > "$out/job-$1.args"
if [ -n "$6" ]; then cat "$6"; else cat; fi > "$out/job-$1.part"
mv "$out/job-$1.part" "$out/job-$1.pdf"
exit 0
"""

CUPSD = """Listen {root}/cups.sock
LogLevel warn
MaxJobs 0
PreserveJobFiles No
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

FILES = """ServerRoot {root}/etc
RequestRoot {root}/spool
CacheDir {root}/cache
StateDir {root}/state
TempDir {root}/spool
ServerBin {root}/lib
FileDevice No
Sandboxing Relaxed
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
"""


@dataclass(frozen=True)
class Job:
    title: str
    copies: int
    options: str
    data: bytes


@dataclass
class CupsServer:
    root: Path
    process: subprocess.Popen[bytes]

    @property
    def socket(self) -> str:
        return str(self.root / "cups.sock")

    @property
    def out(self) -> Path:
        return self.root / "out"

    def env(self) -> dict[str, str]:
        return dict(os.environ, CUPS_SERVER=self.socket)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, env=self.env(), capture_output=True, text=True, encoding="utf-8", check=True
        )

    def add_queue(self, name: str, default: bool = False) -> None:
        self.run(LPADMIN, "-p", name, "-v", "capture:/", "-m", "raw", "-E")
        if default:
            self.run(LPADMIN, "-d", name)

    def job(self, job_id: str, timeout: float = 60) -> Job:
        """The bytes a job delivered (waits for the backend to finish)."""
        number = job_id.rsplit("-", 1)[-1]
        data = self.out / f"job-{number}.pdf"
        deadline = time.monotonic() + timeout
        while not data.exists():
            if time.monotonic() > deadline or self.process.poll() is not None:
                log = (self.root / "log" / "error_log").read_text(
                    encoding="utf-8", errors="replace"
                )
                raise AssertionError(f"job {job_id} never reached the printer:\n{log[-3000:]}")
            time.sleep(0.05)
        title, copies, options = (
            (self.out / f"job-{number}.args").read_text(encoding="utf-8").splitlines()
        )
        return Job(title, int(copies), options, data.read_bytes())

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(root: Path, cupsd: Path, lib: Path = Path("/usr/lib/cups")) -> CupsServer:
    for folder in ("etc", "spool", "cache", "state", "log", "out", "lib/backend"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for part in ("filter", "daemon", "cgi-bin", "driver", "monitor", "notifier"):
        if (lib / part).exists():
            (root / "lib" / part).symlink_to(lib / part)
    backend = root / "lib" / "backend" / "capture"
    backend.write_text(BACKEND.format(out=root / "out"), encoding="utf-8")
    backend.chmod(0o700)  # CUPS runs a backend only it can read as root: it writes as root
    (root / "out").chmod(0o777)
    (root / "etc" / "cupsd.conf").write_text(CUPSD.format(root=root), encoding="utf-8")
    (root / "etc" / "cups-files.conf").write_text(FILES.format(root=root), encoding="utf-8")
    process = subprocess.Popen(
        [
            str(cupsd),
            "-f",
            "-c",
            str(root / "etc" / "cupsd.conf"),
            "-s",
            str(root / "etc" / "cups-files.conf"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = CupsServer(root, process)
    deadline = time.monotonic() + 30
    while True:
        ready = subprocess.run(
            ["lpstat", "-r"], env=server.env(), capture_output=True, text=True, encoding="utf-8"
        )
        if "is running" in ready.stdout and "not running" not in ready.stdout:
            return server
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            log = root / "log" / "error_log"
            detail = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
            raise RuntimeError(f"cupsd did not start:\n{detail[-3000:]}")
        time.sleep(0.1)
