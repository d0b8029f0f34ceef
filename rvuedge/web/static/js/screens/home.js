// Home: today, this month against the monthly goal, the year against the annual goal with the
// pace, the cases waiting to be sent, and the last cases (tap one to edit it).

import { api } from "../api.js";
import * as outbox from "../outbox.js";
import { longDate } from "../dates.js";
import { h, mount, notice, num } from "../ui.js";
import { forecastBlock, proposedLine } from "./nextyear.js";

function tile(label, value, extra) {
  return h("div", { class: "tile" }, h("div", { class: "label" }, label), h("div", { class: "value" }, value), extra);
}

function progressBar(percent, label) {
  const bar = h("span");
  bar.style.width = `${Math.min(Number(percent) || 0, 100)}%`;
  return h("div", { class: "progress", role: "progressbar", "aria-label": label, "aria-valuenow": Number(percent) || 0, "aria-valuemin": 0, "aria-valuemax": 100 }, bar);
}

export function caseRow(item) {
  const codes = item.lines.map((l) => l.code + (l.modifiers.length ? `-${l.modifiers.join("-")}` : "")).join(", ");
  return h("a", { class: "list-item", href: `#/case/${item.id}` },
    h("span", {}, h("strong", {}, longDate(item.date_of_service)), h("br"),
      h("span", { class: "muted small" }, codes + (item.site ? ` · ${item.site}` : ""))),
    h("span", { class: "line-credit" }, `${num(item.total_wrvu)} wRVU`));
}

export async function home(view, ctx) {
  mount(view, h("h2", {}, `Hello, ${ctx.me.display_name}`), h("p", { class: "muted" }, "Loading your totals…"));
  const waiting = await outbox.items(ctx.me.id);
  const [summary, page] = await Promise.all([api("/reports/summary"), api("/cases?limit=10")]);
  const win = Object.fromEntries(summary.windows.map((w) => [w.name, w]));
  const monthly = summary.monthly_goal;
  const annual = summary.annual_goal;
  const pace = summary.pace; // the year in view: the same figures as Reports, Pay and the documents
  const yearLabel = pace.basis === "fiscal_year" ? `${pace.label} to date` : "Year to date";
  const tiles = h("div", { class: "tiles" },
    tile("Today", `${num(win.today.credited_wrvu)}`, h("div", { class: "muted small" }, `${win.today.cases} case(s)`)),
    tile("This month", `${num(win.month_to_date.credited_wrvu)}`,
      monthly ? [progressBar(monthly.percent, "Monthly goal"), h("div", { class: "muted small" }, `${num(monthly.percent, 1)}% of ${num(monthly.goal, 0)} goal`)]
        : h("div", { class: "muted small" }, `${win.month_to_date.cases} case(s)`)),
    tile(yearLabel, h("span", { "data-testid": "year-to-date" }, num(pace.year_to_date)),
      annual ? [progressBar(annual.percent, "Annual goal"), h("div", { class: "muted small" }, `${num(annual.percent, 1)}% of ${num(annual.goal, 0)} goal`)]
        : h("div", { class: "muted small" }, `day ${pace.days_elapsed} of ${pace.days_in_year}`)),
    tile("Year-end pace", h("span", { "data-testid": "pace" }, num(pace.projected_year_end)),
      h("div", { class: "muted small" }, `wRVU by ${pace.period_end} at this pace`)),
    pace.still_to_log !== null ? tile("Still to log", h("span", { "data-testid": "still-to-log" }, num(pace.still_to_log)),
      h("div", { class: "muted small" }, pace.needed_per_remaining_month !== null
        ? [h("span", { "data-testid": "per-month" }, num(pace.needed_per_remaining_month)), ` a month for ${pace.remaining_months} month(s), this one included`]
        : "the year is over")) : null,
  );
  const [nextYear, forecast] = await Promise.all([proposedLine(), forecastBlock()]);
  const parts = [h("h2", {}, `Hello, ${ctx.me.display_name}`), nextYear, tiles, forecast];
  if (!ctx.me.specialty || !ctx.me.annual_wrvu_goal) {
    parts.push(h("p", { class: "notice warn" }, "Set your specialty and goals in ",
      h("a", { href: "#/settings" }, "Settings"), " to see progress and benchmarks."));
  }
  parts.push(waitingSection(waiting, ctx.me.id));
  parts.push(h("h3", {}, "Last cases"));
  parts.push(page.items.length ? page.items.map(caseRow)
    : h("p", { class: "muted" }, "No cases yet. ", h("a", { href: "#/log" }, "Log your first case"), "."));
  if (page.items.length) {
    parts.push(h("p", {}, h("a", { class: "more-link", href: "#/cases" }, page.total > page.items.length ? `All ${page.total} cases` : "All cases")));
  }
  mount(view, ...parts);
}

// Cases saved on this device and not yet on the server (or refused by it, with the reason).
function waitingSection(waiting, owner) {
  // Cases that waited on this device and went out in the last day.
  const sent = outbox.recentlySent(owner).filter((e) => e.waited); // the last day's (outbox.js)
  if (!waiting.length && !sent.length) return null;
  return h("section", { "aria-label": "Sent from this device" },
    waiting.length ? h("h3", {}, "Waiting to send") : null,
    ...waiting.map((item) => h("p", { class: `notice ${item.state === "failed" ? "bad" : "warn"}` },
      `${longDate(item.body.date_of_service)}: ${item.body.lines.map((l) => l.code).join(", ")} — `,
      item.state === "failed" ? `not accepted: ${item.error}` : "saved on this device, will be sent when online")),
    sent.length ? h("h3", {}, "Sent after waiting") : null,
    ...sent.map((e) => h("p", { class: "notice ok" },
      `${longDate(e.date_of_service)}: ${e.codes.join(", ")} — sent at `
      + `${new Date(e.sent_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}, ${num(e.total_wrvu)} wRVU`)));
}

export async function offlineHome(view, ctx) {
  mount(view, h("h2", {}, `Hello, ${ctx.me.display_name}`),
    notice("warn", "You are offline. Totals will show when the connection returns; you can still log cases."),
    h("p", {}, h("a", { href: "#/log" }, "Log a case")),
    waitingSection(await outbox.items(ctx.me.id), ctx.me.id));
}
