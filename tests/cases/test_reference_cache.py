"""The per-process caches a logged case is valued from (rvuedge/stamps.py) notice a change made
by another process through its stamp: nothing but the database tells this process.

"Another process" here is another session on the same database, committing as a command-line
import or a second server worker would; this process's cache still holds what it read before.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from rvuedge.catalog.models import FeeScheduleRelease, FeeScheduleRow
from rvuedge.crediting.models import CreditSetting
from rvuedge.stamps import catalog_cache
from rvuedge.users.models import User
from tests.factories import log_case, make_user


def test_a_fee_row_changed_by_another_process_values_the_next_case(client, engine: Engine) -> None:  # noqa: ANN001
    user = make_user(client)
    before = log_case(client, user, "2026-11-02", "47562")
    assert any(key[0] == "fee rows" for key in catalog_cache._values)  # read once, kept
    with Session(engine) as other:  # another process re-imports the release with a new value
        release = other.exec(
            select(FeeScheduleRelease).where(col(FeeScheduleRelease.name) == before["release"])
        ).one()
        row = other.exec(
            select(FeeScheduleRow).where(
                col(FeeScheduleRow.release_id) == release.id,
                col(FeeScheduleRow.hcpcs) == "47562",
                col(FeeScheduleRow.modifier) == "",
            )
        ).one()
        row.work_rvu = Decimal(row.work_rvu) + 1
        other.add(row)
        other.commit()
    after = log_case(client, user, "2026-11-03", "47562")
    assert Decimal(after["total_wrvu_exact"]) == Decimal(before["total_wrvu_exact"]) + 1


def test_a_crediting_setting_added_by_another_process_credits_the_next_case(
    client, engine: Engine
) -> None:  # noqa: ANN001
    user = make_user(client)
    before = log_case(client, user, "2026-11-02", "47562", "49505-RT")
    assert before["credit_profile"] == "productivity_standard"
    with Session(engine) as other:
        owner = other.exec(select(User).where(col(User.email) == user.email)).one()
        other.add(
            CreditSetting(
                user_id=owner.id,
                effective_from=date(2026, 1, 1),
                preset="cms_payment_mirror",
                overrides={},
            )
        )
        other.commit()
    after = log_case(client, user, "2026-11-03", "47562", "49505-RT")
    assert after["credit_profile"] == "cms_payment_mirror"


def test_a_site_saved_by_another_process_prices_the_next_case(client, engine: Engine) -> None:  # noqa: ANN001
    from rvuedge.sites.models import Site, name_key

    user = make_user(client)
    before = log_case(client, user, "2026-11-02", "47562", site="Clinic B", setting="facility")
    assert before["setting_source"] == "case"
    plain = log_case(client, user, "2026-11-02", "99213", site="Clinic B")
    assert plain["setting_source"] == "profile"
    with Session(engine) as other:
        owner = other.exec(select(User).where(col(User.email) == user.email)).one()
        other.add(
            Site(
                user_id=owner.id,
                name="Clinic B",
                name_key=name_key("Clinic B"),
                setting="non_facility",
                locality=None,
            )
        )
        other.commit()
    after = log_case(client, user, "2026-11-03", "99213", site="clinic b")
    assert after["setting_source"] == "site"
    assert after["setting"] == "non_facility"
