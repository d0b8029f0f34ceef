// Reports: your year in view (to date, pace, still to log: the same figures as Home, Pay and the
// documents); totals by week, month, quarter or year (and fiscal quarter and fiscal year when the
// fiscal year does not start in January) as a chart and a table; the breakdown by
// code and category over the same period; the benchmark position on the percentile curve; pay
// under the pay plans; downloads of exactly the period shown, where the server has them.

import { ApiError, api, download, hasOperation } from "../api.js";
import { barChart, percentileCurve } from "../charts.js";
import { daysBefore, fiscalYearStart, mondayOf } from "../dates.js";
import { field, h, mount, notice, num, problemText } from "../ui.js";
import { casesLink } from "./cases.js";
import { forecastBlock, nextYearSection, proposedLine } from "./nextyear.js";
import { payCard } from "./pay.js";

const CALENDAR = { week: "Week", month: "Month", quarter: "Quarter", year: "Year" };
const FISCAL = { fiscal_quarter: "Fiscal quarter", fiscal_year: "Fiscal year" };
const TOP_CODES = 15;

// The benchmark's basis in words, as the PDF's method says it (not "fiscal ytd annualized").
function basisWords(report) {
  const span = `${report.period_start} to ${report.period_end}`;
  if (report.basis === "fiscal_ytd_annualized") return `your year to date, ${span}, annualized`;
  if (report.basis === "ytd_annualized") return `calendar year to date, ${span}, annualized`;
  if (report.basis === "trailing_12_months") return `the twelve months ${span}`;
  return span;
}

// The periods on offer: the fiscal ones first when the physician's year does not start in January.
export function periodsFor(me) {
  return me.fiscal_year_start_month !== 1 ? { month: "Month", ...FISCAL, week: "Week", quarter: "Calendar quarter", year: "Calendar year" } : CALENDAR;
}

// The period each choice shows: twelve whole weeks, your year to date (the fiscal year when yours
// does not start in January), or five calendar or fiscal years. Totals, breakdown and downloads
// share it.
function rangeFor(period, today, fyMonth) {
  if (period === "year") return { start: `${Number(today.slice(0, 4)) - 4}-01-01`, end: today };
  if (period === "fiscal_year") {
    const first = fiscalYearStart(today, fyMonth);
    return { start: `${Number(first.slice(0, 4)) - 4}${first.slice(4)}`, end: today };
  }
  // Twelve whole weeks, this one included: starting mid-week would show a first week whose
  // total leaves out its first days under that week's full label.
  if (period === "week") return { start: daysBefore(mondayOf(today), 77), end: today };
  return { start: fiscalYearStart(today, fyMonth), end: today };
}

// Every code, or the top ones and one row for the others, then the total: the rows add up.
export function codeRows(rows, total) {
  const shown = rows.length <= TOP_CODES + 1 ? rows : rows.slice(0, TOP_CODES);
  const rest = rows.slice(shown.length);
  const out = shown.map((r) => ({ key: r.key, cases: r.cases, lines: r.lines, wrvu: Number(r.credited_wrvu), code: true }));
  if (rest.length) {
    const cents = rest.reduce((sum, r) => sum + Math.round(Number(r.credited_wrvu) * 100), 0);
    out.push({ key: `Other (${rest.length} codes)`, cases: "", lines: rest.reduce((n, r) => n + r.lines, 0), wrvu: cents / 100 });
  }
  out.push({ key: "Total", cases: total.cases, lines: total.lines, wrvu: Number(total.credited_wrvu), total: true });
  return out;
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
  const yearBox = h("div", { "aria-live": "polite" });
  const periodNote = h("p", { class: "muted small", "data-testid": "period-shown" });
  const totalsBox = h("div", { "aria-live": "polite" });
  const breakdownBox = h("div");
  const benchmarkBox = h("div");
  const exportsBox = h("div");
  const payBox = h("div", { "aria-live": "polite" });
  const paySection = h("section", { "aria-label": "Pay", hidden: true }, h("h3", {}, "Pay"), payBox);

  const shown = () => rangeFor(periodSelect.value, today, fyMonth);

  async function loadYear() {
    try {
      const pace = (await api("/reports/summary")).pace;
      const what = pace.basis === "fiscal_year" ? `Fiscal year ${pace.label}` : `Year ${pace.label}`;
      const figure = (label, value, id) => h("div", { class: "tile" }, h("div", { class: "label" }, label),
        h("div", { class: "value", "data-testid": id }, num(value)));
      yearBox.replaceChildren(
        h("p", { class: "muted small" }, `${what}, ${pace.period_start} to ${pace.period_end}, as of ${pace.as_of} (day ${pace.days_elapsed} of ${pace.days_in_year}).`),
        h("div", { class: "tiles" },
          figure("To date", pace.year_to_date, "year-to-date"),
          figure("Pace: year end", pace.projected_year_end, "pace"),
          pace.still_to_log !== null ? figure("Still to log", pace.still_to_log, "still-to-log") : null,
          pace.needed_per_remaining_month !== null
            ? figure(`Per month (${pace.remaining_months} left)`, pace.needed_per_remaining_month, "per-month") : null),
        h("details", {}, h("summary", {}, "How this is computed"), h("p", { class: "small" }, pace.method)));
    } catch (error) {
      yearBox.replaceChildren(notice("bad", problemText(error)));
    }
  }

  let totalsRun = 0;
  async function loadTotals() {
    const run = ++totalsRun; // a slower earlier answer must not overwrite a later choice
    const period = periodSelect.value;
    sessionStorage.setItem("rvuedge.period", period);
    const { start, end } = shown();
    periodNote.textContent = `Showing ${start} to ${end}: the totals, the breakdown and the downloads below.`;
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
  periodSelect.addEventListener("change", () => Promise.all([loadTotals(), loadBreakdown(), loadExports()]));

  let breakdownRun = 0;
  async function loadBreakdown() {
    const run = ++breakdownRun;
    const { start, end } = shown();
    try {
      const report = await api(`/reports/breakdown?start=${start}&end=${end}`);
      if (run !== breakdownRun) return;
      // A code leads to its cases of the same period; "Other" and "Total" are sums.
      const table = (title, rows) => [h("h3", {}, title), rows.length > 1 ? h("table", { "aria-label": `${title}, ${start} to ${end}` },
        h("thead", {}, h("tr", {}, h("th", {}, title === "By code" ? "Code" : "Category"), h("th", { class: "num" }, "Cases"), h("th", { class: "num" }, "Lines"), h("th", { class: "num" }, "wRVU"))),
        h("tbody", {}, ...rows.map((r) => h("tr", { class: r.total ? "sum-row" : null },
          h("td", {}, r.code ? h("a", { href: casesLink({ q: r.key, start, end }) }, r.key) : r.key), h("td", { class: "num" }, r.cases), h("td", { class: "num" }, r.lines), h("td", { class: "num" }, num(r.wrvu))))))
        : h("p", { class: "muted" }, "No cases in this period.")];
      const categories = report.by_category.map((r) => ({ key: r.key, cases: r.cases, lines: r.lines, wrvu: Number(r.credited_wrvu) }))
        .concat([{ key: "Total", cases: report.total.cases, lines: report.total.lines, wrvu: Number(report.total.credited_wrvu), total: true }]);
      breakdownBox.replaceChildren(...table("By code", codeRows(report.by_code, report.total)), ...table("By category", categories));
    } catch (error) {
      breakdownBox.replaceChildren(notice("bad", problemText(error)));
    }
  }

  async function loadBenchmark() {
    try {
      const report = await api("/reports/benchmark");
      benchmarkBox.replaceChildren(
        h("p", { "data-testid": "benchmark-rank" }, h("strong", {}, report.rank_text)),
        percentileCurve(report.table.points, Number(report.wrvu_per_fte), report.percentile,
          { title: `${report.specialty}: your ${num(report.wrvu_per_fte, 0)} wRVU per FTE on the ${report.table.source} ${report.table.survey_year} curve` }),
        h("p", { class: "muted small" }, `${num(report.wrvu_per_fte, 0)} wRVU per 1.0 FTE (${basisWords(report)}). Table: ${report.table.source} ${report.table.survey_year}, ${report.table.specialty}.`),
        report.to_reach.length ? h("ul", {}, ...report.to_reach.map((t) => h("li", {},
          `p${t.percentile}: ${num(t.wrvu_per_fte, 0)} wRVU per FTE — log ${num(t.still_needed)} more`
          + (t.per_remaining_month !== null ? ` (${num(t.per_remaining_month)} a month for ${report.remaining_months} month(s))` : "")))) : null,
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
    const { start, end } = shown(); // exactly the period the screen shows
    const range = `start=${start}&end=${end}`;
    if (await hasOperation("/exports/cases")) {
      buttons.push(h("button", { type: "button", "data-path": `/exports/cases?${range}&format=csv`, onclick: () => saveFile(`/exports/cases?${range}&format=csv`, `rvuedge-cases-${start}-to-${end}.csv`, message) }, "Case log (CSV)"));
      buttons.push(h("button", { type: "button", "data-path": `/exports/cases?${range}&format=xlsx`, onclick: () => saveFile(`/exports/cases?${range}&format=xlsx`, `rvuedge-cases-${start}-to-${end}.xlsx`, message) }, "Workbook (Excel)"));
    }
    if (await hasOperation("/reports/productivity.pdf")) {
      buttons.push(h("button", { type: "button", "data-path": `/reports/productivity.pdf?${range}`, onclick: () => saveFile(`/reports/productivity.pdf?${range}`, `rvuedge-report-${start}-to-${end}.pdf`, message) }, "Productivity report (PDF)"));
    }
    exportsBox.replaceChildren();
    if (buttons.length) exportsBox.append(h("h3", {}, "Export"), h("p", { class: "muted small" }, `${start} to ${end}, as shown above.`), h("div", { class: "chips" }, ...buttons), message);
    if (await hasOperation("/imports") || await hasOperation("/reconciliations")) {
      exportsBox.append(h("h3", {}, "Files"), h("p", {}, h("a", { href: "#/files" }, "Bring in a past log, or check your employer's report")));
    }
  }

  const nextYearBox = h("div"); // nextyear.js: proposed line, forecast, compare releases
  mount(view, h("h2", {}, "Reports"),
    h("section", { "aria-label": "Your year" }, h("h3", {}, "Your year"), yearBox),
    field("Totals by", periodSelect), periodNote, totalsBox,
    h("h3", {}, "Benchmark"), benchmarkBox,
    paySection,
    breakdownBox, nextYearBox, exportsBox);
  const loadPay = async () => { if (await payCard(payBox)) paySection.hidden = false; };
  let compareSection = null;
  const loadNextYear = async () => {
    const parts = await Promise.all([proposedLine(), forecastBlock(), nextYearSection(shown)]);
    compareSection = parts[2];
    nextYearBox.replaceChildren(...parts.filter(Boolean));
  };
  periodSelect.addEventListener("change", () => compareSection?.reload());
  await Promise.all([loadYear(), loadTotals(), loadBreakdown(), loadBenchmark(), loadPay(), loadExports(), loadNextYear()]);
}
