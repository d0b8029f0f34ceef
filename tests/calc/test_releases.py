from datetime import date

import pytest

from rvuedge.calc.releases import effective_date, parse_release_name, release_for_date


@pytest.mark.parametrize(
    ("quarter", "expected"),
    [
        ("A", date(2026, 1, 1)),
        ("B", date(2026, 4, 1)),
        ("C", date(2026, 7, 1)),
        ("D", date(2026, 10, 1)),
    ],
)
def test_effective_date(quarter: str, expected: date) -> None:
    assert effective_date(2026, quarter) == expected


@pytest.mark.parametrize(
    ("imported", "on", "name", "in_force", "exact"),
    [
        (["2025D", "2026C"], date(2026, 7, 1), "2026C", "2026C", True),
        (["2025D", "2026C"], date(2026, 11, 27), "2026C", "2026D", False),  # D not imported
        (["2025D", "2026C"], date(2026, 2, 1), "2026C", "2026A", False),  # only a later one
        (["2025D", "2026C"], date(2025, 12, 31), "2025D", "2025D", True),
        (["2025D", "2026C"], date(2025, 1, 15), "2025D", "2025A", False),
        (["2026A", "2026B", "2026C"], date(2026, 6, 30), "2026B", "2026B", True),
        (["2026A", "2026C"], date(2026, 5, 1), "2026A", "2026B", False),  # nearest before
        # A year without any imported release: the latest one before the date...
        (["2025D", "2026C"], date(2027, 1, 4), "2026C", "2027A", False),
        (["2025D", "2026C", "2027A"], date(2028, 2, 29), "2027A", "2028A", False),
        # ... or, when none precedes it, the earliest one.
        (["2025D", "2026C"], date(2024, 6, 1), "2025D", "2024B", False),
        (["2026C", "2025D"], date(2000, 1, 1), "2025D", "2000A", False),
    ],
)
def test_release_for_date(
    imported: list[str], on: date, name: str, in_force: str, exact: bool
) -> None:
    choice = release_for_date(imported, on)
    assert choice is not None
    assert (choice.name, choice.in_force, choice.exact) == (name, in_force, exact)


def test_nothing_imported_is_none() -> None:
    assert release_for_date([], date(2026, 6, 1)) is None


def test_the_basis_is_said_in_words() -> None:
    def basis(on: date) -> str:
        choice = release_for_date(["2025D", "2026C"], on)
        assert choice is not None
        return choice.basis

    assert basis(date(2026, 10, 15)) == "the nearest imported release of 2026"
    assert basis(date(2027, 1, 4)) == "the latest imported release before 2027-01-04"
    assert basis(date(2024, 6, 1)) == "the earliest imported release (none precedes 2024-06-01)"
    assert release_for_date(["2026C"], date(2026, 7, 1)).provisional is False  # type: ignore[union-attr]


@pytest.mark.parametrize("bad", ["2026", "2026E", "26C", "2026CC", ""])
def test_bad_release_names(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_release_name(bad)
