"""The resident's case log. Services take the session first, flush, and never commit.

The case log reads the user's cases and lines but never changes them: its fields live in
resident_case, keyed by the case. The categories,
the minimums and where a resident stands are in residency/tally.py.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col

from rvuedge.calc import acgme
from rvuedge.cases import queries
from rvuedge.cases import service as case_service
from rvuedge.failures import InvalidInput, NotFound
from rvuedge.residency import specialties
from rvuedge.residency.models import (
    ResidentCase,
    ResidentProfile,
)
from rvuedge.residency.schemas import (
    CaseLogRow,
    ResidentCaseIn,
    ResidentProfileIn,
    ResidentProfileOut,
    RoleOut,
    SpecialtyOut,
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


def _lines(session: Session, case_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[queries.LineRow]]:
    return queries.lines_by_case(session, case_ids)


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
    case = case_service.get_case(session, user=user, case_id=case_id)
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
    case = case_service.get_case(session, user=user, case_id=case_id)
    row = session.get(ResidentCase, case.id)
    if row is None:
        raise NotFound(f"Case {case_id} has no case-log role.")
    session.delete(row)
    session.flush()


@dataclass(frozen=True)
class _Logged:
    case: queries.CaseRow
    fields: ResidentCase
    codes: list[str]


def logged_cases(session: Session, user: User, *, entered: bool | None = None) -> list[_Logged]:
    """The user's live cases with a case-log role, by date (codes in line order)."""
    where = [col(ResidentCase.user_id) == user.id]
    if entered is True:
        where.append(col(ResidentCase.entered_at).is_not(None))
    elif entered is False:
        where.append(col(ResidentCase.entered_at).is_(None))
    pairs = queries.cases_with(
        session, user_id=user.id, model=ResidentCase, key=col(ResidentCase.case_id), where=where
    )
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
    case = case_service.get_case(session, user=user, case_id=case_id)
    fields = session.get(ResidentCase, case.id)
    if fields is None:
        raise NotFound(f"Case {case_id} has no case-log role.")
    return _row(_Logged(case, fields, [x.code for x in _lines(session, [case.id])[case.id]]))


def rows(session: Session, *, user: User, entered: bool | None = None) -> list[CaseLogRow]:
    """The case log in date order, as the ACGME entry form takes it."""
    return [_row(item) for item in logged_cases(session, user, entered=entered)]


def mark_entered(
    session: Session, *, user: User, case_ids: list[uuid.UUID], entered: bool, now: datetime
) -> int:
    """Mark cases entered in the ACGME system (or not); all or nothing: an id that is not one of
    your logged cases is a 404 and nothing changes."""
    wanted = set(case_ids)
    found = [
        (case.client_id, fields)
        for case, fields in queries.cases_with(
            session,
            user_id=user.id,
            model=ResidentCase,
            key=col(ResidentCase.case_id),
            client_ids=wanted,
        )
    ]
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
