from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from rvuedge.benchmarks import service
from rvuedge.benchmarks.models import BenchmarkTable, Metric
from rvuedge.deps import SessionDep
from rvuedge.schemas import Num

router = APIRouter(prefix="/benchmarks", tags=["benchmarks"])

SAMPLE_LABEL = "Approximate public figures shipped as a sample; not MGMA data."


def _point(p: int) -> Any:
    return Field(description=f"The table's {p}th percentile; null when the table does not give it.")


class BenchmarkTableOut(BaseModel):
    id: int = Field(description="The table's id.")
    source: str = Field(description="Who published the figures, as imported.")
    survey_year: int = Field(description="The year of the survey the figures come from.")
    specialty: str = Field(description="The specialty the table describes, e.g. General Surgery.")
    setting: str = Field(description="The practice setting the table covers (all: every setting).")
    metric: Metric = Field(
        description="What the figures measure: annual wRVU per 1.0 FTE, total annual "
        "compensation in dollars, or compensation per wRVU in dollars."
    )
    p10: Num | None = _point(10)
    p25: Num | None = _point(25)
    p50: Num | None = _point(50)
    p75: Num | None = _point(75)
    p90: Num | None = _point(90)
    mean: Num | None = Field(description="The mean; null when the table does not give it.")
    respondents: int | None = Field(
        description="How many physicians answered the survey; null when not given."
    )
    notes: str | None = Field(description="The importer's notes on the figures; null when none.")
    is_sample: bool = Field(
        description="True for the approximate public figures rvuedge ships, which are not MGMA "
        "data."
    )
    label: str | None = Field(description="A caveat to show beside a sample table; null otherwise.")

    @classmethod
    def of(cls, table: BenchmarkTable) -> "BenchmarkTableOut":
        data = table.model_dump(exclude={"imported_at"})
        return cls(**data, label=SAMPLE_LABEL if table.is_sample else None)


@router.get("", response_model=list[BenchmarkTableOut])
def list_benchmarks(
    session: SessionDep,
    specialty: Annotated[
        str | None,
        Query(
            max_length=100, description="Only the tables of this specialty, e.g. General Surgery."
        ),
    ] = None,
) -> list[BenchmarkTableOut]:
    """Stored benchmark tables (filter by specialty). Tables marked `is_sample` are the
    approximate public figures rvuedge ships; real MGMA-style tables are imported by an operator."""
    return [BenchmarkTableOut.of(t) for t in service.list_tables(session, specialty=specialty)]
