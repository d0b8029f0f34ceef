"""Fee-schedule tables: releases, their rows, per-category distributions, code guides, GPCIs."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import JSON, Column, DateTime, Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel

from rvuedge.stamps import CATALOG, watch
from rvuedge.timeutil import utc_now

RVU = Numeric(8, 2)


class FeeScheduleRelease(SQLModel, table=True):
    """One CMS PPRRVU file, e.g. 2026C (the July 2026 release)."""

    __tablename__ = "fee_schedule_release"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=5, unique=True)
    year: int
    quarter: str = Field(max_length=1)
    effective_date: date
    released_on: date | None = None
    conversion_factor: Decimal = Field(sa_column=Column(Numeric(9, 4), nullable=False))
    source_filename: str = Field(max_length=300)
    source_sha256: str = Field(max_length=64)
    row_count: int
    # True when every row of the CMS file is stored (the seed ships whole releases).
    is_complete: bool = False
    # True once the operator's own CMS file supplied the short descriptors (AMA text the seed
    # does not ship); the seed never overwrites such a release.
    has_descriptors: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    # A proposed rule's numbers (`rvuedge import-rvu --proposed`): shown labelled "proposed" and
    # compared against, never used to value a logged case.
    proposed: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    imported_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class FeeScheduleRow(SQLModel, table=True):
    """One (HCPCS, modifier) row of a release: the columns that matter for credit and display."""

    __tablename__ = "fee_schedule_row"
    __table_args__ = (UniqueConstraint("release_id", "hcpcs", "modifier"),)

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="fee_schedule_release.id", ondelete="CASCADE", index=True)
    hcpcs: str = Field(max_length=5, index=True)
    modifier: str = Field(default="", max_length=2)
    description: str | None = Field(default=None, max_length=100)
    status: str = Field(max_length=1)
    not_used_for_payment: bool = False
    work_rvu: Decimal = Field(sa_column=Column(RVU, nullable=False))
    nonfacility_pe_rvu: Decimal = Field(sa_column=Column(RVU, nullable=False))
    nonfacility_na: bool = False
    facility_pe_rvu: Decimal = Field(sa_column=Column(RVU, nullable=False))
    facility_na: bool = False
    mp_rvu: Decimal = Field(sa_column=Column(RVU, nullable=False))
    nonfacility_total: Decimal = Field(sa_column=Column(RVU, nullable=False))
    facility_total: Decimal = Field(sa_column=Column(RVU, nullable=False))
    pctc: str = Field(max_length=1)
    global_days: str = Field(max_length=3)
    pre_op: Decimal = Field(sa_column=Column(RVU, nullable=False))
    intra_op: Decimal = Field(sa_column=Column(RVU, nullable=False))
    post_op: Decimal = Field(sa_column=Column(RVU, nullable=False))
    mult_proc: str = Field(max_length=1)
    bilat_surg: str = Field(max_length=1)
    asst_surg: str = Field(max_length=1)
    co_surg: str = Field(max_length=1)
    team_surg: str = Field(max_length=1)
    pricing_indicator: str | None = Field(default=None, max_length=1)
    endo_base: str | None = Field(default=None, max_length=5)
    supervision: str | None = Field(default=None, max_length=2)
    imaging_family: str | None = Field(default=None, max_length=2)


class CategoryStat(SQLModel, table=True):
    """Distribution of work RVUs within one category of one release (no modifier, work > 0)."""

    __tablename__ = "category_stat"
    __table_args__ = (UniqueConstraint("release_id", "category"),)

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="fee_schedule_release.id", ondelete="CASCADE", index=True)
    category: str = Field(max_length=40)
    code_count: int
    median_work_rvu: Decimal = Field(sa_column=Column(Numeric(9, 4), nullable=False))
    max_hcpcs: str = Field(max_length=5)
    max_work_rvu: Decimal = Field(sa_column=Column(RVU, nullable=False))
    # Work RVU at percentiles 0..100, as strings to keep them exact.
    percentile_points: list[str] = Field(sa_column=Column(JSON, nullable=False))


class CodeGuide(SQLModel, table=True):
    """What rvuedge writes about a code (the seed): names, plain language, specialties."""

    __tablename__ = "code_guide"

    hcpcs: str = Field(primary_key=True, max_length=5)
    name: str = Field(max_length=200)
    plain_language: str
    clinical_context: str | None = None
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    specialties: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class CodeAlias(SQLModel, table=True):
    """Normalized names a code goes by, for exact-phrase hits ("lap chole" -> 47562)."""

    __tablename__ = "code_alias"
    __table_args__ = (UniqueConstraint("alias", "hcpcs"),)

    id: int | None = Field(default=None, primary_key=True)
    alias: str = Field(max_length=200, index=True)
    hcpcs: str = Field(max_length=5)
    rank: int = 0  # 0 for the code's own name, then 1, 2 ... in the seed's order of aliases


class GpciLocality(SQLModel, table=True):
    """Geographic practice cost indices of one Medicare locality for one year."""

    __tablename__ = "gpci_locality"
    __table_args__ = (UniqueConstraint("year", "mac", "locality_number"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    mac: str = Field(max_length=5)
    state: str = Field(max_length=2)
    locality_number: str = Field(max_length=2)
    name: str = Field(max_length=120)
    work_gpci: Decimal = Field(sa_column=Column(Numeric(6, 3), nullable=False))
    work_gpci_unfloored: Decimal | None = Field(default=None, sa_column=Column(Numeric(6, 3)))
    pe_gpci: Decimal = Field(sa_column=Column(Numeric(6, 3), nullable=False))
    mp_gpci: Decimal = Field(sa_column=Column(Numeric(6, 3), nullable=False))
    source_filename: str = Field(max_length=300)

    @property
    def key(self) -> str:
        return f"{self.mac}-{self.locality_number}"


class CodeSearchDoc(SQLModel, table=True):
    """One searchable document per HCPCS code; the full-text index is built over this table."""

    __tablename__ = "code_search_doc"

    id: int | None = Field(default=None, primary_key=True)
    hcpcs: str = Field(max_length=5, unique=True)
    name: str
    aliases: str = ""
    descriptor: str = ""
    is_common: bool = False  # a common procedure: the seed gives plain language or aliases


class AppMeta(SQLModel, table=True):
    """Small key/value facts about this database (e.g. which seed it holds)."""

    __tablename__ = "app_meta"

    key: str = Field(primary_key=True, max_length=50)
    value: str


# Processes cache releases, their rows and GPCIs per catalog stamp (rvuedge/stamps.py): any
# change made through the ORM replaces it (bulk imports also rebuild the search docs, which does).
watch(FeeScheduleRelease, CATALOG)
watch(FeeScheduleRow, CATALOG)
watch(GpciLocality, CATALOG)
