"""The command line as a package: a base that every command group (the feature CLIs included)
uses through its public names, with no import cycle and small modules."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / "rvuedge" / "cli"
# The features' command groups (crediting presets, exports) need only the base.
FEATURE_CLIS = [CLI / "presets.py", CLI / "export.py"]


def _imports_from_cli(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every `from rvuedge.cli... import name` in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("rvuedge.cli"):
            found += [(node.module or "", alias.name) for alias in node.names]
    return found


@pytest.mark.parametrize("path", FEATURE_CLIS, ids=lambda p: p.stem)
def test_feature_clis_use_only_the_public_base(path: Path) -> None:
    imported = _imports_from_cli(path)
    assert imported, f"{path} does not use rvuedge.cli.base"
    assert {module for module, _ in imported} == {"rvuedge.cli.base"}
    assert not [name for _, name in imported if name.startswith("_")]


def test_base_imports_no_command_group() -> None:
    """So that a command group may import the base without a cycle."""
    tree = ast.parse((CLI / "base.py").read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not {m for m in modules if m and (m.startswith("rvuedge.cli") or m.endswith(".cli"))}
    assert "rvuedge.observability.masking" in modules  # what it does use, so the walk works


@pytest.mark.parametrize("first", ["rvuedge.cli.presets", "rvuedge.cli.export", "rvuedge.cli"])
def test_any_module_can_be_imported_first(first: str) -> None:
    """A cycle shows as an ImportError when the modules are imported in another order."""
    code = f"import {first}; from rvuedge.cli import app; print(type(app).__name__)"
    run = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "Typer"


def test_no_cli_module_over_400_lines() -> None:
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in CLI.glob("*.py")}
    assert len(sizes) >= 6  # a base, the assembly and a module per command group
    assert max(sizes.values()) <= 400, sizes


def test_console_script_points_at_the_assembled_app() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]
    module, _, name = scripts["rvuedge"].partition(":")
    from importlib import import_module

    from rvuedge.cli.main import app

    assert getattr(import_module(module), name) is app
