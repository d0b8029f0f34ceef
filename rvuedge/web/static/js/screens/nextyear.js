// Next year before it arrives: your log under another fee-schedule release (totals and the
// per-code table), the one line a proposed release earns on Home and Reports, and the year-end
// forecast (seasonal when your log allows it, else the straight line).

import { api, hasOperation } from "../api.js";
import { field, h, money, notice, num, problemText } from "../ui.js";

function signed(value, digits = 2) {
  const n = Number(value);
  return (n > 0 ? "+" : n < 0 ? "−" : "") + num(Math.abs(n), digits);
}

function signedMoney(value) {
  const n = Number(value);
  return (n > 0 ? "+" : n < 0 ? "−" : "") + money(Math.abs(n));
}

// One line, when a proposed release is loaded: what it would do to the last 12 months.
export async function proposedLine() {
  if (!(await hasOperation("/reports/next-year"))) return null;
  try {
    const answer = await api("/reports/next-year");
    if (!answer.proposed) return null;
    return h("p", { class: "notice warn", "data-testid": "next-year-line" }, answer.proposed.line,
      " ", h("a", { href: "#/reports" }, "Details in Reports"));
  } catch {
    return null;
  }
}

// The year-end forecast: the seasonal one when available, the straight line otherwise.
export async function forecastBlock() {
  if (!(await hasOperation("/reports/forecast"))) return null;
  try {
    const f = await api("/reports/forecast");
    const chosen = f[f.preferred];
    const other = f.preferred === "seasonal" ? f.straight_line : null;
    const range = chosen.low !== null ? ` (range ${num(chosen.low, 0)}–${num(chosen.high, 0)})` : "";
    const test = chosen.backtest
      ? `Last year at this point it said ${num(chosen.backtest.projected, 0)}; the year came to ${num(chosen.backtest.actual, 0)} (off by ${num(chosen.backtest.error_pct, 1)}%).`
      : null;
    return h("section", { "aria-label": "Year-end forecast", "data-testid": "forecast" },
      h("h3", {}, f.preferred === "seasonal" ? "Year-end forecast (seasonal)" : "Year-end forecast"),
      h("p", {}, h("strong", {}, `${num(chosen.projected_year_end)} wRVU`), range),
      h("p", { class: "muted small" }, chosen.how),
      test ? h("p", { class: "muted small" }, test) : null,
      other && other.projected_year_end !== null
        ? h("p", { class: "muted small" }, `Straight line: ${num(other.projected_year_end)} wRVU`
          + (other.backtest ? ` (off by ${num(other.backtest.error_pct, 1)}% last year).` : "."))
        : null,
      !f.seasonal.available && f.seasonal.note ? h("p", { class: "muted small" }, `Seasonal: ${f.seasonal.note}`) : null);
  } catch (error) {
    return notice("bad", problemText(error));
  }
}

function impactTables(report) {
  const t = report.totals;
  const logged = report.logged_releases.map((r) => `${r.label} at $${num(r.conversion_factor, 4)}`).join(", ") || "–";
  const row = (label, a, b, d, fmt) => h("tr", {}, h("th", { scope: "row" }, label),
    h("td", { class: "num" }, fmt(a)), h("td", { class: "num" }, fmt(b)), h("td", { class: "num" }, d));
  return [
    h("p", { "data-testid": "impact-summary" }, h("strong", {}, report.summary)),
    h("table", { "aria-label": "Totals both ways" },
      h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", { class: "num" }, "As logged"),
        h("th", { class: "num" }, report.compare.label), h("th", { class: "num" }, "Difference"))),
      h("tbody", {},
        row("wRVU", t.as_logged.credited_wrvu, t.under_release.credited_wrvu,
          `${signed(t.wrvu_difference)}${t.wrvu_percent !== null ? ` (${signed(t.wrvu_percent, 1)}%)` : ""}`, num),
        row("Work-only value", t.as_logged.work_only_value, t.under_release.work_only_value,
          signedMoney(t.work_only_value_difference), money),
        row("Est. payment", t.as_logged.estimated_payment, t.under_release.estimated_payment,
          signedMoney(t.estimated_payment_difference), money))),
    h("p", { class: "muted small" },
      `Conversion factors: as logged ${logged}; ${report.compare.label} at $${num(report.compare.conversion_factor, 4)}`
      // The choice applies to 2026 and later releases only: "2025D at $32.3465 (qualifying APM
      // participant factor from 2026)" read as if 32.3465 were that factor.
      + `. From 2026 releases: the ${report.conversion_factor_choice === "qualifying_apm" ? "qualifying APM participant" : "non-qualifying APM"} factor; earlier releases have one. Dollars national, no locality.`),
    ...(report.contract_years || []).map((c) => h("p", { class: "small", "data-testid": "contract-year" },
      `Contract year: your cases ${c.effective_to ? `${c.effective_from} to ${c.effective_to}` : `from ${c.effective_from}`} are credited with ${c.release}.`)),
    report.pay_effect ? h("p", {}, `Pay, plan year ${report.pay_effect.plan_year} through ${report.pay_effect.through}: `,
      h("strong", {}, signedMoney(report.pay_effect.difference)),
      ` (${money(report.pay_effect.as_logged_pay)} → ${money(report.pay_effect.under_release_pay)})`) : null,
    report.codes.length ? h("table", { "aria-label": "By code" },
      h("thead", {}, h("tr", {}, h("th", {}, "Code: why"), h("th", { class: "num" }, "Cases"),
        h("th", { class: "num" }, "Logged"), h("th", { class: "num" }, report.compare.name),
        h("th", { class: "num" }, "Diff."))),
      h("tbody", {}, ...report.codes.slice(0, 25).map((c) => h("tr", {},
        h("td", {}, h("strong", { title: c.name }, c.code), h("br"), h("span", { class: "muted small" }, c.reason)),
        h("td", { class: "num" }, c.cases),
        h("td", { class: "num" }, num(c.as_logged_wrvu)), h("td", { class: "num" }, num(c.under_release_wrvu)),
        h("td", { class: "num" }, signed(c.difference))))))
      : h("p", { class: "muted" }, "No cases in this period."),
  ].filter(Boolean);
}

// The "Next year" section of Reports: pick a release, see the period Reports shows under it
// (the same period as the productivity report's next-year page, so the two agree). `shown()`
// gives that period; the section's `reload` follows the screen's period choice.
export async function nextYearSection(shown) {
  if (!(await hasOperation("/reports/release-impact"))) return null;
  const box = h("div", { "aria-live": "polite" });
  const select = h("select", { name: "compare" });
  const scope = h("p", { class: "muted small" });
  const section = h("section", { "aria-label": "Next year" },
    h("h3", {}, "Next year: compare releases"), scope,
    field("Compare with release", select), box);
  let releases = [];
  try {
    releases = await api("/releases");
  } catch (error) {
    box.replaceChildren(notice("bad", problemText(error)));
    return section;
  }
  for (const r of releases.slice().reverse()) select.append(h("option", { value: r.name }, r.label || r.name));
  const proposed = releases.filter((r) => r.proposed);
  select.value = proposed.length ? proposed[proposed.length - 1].name : releases[0].name;
  async function load() {
    const { start, end } = shown();
    scope.textContent = `Your cases from ${start} to ${end} (the period shown above), credited again under another CMS release with the same rules.`;
    box.replaceChildren(h("p", { class: "muted" }, "Loading…"));
    try {
      // Until the physician picks a release, the server's default comparison (the one the PDF's
      // next-year page makes: with a contract year, the current file), and the picker shows it.
      const compare = picked ? `compare=${encodeURIComponent(select.value)}&` : "";
      const report = await api(`/reports/release-impact?${compare}start=${start}&end=${end}`);
      if (!picked && report.compare) select.value = report.compare.name;
      box.replaceChildren(...impactTables(report));
    } catch (error) {
      box.replaceChildren(notice("bad", problemText(error)));
    }
  }
  let picked = false;
  select.addEventListener("change", () => { picked = true; load(); });
  section.reload = load;
  await load();
  return section;
}
