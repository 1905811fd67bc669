"""The examples travel with the package: a wheel built with pip, installed, used from elsewhere.

The wheel is built as pip builds it for anyone (``pip wheel``, hatchling in
an isolated build environment), installed without its dependencies into a
fresh virtual environment, and given the dependencies this environment
already has through a ``.pth`` file, so nothing is downloaded but the build
backend. The installed package, not the source tree, must answer: the
commands run in an empty temporary folder, and the source tree is on no path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from ceasefire import examples

ROOT = Path(__file__).resolve().parents[2]


def _run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel pip builds from the repository."""
    folder = tmp_path_factory.mktemp("wheel")
    built = _run(
        sys.executable, "-m", "pip", "wheel", ROOT, "--no-deps", "--quiet", "-w", folder, cwd=folder
    )
    assert built.returncode == 0, built.stderr
    (found,) = folder.glob("ceasefire-*.whl")
    return found


@pytest.fixture(scope="module")
def python(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Python of a fresh virtual environment with the wheel installed (and nothing else)."""
    venv = tmp_path_factory.mktemp("venv")
    made = _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=venv)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = _run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--quiet", wheel,
        cwd=venv,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    # The dependencies, from here; a folder named in a .pth file is put on the path as it
    # is, without running its own .pth files, so the editable install's src/ stays out.
    target = _run(
        python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=venv
    )
    here = sysconfig.get_paths()["purelib"]
    Path(target.stdout.strip(), "dependencies.pth").write_text(f"{here}\n", encoding="utf-8")
    return python


def test_the_wheel_holds_every_example_once(wheel: Path) -> None:
    """Each scenario of examples/ and each file of its how-to folder is package data, no more."""
    with zipfile.ZipFile(wheel) as archive:
        data = sorted(
            n.removeprefix("ceasefire/examples/data/")
            for n in archive.namelist()
            if n.startswith("ceasefire/examples/data/")
        )
    in_repository = sorted(
        str(p.relative_to(ROOT / "examples"))
        for pattern in ("*.yaml", "how-to/**/*")
        for p in (ROOT / "examples").glob(pattern)
        if p.is_file()  # how-to/cameo/: the CAMEO import's files, not scenarios by name
    )
    assert data == in_repository


def test_the_installed_package_loads_the_2025_example_from_anywhere(
    python: Path, tmp_path: Path
) -> None:
    script = (
        "import json, ceasefire, ceasefire.examples as e\n"
        "s = e.load('ukraine-2025')\n"
        "print(json.dumps({'package': ceasefire.__file__, 'file': str(e.path('ukraine-2025')),"
        " 'id': s.id, 'names': e.names()}))\n"
    )
    result = _run(python, "-c", script, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    package = Path(found["package"]).parent
    assert not package.is_relative_to(ROOT)  # the wheel's copy, not the source tree
    assert Path(found["file"]) == package / "examples" / "data" / "ukraine_2025.yaml"
    assert found["id"] == "ukraine-2025"
    assert found["names"] == list(examples.names())


def test_the_installed_command_replays_an_example_from_anywhere(
    python: Path, tmp_path: Path
) -> None:
    result = _run(python.parent / "ceasefire", "replay", "--example", "ukraine-2025",
                  "--format", "json", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["changes"]
    listed = _run(python.parent / "ceasefire", "examples", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines()] == list(examples.names())
