"""The resident's case log. Services take the session first, flush, and never commit.

The case log reads the user's cases and lines but never changes them: its fields live in
resident_case, keyed by the case. `progress(session, user, today=...)` is the one function that
states where a resident stands; other capabilities (a programme director's read-only view) call it.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, delete, select

from rvuedge.calc import acgme
from rvuedge.cases.models import Case, CaseLine
from rvuedge.failures import InvalidInput, NotFound
from rvuedge.ownership import get_owned
from rvuedge.residency import specialties
from rvuedge.residency.mapping_file import read_categories, read_minimums
from rvuedge.residency.models import (
    CaseLogCategory,
    CaseLogMinimum,
    ResidentCase,
    ResidentProfile,
)
from rvuedge.residency.schemas import (
    CaseLogImportOut,
    CaseLogRow,
    CategoryOut,
    CountOut,
    ProgressOut,
    ResidentCaseIn,
    ResidentProfileIn,
    ResidentProfileOut,
    RoleOut,
    SpecialtyOut,
    TeachingOut,
    YearOut,
)
from rvuedge.timeutil import utc_now
from rvuedge.users.models import User

NO_PROFILE = "No residency profile yet; save one with PUT /api/v1/case-log/profile."


# --- specialties and profile ---------------------------------------------------------------


def roles_out(rules: acgme.RoleSet) -> list[RoleOut]:
    return [RoleOut(code=r.code, name=r.name, description=r.description) for r in rules.roles]


def list_specialties() -> list[SpecialtyOut]:
    out = []
    for key in specialties.keys():
        rules = specialties.role_set(key)
        out.append(
            SpecialtyOut(
                key=key,
                name=rules.name,
                roles=roles_out(rules),
                rules=acgme.rules_in_words(rules),
                shipped_minimums=bool(specialties.shipped_minimums(key)),
            )
        )
    return out


def _role_set(specialty: str, *, loc: list[str | int]) -> acgme.RoleSet:
    try:
        return specialties.role_set(specialty)
    except KeyError:
        raise InvalidInput(
            f"Unknown residency specialty {specialty!r}; one of {', '.join(specialties.keys())}.",
            errors=[{"loc": loc, "msg": "unknown specialty"}],
        ) from None


def find_profile(session: Session, user: User) -> ResidentProfile | None:
    return session.get(ResidentProfile, user.id)


def get_profile(session: Session, *, user: User) -> ResidentProfile:
    profile = find_profile(session, user)
    if profile is None:
        raise NotFound(NO_PROFILE)
    return profile


def save_profile(
    session: Session, *, user: User, data: ResidentProfileIn, today: date
) -> ResidentProfile:
    """Create or replace the residency profile; the user's career stage becomes resident."""
    _role_set(data.program_specialty, loc=["body", "program_specialty"])
    if (data.chief_year_start is None) != (data.chief_year_end is None):
        raise InvalidInput(
            "Give both chief_year_start and chief_year_end, or neither.",
            errors=[{"loc": ["body", "chief_year_end"], "msg": "chief year needs both dates"}],
        )
    if (
        data.chief_year_start
        and data.chief_year_end
        and data.chief_year_end < data.chief_year_start
    ):
        raise InvalidInput(
            "chief_year_end is before chief_year_start.",
            errors=[{"loc": ["body", "chief_year_end"], "msg": "before chief_year_start"}],
        )
    profile = find_profile(session, user) or ResidentProfile(
        user_id=user.id,
        program_specialty=data.program_specialty,
        residency_start=data.residency_start,
    )
    profile.program_specialty = data.program_specialty
    profile.residency_start = data.residency_start
    profile.pgy_override = data.pgy
    profile.chief_year_start = data.chief_year_start
    profile.chief_year_end = data.chief_year_end
    profile.updated_at = utc_now()
    user.career_stage = "resident"
    session.add(profile)
    session.add(user)
    session.flush()
    return profile


def pgy_on(profile: ResidentProfile, day: date, *, today: date) -> int:
    """The post-graduate year on a date: derived from the start date, shifted by the override
    (an override of the current year moves every year by the same amount)."""
    derived = acgme.derived_pgy(profile.residency_start, day)
    if profile.pgy_override is None:
        return derived
    return derived + profile.pgy_override - acgme.derived_pgy(profile.residency_start, today)


def profile_out(profile: ResidentProfile, *, today: date) -> ResidentProfileOut:
    rules = specialties.role_set(profile.program_specialty)
    return ResidentProfileOut(
        program_specialty=profile.program_specialty,
        specialty_name=rules.name,
        residency_start=profile.residency_start,
        pgy=pgy_on(profile, today, today=today),
        pgy_derived=acgme.derived_pgy(profile.residency_start, today),
        pgy_overridden=profile.pgy_override is not None,
        chief_year_start=profile.chief_year_start,
        chief_year_end=profile.chief_year_end,
        roles=roles_out(rules),
    )


# --- a case's case-log fields --------------------------------------------------------------


def _lines(session: Session, case_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[CaseLine]]:
    out: dict[uuid.UUID, list[CaseLine]] = defaultdict(list)
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start : start + 500]
        for line in session.exec(
            select(CaseLine)
            .where(col(CaseLine.case_id).in_(chunk))
            .order_by(CaseLine.case_id, CaseLine.position)
        ):
            out[line.case_id].append(line)
    return out


def _check_chief(profile: ResidentProfile, rules: acgme.RoleSet, role: str, day: date) -> None:
    start, end = profile.chief_year_start, profile.chief_year_end
    if start is None or end is None or rules.chief_role is None:
        return
    in_chief = start <= day <= end
    if role == rules.chief_role and not in_chief:
        raise InvalidInput(
            f"{role} is the surgeon role of the chief year ({start} to {end}); this case is "
            f"dated {day}.",
            errors=[{"loc": ["body", "role"], "msg": "outside the chief year"}],
        )
    junior = [r for r in rules.surgeon_roles if r != rules.chief_role]
    if role in junior and in_chief:
        raise InvalidInput(
            f"During the chief year ({start} to {end}) the surgeon role is {rules.chief_role}, "
            f"not {role}.",
            errors=[{"loc": ["body", "role"], "msg": "inside the chief year"}],
        )


def set_case(
    session: Session, *, user: User, case_id: uuid.UUID, data: ResidentCaseIn, today: date
) -> ResidentCase:
    """Log (or change) a case's role, attending, primary line and robotic flag."""
    profile = get_profile(session, user=user)
    case = get_owned(session, Case, user_id=user.id, row_id=case_id, what="case", key="client_id")
    rules = specialties.role_set(profile.program_specialty)
    if data.role not in rules.codes:
        raise InvalidInput(
            f"Unknown role {data.role!r} for {rules.name.lower()}; one of "
            f"{', '.join(rules.codes)}.",
            errors=[{"loc": ["body", "role"], "msg": "unknown role"}],
        )
    _check_chief(profile, rules, data.role, case.date_of_service)
    count = len(_lines(session, [case.id])[case.id])
    if data.primary_line > count:
        raise InvalidInput(
            f"primary_line {data.primary_line}: the case has {count} line(s).",
            errors=[{"loc": ["body", "primary_line"], "msg": "no such line"}],
        )
    row = session.get(ResidentCase, case.id) or ResidentCase(
        case_id=case.id, user_id=user.id, role=data.role
    )
    row.role = data.role
    row.attending = data.attending
    row.primary_line = data.primary_line
    row.robotic = data.robotic
    row.pgy = data.pgy or pgy_on(profile, case.date_of_service, today=today)
    row.updated_at = utc_now()
    session.add(row)
    session.flush()
    return row


def clear_case(session: Session, *, user: User, case_id: uuid.UUID) -> None:
    case = get_owned(session, Case, user_id=user.id, row_id=case_id, what="case", key="client_id")
    row = session.get(ResidentCase, case.id)
    if row is None:
        raise NotFound(f"Case {case_id} has no case-log role.")
    session.delete(row)
    session.flush()


@dataclass(frozen=True)
class _Logged:
    case: Case
    fields: ResidentCase
    codes: list[str]


def _logged(session: Session, user: User, *, entered: bool | None = None) -> list[_Logged]:
    """The user's live cases with a case-log role, by date (codes in line order)."""
    statement = (
        select(Case, ResidentCase)
        .join(ResidentCase, col(ResidentCase.case_id) == col(Case.id))
        .where(Case.user_id == user.id, col(Case.deleted_at).is_(None))
        .where(ResidentCase.user_id == user.id)
        .order_by(Case.date_of_service, Case.created_at, Case.client_id)
    )
    if entered is True:
        statement = statement.where(col(ResidentCase.entered_at).is_not(None))
    elif entered is False:
        statement = statement.where(col(ResidentCase.entered_at).is_(None))
    pairs = list(session.exec(statement))
    lines = _lines(session, [c.id for c, _ in pairs])
    return [_Logged(c, r, [x.code for x in lines[c.id]]) for c, r in pairs]


def _primary_first(codes: list[str], primary_line: int) -> list[str]:
    if not 1 <= primary_line <= len(codes):
        return codes
    i = primary_line - 1
    return [codes[i], *codes[:i], *codes[i + 1 :]]


def _row(item: _Logged) -> CaseLogRow:
    return CaseLogRow(
        case_id=item.case.client_id,
        date_of_service=item.case.date_of_service,
        pgy=item.fields.pgy,
        site=item.case.site,
        attending=item.fields.attending,
        role=item.fields.role,
        codes=_primary_first(item.codes, item.fields.primary_line),
        robotic=item.fields.robotic,
        entered_at=item.fields.entered_at,
    )


def case_row(session: Session, *, user: User, case_id: uuid.UUID) -> CaseLogRow:
    case = get_owned(session, Case, user_id=user.id, row_id=case_id, what="case", key="client_id")
    fields = session.get(ResidentCase, case.id)
    if fields is None:
        raise NotFound(f"Case {case_id} has no case-log role.")
    return _row(_Logged(case, fields, [x.code for x in _lines(session, [case.id])[case.id]]))


def rows(session: Session, *, user: User, entered: bool | None = None) -> list[CaseLogRow]:
    """The case log in date order, as the ACGME entry form takes it."""
    return [_row(item) for item in _logged(session, user, entered=entered)]


def mark_entered(
    session: Session, *, user: User, case_ids: list[uuid.UUID], entered: bool, now: datetime
) -> int:
    """Mark cases entered in the ACGME system (or not); all or nothing: an id that is not one of
    your logged cases is a 404 and nothing changes."""
    wanted = set(case_ids)
    found = list(
        session.exec(
            select(Case.client_id, ResidentCase)
            .join(ResidentCase, col(ResidentCase.case_id) == col(Case.id))
            .where(Case.user_id == user.id, col(Case.deleted_at).is_(None))
            .where(col(Case.client_id).in_(wanted))
        )
    )
    missing = wanted - {client_id for client_id, _ in found}
    if missing:
        raise NotFound(
            "No case with a case-log role with id " + ", ".join(sorted(map(str, missing))) + "."
        )
    for _, fields in found:
        fields.entered_at = now if entered else None
        session.add(fields)
    session.flush()
    return len(found)


# --- categories and minimums ---------------------------------------------------------------


def import_categories(
    session: Session, *, user: User, content: bytes, academic_year: int | None, today: date
) -> CaseLogImportOut:
    """Replace the mapping of the resident's specialty for one academic year with the file's."""
    profile = get_profile(session, user=user)
    year = academic_year if academic_year is not None else acgme.academic_year(today)
    pairs = read_categories(content)
    session.exec(  # type: ignore[call-overload]
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
    session.exec(  # type: ignore[call-overload]
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
            .order_by(CaseLogMinimum.position)
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
    logged = _logged(session, user)
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
    all_cases = len(
        session.exec(
            select(Case.id).where(Case.user_id == user.id, col(Case.deleted_at).is_(None))
        ).all()
    )

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
