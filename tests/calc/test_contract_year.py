"""The contract's year, pure: which release values a case and why, from stored settings."""

from datetime import date

import pytest

from rvuedge.calc.credit_settings import contract_of
from rvuedge.calc.releases import Contract, contract_choice, in_force_name


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2026, 1, 1), "2026A"),
        (date(2026, 3, 31), "2026A"),
        (date(2026, 4, 1), "2026B"),
        (date(2026, 9, 30), "2026C"),
        (date(2026, 12, 31), "2026D"),
    ],
)
def test_the_release_in_force(on: date, expected: str) -> None:
    assert in_force_name(on) == expected


@pytest.mark.parametrize(
    ("contract", "on", "basis"),
    [
        (
            Contract("2025D", date(2026, 1, 1)),
            date(2026, 3, 2),
            "Contract year: credited with 2025D from 2026-01-01 (your crediting setting), "
            "instead of 2026A, in force on 2026-03-02.",
        ),
        (
            Contract("2025D", date(2026, 8, 1)),
            date(2026, 12, 31),
            "Contract year: credited with 2025D from 2026-08-01 (your crediting setting), "
            "instead of 2026D, in force on 2026-12-31.",
        ),
        (
            Contract("2026C", date(2026, 7, 1)),
            date(2026, 8, 15),
            "Contract year: credited with 2026C from 2026-07-01 (your crediting setting), "
            "the release in force on the date as well.",
        ),
    ],
)
def test_a_contract_year_values_with_its_release_never_provisionally(
    contract: Contract, on: date, basis: str
) -> None:
    choice = contract_choice(contract, on)
    assert choice.name == contract.release
    assert choice.exact and not choice.provisional
    assert choice.in_force == in_force_name(on)
    assert choice.basis == basis


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, None),
        ({"preset": "productivity_standard"}, None),
        ({"credit_with_release": None}, None),
        (
            {"credit_with_release": "2025D", "credit_with_release_from": "2026-01-01"},
            ("2025D", date(2026, 1, 1)),
        ),
        ({"credit_with_release": "2024D"}, ("2024D", date.min)),
    ],
)
def test_the_contract_of_stored_settings(settings: dict, expected: tuple | None) -> None:
    assert contract_of(settings) == expected
