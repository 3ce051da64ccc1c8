"""bin/unionapp-cli.exe: a console launcher that runs `python.exe -m unionapp` from the install.

distlib's launcher (the one pip puts in Scripts/) reads the `#!` line appended to it, starts that
Python with its own path and arguments, and Python runs the zip appended after it. The path
`<launcher_dir>\\..\\python.exe` is relative to the launcher, so the install folder can be
anywhere. The zip has a fixed date, so the file is the same in every build.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import distlib  # type: ignore[import-untyped]

SHEBANG = b"#!<launcher_dir>\\..\\python.exe\r\n"
MAIN = b"import sys\r\nfrom unionapp.cli.main import main\r\nsys.exit(main(whole_process=True))\r\n"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def write(target: Path) -> None:
    launcher = (Path(distlib.__file__).parent / "t64.exe").read_bytes()
    payload = io.BytesIO()
    with zipfile.ZipFile(payload, "w") as archive:
        info = zipfile.ZipInfo("__main__.py", date_time=ZIP_DATE)
        archive.writestr(info, MAIN)
    target.write_bytes(launcher + SHEBANG + payload.getvalue())
