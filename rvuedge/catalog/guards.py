"""Refuse reference files that look incomplete. Pure: the importer supplies what is stored.

A PPRRVU file is sorted by HCPCS and modifier, so a file cut at a line boundary parses cleanly and
simply ends early. Three signs give it away, each measured against a stored release:
- it would replace a release of the same name with fewer rows;
- it has markedly fewer rows than the release before it (ROW_MARGIN);
- that release has many codes after the file's last one (TAIL_LIMIT).
A GPCI file must cover every locality the database already knows for that year, or else for the
year before it. `--force` overrides all of them; the importer then says what it overrode.
"""

from dataclasses import dataclass
from decimal import Decimal

# Consecutive CMS releases differ by a few hundred rows of about 19,000: 2025D (19,090 rows) to
# 2026C (19,356) added 496 codes and dropped 230, +1.4%. A drop of more than 5% is far outside
# that churn and is what a file cut short looks like.
ROW_MARGIN = Decimal("0.05")
# CMS retires codes everywhere in the range, never the whole end of it: 2026C keeps every code
# that sorted after 2025D's last one. More than 20 stored codes after a file's last row means the
# file stops early.
TAIL_LIMIT = 20
FORCE_HINT = "--force imports it anyway"


@dataclass(frozen=True)
class StoredRelease:
    """A stored release as the guard sees it."""

    name: str
    rows: int
    rows_after_last: int  # its (code, modifier) rows that sort after the incoming file's last one


def rvu_refusals(
    *,
    incoming: str,
    rows: int,
    last_code: str,
    replaced: StoredRelease | None,
    previous: StoredRelease | None,
) -> list[str]:
    """Why a parsed PPRRVU file looks incomplete; empty when it does not."""
    reasons = []
    if replaced is not None and rows < replaced.rows:
        reasons.append(
            f"it would replace release {replaced.name} of {replaced.rows:,} rows with {rows:,} rows"
        )
    if previous is not None and rows < previous.rows * (1 - ROW_MARGIN):
        drop = (1 - Decimal(rows) / previous.rows) * 100
        reasons.append(
            f"it has {rows:,} rows, {drop:.0f}% fewer than {previous.name} ({previous.rows:,}); "
            f"consecutive releases differ by a few percent"
        )
    for stored in (replaced, previous):
        if stored is not None and stored.rows_after_last > TAIL_LIMIT:
            reasons.append(
                f"it ends at {last_code}, but {stored.name} has "
                f"{stored.rows_after_last:,} rows after that code"
            )
            break
    return [f"{incoming} looks incomplete: {reason}" for reason in reasons]


def gpci_refusals(
    *, year: int, incoming: set[str], stored_year: int | None, stored: set[str]
) -> list[str]:
    """Localities (MAC-locality keys) a GPCI file leaves out that the database already has."""
    if stored_year is None:
        return []
    missing = sorted(stored - incoming)
    if not missing:
        return []
    shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
    return [
        f"GPCI {year} looks incomplete: it covers {len(incoming & stored)} of the "
        f"{len(stored)} localities of GPCI {stored_year} in the database; "
        f"{len(missing)} missing ({shown})"
    ]
