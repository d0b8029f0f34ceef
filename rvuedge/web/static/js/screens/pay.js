// Pay: the pay plans (a section of Settings) and what the plan year pays under them (a section of
// Reports). Both appear only when the server offers pay plans.

import { ApiError, api, hasOperation } from "../api.js";
import { field, h, money, notice, num, problemText } from "../ui.js";

function bandsText(plan) {
  return plan.bands.map((b) => `${money(b.dollars_per_wrvu)}/wRVU from ${num(b.from_wrvu, 0)}`).join(", ");
}

export async function payPlansSection(ctx) {
  const section = h("div");
  if (!(await hasOperation("/me/pay-plans"))) return section;
  const box = h("div");
  const message = h("div");
  const inputs = {
    name: h("input", { maxlength: 100, placeholder: "e.g. Group contract 2026", required: true }),
    effective_from: h("input", { type: "date", value: `${ctx.today().slice(0, 4)}-01-01`, required: true }),
    base_salary: h("input", { type: "number", min: "0", step: "0.01", required: true }),
    threshold_wrvu: h("input", { type: "number", min: "0", step: "0.01", required: true }),
    dollars_per_wrvu: h("input", { type: "number", min: "0", step: "0.01", required: true }),
  };

  const load = async () => {
    const plans = await api("/me/pay-plans");
    box.replaceChildren(...(plans.length ? plans.map((plan) => h("div", { class: "list-item" },
      h("span", {}, h("strong", {}, plan.name),
        ` · from ${plan.effective_from}${plan.effective_to ? ` to ${plan.effective_to}` : ""}`
        + ` · base ${money(plan.base_salary)} · ${bandsText(plan)}`),
      h("button", { type: "button", class: "danger", "aria-label": `Remove pay plan ${plan.name}`, onclick: async () => {
        if (!confirm(`Remove the pay plan "${plan.name}"?`)) return;
        await api(`/me/pay-plans/${plan.id}`, { method: "DELETE" });
        await load();
      } }, "Remove")))
      : [h("p", { class: "muted" }, "No pay plan yet. A simple one: base salary plus dollars per wRVU above a threshold.")]));
  };

  const form = h("form", {
    onsubmit: async (event) => {
      event.preventDefault();
      message.replaceChildren();
      const threshold = inputs.threshold_wrvu.value;
      try {
        await api("/me/pay-plans", {
          method: "POST",
          body: {
            name: inputs.name.value.trim(),
            effective_from: inputs.effective_from.value,
            base_salary: inputs.base_salary.value,
            threshold_wrvu: threshold,
            bands: [{ from_wrvu: threshold, dollars_per_wrvu: inputs.dollars_per_wrvu.value }],
          },
        });
        form.reset();
        inputs.effective_from.value = `${ctx.today().slice(0, 4)}-01-01`;
        await load();
        message.append(notice("ok", "Pay plan saved. Reports shows what it pays."));
      } catch (error) {
        message.append(notice("bad", problemText(error)));
      }
    },
  },
  field("Plan name", inputs.name),
  h("div", { class: "row" }, field("Starts on", inputs.effective_from), field("Base salary ($ a year)", inputs.base_salary)),
  h("div", { class: "row" }, field("wRVU threshold", inputs.threshold_wrvu), field("$ per wRVU above it", inputs.dollars_per_wrvu)),
  message,
  h("button", { type: "submit" }, "Add pay plan"));

  section.append(h("h3", {}, "Pay plan"), box, form);
  await load();
  return section;
}

export async function payCard(box) {
  if (!(await hasOperation("/reports/compensation"))) return false;
  try {
    const report = await api("/reports/compensation");
    const toDate = report.plan_year_to_date;
    const year = report.projection;
    const next = report.next_band;
    box.replaceChildren(...[
      h("p", { class: "muted small" }, `Plan year ${report.plan_year}, ${report.plan_year_start} to ${report.plan_year_end}, as of ${report.as_of}.`),
      h("table", { "aria-label": "Pay this plan year" },
        h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", { class: "num" }, "To date"), h("th", { class: "num" }, "Year at this pace"))),
        h("tbody", {},
          h("tr", {}, h("th", { scope: "row" }, "Credited wRVU"), h("td", { class: "num" }, num(toDate.credited_wrvu)), h("td", { class: "num" }, num(year.credited_wrvu))),
          h("tr", {}, h("th", { scope: "row" }, "Base salary"), h("td", { class: "num" }, money(toDate.base_salary)), h("td", { class: "num" }, money(year.base_salary))),
          h("tr", {}, h("th", { scope: "row" }, "Incentive"), h("td", { class: "num" }, `$${num(toDate.incentive_earned)}`), h("td", { class: "num" }, `$${num(year.incentive_earned)}`)),
          h("tr", {}, h("th", { scope: "row" }, "Total pay"), h("td", { class: "num" }, money(toDate.total_pay)), h("td", { class: "num" }, money(year.total_pay))),
          h("tr", {}, h("th", { scope: "row" }, "Total pay per wRVU"), h("td", { class: "num" }, toDate.dollars_per_wrvu === null ? "–" : `$${num(toDate.dollars_per_wrvu)}`), h("td", { class: "num" }, year.dollars_per_wrvu === null ? "–" : `$${num(year.dollars_per_wrvu)}`)))),
      report.year && report.year.still_to_log !== null ? h("p", { "data-testid": "pay-year" },
        `Your goal of ${num(report.year.annual_goal, 0)} wRVU: ${num(report.year.still_to_log)} still to log, `
        + (report.year.needed_per_remaining_month !== null
          ? `${num(report.year.needed_per_remaining_month)} a month for ${report.year.remaining_months} month(s). `
          : "")
        + `At this pace the year ends at ${num(report.year.projected_year_end)}.`) : null,
      next ? h("p", {}, `${num(next.wrvu_needed)} more wRVU by ${next.period_end} reach the next band: from there each wRVU pays $${num(next.dollars_per_wrvu_from_edge)}.`) : null,
      h("details", {}, h("summary", {}, "How this is computed"),
        h("p", { class: "small" }, toDate.method), h("p", { class: "small" }, year.method),
        ...(next ? [h("p", { class: "small" }, next.method)] : []),
        ...report.notes.map((note) => h("p", { class: "small" }, note))),
    ].filter(Boolean));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      box.replaceChildren(h("p", { class: "muted" }, "No pay plan yet. ", h("a", { href: "#/settings" }, "Add one in Settings"), " to see what your wRVUs pay."));
    } else {
      box.replaceChildren(notice("bad", problemText(error)));
    }
  }
  return true;
}
