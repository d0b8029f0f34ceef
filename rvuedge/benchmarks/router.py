from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from rvuedge.benchmarks import service
from rvuedge.benchmarks.models import BenchmarkTable
from rvuedge.db import SessionDep
from rvuedge.schemas import Num

router = APIRouter(prefix="/benchmarks", tags=["benchmarks"])

SAMPLE_LABEL = "Approximate public figures shipped as a sample; not MGMA data."


class BenchmarkTableOut(BaseModel):
    id: int
    source: str
    survey_year: int
    specialty: str
    setting: str
    metric: str
    p10: Num | None
    p25: Num | None
    p50: Num | None
    p75: Num | None
    p90: Num | None
    mean: Num | None
    respondents: int | None
    notes: str | None
    is_sample: bool
    label: str | None

    @classmethod
    def of(cls, table: BenchmarkTable) -> "BenchmarkTableOut":
        data = table.model_dump(exclude={"imported_at"})
        return cls(**data, label=SAMPLE_LABEL if table.is_sample else None)


@router.get("", response_model=list[BenchmarkTableOut])
def list_benchmarks(
    session: SessionDep, specialty: Annotated[str | None, Query(max_length=100)] = None
) -> list[BenchmarkTableOut]:
    """Stored benchmark tables (filter by specialty). Tables marked `is_sample` are the
    approximate public figures rvuedge ships; real MGMA-style tables are imported by an operator."""
    return [BenchmarkTableOut.of(t) for t in service.list_tables(session, specialty=specialty)]
