// Settings: the contract's year. Dated crediting settings that credit cases with one CMS release
// ("credited at 2025 values") instead of the release in force on each date of service. Adding or
// removing one revalues the cases it touches, so totals and reports follow at once.

import { api, hasOperation } from "../api.js";
import { field, h, notice, problemText } from "../ui.js";

function spanText(s) {
  return s.effective_to ? `${s.effective_from} to ${s.effective_to}` : `from ${s.effective_from}`;
}

export async function contractYearSection(ctx, me) {
  if (!(await hasOperation("/me/credit-settings"))) return null;
  const list = h("div");
  const message = h("div", { "aria-live": "polite" });
  const since = h("input", { type: "date", required: true, value: `${ctx.today().slice(0, 4)}-01-01` });
  const release = h("select", {}, h("option", { value: "" }, "None: the release in force"));
  const releases = await api("/releases").catch(() => []);
  for (const r of releases.filter((x) => !x.proposed)) release.append(h("option", { value: r.name }, r.name));

  const revalue = async (start) => {
    const result = await api("/cases/revalue", { method: "POST", body: { start, end: ctx.today() } });
    return `${result.changed.length} case(s) revalued.`;
  };
  const load = async () => {
    const rows = await api("/me/credit-settings");
    list.replaceChildren(...(rows.length ? rows.map((s) => h("div", { class: "list-item" },
      h("span", {}, h("strong", {}, s.credit_with_release ? `Credited with ${s.credit_with_release}` : "Release in force"),
        ` · ${spanText(s)} · ${s.preset.replaceAll("_", " ")}`),
      h("button", { type: "button", class: "danger", "aria-label": `Remove the setting ${spanText(s)}`, onclick: async () => {
        message.replaceChildren();
        try {
          await api(`/me/credit-settings/${s.id}`, { method: "DELETE" });
          const done = await revalue(s.effective_from);
          await load();
          message.append(notice("ok", `Removed. ${done}`));
        } catch (error) { message.append(notice("bad", problemText(error))); }
      } }, "Remove"))) : [h("p", { class: "muted" }, "No dated crediting settings: each case is credited with the release in force on its date of service.")]));
  };

  const form = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    message.replaceChildren();
    try {
      await api("/me/credit-settings", { method: "POST", body: {
        effective_from: since.value,
        preset: (me.credit_settings && me.credit_settings.profile) || "productivity_standard",
        credit_with_release: release.value || null,
      } });
      const done = await revalue(since.value);
      await load();
      message.append(notice("ok", `Saved. ${done}`));
    } catch (error) { message.append(notice("bad", problemText(error))); }
  } },
  h("div", { class: "row" }, field("Contract year from", since), field("Credit with release", release)),
  h("p", { class: "muted small" }, "For a contract that credits at one year's values (e.g. 2025D) instead of the release in force on each date of service. Saving revalues your cases from that date; totals, reports and reconciliations follow."),
  message, h("button", { type: "submit" }, "Save contract year"));
  await load();
  return h("section", { "aria-label": "Contract year" }, h("h3", {}, "Contract year"), list, form);
}
