// Globals: procedures whose global period covers today, with the days left.

import { api } from "../api.js";
import { longDate } from "../dates.js";
import { h, mount } from "../ui.js";

export async function globals(view) {
  const items = await api("/cases/global-periods");
  mount(view, h("h2", {}, "Global periods"),
    h("p", { class: "muted" }, "Procedures whose global period covers today. Follow-up visits in a window are usually part of the procedure's payment."),
    items.length ? items.map((g) => h("a", { class: "list-item", href: `#/case/${g.case_id}` },
      h("span", {}, h("strong", {}, `${g.code}${g.modifiers.length ? "-" + g.modifiers.join("-") : ""}`),
        ` · ${g.global_days}-day`, h("br"),
        h("span", { class: "muted small" }, `${longDate(g.window_start)} to ${longDate(g.window_end)}`)),
      h("span", { class: "line-credit" }, `${g.days_left} day${g.days_left === 1 ? "" : "s"} left`)))
      : h("p", { class: "muted" }, "No open global periods today."));
}
