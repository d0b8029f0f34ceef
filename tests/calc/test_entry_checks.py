import pytest

from rvuedge.calc.entry_checks import EntryLine, entry_warnings


def case(text: str) -> list[EntryLine]:
    """'47562/090; 49505-RT/090x2' -> lines (code-mods/global x units)."""
    out = []
    for position, part in enumerate(text.split(";"), start=1):
        head, _, units = part.strip().partition("x")
        coded, _, days = head.partition("/")
        code, *mods = coded.split("-")
        out.append(EntryLine(position, code, tuple(mods), int(units or 1), days or None))
    return out


CASES = [
    # (case, number of warnings, a phrase of each)
    ("47562/090", []),
    ("47562/090; 49505/090", []),
    ("11042/000; 11042/000", ["11042 is on lines 1, 2"]),
    ("11042/000; 11042-59/000", []),
    ("11042/000; 11042-XS/000", []),
    ("20610/000; 20610-76/000", []),
    ("20610/000; 20610-77/000", []),
    ("49505-RT/090; 49505-LT/090", []),
    ("49505-51/090; 49505/090", ["49505 is on lines 1, 2"]),
    ("20610/000; 20610/000; 20610-76/000", ["20610 is on lines 1, 2, 3"]),
    ("22614/ZZZ; 22614/ZZZ", ["22614 is on lines 1, 2"]),
    ("22614/ZZZx2", []),  # per-unit add-on: units are how it is reported
    ("99291/XXXx2", []),
    ("47562/090x2", ["Line 1 (47562) has 2 units", "090 global"]),
    ("20610/000x3", ["Line 1 (20610) has 3 units"]),
    ("17110/010x2", ["010 global"]),
    ("99213/XXX; 20610/000", ["Line 1 (99213) is an E/M visit", "(20610)"]),
    ("99213-25/XXX; 20610/000", []),
    ("99223-57/XXX; 44970/090", []),
    ("99213/XXX; 99214/XXX", []),
    ("99213/XXX", []),
    ("99213/XXX; 71046-26/XXX", []),  # imaging has no global: not a procedure here
    ("98005/XXX; 11042/000", ["Line 1 (98005) is an E/M visit"]),  # telemedicine E/M
]


@pytest.mark.parametrize(("text", "phrases"), CASES)
def test_entry_warnings(text: str, phrases: list[str]) -> None:
    warnings = entry_warnings(case(text))
    joined = " | ".join(warnings)
    for phrase in phrases:
        assert phrase in joined
    assert bool(warnings) == bool(phrases)


def test_each_problem_is_its_own_warning() -> None:
    warnings = entry_warnings(case("99213/XXX; 47562/090x2; 47562/090"))
    assert len(warnings) == 3
