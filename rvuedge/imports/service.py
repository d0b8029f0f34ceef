"""Imports of past logs: preview (a dry run), commit, delete. Services flush; the caller commits.

Every case is valued, and on commit created, by the case log's own service (cases.service), so an
imported case gets exactly the credit, checks and idempotency of one logged by hand.
"""

import hashlib
import uuid
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col

from rvuedge.cases import queries
from rvuedge.cases import service as case_service
from rvuedge.cases.schemas import CaseCreate
from rvuedge.cases.valuation import Valuation, round_edge
from rvuedge.failures import InvalidInput
from rvuedge.imports import batches
from rvuedge.imports import schemas as s
from rvuedge.imports.columns import LOG_FIELDS, Field, MappingProblem
from rvuedge.imports.models import CaseImport
from rvuedge.imports.plan import PlannedCase, line_signature, plan_cases
from rvuedge.imports.reader import ReadFile, read_upload
from rvuedge.imports.tabular import FileProblem
from rvuedge.ownership import get_owned, owned_select
from rvuedge.readcache import reads_cached
from rvuedge.timeutil import as_utc
from rvuedge.users.models import User

CASE_ID_NAMESPACE = uuid.UUID("6f1d3c52-5b0e-4a8e-9a57-3f3e0c1f2a14")
MAX_ERRORS_SHOWN = 200


def read_file(
    content: bytes, filename: str, *, mapping: dict[str, Any] | None, allowed: frozenset[Field]
) -> ReadFile:
    """The upload's table and columns, or a 422 naming what is wrong (nothing is stored)."""
    try:
        return read_upload(content, filename, mapping=mapping, allowed=allowed)
    except (FileProblem, MappingProblem) as exc:
        raise InvalidInput(exc.detail, errors=exc.errors) from None


def preview_import(
    session: Session,
    *,
    user: User,
    content: bytes,
    filename: str,
    mapping: dict[str, Any] | None,
    skip_invalid_rows: bool,
    today: date,
) -> CaseImport:
    """Read the file and store what commit would create; rows with problems are a 422 (nothing
    stored) unless skip_invalid_rows leaves them out, listed."""
    read = read_file(content, filename, mapping=mapping, allowed=LOG_FIELDS)
    plan = plan_cases(read.table, read.columns, today=today, date_order=read.date_order)
    read.table.rows = []  # planned: fewer objects alive (and walked by the collector) below
    problems = [p.as_dict() for p in plan.problems]
    headers = {f: c.header for f, c in read.columns.items()}
    cases: list[PlannedCase] = []
    proposal: list[dict[str, Any]] = []
    # Releases, fee-schedule rows and crediting settings read once, not once per case: the
    # preview writes none of them.
    with reads_cached(session):
        for planned in plan.cases:
            found = _value(session, user=user, planned=planned, headers=headers, today=today)
            if isinstance(found, list):
                problems += found
            else:
                cases.append(planned)
                proposal.append(found)
    problems.sort(key=lambda p: p["row"] or 0)
    if problems and not skip_invalid_rows:
        shown = "; ".join(
            f"row {p['row']}, {p['column'] or 'file'}: {p['msg']}" for p in problems[:5]
        )
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise InvalidInput(
            f"{len(problems)} row problem(s): {shown}{more}. Fix the file or the mapping, "
            "or send skip_invalid_rows=true to import the other rows.",
            errors=problems[:MAX_ERRORS_SHOWN],
            columns=read.columns_out(),
        )
    bad_rows = {p["row"] for p in problems}
    kept = [i for i, planned in enumerate(cases) if bad_rows.isdisjoint(planned.rows)]
    if len(kept) < len(cases):
        cases, proposal = [cases[i] for i in kept], [proposal[i] for i in kept]
    for i, case_id in already_logged(session, user=user, cases=cases).items():
        proposal[i]["already_logged"] = str(case_id)
    record = CaseImport(
        user_id=user.id,
        filename=(filename or "upload")[:200],
        file_sha256=hashlib.sha256(content).hexdigest(),
        file_kind=read.table.kind,
        columns=read.columns_out(),
        header=read.table.header,
        rows_read=plan.rows_read,
        data_lines=read.table.data_lines,
        blank_rows=read.table.blank_rows,
        invalid_rows=plan.rows_read - sum(len(p["rows"]) for p in proposal),
        proposal=proposal,
        skipped_rows=problems[:MAX_ERRORS_SHOWN],
        preview_wrvu=new_wrvu(proposal),
    )
    session.add(record)
    session.flush()
    return record


def _value(
    session: Session, *, user: User, planned: PlannedCase, headers: dict[Field, str], today: date
) -> Any:
    """The planned case's credit as the case log values it (its setting and each line's
    credit in hundredths, as the proposal stores them), or its row problems."""
    try:
        # Valued as the commit will store it: a saved site named in the file prices the case.
        # (A CaseCreate is a PreviewIn: validated once, as the commit will validate it.)
        data = case_create(planned, case_id=None)
        valuation = case_service.credit_values(session, user=user, data=data, today=today)
    except ValidationError as exc:
        return [_row_problem(planned, list(e["loc"]), e["msg"], headers) for e in exc.errors()]
    except InvalidInput as exc:
        found = exc.extra.get("errors") or [{"loc": [], "msg": exc.detail}]
        return [_row_problem(planned, list(e["loc"]), e["msg"], headers) for e in found]
    return _proposal_entry(planned, valuation)


def _row_problem(
    planned: PlannedCase, loc: list[Any], msg: str, headers: dict[Field, str]
) -> dict[str, Any]:
    """Where a problem of a planned case lies in the file: the line's row, the field's column."""
    loc = [p for p in loc if p != "body"]
    row = planned.rows[0]
    field: Field | None = None
    if loc and loc[0] == "lines" and len(loc) > 1 and isinstance(loc[1], int):
        row = planned.lines[loc[1]].row
        part = loc[2] if len(loc) > 2 else "code"
        field = {"modifiers": Field.MODIFIERS, "units": Field.UNITS}.get(part, Field.CODE)
        if field == Field.MODIFIERS and field not in headers:
            field = Field.MODIFIER_1
    elif loc:
        try:
            field = Field(str(loc[0]))
        except ValueError:
            field = None
    return {"row": row, "column": headers.get(field) if field else None, "msg": msg}


def case_create(planned: PlannedCase, *, case_id: uuid.UUID | None) -> CaseCreate:
    """The case log's request for a planned case, validated in one pass (lines included)."""
    fields: dict[str, Any] = {
        "id": case_id,
        "date_of_service": planned.date_of_service,
        "setting": planned.setting,
        "site": planned.site,
        "note": planned.note,
        "encounter_ref": planned.encounter_ref,
        "lines": [
            {"code": line.code, "modifiers": list(line.modifiers), "units": line.units}
            for line in planned.lines
        ],
    }
    if planned.role:
        fields["role"] = planned.role
    return CaseCreate(**fields)


def _proposal_entry(planned: PlannedCase, valuation: Valuation) -> dict[str, Any]:
    """What commit will create of a planned case, with its credit as valued (each line in
    hundredths, the case their sum)."""
    result = valuation.result
    return {
        "rows": planned.rows,
        "date_of_service": planned.date_of_service.isoformat(),
        "encounter_ref": planned.encounter_ref,
        "setting": str(valuation.setting),
        # The file's own setting (None: the saved site's or the profile's, decided at commit).
        "stated_setting": planned.setting,
        "site": planned.site,
        "role": planned.role or "surgeon",
        "note": planned.note,
        "lines": [
            {
                "row": line.row,
                "code": line.code,
                "modifiers": list(line.modifiers),
                "units": line.units,
                "credited_wrvu": str(credit.credited_wrvu),  # in hundredths, as saved
            }
            for line, credit in zip(planned.lines, result.lines, strict=True)
        ],
        "total_wrvu": str(result.total_wrvu),
        "already_logged": None,
        "case_id": None,
    }


def planned_from(entry: dict[str, Any]) -> PlannedCase:
    from rvuedge.imports.plan import PlannedLine

    return PlannedCase(
        rows=entry["rows"],
        date_of_service=date.fromisoformat(entry["date_of_service"]),
        encounter_ref=entry["encounter_ref"],
        setting=entry.get("stated_setting", entry["setting"]),  # older previews lack it
        site=entry["site"],
        role=entry["role"],
        note=entry["note"],
        lines=[
            PlannedLine(x["row"], x["code"], tuple(x["modifiers"]), x["units"])
            for x in entry["lines"]
        ],
    )


def new_wrvu(proposal: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(p["total_wrvu"]) for p in proposal if not p["already_logged"]), Decimal(0))


def already_logged(
    session: Session, *, user: User, cases: list[PlannedCase]
) -> dict[int, uuid.UUID]:
    """Planned cases that look logged already: the same encounter reference on the same date, or
    the same date with the same lines (each logged case answers for one planned case)."""
    if not cases:
        return {}
    first = min(c.date_of_service for c in cases)
    last = max(c.date_of_service for c in cases)
    rows = queries.lines_in_range(session, user_id=user.id, start=first, end=last)
    logged: dict[uuid.UUID, tuple[queries.CaseRow, list[queries.LineRow]]] = {}
    for case, line in rows:
        logged.setdefault(case.client_id, (case, []))[1].append(line)
    by_ref: dict[tuple[date, str], uuid.UUID] = {}
    by_lines: dict[Any, list[uuid.UUID]] = {}
    for case_id, (case, lines) in sorted(logged.items(), key=lambda kv: str(kv[0])):
        if case.encounter_ref:
            by_ref[(case.date_of_service, case.encounter_ref)] = case_id
        key = (
            case.date_of_service,
            line_signature((x.code, tuple(x.modifiers), x.units) for x in lines),
        )
        by_lines.setdefault(key, []).append(case_id)
    taken: Counter[uuid.UUID] = Counter()
    found: dict[int, uuid.UUID] = {}
    for i, planned in enumerate(cases):
        ref_match = (
            by_ref.get((planned.date_of_service, planned.encounter_ref))
            if planned.encounter_ref
            else None
        )
        if ref_match is not None and not taken[ref_match]:
            found[i] = ref_match
            taken[ref_match] += 1
            continue
        for candidate in by_lines.get(planned.signature(), []):
            if not taken[candidate]:
                found[i] = candidate
                taken[candidate] += 1
                break
    return found


def get_import(session: Session, *, user: User, import_id: uuid.UUID) -> CaseImport:
    return get_owned(session, CaseImport, user_id=user.id, row_id=import_id, what="import")


def list_imports(session: Session, *, user: User) -> list[CaseImport]:
    statement = owned_select(CaseImport, user.id).where(col(CaseImport.deleted_at).is_(None))
    return list(session.exec(statement.order_by(col(CaseImport.created_at).desc())))


def commit_import(
    session: Session, *, user: User, import_id: uuid.UUID, today: date, now: datetime
) -> CaseImport:
    """Create the previewed cases inside the caller's one transaction (the CLI); the API commits
    batch by batch (imports.batches). Committing again changes nothing; a case logged since the
    preview (or by another import of the same file) is left out."""
    record = get_import(session, user=user, import_id=import_id)
    for record in batches.commit_batches(  # noqa: B007
        session, user=user, import_id=import_id, today=today, now=now, pause_seconds=0
    ):
        pass
    return record


def delete_import(session: Session, *, user: User, import_id: uuid.UUID, now: datetime) -> int:
    """Remove the cases the import created (tombstones, as any deleted case) and the import,
    inside the caller's one transaction; the API deletes batch by batch (imports.batches)."""
    record = get_import(session, user=user, import_id=import_id)
    for record in batches.delete_batches(  # noqa: B007
        session, user=user, import_id=import_id, now=now, pause_seconds=0
    ):
        pass
    return record.done_cases


def import_out(record: CaseImport) -> s.ImportOut:
    cases = [
        s.PlannedCaseOut(
            rows=p["rows"],
            date_of_service=date.fromisoformat(p["date_of_service"]),
            encounter_ref=p["encounter_ref"],
            setting=p["setting"],
            site=p["site"],
            role=p["role"],
            note=p["note"],
            lines=[
                s.PlannedLineOut(
                    row=x["row"],
                    code=x["code"],
                    modifiers=x["modifiers"],
                    units=x["units"],
                    credited_wrvu=round_edge(Decimal(x["credited_wrvu"])),
                )
                for x in p["lines"]
            ],
            total_wrvu=round_edge(Decimal(p["total_wrvu"])),
            already_logged=p["already_logged"],
            case_id=p.get("case_id"),
        )
        for p in record.proposal
    ]
    return s.ImportOut(
        id=record.id,
        status=record.status,
        filename=record.filename,
        file_kind=record.file_kind,
        rows_read=record.rows_read,
        data_lines=record.data_lines,
        rows_in_cases=sum(len(p["rows"]) for p in record.proposal),
        blank_rows=record.blank_rows,
        invalid_rows=record.invalid_rows,
        columns=[s.ColumnOut(**c) for c in record.columns],
        unused_columns=[h for i, h in enumerate(record.header) if h and i + 1 not in _used(record)],
        cases_to_create=sum(1 for c in cases if c.already_logged is None),
        already_logged=sum(1 for c in cases if c.already_logged is not None),
        wrvu_to_add=round_edge(Decimal(record.preview_wrvu)),
        skipped_rows=[s.RowError(**r) for r in record.skipped_rows],
        cases=cases,
        created_cases=record.created_cases,
        done_cases=record.done_cases,
        created_at=as_utc(record.created_at),
        committed_at=as_utc(record.committed_at) if record.committed_at else None,
    )


def _used(record: CaseImport) -> set[int]:
    return {c["index"] for c in record.columns}


def import_summary(record: CaseImport) -> s.ImportSummary:
    pending = sum(1 for p in record.proposal if not p["already_logged"])
    return s.ImportSummary(
        id=record.id,
        status=record.status,
        filename=record.filename,
        rows_read=record.rows_read,
        cases_to_create=pending,
        created_cases=record.created_cases,
        wrvu_to_add=round_edge(Decimal(record.preview_wrvu)),
        created_at=as_utc(record.created_at),
        committed_at=as_utc(record.committed_at) if record.committed_at else None,
    )
