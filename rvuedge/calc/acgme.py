"""The resident's case log counted the ACGME way: pure functions over plain values, no database.

The case log is not billing. Every code of an operation is logged and counted; no
multiple-procedure, bundling or assistant rule touches these counts (the wRVU credit of the same
case is computed elsewhere and is unchanged by anything here).

Counting rules (stated again, in words, by `rules_in_words`):
- A case counts once toward total major if its role is a surgeon role, or if it is one of the
  first `teaching_cap` teaching-assistant cases in date order (general surgery: SC + SJ + the
  first 50 TA). Assisting roles (general surgery FA) never count toward total major.
- Chief-year cases are cases in the chief role (general surgery SC).
- A case counts once toward each defined category that any of its codes maps to, and once toward
  that category's parent (a sub-minimum such as "Breast: mastectomy" also counts for "Breast").
  Its role is kept: each category shows its cases by role, and the cases in the specialty's
  category roles are the ones measured against the minimum.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from rvuedge.calc.years import year_start

TOTAL_MAJOR = "total_major"
CHIEF_YEAR = "chief_year"
TEACHING = "teaching_assistant"
TOTAL_KEYS = (TOTAL_MAJOR, CHIEF_YEAR, TEACHING)


@dataclass(frozen=True)
class Role:
    code: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class RoleSet:
    """A specialty's roles and which of them count for what (data, see residency/data)."""

    specialty: str
    name: str
    roles: tuple[Role, ...]
    surgeon_roles: frozenset[str]
    category_roles: frozenset[str]
    teaching_role: str | None = None
    teaching_cap: int | None = None
    chief_role: str | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.roles)


@dataclass(frozen=True)
class Minimum:
    """A defined category's minimum; parent names the category a sub-minimum belongs to."""

    category: str
    minimum: int
    parent: str | None = None


@dataclass(frozen=True)
class LoggedCase:
    """One case as the case log sees it: its date, the resident's role and year, and the defined
    categories its codes map to (already looked up; empty when none maps)."""

    date_of_service: date
    role: str
    pgy: int | None = None
    categories: frozenset[str] = frozenset()
    sort_key: str = ""


@dataclass
class CategoryCount:
    category: str
    parent: str | None
    minimum: int | None
    by_role: dict[str, int]
    counted: int

    @property
    def remaining(self) -> int | None:
        return None if self.minimum is None else max(0, self.minimum - self.counted)


@dataclass
class YearCount:
    pgy: int | None
    cases: int
    total_major: int
    by_role: dict[str, int]


@dataclass
class Tally:
    cases: int
    by_role: dict[str, int]
    total_major: int
    chief_year: int
    teaching: int
    teaching_counted: int
    categories: list[CategoryCount] = field(default_factory=list)
    by_pgy: list[YearCount] = field(default_factory=list)


def academic_year(day: date, start_month: int = 7) -> int:
    """The academic year a date falls in, named by the calendar year it starts in (July-June)."""
    return year_start(day, start_month).year


def derived_pgy(residency_start: date, day: date) -> int:
    """The post-graduate year on a date: 1 in the academic year the residency starts, then one
    more each July."""
    return academic_year(day) - academic_year(residency_start) + 1


def major_flags(cases: Sequence[LoggedCase], rules: RoleSet) -> list[bool]:
    """For each case (same order): does it count toward total major? Surgeon roles always; the
    teaching role only for its first `teaching_cap` cases in date order."""
    flags = [c.role in rules.surgeon_roles for c in cases]
    if rules.teaching_role is None:
        return flags
    teaching = sorted(
        (i for i, c in enumerate(cases) if c.role == rules.teaching_role),
        key=lambda i: (cases[i].date_of_service, cases[i].sort_key, i),
    )
    cap = len(teaching) if rules.teaching_cap is None else rules.teaching_cap
    for i in teaching[:cap]:
        flags[i] = True
    return flags


def tally(cases: Sequence[LoggedCase], rules: RoleSet, minimums: Iterable[Minimum] = ()) -> Tally:
    """Count the case log: totals, categories by role with what remains, and each PGY."""
    flags = major_flags(cases, rules)
    by_role = Counter(c.role for c in cases)
    teaching = by_role[rules.teaching_role] if rules.teaching_role else 0
    teaching_counted = sum(
        1 for c, f in zip(cases, flags, strict=True) if f and c.role == rules.teaching_role
    )
    return Tally(
        cases=len(cases),
        by_role={code: by_role[code] for code in rules.codes},
        total_major=sum(flags),
        chief_year=by_role[rules.chief_role] if rules.chief_role else 0,
        teaching=teaching,
        teaching_counted=teaching_counted,
        categories=count_categories(cases, rules, list(minimums)),
        by_pgy=count_years(cases, rules, flags),
    )


def count_categories(
    cases: Sequence[LoggedCase], rules: RoleSet, minimums: Sequence[Minimum]
) -> list[CategoryCount]:
    """Each category (those with a minimum first, in the minimums' order, then the others by
    name) with its cases by role; a sub-category's cases also count for its parent."""
    known = {m.category.casefold(): m for m in minimums if m.category not in TOTAL_KEYS}
    parents = {key: m.parent.casefold() for key, m in known.items() if m.parent}
    counts: dict[str, Counter[str]] = {key: Counter() for key in known}
    names = {key: m.category for key, m in known.items()}
    for case in cases:
        reached: set[str] = set()
        for category in case.categories:
            key = category.casefold()
            names.setdefault(key, category)
            reached.add(key)
            if key in parents:
                reached.add(parents[key])
        for key in reached:
            counts.setdefault(key, Counter())[case.role] += 1
    order = list(known) + sorted(k for k in counts if k not in known)
    out = []
    for key in order:
        by_role = counts[key]
        m = known.get(key)
        out.append(
            CategoryCount(
                category=names[key],
                parent=m.parent if m else None,
                minimum=m.minimum if m else None,
                by_role={code: by_role[code] for code in rules.codes},
                counted=sum(by_role[r] for r in rules.category_roles),
            )
        )
    return out


def count_years(
    cases: Sequence[LoggedCase], rules: RoleSet, flags: Sequence[bool]
) -> list[YearCount]:
    """Cases, total major and roles per post-graduate year (unknown year last)."""
    years: dict[int | None, YearCount] = {}
    for case, major in zip(cases, flags, strict=True):
        year = years.setdefault(
            case.pgy, YearCount(case.pgy, 0, 0, {code: 0 for code in rules.codes})
        )
        year.cases += 1
        year.total_major += int(major)
        year.by_role[case.role] = year.by_role.get(case.role, 0) + 1
    return [years[k] for k in sorted(years, key=lambda y: (y is None, y or 0))]


def remaining(minimum: int | None, count: int) -> int | None:
    return None if minimum is None else max(0, minimum - count)


def rules_in_words(rules: RoleSet) -> list[str]:
    """The counting rules of this role set, as sentences for the report and the API."""
    names = {r.code: r.code for r in rules.roles}
    surgeon = " + ".join(names[c] for c in rules.codes if c in rules.surgeon_roles)
    out = []
    if rules.teaching_role and rules.teaching_cap is not None:
        out.append(
            f"Total major = {surgeon} + the first {rules.teaching_cap} "
            f"{rules.teaching_role} cases (in date order)."
        )
    elif rules.teaching_role:
        out.append(f"Total major = {surgeon} + {rules.teaching_role}.")
    else:
        out.append(f"Total major = {surgeon}.")
    never = [c for c in rules.codes if c not in rules.surgeon_roles and c != rules.teaching_role]
    if never:
        out.append(f"{', '.join(never)} cases never count toward total major.")
    if rules.chief_role:
        out.append(f"Chief-year cases are the {rules.chief_role} cases.")
    out.append(
        "A case counts once toward each defined category any of its codes maps to (and toward "
        "that category's parent); cases as "
        + ", ".join(c for c in rules.codes if c in rules.category_roles)
        + " are measured against the category minimums."
    )
    out.append(
        "Every code is counted: no multiple-procedure, bundling or assistant reduction applies to "
        "the case log (wRVU credit is separate and unchanged)."
    )
    return out
