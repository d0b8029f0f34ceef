"""A new case's and line's plain rows (cases/rows.py) cover every column of their tables, with
the models' defaults, so a Core insert of them stores what the ORM would have."""

import uuid
from datetime import date
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from pydantic_core import PydanticUndefined

from rvuedge.calc.credit import Setting
from rvuedge.cases import create, pricing
from rvuedge.cases.create import new_case
from rvuedge.cases.models import Case, CaseLine
from rvuedge.cases.pricing import Place
from rvuedge.cases.rows import CASE_DEFAULTS
from rvuedge.cases.schemas import CaseCreate, SettingSource
from tests.factories import SignedIn


def _columns(model: type) -> set[str]:
    return {c.name for c in model.__table__.columns}  # type: ignore[attr-defined]


def test_case_defaults_are_the_models() -> None:
    for name, default in CASE_DEFAULTS.items():
        field = Case.model_fields[name]
        assert field.default is not PydanticUndefined, name
        assert field.default == default, name


def test_a_new_case_row_covers_every_column() -> None:
    data = CaseCreate(date_of_service=date(2026, 3, 2), lines=[{"code": "47562"}])
    key = uuid.uuid4()
    row = new_case(
        data,
        user_id=uuid.uuid4(),
        key=key,
        client_id=key,
        place=Place(Setting.FACILITY, SettingSource.PROFILE, None),
        digest="0" * 64,
        change_seq=7,
    )
    assert set(row.values()) == _columns(Case)
    assert row.version == 1 and row.deleted_at is None and row.change_seq == 7
    assert row.total_wrvu == Decimal(0)


def test_a_logged_cases_lines_have_every_column_but_the_id(
    client: TestClient, user: SignedIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored: list[set[str]] = []
    real = pricing.write_lines

    def spy(session, case, lines):  # noqa: ANN001, ANN202
        stored.extend(set(line.values()) for line in lines)
        return real(session, case, lines)

    monkeypatch.setattr(create, "write_lines", spy)
    r = client.post(
        "/api/v1/cases",
        json={"date_of_service": "2026-03-02", "lines": [{"code": "47562"}, {"code": "49505"}]},
        headers=user.headers,
    )
    assert r.status_code == 201, r.text
    assert stored == [_columns(CaseLine) - {"id"}] * 2
