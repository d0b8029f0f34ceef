"""Crediting settings (wrvu-rules.md section 2.5): two profiles with named switches. Pure."""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Profile(StrEnum):
    PRODUCTIVITY_STANDARD = "productivity_standard"
    CMS_PAYMENT_MIRROR = "cms_payment_mirror"


class BilateralRule(StrEnum):
    """How a -50 procedure with bilateral indicator 1 is credited (other indicators follow CMS)."""

    PERCENT_150 = "150_percent"  # CMS: one line at 150%
    PERCENT_200 = "200_percent"  # one line at 200%, ranked as one procedure
    PER_SIDE = "100_percent_per_side"  # each side a procedure at 100%, both ranked (2nd side 50%)


class RankBasis(StrEnum):
    TOTAL_BY_POS = "total_by_pos"
    TOTAL_FACILITY = "total_facility"
    TOTAL_NONFACILITY = "total_nonfacility"
    WORK = "work"


@dataclass(frozen=True)
class CreditRules:
    """Every switch the credit engine reads, with the productivity_standard defaults."""

    apply_mppr: bool = True
    # Factors by rank for the 1st to 5th ranked procedures; past its end the last factor repeats
    # up to the 5th, and the 6th and later follow sixth_plus_factor.
    mppr_schedule: tuple[Decimal, ...] = (
        Decimal(1),
        Decimal("0.5"),
        Decimal("0.5"),
        Decimal("0.5"),
        Decimal("0.5"),
    )
    bilateral_rule: BilateralRule = BilateralRule.PERCENT_150
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
    # Where the switches came from, for the explanation of each factor.
    preset: str = "productivity_standard"
    overridden: frozenset[str] = frozenset()

    def source(self, switch: str) -> str:
        """The preset that set this switch, or the user's override of it."""
        return f"{self.preset} (overridden)" if switch in self.overridden else self.preset


PROFILES: dict[Profile, CreditRules] = {
    Profile.PRODUCTIVITY_STANDARD: CreditRules(),
    Profile.CMS_PAYMENT_MIRROR: CreditRules(
        preset="cms_payment_mirror",
        sixth_plus_factor=None,
        imaging_pc_reduction=True,
        npp_assistant_factor=Decimal("0.136"),
        credit_non_payable_rvus=False,
    ),
}


SWITCHES = frozenset(CreditRules.__dataclass_fields__) - {"preset", "overridden"}


def rules_for(
    profile: Profile | str,
    overrides: dict[str, Any] | None = None,
    *,
    base: CreditRules | None = None,
) -> CreditRules:
    """A preset's rules with the user's overrides applied (values already validated).

    profile names a built-in profile, or base carries an operator's preset (named profile).
    """
    rules = base if base is not None else PROFILES[Profile(profile)]
    changes = dict(overrides or {})
    if "mppr_schedule" in changes:
        changes["mppr_schedule"] = tuple(changes["mppr_schedule"])
    if "bilateral_rule" in changes:
        changes["bilateral_rule"] = BilateralRule(changes["bilateral_rule"])
    if "rank_basis" in changes:
        changes["rank_basis"] = RankBasis(changes["rank_basis"])
    return replace(
        rules,
        preset=str(profile),
        overridden=rules.overridden | frozenset(changes),
        **changes,
    )


def _switch_values(raw: dict[str, Any] | None) -> dict[str, Any]:
    """Stored switch values (JSON) as the engine wants them: exact Decimals, tuples."""
    values = {k: v for k, v in (raw or {}).items() if v is not None}
    for key, value in list(values.items()):
        if key.endswith("_factor"):
            values[key] = Decimal(str(value))
        elif key == "mppr_schedule":
            values[key] = tuple(Decimal(str(f)) for f in value)
    return values


def credit_rules(settings: dict[str, Any]) -> tuple[str, CreditRules]:
    """The rules for stored settings: a built-in profile, or a named preset (an operator's,
    carried with its base profile and switches), then the user's own overrides."""
    if settings.get("preset_base"):
        base = rules_for(
            Profile(settings["preset_base"]), _switch_values(settings["preset_switches"])
        )
        name = settings["preset"]
        preset = replace(base, preset=name, overridden=frozenset())
        return name, rules_for(name, _switch_values(settings.get("overrides")), base=preset)
    profile = Profile(
        settings.get("preset") or settings.get("profile") or Profile.PRODUCTIVITY_STANDARD
    )
    return profile.value, rules_for(profile, _switch_values(settings.get("overrides")))


CONTRACT_RELEASE = "credit_with_release"
CONTRACT_SINCE = "credit_with_release_from"


def contract_of(settings: dict[str, Any]) -> tuple[str, date] | None:
    """The contract year of stored settings: (release, from date), or None (the release in force
    on each date of service values the case)."""
    release = settings.get(CONTRACT_RELEASE)
    if not release:
        return None
    since = settings.get(CONTRACT_SINCE)
    return str(release), date.fromisoformat(since) if since else date.min
