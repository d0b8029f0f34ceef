"""A plain install works: the wheel, installed in a new virtual environment, migrates and serves
from an unrelated folder (the migrations, the seed and the app's files travel inside it).

To stay fast the new environment takes the dependencies from the test environment's
site-packages (a .pth line; the .pth files found there, such as the editable install of this
checkout, are not run), so rvuedge itself comes only from the wheel.
"""

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")


def _run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    run = subprocess.run(  # noqa: S603
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, f"{command}: {run.stdout}\n{run.stderr}"
    return run.stdout + run.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the wheel of this checkout installed; its bin folder."""
    folder = tmp_path_factory.mktemp("plain-install")
    source, dist = folder / "source", folder / "dist"
    source.mkdir()  # a copy: the build writes build/ and *.egg-info beside its source
    for name in ("pyproject.toml", "README.md", "CHANGELOG.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "rvuedge", source / "rvuedge", ignore=IGNORED)
    _run(
        sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "--wheel-dir", dist, source, cwd=folder,
    )  # fmt: skip
    [wheel] = dist.glob("rvuedge-*.whl")
    venv = folder / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=folder)
    target = venv / "bin" / "python"
    _run(
        sys.executable, "-m", "pip", "--python", target, "install", "--quiet", "--no-deps",
        "--no-index", wheel, cwd=folder,
    )  # fmt: skip
    site = _run(
        target, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=folder
    )
    (Path(site.strip()) / "test-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    return venv / "bin"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_wheel_migrates_and_serves_from_another_folder(
    installed: Path, empty_database_url: str, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run(
        installed / "python", "-c", "import rvuedge; print(rvuedge.__file__)", cwd=elsewhere
    )
    assert Path(where.strip()).is_relative_to(installed.parent), where  # not this checkout
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(elsewhere),
        "RVUEDGE_DATABASE_URL": empty_database_url,
        "RVUEDGE_DATA_DIR": str(elsewhere / "data"),
    }
    upgraded = _run(installed / "rvuedge", "db", "upgrade", cwd=elsewhere, env=env)
    assert "database at " in upgraded and "unchanged" not in upgraded
    current = _run(installed / "rvuedge", "db", "current", cwd=elsewhere, env=env)
    assert "(head)" in current

    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [installed / "rvuedge", "serve", "--port", str(port)],
        cwd=elsewhere,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120  # the first start loads the seed
        while True:
            assert server.poll() is None, server.stdout.read()  # type: ignore[union-attr]
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the installed server did not answer"
            time.sleep(0.5)
        card = httpx.get(f"{base}/api/v1/codes/44314?release=2026C", timeout=10)
        assert card.status_code == 200 and card.json()["rvus"]["work_rvu"] == 16.32
        shell = httpx.get(f"{base}/", timeout=10)
        assert shell.status_code == 200 and "<html" in shell.text.lower()
        assert httpx.get(f"{base}/static/app.css", timeout=10).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
