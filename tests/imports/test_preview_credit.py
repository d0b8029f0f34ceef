"""The import preview values each planned case as the case log does, without building the Log
screen's answer per row (bench/documents_at_scale.py: a 50,000-row preview): the credit it stores
is the case log's own, line by line, and the problems still name their row and column."""

from decimal import Decimal

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from rvuedge.cases import service as case_service
from rvuedge.cases.schemas import PreviewIn
from rvuedge.imports import service
from rvuedge.users.models import User
from tests.conftest import TODAY
from tests.factories import make_user

LOG = (
    "Date,CPT,Modifiers,Units,Case #,Setting\n"
    "2026-01-05,47562,,1,C1,\n"
    "2026-01-05,49505,51,1,C1,\n"
    "2026-01-05,49505,51,1,C1,\n"  # the same line twice: both credited, as the case log does
    "2026-02-10,27447,50,1,,office\n"
    "2025-06-30,11042,,3,,\n"  # a release not loaded: valued with a stand-in (provisional)
)


def _surgeon(client: TestClient, session: Session) -> User:
    signed_in = make_user(client)
    return session.exec(select(User).where(User.email == signed_in.email)).one()


def test_the_stored_credit_is_the_case_logs_own_line_by_line(
    client: TestClient, session: Session
) -> None:
    user = _surgeon(client, session)
    record = service.preview_import(
        session,
        user=user,
        content=LOG.encode(),
        filename="log.csv",
        mapping=None,
        skip_invalid_rows=False,
        today=TODAY,
    )
    assert [p["rows"] for p in record.proposal] == [[2, 3, 4], [5], [6]]
    for entry in record.proposal:
        data = PreviewIn(
            date_of_service=entry["date_of_service"],
            setting=entry["stated_setting"],
            lines=[
                {"code": x["code"], "modifiers": x["modifiers"], "units": x["units"]}
                for x in entry["lines"]
            ],
        )
        out = case_service.preview(session, user=user, data=data, today=TODAY)
        assert entry["setting"] == out.setting
        # Each line in hundredths, as the case log credits it, and the case their sum.
        assert [Decimal(x["credited_wrvu"]) for x in entry["lines"]] == [
            x.credited_wrvu for x in out.lines
        ]
        assert Decimal(entry["total_wrvu"]) == out.total_wrvu
    assert record.proposal[1]["setting"] == "non_facility"
    assert sum(float(p["total_wrvu"]) for p in record.proposal) > 0


def test_problems_name_the_row_of_the_line_and_the_column(
    client: TestClient, session: Session
) -> None:
    user = _surgeon(client, session)
    content = (
        b"Date,CPT,Modifiers,Case #\n"
        b"2026-01-05,47562,,C1\n"
        b"2026-01-05,49505,QQ,C1\n"  # an unknown modifier on the case's second line
        b"2026-01-06,47562,,#bad\n"  # a case number the case log's schema refuses
        b"2026-01-07,44970,,\n"
    )
    record = service.preview_import(
        session,
        user=user,
        content=content,
        filename="log.csv",
        mapping=None,
        skip_invalid_rows=True,
        today=TODAY,
    )
    assert [(p["row"], p["column"]) for p in record.skipped_rows] == [
        (3, "Modifiers"),
        (4, "Case #"),
    ]
    assert "unknown modifier" in record.skipped_rows[0]["msg"]
    assert [p["rows"] for p in record.proposal] == [[5]]
    assert record.invalid_rows == 3
