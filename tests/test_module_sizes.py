"""No Python module of the package is over 400 lines (issue 20): a module that grows past that is
split by job (docs/architecture.md, "Where a new feature goes")."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "rvuedge"
LIMIT = 400


def _sizes() -> dict[str, int]:
    return {
        str(path.relative_to(PACKAGE.parent)): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def test_no_module_over_400_lines() -> None:
    sizes = _sizes()
    assert len(sizes) > 150  # the walk reaches every package, migrations included
    assert "rvuedge/cases/service.py" in sizes
    over = {name: lines for name, lines in sizes.items() if lines > LIMIT}
    assert not over, f"split by job: {over}"
