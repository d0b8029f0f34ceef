"""The case log. Services take the session first, flush, and never commit."""

import hashlib
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pydantic import ValidationError
from sqlalchemy import and_, delete, func, insert, or_
from sqlmodel import Session, col, select

from rvuedge.calc import global_period as gp
from rvuedge.calc.credit import Setting
from rvuedge.calc.entry_checks import EntryLine, entry_warnings
from rvuedge.cases import valuation as v
from rvuedge.cases.models import Case, CaseLine
from rvuedge.cases.notes import phi_warnings
from rvuedge.cases.parser import ParsedLine, parse_entry
from rvuedge.cases.schemas import (
    MAX_LINES,
    AdjustmentOut,
    CaseCreate,
    CaseOut,
    CaseUpdate,
    GlobalPeriodOut,
    LineCreditOut,
    LineIn,
    ParseIn,
    ParseOut,
    PreviewIn,
    RevalueChange,
    RevalueOut,
    RevalueSkipped,
    SettingSource,
    WordReading,
)
from rvuedge.cases.word_pick import MAX_CANDIDATES, Candidate, pick
from rvuedge.catalog import service as catalog_service
from rvuedge.catalog.models import CodeSearchDoc, GpciLocality
from rvuedge.catalog.near import looks_like_code
from rvuedge.catalog.search import Searcher, search_codes, vocabulary_cache
from rvuedge.crediting.service import SettingsByDate, settings_on
from rvuedge.failures import Conflict, InvalidInput, NotFound
from rvuedge.ownership import get_owned, owned_select
from rvuedge.rollups.service import refresh_days
from rvuedge.sites import service as site_service
from rvuedge.sites.models import Site, name_key
from rvuedge.users.models import User

RESTARTS_GLOBAL = {"58", "78", "79"}
_WRITTEN_LINES = "rvuedge_written_lines"  # session.info key: case id -> the lines just stored


@dataclass(frozen=True)
class Place:
    """Where a case is priced: its setting (and where that came from) and its locality."""

    setting: Setting
    source: SettingSource
    locality: str | None


def _place(
    session: Session,
    *,
    user: User,
    site: str | None,
    setting: Setting | None,
    locality: str | None,
    field: str = "body",
) -> Place:
    """The case's own setting and locality first, then its saved site's, then the profile's."""
    site_service.check_locality(session, locality, loc=[field, "locality"])
    saved = site_service.find_by_name(session, user=user, name=site)
    if setting is not None:
        chosen, source = setting, SettingSource.CASE
    elif saved is not None:
        chosen, source = Setting(saved.setting), SettingSource.SITE
    else:
        chosen, source = Setting(user.default_setting), SettingSource.PROFILE
    return Place(chosen, source, locality or (saved.locality if saved else None) or user.locality)


def preview(session: Session, *, user: User, data: PreviewIn, today: date) -> v.CreditOut:
    v.check_date(data.date_of_service, today=today)
    place = _place(session, user=user, site=data.site, setting=data.setting, locality=data.locality)
    valuation = v.value_lines(
        session,
        lines=data.lines,
        date_of_service=data.date_of_service,
        setting=place.setting,
        credit_settings=settings_on(session, user=user, on=data.date_of_service),
    )
    out = v.credit_out(valuation, data.date_of_service)
    out.setting_source = place.source
    out.warnings = entry_warnings(
        [
            EntryLine(x.position, x.code, tuple(x.modifiers), x.units, x.global_days)
            for x in out.lines
        ]
    )
    return out


def parse_text(session: Session, *, user: User, data: ParseIn, today: date) -> ParseOut:
    """Read typed text into lines and preview them; unreadable characters are a 422 naming them,
    and a run of words that does not clearly mean one code is a 422 listing its candidates."""
    known = vocabulary_cache.codes(session)  # cached per catalog version
    read, problems = parse_entry(data.text, known.__contains__)
    errors: list[dict[str, Any]] = [
        {
            "loc": ["body", "text"],
            "msg": f"cannot read {p.fragment!r} at character {p.start + 1}: {p.reason}",
            "fragment": p.fragment,
            "start": p.start,
            **(
                {"suggestions": catalog_service.suggestions(session, p.fragment, today=today)}
                if looks_like_code(p.fragment)
                else {}
            ),
        }
        for p in problems
    ]
    lines: list[LineIn] = []
    readings: list[WordReading] = []
    for number, line in enumerate(read, start=1):
        if line.words:
            found = _read_words(session, line, Searcher(user.specialty, user.id))
            if isinstance(found, dict):
                errors.append(found)
                continue
            line.code = found.code
            readings.append(
                WordReading(
                    words=line.text,
                    code=found.code,
                    name=found.name,
                    modifiers=list(line.modifiers),
                )
            )
        try:
            lines.append(LineIn(code=line.code, modifiers=line.modifiers, units=line.units))
        except ValidationError as exc:
            reason = "; ".join(e["msg"] for e in exc.errors())
            errors.append(
                {"loc": ["body", "text"], "msg": f"line {number} ({line.code}): {reason}"}
            )
    if not errors and not lines:
        errors.append({"loc": ["body", "text"], "msg": "no code found"})
    if not errors and len(lines) > MAX_LINES:
        errors.append({"loc": ["body", "text"], "msg": f"more than {MAX_LINES} lines"})
    if errors:
        raise InvalidInput("; ".join(e["msg"] for e in errors), errors=errors)
    credit = preview(
        session,
        user=user,
        today=today,
        data=PreviewIn(
            date_of_service=data.date_of_service,
            setting=data.setting,
            site=data.site,
            locality=data.locality,
            lines=lines,
        ),
    )
    return ParseOut(text=data.text, lines=lines, readings=readings, preview=credit)


WORD_CANDIDATES = 10  # search hits weighed for one run of words


def _read_words(
    session: Session, line: ParsedLine, searcher: Searcher
) -> Candidate | dict[str, Any]:
    """The code a run of words clearly means (rule in cases/word_pick.py), or a 422 error entry
    listing up to five candidates."""
    query = " ".join(line.words)
    codes = search_codes(session, query=query, limit=WORD_CANDIDATES, searcher=searcher)
    docs = {
        d.hcpcs: d
        for d in session.exec(select(CodeSearchDoc).where(col(CodeSearchDoc.hcpcs).in_(codes)))
    }
    candidates = [
        Candidate(
            code,
            docs[code].name,
            (docs[code].name, *docs[code].aliases.split(" | "), docs[code].descriptor),
        )
        for code in codes
        if code in docs
    ]
    result = pick(line.words, candidates)
    if result.code is not None:
        return result.ranked[0].candidate
    listed = [{"code": s.candidate.code, "name": s.candidate.name} for s in result.ranked]
    listed = listed[:MAX_CANDIDATES]
    if listed:
        options = "; ".join(f"{c['code']} {c['name']}" for c in listed)
        msg = f"cannot tell which code {line.text!r} means (closest: {options}); type the code"
    else:
        msg = f"no code matches {line.text!r}"
    return {
        "loc": ["body", "text"],
        "msg": msg,
        "fragment": line.text,
        "start": line.start,
        "candidates": listed,
    }


def _request_hash(data: CaseCreate) -> str:
    body = data.model_dump(mode="json", exclude={"id"})
    if body.get("encounter_ref") is None:
        body.pop("encounter_ref", None)  # bodies from before the field existed hash as they did
    if body.get("locality") is None:  # hashes stored before cases could state a locality
        body.pop("locality", None)
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _related(session: Session, user: User, related_id: uuid.UUID | None) -> Case | None:
    if related_id is None:
        return None
    try:
        return get_case(session, user=user, case_id=related_id)
    except NotFound:
        raise InvalidInput(
            f"related_case_id {related_id} is not one of your cases.",
            errors=[{"loc": ["body", "related_case_id"], "msg": "no such case"}],
        ) from None


def create_case(
    session: Session, *, user: User, data: CaseCreate, today: date
) -> tuple[Case, bool]:
    """Store a case; with a client id a retry returns the stored case. Returns (case, created)."""
    digest = _request_hash(data)
    if data.id is not None:
        existing = session.exec(
            owned_select(Case, user.id).where(Case.client_id == data.id)
        ).first()
        if existing is not None:
            if existing.request_hash != digest or existing.deleted_at:
                raise Conflict(f"Case id {data.id} is already used with a different body.")
            return existing, False
    v.check_date(data.date_of_service, today=today)
    related = _related(session, user, data.related_case_id)
    place = _place(session, user=user, site=data.site, setting=data.setting, locality=data.locality)
    valuation = v.value_lines(
        session,
        lines=data.lines,
        date_of_service=data.date_of_service,
        setting=place.setting,
        credit_settings=settings_on(session, user=user, on=data.date_of_service),
    )
    key = _free_key(session, data.id)
    case = Case(
        id=key,
        client_id=data.id or key,
        user_id=user.id,
        date_of_service=data.date_of_service,
        setting=place.setting,
        setting_source=place.source,
        site=data.site,
        locality=data.locality,
        role=data.role,
        related_case_id=related.id if related else None,
        note=data.note,
        encounter_ref=data.encounter_ref,
        request_hash=digest,
        release="",
        total_wrvu=Decimal(0),
        base_wrvu=Decimal(0),
        credit_profile="",
    )
    _store_credit(session, case, valuation, locality=place.locality)
    return case, True


def _free_key(session: Session, chosen: uuid.UUID | None) -> uuid.UUID:
    """The chosen id as the case's key when no case holds it, else a fresh one: another user's
    case may hold it, and the create must answer as if it did not exist (ids are per owner)."""
    if chosen is not None and session.get(Case, chosen) is None:
        return chosen
    return uuid.uuid4()


def _client_id_of(session: Session, key: uuid.UUID | None) -> uuid.UUID | None:
    """The API id of the case with this key (a related case is stored by key)."""
    if key is None:
        return None
    related = session.get(Case, key)
    return related.client_id if related else None


def _gpcis(session: Session, locality: str | None, year: int) -> GpciLocality | None:
    if not locality:
        return None
    try:
        return catalog_service.get_locality(session, key=locality, year=year)
    except NotFound:
        return None


def _store_credit(
    session: Session, case: Case, valuation: v.Valuation, *, locality: str | None
) -> None:
    """Copy the credit and the CMS numbers it came from onto the case and its lines.

    The estimated payment is the line's total RVUs times its credit share times the release's CF,
    with the GPCIs of the physician's locality (for the release's year) when the profile has one.
    """
    result = valuation.result
    gpci = _gpcis(session, locality, valuation.release.year)
    case.payment_locality = gpci.key if gpci else None
    case.release = valuation.release.name
    case.release_note = valuation.release_note
    case.provisional = valuation.provisional
    case.credit_profile = valuation.profile
    case.total_wrvu = result.total_wrvu
    case.base_wrvu = sum((c.base_wrvu for c in result.lines), Decimal(0))
    case.notes = result.notes
    session.add(case)
    session.flush()
    session.execute(delete(CaseLine).where(col(CaseLine.case_id) == case.id))
    cf = valuation.release.conversion_factor
    lines: list[CaseLine] = []
    for credit in result.lines:
        row = credit.row
        total = Decimal(0)
        priced = total
        if row is not None:
            facility = valuation.setting == Setting.FACILITY
            per_unit = row.facility_total if facility else row.nonfacility_total
            total = per_unit * credit.units
            priced = total
            stored = valuation.rows.get((credit.code, credit.row_modifier))
            if gpci is not None and stored is not None:
                pe = stored.facility_pe_rvu if facility else stored.nonfacility_pe_rvu
                priced = credit.units * (
                    stored.work_rvu * gpci.work_gpci
                    + pe * gpci.pe_gpci
                    + stored.mp_rvu * gpci.mp_gpci
                )
        share = credit.credited_wrvu / credit.base_wrvu if credit.base_wrvu else Decimal(0)
        window = gp.line_window(
            row.global_days if row else None, case.date_of_service, credit.modifiers
        )
        lines.append(
            CaseLine(
                case_id=case.id,
                position=credit.index + 1,
                code=credit.code,
                modifiers=list(credit.modifiers),
                units=credit.units,
                release=credit.release,
                provisional=valuation.provisional,
                row_modifier=credit.row_modifier,
                work_rvu=row.work_rvu if row else Decimal(0),
                total_rvu=total,
                conversion_factor=cf,
                base_wrvu=credit.base_wrvu,
                credited_wrvu=credit.credited_wrvu,
                estimated_payment=(priced * share * cf).quantize(Decimal("0.01"), ROUND_HALF_UP),
                adjustments=[
                    {
                        "rule": a.rule,
                        "factor": str(a.factor),
                        "reason": a.reason,
                        "switch": a.switch,
                        "preset": a.preset,
                    }
                    for a in credit.adjustments
                ],
                flags=[str(f) for f in credit.flags],
                rank=credit.rank,
                global_days=row.global_days if row else None,
                global_start=window[0] if window else None,
                global_end=window[1] if window else None,
            )
        )
    # One executemany instead of the ORM's per-object flush; the answer is built from these
    # objects (see case_out) rather than read back.
    session.execute(insert(CaseLine), [line.model_dump(exclude={"id"}) for line in lines])
    session.info.setdefault(_WRITTEN_LINES, {})[case.id] = lines
    refresh_days(session, case.user_id, [case.date_of_service])


def lines_of(session: Session, case_id: uuid.UUID) -> list[CaseLine]:
    return list(
        session.exec(
            select(CaseLine).where(CaseLine.case_id == case_id).order_by(CaseLine.position)
        )
    )


def case_outs(session: Session, cases: list[Case], *, user: User) -> list[CaseOut]:
    """Answers for a page of cases, with all their lines read in one query."""
    by_case: dict[uuid.UUID, list[CaseLine]] = {c.id: [] for c in cases}
    if by_case:
        statement = (
            select(CaseLine)
            .where(col(CaseLine.case_id).in_(list(by_case)))
            .order_by(CaseLine.case_id, CaseLine.position)
        )
        for line in session.exec(statement):
            by_case[line.case_id].append(line)
    return [case_out(session, c, user=user, lines=by_case[c.id]) for c in cases]


def case_out(
    session: Session, case: Case, *, user: User, lines: list[CaseLine] | None = None
) -> CaseOut:
    if lines is None:
        lines = session.info.get(_WRITTEN_LINES, {}).get(case.id) or lines_of(session, case.id)
    original = _original_period(session, case, lines, user=user)
    return CaseOut(
        id=case.client_id,
        date_of_service=case.date_of_service,
        setting=Setting(case.setting),
        setting_source=case.setting_source,  # type: ignore[arg-type]
        site=case.site,
        locality=case.locality,
        role=case.role,  # type: ignore[arg-type]
        related_case_id=_client_id_of(session, case.related_case_id),
        note=case.note,
        encounter_ref=case.encounter_ref,
        import_id=case.import_id,
        version=case.version,
        payment_locality=case.payment_locality,
        created_at=case.created_at,
        updated_at=case.updated_at,
        release=case.release,
        release_note=case.release_note,
        provisional=case.provisional,
        credit_profile=case.credit_profile,
        total_wrvu=v.round_edge(Decimal(case.total_wrvu)),
        total_wrvu_exact=v.exact(case.total_wrvu),
        base_wrvu=v.round_edge(Decimal(case.base_wrvu)),
        notes=case.notes,
        lines=[_line_out(line, original) for line in lines],
        warnings=phi_warnings(case.note)
        + _role_warnings(case, lines)
        + _global_warnings(case, lines, original)
        + entry_warnings(
            [
                EntryLine(x.position, x.code, tuple(x.modifiers), x.units, x.global_days)
                for x in lines
            ]
        ),
    )


def _line_out(line: CaseLine, original: "OriginalPeriod | None") -> LineCreditOut:
    end, note, of_case = line.global_end, v.global_note(line.global_days, line.modifiers), None
    if "78" in line.modifiers and original is not None and original.window is not None:
        end, of_case = original.window[1], original.case.client_id
        note = (
            f"-78 continues the global period of case {original.case.client_id} "
            f"({original.codes} on {original.case.date_of_service}, until {end}); "
            "it starts none"
        )
    return LineCreditOut(
        position=line.position,
        code=line.code,
        modifiers=line.modifiers,
        units=line.units,
        release=line.release,
        provisional=line.provisional,
        row_modifier=line.row_modifier,
        base_wrvu=Decimal(line.base_wrvu),
        adjustments=[AdjustmentOut(**a) for a in line.adjustments],
        credited_wrvu=v.round_edge(Decimal(line.credited_wrvu)),
        credited_wrvu_exact=v.exact(line.credited_wrvu),
        flags=line.flags,
        rank=line.rank,
        global_days=line.global_days,
        global_period_end=end,
        global_period_case_id=of_case,
        global_note=note,
    )


@dataclass
class OriginalPeriod:
    """The related case a -58/-78/-79 line refers to, and its global period on that date."""

    case: Case
    window: tuple[date, date] | None
    codes: str


def _original_period(
    session: Session, case: Case, lines: list[CaseLine], *, user: User
) -> OriginalPeriod | None:
    """The related case and its global period. A related case that was itself a return to the
    OR (-78) opened none, so the chain is followed to the procedure that did (a few steps)."""
    if case.related_case_id is None or not any(RESTARTS_GLOBAL & set(x.modifiers) for x in lines):
        return None
    seen = {case.id}
    related_id: uuid.UUID | None = case.related_case_id
    first: OriginalPeriod | None = None
    while related_id is not None and related_id not in seen and len(seen) <= 5:
        seen.add(related_id)
        related = session.exec(
            owned_select(Case, user.id).where(Case.id == related_id, col(Case.deleted_at).is_(None))
        ).first()
        if related is None:
            break
        related_lines = lines_of(session, related.id)
        windowed = [
            x
            for x in related_lines
            if x.global_start is not None
            and x.global_end is not None
            and gp.no_window_reason(x.modifiers) is None
        ]
        window = gp.covering(
            [(x.global_start, x.global_end) for x in windowed],  # type: ignore[misc]
            case.date_of_service,
        )
        if window is not None:
            codes = ", ".join(x.code for x in windowed if (x.global_start, x.global_end) == window)
            return OriginalPeriod(related, window, codes)
        first = first or OriginalPeriod(related, None, "")
        if not any("78" in x.modifiers for x in related_lines):
            break
        related_id = related.related_case_id
    return first


def _global_warnings(
    case: Case, lines: list[CaseLine], original: OriginalPeriod | None
) -> list[str]:
    flagged = [line for line in lines if RESTARTS_GLOBAL & set(line.modifiers)]
    if not flagged:
        return []
    if case.related_case_id is None:
        return [
            f"Line {line.position} ({line.code}) carries -{_restart_mods(line)}"
            " but the case names no related case."
            for line in flagged
        ]
    if original is None:
        return ["The related case no longer exists."]
    window = original.window
    if window is not None and window[0] <= case.date_of_service <= window[1]:
        return []
    return [
        f"Line {line.position} ({line.code}) uses -{_restart_mods(line)}, "
        f"but {case.date_of_service} is outside the global period of the related case "
        f"({original.case.date_of_service})."
        for line in flagged
    ]


ROLE_MODIFIERS = {"assistant": {"80", "81", "82", "AS"}, "co_surgeon": {"62"}}


def _role_warnings(case: Case, lines: list[CaseLine]) -> list[str]:
    """The role is a label; credit follows the modifiers. Say so when the two disagree."""
    expected = ROLE_MODIFIERS.get(case.role)
    if not expected or any(expected & set(line.modifiers) for line in lines):
        return []
    mods = "/".join(f"-{m}" for m in sorted(expected))
    return [
        f"Role is {case.role.replace('_', '-')} but no line carries {mods}; "
        "the lines are credited as the primary surgeon's."
    ]


def _restart_mods(line: CaseLine) -> str:
    return "/-".join(sorted(RESTARTS_GLOBAL & set(line.modifiers)))


def get_case(session: Session, *, user: User, case_id: uuid.UUID) -> Case:
    """The user's live case with this API id (its client_id)."""
    return get_owned(session, Case, user_id=user.id, row_id=case_id, what="case", key="client_id")


def list_cases(
    session: Session,
    *,
    user: User,
    start: date | None,
    end: date | None,
    code: str | None,
    site: str | None,
    role: str | None,
    limit: int,
    offset: int,
) -> tuple[list[Case], int]:
    statement = owned_select(Case, user.id).where(col(Case.deleted_at).is_(None))
    if start:
        statement = statement.where(Case.date_of_service >= start)
    if end:
        statement = statement.where(Case.date_of_service <= end)
    if site:  # any case and spacing, as saved sites match (ASCII case folding in SQLite)
        statement = statement.where(func.lower(func.trim(Case.site)) == site.strip().lower())
    if role:
        statement = statement.where(Case.role == role)
    if code:
        statement = statement.where(
            col(Case.id).in_(select(CaseLine.case_id).where(CaseLine.code == code.upper()))
        )
    total = session.exec(select(func.count()).select_from(statement.subquery())).one()
    page = session.exec(
        statement.order_by(
            col(Case.date_of_service).desc(), col(Case.created_at).desc(), col(Case.id)
        )
        .limit(limit)
        .offset(offset)
    ).all()
    return list(page), total


def _case_place(
    session: Session, *, user: User, case: Case, sites: dict[str, Site] | None = None
) -> Place:
    """A stored case's setting as stored, and its locality: its own, its site's, the profile's."""
    if sites is None:
        saved = site_service.find_by_name(session, user=user, name=case.site)
    else:
        saved = sites.get(name_key(case.site)) if case.site else None
    locality = case.locality or (saved.locality if saved else None) or user.locality
    return Place(Setting(case.setting), SettingSource(case.setting_source or "case"), locality)


def update_case(
    session: Session,
    *,
    user: User,
    case_id: uuid.UUID,
    data: CaseUpdate,
    today: date,
    now: datetime,
) -> Case:
    case = get_case(session, user=user, case_id=case_id)
    if data.version != case.version:
        raise Conflict(
            f"Case {case_id} is at version {case.version}, not {data.version}; reload it and retry."
        )
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    if "related_case_id" in changes:
        if changes["related_case_id"] == case.client_id:
            raise InvalidInput(
                "A case cannot be related to itself.",
                errors=[{"loc": ["body", "related_case_id"], "msg": "same case"}],
            )
        related = _related(session, user, changes["related_case_id"])
        changes["related_case_id"] = related.id if related else None  # stored by key
    before = _case_place(session, user=user, case=case)
    old_date = case.date_of_service
    for key in (
        "site",
        "role",
        "related_case_id",
        "note",
        "encounter_ref",
        "date_of_service",
        "locality",
    ):
        if key in changes:
            setattr(case, key, changes[key])
    # A stated setting stays unless changed; null hands it back to the saved site or profile.
    stated = case.setting_source in (None, SettingSource.CASE)
    if "setting" in changes:
        stated = changes["setting"] is not None
        if stated:
            case.setting = changes["setting"]
    place = _place(
        session,
        user=user,
        site=case.site,
        setting=Setting(case.setting) if stated else None,
        locality=case.locality,
    )
    case.setting, case.setting_source = place.setting, place.source
    revalue = bool({"date_of_service", "lines"} & changes.keys()) or (
        (place.setting, place.locality) != (before.setting, before.locality)
    )
    if revalue:
        v.check_date(case.date_of_service, today=today)
        lines = (
            data.lines
            if data.lines is not None
            else [
                LineIn(code=line.code, modifiers=line.modifiers, units=line.units)
                for line in lines_of(session, case.id)
            ]
        )
        valuation = v.value_lines(
            session,
            lines=lines,
            date_of_service=case.date_of_service,
            setting=Setting(case.setting),
            credit_settings=settings_on(session, user=user, on=case.date_of_service),
        )
        _store_credit(session, case, valuation, locality=place.locality)
    case.version += 1
    case.updated_at = now
    session.add(case)
    session.flush()
    if old_date != case.date_of_service:
        refresh_days(session, case.user_id, [old_date])
    return case


def delete_case(session: Session, *, user: User, case_id: uuid.UUID, now: datetime) -> None:
    """Soft delete: the case leaves a tombstone that a later sync returns."""
    case = get_case(session, user=user, case_id=case_id)
    case.deleted_at = now
    case.updated_at = now
    case.version += 1
    session.add(case)
    session.flush()
    refresh_days(session, case.user_id, [case.date_of_service])


# Revalue holds the write lock one batch at a time. A batch ends after BATCH_SECONDS of work (or
# BATCH_CASES cases); revaluing 5,500 cases in one transaction held SQLite's lock for 11.6 s.
# Between batches it pauses: SQLite's busy handler retries a waiting writer at most every 100 ms,
# and without the pause the next batch would win the lock again before that writer woke up.
REVALUE_BATCH_CASES = 500
REVALUE_BATCH_SECONDS = 0.5
REVALUE_PAUSE_SECONDS = 0.11


def revalue(
    session: Session, *, start: date, end: date, now: datetime, user: User | None = None
) -> RevalueOut:
    """Recompute stored credit on purpose, inside the caller's one transaction."""
    result = RevalueOut(examined=0, changed=[], skipped=[])
    for result in revalue_batches(  # noqa: B007
        session, start=start, end=end, now=now, user=user, pause_seconds=0
    ):
        pass
    return result


def revalue_batches(
    session: Session,
    *,
    start: date,
    end: date,
    now: datetime,
    user: User | None = None,
    batch_cases: int = REVALUE_BATCH_CASES,
    batch_seconds: float = REVALUE_BATCH_SECONDS,
    pause_seconds: float = REVALUE_PAUSE_SECONDS,
) -> Iterator[RevalueOut]:
    """Recompute stored credit (new release, new settings) in batches of cases, in date order.

    Yields the running result after each batch has been flushed; the caller commits there, so
    each batch is atomic and other writers get the lock between batches. An interrupted run
    keeps its finished batches; running it again from the last date reported resumes it (a case
    already revalued is found unchanged)."""
    if end < start:
        raise InvalidInput(
            "end is before start.", errors=[{"loc": ["body", "end"], "msg": "before start"}]
        )
    statement = select(Case).where(
        Case.date_of_service >= start, Case.date_of_service <= end, col(Case.deleted_at).is_(None)
    )
    if user is not None:
        statement = statement.where(Case.user_id == user.id)
    result = RevalueOut(examined=0, changed=[], skipped=[])
    owners: dict[uuid.UUID, User] = {}
    rules_by_owner: dict[uuid.UUID, SettingsByDate] = {}
    sites: dict[uuid.UUID, dict[str, Site]] = {}
    after: tuple[date, uuid.UUID] | None = None
    while True:
        page = statement
        if after is not None:
            page = page.where(
                or_(
                    col(Case.date_of_service) > after[0],
                    and_(col(Case.date_of_service) == after[0], col(Case.id) > after[1]),
                )
            )
        cases = session.exec(
            page.order_by(col(Case.date_of_service), col(Case.id)).limit(batch_cases)
        ).all()
        if not cases:
            return
        deadline = time.monotonic() + batch_seconds
        for case in cases:
            owner = owners.get(case.user_id) or session.get(User, case.user_id)
            assert owner is not None
            owners[case.user_id] = owner
            if case.user_id not in rules_by_owner:
                rules_by_owner[case.user_id] = SettingsByDate(session, owner)
                sites[case.user_id] = {
                    s.name_key: s for s in site_service.list_sites(session, user=owner)
                }
            rules = rules_by_owner[case.user_id].on(case.date_of_service)
            locality = _case_place(
                session, user=owner, case=case, sites=sites[case.user_id]
            ).locality
            _revalue_case(session, case, owner, rules, locality=locality, now=now, result=result)
            after = (case.date_of_service, case.id)
            if time.monotonic() > deadline:
                break
        session.flush()
        result.through = after[0]  # type: ignore[index]
        yield result  # the caller commits here
        time.sleep(pause_seconds)  # let writers that waited for the lock have it


def _revalue_case(
    session: Session,
    case: Case,
    owner: User,
    credit_settings: dict[str, Any],
    *,
    locality: str | None,
    now: datetime,
    result: RevalueOut,
) -> None:
    result.examined += 1
    old_total, old_release = Decimal(case.total_wrvu), case.release
    lines = [
        LineIn(code=x.code, modifiers=x.modifiers, units=x.units)
        for x in lines_of(session, case.id)
    ]
    try:
        valuation = v.value_lines(
            session,
            lines=lines,
            date_of_service=case.date_of_service,
            setting=Setting(case.setting),
            credit_settings=credit_settings,
        )
    except InvalidInput as exc:  # raised before anything of this case was written
        result.skipped.append(
            RevalueSkipped(
                case_id=case.client_id, date_of_service=case.date_of_service, reason=exc.detail
            )
        )
        return
    _store_credit(session, case, valuation, locality=locality)  # explanations may improve
    if valuation.result.total_wrvu == old_total and valuation.release.name == old_release:
        return
    case.version += 1
    case.updated_at = now
    session.add(case)
    result.wrvu_change += v.round_edge(Decimal(case.total_wrvu)) - v.round_edge(old_total)
    result.changed.append(
        RevalueChange(
            case_id=case.client_id,
            date_of_service=case.date_of_service,
            old_release=old_release,
            new_release=case.release,
            old_total_wrvu=v.round_edge(old_total),
            new_total_wrvu=v.round_edge(Decimal(case.total_wrvu)),
        )
    )


def revalue_cases(session: Session, cases: list[Case], *, now: datetime) -> RevalueOut:
    """Value these cases again, in one transaction (the caller's), and report what changed.

    Used when an import settles provisional cases: those and the release land together."""
    result = RevalueOut(examined=0, changed=[], skipped=[])
    owners: dict[uuid.UUID, User] = {}
    rules_by_owner: dict[uuid.UUID, SettingsByDate] = {}
    for case in cases:
        owner = owners.get(case.user_id) or session.get(User, case.user_id)
        assert owner is not None
        owners[case.user_id] = owner
        if case.user_id not in rules_by_owner:
            rules_by_owner[case.user_id] = SettingsByDate(session, owner)
        rules = rules_by_owner[case.user_id].on(case.date_of_service)
        locality = _case_place(session, user=owner, case=case).locality
        _revalue_case(session, case, owner, rules, locality=locality, now=now, result=result)
    session.flush()
    return result


def global_periods(session: Session, *, user: User, on: date) -> list[GlobalPeriodOut]:
    rows = session.exec(
        select(CaseLine, Case)
        .join(Case, Case.id == CaseLine.case_id)  # type: ignore[arg-type]
        .where(
            Case.user_id == user.id,
            col(Case.deleted_at).is_(None),
            col(CaseLine.global_start) <= on,
            col(CaseLine.global_end) >= on,
            CaseLine.credited_wrvu > 0,
        )
        .order_by(col(CaseLine.global_end), CaseLine.position)
    ).all()
    return [
        GlobalPeriodOut(
            case_id=case.client_id,
            date_of_service=case.date_of_service,
            code=line.code,
            modifiers=line.modifiers,
            global_days=line.global_days or "",
            window_start=line.global_start,  # type: ignore[arg-type]
            window_end=line.global_end,
            days_left=(line.global_end - on).days,  # type: ignore[operator]
        )
        for line, case in rows
        if gp.no_window_reason(line.modifiers) is None  # lines stored before the rule
    ]
