// Globals: the cases whose global period covers today, one row per case with its surgery date,
// site, codes and the days left; a tap opens the case.

import { api } from "../api.js";
import { longDate } from "../dates.js";
import { h, mount } from "../ui.js";

// Global-period lines grouped by case, the case that ends last first.
export function groupByCase(items) {
  const byCase = new Map();
  for (const g of items) {
    const entry = byCase.get(g.case_id) || { case_id: g.case_id, date: g.date_of_service, lines: [], days_left: g.days_left, window_end: g.window_end };
    entry.lines.push(g);
    if (g.days_left > entry.days_left) { entry.days_left = g.days_left; entry.window_end = g.window_end; }
    byCase.set(g.case_id, entry);
  }
  return [...byCase.values()].sort((a, b) => b.days_left - a.days_left);
}

export async function globals(view) {
  const groups = groupByCase(await api("/cases/global-periods"));
  // Each case's site (the global-period list names the lines only).
  const cases = new Map(await Promise.all(groups.map(async (g) => [g.case_id, await api(`/cases/${g.case_id}`).catch(() => null)])));
  mount(view, h("h2", {}, "Global periods"),
    h("p", { class: "muted" }, "Cases whose global period covers today. Follow-up visits in a window are usually part of the procedure's payment."),
    groups.length ? groups.map((g) => {
      const stored = cases.get(g.case_id);
      const codes = g.lines.map((l) => `${l.code}${l.modifiers.length ? "-" + l.modifiers.join("-") : ""} (${Number(l.global_days)}-day global)`).join(", ");
      return h("a", { class: "list-item", href: `#/case/${g.case_id}` },
        h("span", {}, h("strong", {}, `Surgery ${longDate(g.date)}`), stored && stored.site ? ` · ${stored.site}` : "", h("br"),
          h("span", { class: "small" }, codes), h("br"),
          h("span", { class: "muted small" }, `Global to ${longDate(g.window_end)}`)),
        h("span", { class: "line-credit" }, `${g.days_left} day${g.days_left === 1 ? "" : "s"} left`));
    }) : h("p", { class: "muted" }, "No open global periods today."));
}
