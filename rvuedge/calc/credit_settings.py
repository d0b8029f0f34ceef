"""Crediting settings (wrvu-rules.md section 2.5): two profiles with named switches. Pure."""

from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum


class Profile(StrEnum):
    PRODUCTIVITY_STANDARD = "productivity_standard"
    CMS_PAYMENT_MIRROR = "cms_payment_mirror"


class RankBasis(StrEnum):
    TOTAL_BY_POS = "total_by_pos"
    TOTAL_FACILITY = "total_facility"
    TOTAL_NONFACILITY = "total_nonfacility"
    WORK = "work"


@dataclass(frozen=True)
class CreditRules:
    """Every switch the credit engine reads, with the productivity_standard defaults."""

    apply_mppr: bool = True
    rank_basis: RankBasis = RankBasis.TOTAL_BY_POS
    # Factor for the 6th and later ranked procedures; None means "by report" (0 and a flag).
    sixth_plus_factor: Decimal | None = Decimal("0.50")
    endoscopy_family_rule: bool = True
    imaging_pc_reduction: bool = False
    assistant_factor: Decimal = Decimal("0.16")
    npp_assistant_factor: Decimal = Decimal("0.16")
    co_surgeon_factor: Decimal = Decimal("0.625")
    mod22_factor: Decimal = Decimal("1.0")
    mod52_factor: Decimal = Decimal("0.50")
    # -53 on a code without a dedicated 53 row is carrier priced; None flags it for manual credit.
    mod53_factor: Decimal | None = None
    # -66 team surgery is paid by report; None flags it for manual credit.
    mod66_factor: Decimal | None = None
    credit_non_payable_rvus: bool = True  # '+' rows and status B/I/N/X that show RVUs


PROFILES: dict[Profile, CreditRules] = {
    Profile.PRODUCTIVITY_STANDARD: CreditRules(),
    Profile.CMS_PAYMENT_MIRROR: CreditRules(
        sixth_plus_factor=None,
        imaging_pc_reduction=True,
        npp_assistant_factor=Decimal("0.136"),
        credit_non_payable_rvus=False,
    ),
}


def rules_for(profile: Profile, overrides: dict[str, object] | None = None) -> CreditRules:
    """The profile's rules with the user's overrides applied (values already validated)."""
    base = PROFILES[profile]
    return replace(base, **(overrides or {}))  # type: ignore[arg-type]
