"""The resident's categories and minimums (imported or shipped), and where the resident stands:
`progress(session, user, today=...)` is the one function that says so; other capabilities (a
programme director's read-only view) call it. Services take the session first and never commit."""

from collections import defaultdict
from datetime import date

from sqlmodel import Session, col, delete, select

from rvuedge.calc import acgme
from rvuedge.cases import queries
from rvuedge.residency import service, specialties
from rvuedge.residency.mapping_file import read_categories, read_minimums
from rvuedge.residency.models import (
    CaseLogCategory,
    CaseLogMinimum,
)
from rvuedge.residency.schemas import (
    CaseLogImportOut,
    CategoryOut,
    CountOut,
    ProgressOut,
    TeachingOut,
    YearOut,
)
from rvuedge.residency.service import get_profile, pgy_on
from rvuedge.users.models import User

# --- categories and minimums ---------------------------------------------------------------


def import_categories(
    session: Session, *, user: User, content: bytes, academic_year: int | None, today: date
) -> CaseLogImportOut:
    """Replace the mapping of the resident's specialty for one academic year with the file's."""
    profile = get_profile(session, user=user)
    year = academic_year if academic_year is not None else acgme.academic_year(today)
    pairs = read_categories(content)
    session.exec(
        delete(CaseLogCategory).where(
            col(CaseLogCategory.user_id) == user.id,
            col(CaseLogCategory.specialty) == profile.program_specialty,
            col(CaseLogCategory.academic_year) == year,
        )
    )
    for code, category in pairs:
        session.add(
            CaseLogCategory(
                user_id=user.id,
                specialty=profile.program_specialty,
                academic_year=year,
                code=code,
                category=category,
            )
        )
    session.flush()
    return CaseLogImportOut(
        specialty=profile.program_specialty, academic_year=year, rows=len(pairs)
    )


def import_minimums(session: Session, *, user: User, content: bytes) -> CaseLogImportOut:
    """Replace the resident's minimums for their specialty (the shipped ones stop applying)."""
    profile = get_profile(session, user=user)
    minimums = read_minimums(content)
    session.exec(
        delete(CaseLogMinimum).where(
            col(CaseLogMinimum.user_id) == user.id,
            col(CaseLogMinimum.specialty) == profile.program_specialty,
        )
    )
    for position, m in enumerate(minimums):
        session.add(
            CaseLogMinimum(
                user_id=user.id,
                specialty=profile.program_specialty,
                position=position,
                category=m.category,
                minimum=m.minimum,
                parent=m.parent,
            )
        )
    session.flush()
    return CaseLogImportOut(specialty=profile.program_specialty, rows=len(minimums))


def _minimums(session: Session, user: User, specialty: str) -> tuple[list[acgme.Minimum], str]:
    imported = list(
        session.exec(
            select(CaseLogMinimum)
            .where(CaseLogMinimum.user_id == user.id, CaseLogMinimum.specialty == specialty)
            .order_by(col(CaseLogMinimum.position))
        )
    )
    if imported:
        return [acgme.Minimum(m.category, m.minimum, m.parent) for m in imported], "imported"
    return specialties.shipped_minimums(specialty), "shipped"


def _mapping(session: Session, user: User, specialty: str) -> dict[int, dict[str, set[str]]]:
    out: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in session.exec(
        select(CaseLogCategory).where(
            CaseLogCategory.user_id == user.id, CaseLogCategory.specialty == specialty
        )
    ):
        out[row.academic_year][row.code].add(row.category)
    return out


def mapping_for(years: list[int], day: date) -> int | None:
    """The mapping year a case uses: its own academic year's, else the latest earlier one, else
    the earliest imported."""
    if not years:
        return None
    year = acgme.academic_year(day)
    earlier = [y for y in years if y <= year]
    return max(earlier) if earlier else min(years)


# --- progress ------------------------------------------------------------------------------


def progress(session: Session, user: User, *, today: date) -> ProgressOut:
    """Where the resident stands toward graduation: total major, chief-year and TA counts, each
    defined category by role with its minimum and what remains, and each PGY. Read-only."""
    profile = get_profile(session, user=user)
    specialty = profile.program_specialty
    rules = specialties.role_set(specialty)
    mapping = _mapping(session, user, specialty)
    years = sorted(mapping)
    logged = service.logged_cases(session, user)
    cases = []
    for item in logged:
        year = mapping_for(years, item.case.date_of_service)
        codes = mapping.get(year, {}) if year is not None else {}
        categories = frozenset(c for code in item.codes for c in codes.get(code, ()))
        cases.append(
            acgme.LoggedCase(
                date_of_service=item.case.date_of_service,
                role=item.fields.role,
                pgy=item.fields.pgy,
                categories=categories,
                sort_key=str(item.case.client_id),
            )
        )
    minimums, source = _minimums(session, user, specialty)
    totals = {m.category: m.minimum for m in minimums if m.category in acgme.TOTAL_KEYS}
    t = acgme.tally(cases, rules, minimums)
    all_cases = queries.live_case_count(session, user_id=user.id)

    def count(key: str, value: int) -> CountOut:
        minimum = totals.get(key)
        return CountOut(count=value, minimum=minimum, remaining=acgme.remaining(minimum, value))

    ta_min = totals.get(acgme.TEACHING)
    return ProgressOut(
        specialty=specialty,
        specialty_name=rules.name,
        pgy=pgy_on(profile, today, today=today),
        cases=t.cases,
        cases_without_role=all_cases - t.cases,
        not_entered=sum(1 for item in logged if item.fields.entered_at is None),
        by_role=t.by_role,
        total_major=count(acgme.TOTAL_MAJOR, t.total_major),
        chief_year=count(acgme.CHIEF_YEAR, t.chief_year),
        teaching_assistant=TeachingOut(
            count=t.teaching,
            minimum=ta_min,
            remaining=acgme.remaining(ta_min, t.teaching),
            counted_toward_major=t.teaching_counted,
        ),
        categories=[
            CategoryOut(
                category=c.category,
                parent=c.parent,
                minimum=c.minimum,
                by_role=c.by_role,
                counted=c.counted,
                remaining=c.remaining,
            )
            for c in t.categories
        ],
        by_pgy=[
            YearOut(pgy=y.pgy, cases=y.cases, total_major=y.total_major, by_role=y.by_role)
            for y in t.by_pgy
        ],
        mapping_years=years,
        minimums_source=source,
        rules=[
            *acgme.rules_in_words(rules),
            "Categories come from your imported mapping of the case's academic year (July to "
            "June), else the latest earlier one, else the earliest imported.",
        ],
    )
