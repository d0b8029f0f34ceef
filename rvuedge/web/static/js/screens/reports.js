// Reports: totals by week, month, quarter or year as a chart and a table; the breakdown by code
// and category; the benchmark position on the percentile curve; pay under the pay plans; exports
// where the server has them.

import { ApiError, api, download, hasOperation } from "../api.js";
import { barChart, percentileCurve } from "../charts.js";
import { daysBefore, fiscalYearStart, yearStart } from "../dates.js";
import { field, h, mount, notice, num, problemText } from "../ui.js";
import { forecastBlock, nextYearSection, proposedLine } from "./nextyear.js";
import { casesLink } from "./cases.js";
import { payCard } from "./pay.js";

const CALENDAR = { week: "Week", month: "Month", quarter: "Quarter", year: "Year" };
const FISCAL = { fiscal_quarter: "Fiscal quarter", fiscal_year: "Fiscal year" };

// The periods on offer: the fiscal ones first when the physician's year does not start in January.
export function periodsFor(me) {
  return me.fiscal_year_start_month !== 1 ? { month: "Month", ...FISCAL, week: "Week", quarter: "Calendar quarter", year: "Calendar year" } : CALENDAR;
}

function rangeFor(period, today, fyMonth) {
  if (period === "year") return { start: `${Number(today.slice(0, 4)) - 4}-01-01`, end: today };
  if (period === "fiscal_year") {
    const first = fiscalYearStart(today, fyMonth);
    return { start: `${Number(first.slice(0, 4)) - 4}${first.slice(4)}`, end: today };
  }
  if (period === "week") return { start: daysBefore(today, 83), end: today };
  if (period === "fiscal_quarter" || fyMonth !== 1) return { start: fiscalYearStart(today, fyMonth), end: today };
  return { start: yearStart(today), end: today };
}

async function saveFile(path, filename, message) {
  try {
    await download(path, filename);
  } catch (error) {
    message.replaceChildren(notice("bad", problemText(error)));
  }
}

export async function reports(view, ctx) {
  const today = ctx.today();
  const fyMonth = ctx.me.fiscal_year_start_month || 1;
  const PERIODS = periodsFor(ctx.me);
  const periodSelect = h("select", { name: "period" }, ...Object.entries(PERIODS).map(([v, l]) => h("option", { value: v }, l)));
  const kept = sessionStorage.getItem("rvuedge.period");
  periodSelect.value = kept && PERIODS[kept] ? kept : "month";
  const yearFirst = fyMonth !== 1 ? fiscalYearStart(today, fyMonth) : yearStart(today);
  const yearName = fyMonth !== 1 ? "this fiscal year" : "this year";
  const totalsBox = h("div", { "aria-live": "polite" });
  const breakdownBox = h("div");
  const benchmarkBox = h("div");
  const exportsBox = h("div");
  const payBox = h("div", { "aria-live": "polite" });
  const paySection = h("section", { "aria-label": "Pay", hidden: true }, h("h3", {}, "Pay"), payBox);

  let totalsRun = 0;
  async function loadTotals() {
    const run = ++totalsRun; // a slower earlier answer must not overwrite a later choice
    const period = periodSelect.value;
    sessionStorage.setItem("rvuedge.period", period);
    const { start, end } = rangeFor(period, today, fyMonth);
    totalsBox.replaceChildren(h("p", { class: "muted" }, "Loading…"));
    try {
      const report = await api(`/reports/totals?period=${period}&start=${start}&end=${end}`);
      if (run !== totalsRun) return;
      const bars = report.buckets.map((b) => ({ label: b.label, value: Number(b.credited_wrvu) }));
      const goal = period === "month" && ctx.me.monthly_wrvu_goal ? Number(ctx.me.monthly_wrvu_goal) : null;
      totalsBox.replaceChildren(
        barChart(bars, { goal, title: `Credited wRVU by ${PERIODS[period].toLowerCase()}, ${start} to ${end}` }),
        h("p", { class: "muted small" }, `Total ${num(report.total_credited_wrvu)} wRVU from ${start} to ${end}.`),
        h("table", {},
          h("thead", {}, h("tr", {}, h("th", {}, PERIODS[period]), h("th", { class: "num" }, "Cases"), h("th", { class: "num" }, "wRVU"))),
          h("tbody", {}, ...report.buckets.slice().reverse().map((b) => h("tr", {},
            h("td", {}, b.cases ? h("a", { href: casesLink({ start: b.start, end: b.end }), "aria-label": `${b.label}: its ${b.cases} case${b.cases === 1 ? "" : "s"}` }, b.label) : b.label),
            h("td", { class: "num" }, b.cases), h("td", { class: "num" }, num(b.credited_wrvu)))))));
    } catch (error) {
      totalsBox.replaceChildren(notice("bad", problemText(error)));
    }
  }
  periodSelect.addEventListener("change", loadTotals);

  async function loadBreakdown() {
    try {
      const report = await api(`/reports/breakdown?start=${yearFirst}&end=${today}`);
      // Every row (the full breakdown); a code leads to its cases of the same year.
      const table = (title, rows, linked) => [h("h3", {}, `${title}, ${yearName}`), rows.length ? h("table", {},
        h("thead", {}, h("tr", {}, h("th", {}, title.replace("By ", "")), h("th", { class: "num" }, "Cases"), h("th", { class: "num" }, "wRVU"))),
        h("tbody", {}, ...rows.map((r) => h("tr", {},
          h("td", {}, linked ? h("a", { href: casesLink({ q: r.key, start: yearFirst, end: today }) }, r.key) : r.key),
          h("td", { class: "num" }, r.cases), h("td", { class: "num" }, num(r.credited_wrvu))))))
        : h("p", { class: "muted" }, `No cases ${yearName} yet.`)];
      breakdownBox.replaceChildren(...table("By code", report.by_code, true), ...table("By category", report.by_category, false));
    } catch (error) {
      breakdownBox.replaceChildren(notice("bad", problemText(error)));
    }
  }

  async function loadBenchmark() {
    try {
      const report = await api("/reports/benchmark");
      benchmarkBox.replaceChildren(
        h("p", {}, h("strong", {}, report.position), ` — ${report.rank_text}`),
        percentileCurve(report.table.points, Number(report.wrvu_per_fte), report.percentile,
          { title: `${report.specialty}: your ${num(report.wrvu_per_fte, 0)} wRVU per FTE on the ${report.table.source} ${report.table.survey_year} curve` }),
        h("p", { class: "muted small" }, `${num(report.wrvu_per_fte, 0)} wRVU per 1.0 FTE (${report.basis.replaceAll("_", " ")}). Table: ${report.table.source} ${report.table.survey_year}, ${report.table.specialty}.`),
        report.to_reach.length ? h("ul", {}, ...report.to_reach.map((t) => h("li", {},
          `p${t.percentile}: ${num(t.wrvu_per_fte, 0)} wRVU per FTE — ${num(t.still_needed, 0)} more`
          + (t.per_remaining_month !== null ? ` (${num(t.per_remaining_month, 0)} per remaining month)` : "")))) : null,
        h("details", {}, h("summary", {}, "How this is computed"), h("p", { class: "small" }, report.method)),
        report.caveat ? notice("warn", report.caveat) : null);
    } catch (error) {
      const noSpecialty = error instanceof ApiError && error.status === 422
        && (error.problem.errors || []).some((e) => (e.loc || []).includes("specialty"));
      if (noSpecialty) {
        benchmarkBox.replaceChildren(h("p", { class: "notice warn" },
          "Choose your specialty to see where your wRVUs stand on its benchmark table. ",
          h("a", { href: "#/settings" }, "Settings")));
        return;
      }
      const hint = error instanceof ApiError && (error.status === 404 || error.status === 422)
        ? [" ", h("a", { href: "#/settings" }, "Set your specialty in Settings.")] : [];
      benchmarkBox.replaceChildren(h("p", { class: "notice warn" }, problemText(error), ...hint));
    }
  }

  async function loadExports() {
    const message = h("div");
    const buttons = [];
    const start = yearStart(today);
    if (await hasOperation("/exports/cases")) {
      buttons.push(h("button", { type: "button", onclick: () => saveFile(`/exports/cases?start=${start}&end=${today}&format=csv`, `rvuedge-cases-${start}-to-${today}.csv`, message) }, "Case log (CSV)"));
      buttons.push(h("button", { type: "button", onclick: () => saveFile(`/exports/cases?start=${start}&end=${today}&format=xlsx`, `rvuedge-cases-${start}-to-${today}.xlsx`, message) }, "Workbook (Excel)"));
    }
    if (await hasOperation("/reports/productivity.pdf")) {
      buttons.push(h("button", { type: "button", onclick: () => saveFile("/reports/productivity.pdf", `rvuedge-productivity-${today}.pdf`, message) }, "Productivity report (PDF)"));
    }
    if (buttons.length) exportsBox.replaceChildren(h("h3", {}, "Export"), h("div", { class: "chips" }, ...buttons), message);
    if (await hasOperation("/imports") || await hasOperation("/reconciliations")) {
      exportsBox.append(h("h3", {}, "Files"), h("p", {}, h("a", { href: "#/files" }, "Bring in a past log, or check your employer's report")));
    }
  }

  const nextYearBox = h("div"); // nextyear.js: proposed line, forecast, compare releases
  mount(view, h("h2", {}, "Reports"),
    field("Totals by", periodSelect), totalsBox,
    h("h3", {}, "Benchmark"), benchmarkBox,
    paySection,
    breakdownBox, nextYearBox, exportsBox);
  const loadPay = async () => { if (await payCard(payBox)) paySection.hidden = false; };
  const loadNextYear = async () => nextYearBox.replaceChildren(
    ...(await Promise.all([proposedLine(), forecastBlock(), nextYearSection(ctx)])).filter(Boolean));
  await Promise.all([loadTotals(), loadBreakdown(), loadBenchmark(), loadPay(), loadExports(), loadNextYear()]);
}
