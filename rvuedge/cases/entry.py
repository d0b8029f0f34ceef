"""Entering a case: the preview of its credit, and typed text read into lines.

Services take the session first and never commit (nothing here writes)."""

import uuid
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from rvuedge.calc.entry_checks import EntryLine, entry_warnings
from rvuedge.cases import valuation as v
from rvuedge.cases.duplicates import duplicate_warning
from rvuedge.cases.parser import ParsedLine, parse_entry
from rvuedge.cases.pricing import price_new
from rvuedge.cases.schemas import (
    MAX_LINES,
    CreditOut,
    LineIn,
    ParseIn,
    ParseOut,
    PreviewIn,
    WordReading,
)
from rvuedge.cases.word_pick import MAX_CANDIDATES, Candidate, pick
from rvuedge.catalog import service as catalog_service
from rvuedge.catalog.models import CodeSearchDoc
from rvuedge.catalog.near import looks_like_code
from rvuedge.catalog.search import Searcher, search_codes, vocabulary_cache
from rvuedge.failures import InvalidInput
from rvuedge.users.models import User

WORD_CANDIDATES = 10  # search hits weighed for one run of words


def credit_preview(session: Session, *, user: User, data: PreviewIn, today: date) -> CreditOut:
    """The case's credit and its entry warnings, without the duplicate check: an import finds
    its duplicates itself, against the whole file at once, instead of one query per row."""
    v.check_date(data.date_of_service, today=today)
    place, valuation = price_new(session, user=user, data=data)
    out = v.credit_out(valuation, data.date_of_service)
    out.setting_source = place.source
    out.warnings = entry_warnings(
        [
            EntryLine(x.position, x.code, tuple(x.modifiers), x.units, x.global_days)
            for x in out.lines
        ]
    )
    return out


def credit_values(session: Session, *, user: User, data: PreviewIn, today: date) -> v.Valuation:
    """The case's valuation alone, as credit_preview values it, without the answer's shape or
    its entry warnings: a bulk read (an import preview of thousands of rows) keeps only the
    setting and each line's exact credit."""
    v.check_date(data.date_of_service, today=today)
    return price_new(session, user=user, data=data)[1]


def preview(
    session: Session,
    *,
    user: User,
    data: PreviewIn,
    today: date,
    editing: uuid.UUID | None = None,
) -> CreditOut:
    """What the Log screen shows before saving: the credit, plus a likely-duplicate warning."""
    out = credit_preview(session, user=user, data=data, today=today)
    same = duplicate_warning(  # cases/duplicates.py
        session,
        user_id=user.id,
        date_of_service=data.date_of_service,
        codes=[x.code for x in data.lines],
        exclude_client_id=editing,
    )
    out.warnings = [*out.warnings, *([same] if same else [])]
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
