"""What an import did, and the one rule every import follows: a refusal stops it unless forced."""

from dataclasses import dataclass

from rvuedge.failures import ImportFailed


@dataclass(frozen=True)
class ImportResult:
    release: str
    outcome: str  # "created", "descriptors added", "replaced" or "unchanged"
    rows: int
    overridden: tuple[str, ...] = ()  # refusals that --force overrode


def _refuse_unless_forced(reasons: list[str], force: bool) -> tuple[str, ...]:
    if reasons and not force:
        raise ImportFailed("; ".join(reasons) + " (--force imports it anyway)")
    return tuple(reasons)
