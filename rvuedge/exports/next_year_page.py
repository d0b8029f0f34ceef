"""The PDF report's Next year page: the log valued under next year's release, at each conversion
factor, code by code, and the year-end forecast."""

from decimal import Decimal

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    Spacer,
    TableStyle,
)

from rvuedge.exports.inputs import ReportInputs
from rvuedge.exports.pdf_style import BODY, H2, SMALL, TOP_CODES, data_table, money, para, wrvu


def _signed_money(value: Decimal) -> str:
    return ("+" if value >= 0 else "-") + money(abs(value))


def heading(name: str, label: str, *, proposed: bool, logged: list[str]) -> str:
    """'Next year' only for a release newer than every one the range was logged with (or a
    proposed one, whose label says so): without one, the page compares with an older release,
    which is last year's, not next year's."""
    if proposed or all(name > used for used in logged):
        return f"Next year: your log under {label}"
    return f"Your log under an earlier release, {label}"


def next_year_page(inputs: ReportInputs) -> list:
    """Next year before it arrives: the range under another release, and the forecast."""
    flow: list = []
    impact = inputs.release_impact
    if impact is not None:
        t, ref = impact.totals, impact.compare
        flow += [
            para(heading(ref.name, ref.label, proposed=ref.proposed, logged=inputs.releases), H2),
            para(impact.summary),
            Spacer(1, 4),
        ]
        pct = f" ({t.wrvu_percent:+.1f}%)" if t.wrvu_percent is not None else ""
        rows: list[list] = [
            ["", "As logged", impact.compare.label, "Difference"],
            [
                "Credited wRVU",
                wrvu(Decimal(t.as_logged.credited_wrvu)),
                wrvu(Decimal(t.under_release.credited_wrvu)),
                f"{Decimal(t.wrvu_difference):+,.2f}{pct}",
            ],
            [
                "Work-only value",
                money(Decimal(t.as_logged.work_only_value)),
                money(Decimal(t.under_release.work_only_value)),
                _signed_money(Decimal(t.work_only_value_difference)),
            ],
            [
                "Estimated payment",
                money(Decimal(t.as_logged.estimated_payment)),
                money(Decimal(t.under_release.estimated_payment)),
                _signed_money(Decimal(t.estimated_payment_difference)),
            ],
        ]
        flow.append(data_table(rows, [w * inch for w in (1.8, 1.6, 1.6, 2.2)]))
        logged = ", ".join(f"{r.label} at ${r.conversion_factor}" for r in impact.logged_releases)
        flow.append(
            para(
                f"Conversion factors: as logged {logged or '-'}; {impact.compare.label} at "
                f"${impact.compare.conversion_factor}. " + " ".join(impact.notes),
                SMALL,
            )
        )
        if impact.pay_effect is not None:
            pay = impact.pay_effect
            flow.append(
                para(
                    f"Pay, plan year {pay.plan_year} through {pay.through}: "
                    f"{_signed_money(Decimal(pay.difference))} "
                    f"({money(Decimal(pay.as_logged_pay))} as logged, "
                    f"{money(Decimal(pay.under_release_pay))} under the release)."
                )
            )
        if impact.codes:
            name_style = ParagraphStyle("impact_name", BODY, fontSize=7.5, leading=9)
            code_rows: list[list] = [["Code", "Cases", "As logged", "Under", "Diff.", "Why"]]
            for c in impact.codes[:TOP_CODES]:
                code_rows.append(
                    [
                        c.code,
                        f"{c.cases:,}",
                        wrvu(Decimal(c.as_logged_wrvu)),
                        wrvu(Decimal(c.under_release_wrvu)),
                        f"{Decimal(c.difference):+,.2f}",
                        para(c.reason, name_style),
                    ]
                )
            table = data_table(code_rows, [w * inch for w in (0.6, 0.5, 0.85, 0.85, 0.7, 3.8)])
            table.setStyle(TableStyle([("ALIGN", (5, 0), (5, -1), "LEFT")]))
            flow += [Spacer(1, 6), table]
    forecast = inputs.forecast
    if forecast is not None:
        flow.append(para("Year-end forecast", H2))
        for p in (forecast.seasonal, forecast.straight_line):
            title = "Seasonal" if p.method == "seasonal" else "Straight line"
            if not p.available:
                flow.append(para(f"{title}: {p.note}", SMALL))
                continue
            text = f"{title}: {wrvu(Decimal(p.projected_year_end or 0))} wRVU"
            if p.low is not None and p.high is not None:
                text += f" (range {wrvu(Decimal(p.low))} to {wrvu(Decimal(p.high))})"
            if p.backtest is not None:
                text += (
                    f"; on {p.backtest.as_of} it would have said "
                    f"{wrvu(Decimal(p.backtest.projected))} against "
                    f"{wrvu(Decimal(p.backtest.actual))} ({p.backtest.error_pct}% off)"
                )
            flow += [para(text + "."), para(p.how, SMALL)]
    return flow
