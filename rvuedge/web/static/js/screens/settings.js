// Settings: profile and goals, favorites, templates, saved sites and pay plans (when the server
// has them),
// crediting preset, and signing out.

import { api, hasOperation, tokens } from "../api.js";
import { field, h, mount, notice, problemText, toast } from "../ui.js";
import { payPlansSection } from "./pay.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function numberOrNull(value) { return value === "" ? null : value; }

export async function settings(view, ctx) {
  const me = await api("/me");
  ctx.me = me;
  const tables = await api("/benchmarks").catch(() => []);
  const specialties = [...new Set(tables.map((t) => t.specialty))].sort();

  const inputs = {
    display_name: h("input", { value: me.display_name, maxlength: 100, required: true }),
    specialty: h("select", {}, h("option", { value: "" }, "Not set"), ...specialties.map((s) => h("option", { value: s }, s))),
    clinical_fte: h("input", { type: "number", step: "0.05", min: "0.05", max: "1.5", value: me.clinical_fte }),
    time_zone: h("input", { value: me.time_zone, list: "zones" }),
    fiscal_year_start_month: h("select", {}, ...MONTHS.map((m, i) => h("option", { value: i + 1 }, m))),
    default_setting: h("select", {}, h("option", { value: "facility" }, "Facility"), h("option", { value: "non_facility" }, "Non-facility (office)")),
    monthly_wrvu_goal: h("input", { type: "number", step: "0.01", min: "0", value: me.monthly_wrvu_goal ?? "" }),
    annual_wrvu_goal: h("input", { type: "number", step: "0.01", min: "0", value: me.annual_wrvu_goal ?? "" }),
    credit_profile: h("select", {},
      h("option", { value: "productivity_standard" }, "Productivity standard (most employers)"),
      h("option", { value: "cms_payment_mirror" }, "Mirror of CMS payment rules")),
  };
  inputs.specialty.value = me.specialty || "";
  if (me.specialty && !specialties.includes(me.specialty)) inputs.specialty.append(h("option", { value: me.specialty }, me.specialty));
  inputs.specialty.value = me.specialty || "";
  inputs.fiscal_year_start_month.value = String(me.fiscal_year_start_month);
  inputs.default_setting.value = me.default_setting;
  inputs.credit_profile.value = me.credit_settings.profile;
  const zones = h("datalist", { id: "zones" }, ...(Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : []).map((z) => h("option", { value: z })));
  const profileMessage = h("div");

  const profileForm = h("form", {
    onsubmit: async (event) => {
      event.preventDefault();
      profileMessage.replaceChildren();
      try {
        ctx.me = await api("/me", {
          method: "PATCH",
          body: {
            display_name: inputs.display_name.value.trim(),
            specialty: inputs.specialty.value || null,
            clinical_fte: inputs.clinical_fte.value,
            time_zone: inputs.time_zone.value.trim(),
            fiscal_year_start_month: Number(inputs.fiscal_year_start_month.value),
            default_setting: inputs.default_setting.value,
            monthly_wrvu_goal: numberOrNull(inputs.monthly_wrvu_goal.value),
            annual_wrvu_goal: numberOrNull(inputs.annual_wrvu_goal.value),
            credit_settings: { ...me.credit_settings, profile: inputs.credit_profile.value },
          },
        });
        localStorage.setItem("rvuedge.me", JSON.stringify(ctx.me));
        profileMessage.append(notice("ok", "Saved."));
      } catch (error) {
        profileMessage.append(notice("bad", problemText(error)));
      }
    },
  },
  field("Name", inputs.display_name),
  field("Specialty (for benchmarks)", inputs.specialty),
  h("div", { class: "row" }, field("Clinical FTE", inputs.clinical_fte), field("Fiscal year starts in", inputs.fiscal_year_start_month)),
  field("Time zone", inputs.time_zone, "Dates of service and \"today\" follow this zone."), zones,
  field("Usual setting", inputs.default_setting),
  h("div", { class: "row" }, field("Monthly wRVU goal", inputs.monthly_wrvu_goal), field("Annual wRVU goal", inputs.annual_wrvu_goal)),
  field("Crediting rules", inputs.credit_profile, "Changing them affects new cases; revalue to apply them to past ones."),
  profileMessage,
  h("button", { type: "submit", class: "primary" }, "Save profile"));

  // Favorites: add by code (with modifiers), remove.
  const favoritesBox = h("div");
  const favCode = h("input", { placeholder: "Code, e.g. 47562", maxlength: 5, autocomplete: "off" });
  const favMods = h("input", { placeholder: "Modifiers, e.g. RT", maxlength: 20, autocomplete: "off" });
  const favLabel = h("input", { placeholder: "Label (optional)", maxlength: 100 });
  const favMessage = h("div");
  async function loadFavorites() {
    const favorites = await api("/me/favorites");
    localStorage.setItem(`rvuedge.favorites.${me.id}`, JSON.stringify(favorites));
    favoritesBox.replaceChildren(...(favorites.length ? favorites.map((f) => h("div", { class: "list-item" },
      h("span", {}, h("strong", {}, f.code + (f.modifiers.length ? `-${f.modifiers.join("-")}` : "")), f.label ? ` · ${f.label}` : ""),
      h("button", { type: "button", class: "danger", "aria-label": `Remove favorite ${f.code}`, onclick: async () => {
        await api(`/me/favorites/${f.id}`, { method: "DELETE" });
        loadFavorites();
      } }, "Remove"))) : [h("p", { class: "muted" }, "No favorites yet.")]));
  }
  const favoriteForm = h("form", {
    onsubmit: async (event) => {
      event.preventDefault();
      favMessage.replaceChildren();
      try {
        await api("/me/favorites", {
          method: "POST",
          body: {
            code: favCode.value.trim().toUpperCase(),
            modifiers: favMods.value.split(/[\s,-]+/).filter(Boolean).map((m) => m.toUpperCase()),
            label: favLabel.value.trim() || null,
          },
        });
        favCode.value = ""; favMods.value = ""; favLabel.value = "";
        await loadFavorites();
      } catch (error) {
        favMessage.append(notice("bad", problemText(error)));
      }
    },
  }, h("div", { class: "row" }, field("Code", favCode), field("Modifiers", favMods), field("Label", favLabel)),
  favMessage, h("button", { type: "submit" }, "Add favorite"));

  // Templates: list and remove (templates are made from a case on the Log screen's lines).
  const templatesBox = h("div");
  async function loadTemplates() {
    const templates = await api("/me/templates");
    templatesBox.replaceChildren(...(templates.length ? templates.map((t) => h("div", { class: "list-item" },
      h("span", {}, h("strong", {}, t.name), ` · ${t.lines.map((l) => l.code).join(", ")}`),
      h("button", { type: "button", class: "danger", onclick: async () => {
        await api(`/me/templates/${t.id}`, { method: "DELETE" });
        loadTemplates();
      } }, "Remove"))) : [h("p", { class: "muted" }, "No templates yet.")]));
  }
  const tplName = h("input", { placeholder: "e.g. Lap chole + cholangiogram", maxlength: 100 });
  const tplCodes = h("input", { placeholder: "47563 74300-26", maxlength: 200 });
  const tplMessage = h("div");
  const templateForm = h("form", {
    onsubmit: async (event) => {
      event.preventDefault();
      tplMessage.replaceChildren();
      try {
        const lines = tplCodes.value.trim().split(/[\s,+]+/).filter(Boolean).map((token) => {
          const [code, ...modifiers] = token.toUpperCase().split("-");
          return { code, modifiers, units: 1 };
        });
        await api("/me/templates", { method: "POST", body: { name: tplName.value.trim(), lines } });
        tplName.value = ""; tplCodes.value = "";
        await loadTemplates();
      } catch (error) {
        tplMessage.append(notice("bad", problemText(error)));
      }
    },
  }, h("div", { class: "row" }, field("Template name", tplName), field("Codes", tplCodes)), tplMessage,
  h("button", { type: "submit" }, "Add template"));

  // Saved sites, once the server offers them.
  const sitesSection = h("div");
  if (await hasOperation("/me/sites")) {
    const sitesBox = h("div");
    const siteName = h("input", { placeholder: "e.g. Main OR", maxlength: 100 });
    const siteSetting = h("select", {}, h("option", { value: "facility" }, "Facility"), h("option", { value: "non_facility" }, "Non-facility (office)"));
    const siteMessage = h("div");
    const loadSites = async () => {
      const sites = await api("/me/sites");
      sitesBox.replaceChildren(...(sites.length ? sites.map((s) => h("div", { class: "list-item" },
        h("span", {}, h("strong", {}, s.name), ` · ${String(s.setting).replace("_", "-")}`),
        h("button", { type: "button", class: "danger", onclick: async () => {
          await api(`/me/sites/${s.id}`, { method: "DELETE" });
          loadSites();
        } }, "Remove"))) : [h("p", { class: "muted" }, "No saved sites yet.")]));
    };
    sitesSection.append(h("h3", {}, "Sites"), sitesBox, h("form", {
      onsubmit: async (event) => {
        event.preventDefault();
        siteMessage.replaceChildren();
        try {
          await api("/me/sites", { method: "POST", body: { name: siteName.value.trim(), setting: siteSetting.value } });
          siteName.value = "";
          await loadSites();
        } catch (error) {
          siteMessage.append(notice("bad", problemText(error)));
        }
      },
    }, h("div", { class: "row" }, field("Site name", siteName), field("Setting", siteSetting)), siteMessage,
    h("button", { type: "submit" }, "Add site")));
    await loadSites();
  }

  const paySection = await payPlansSection(ctx);

  const signOut = h("button", { type: "button", class: "danger", onclick: async () => {
    try { await api("/auth/logout", { method: "POST" }); } catch { /* signed out locally regardless */ }
    tokens.clear();
    ctx.me = null;
    toast("Signed out");
    location.hash = "#/signin";
  } }, "Sign out");

  mount(view, h("h2", {}, "Settings"), h("p", { class: "muted small" }, me.email), profileForm,
    h("h3", {}, "Favorites"), favoritesBox, favoriteForm,
    h("h3", {}, "Templates"), templatesBox, templateForm,
    sitesSection, paySection,
    h("h3", {}, "Account"), h("p", {}, signOut),
    h("p", { class: "muted small" }, "API documentation: ", h("a", { href: "/docs" }, "/docs")));
  await Promise.all([loadFavorites(), loadTemplates()]);
}
