// Settings: profile and goals (with the conversion factor dollars use), favorites, templates, the
// contract year, saved sites and pay plans (when the server has them), crediting preset, and
// signing out.

import { api, hasOperation, tokens } from "../api.js";
import { field, h, mount, notice, problemText, toast } from "../ui.js";
import { contractYearSection } from "./contract.js";
import { accessLogSection } from "./groups.js";
import { payPlansSection } from "./pay.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function numberOrNull(value) { return value === "" ? null : value; }

function lineText(l) { return l.code + (l.modifiers.length ? `-${l.modifiers.join("-")}` : "") + (l.units > 1 ? ` x${l.units}` : ""); }

function readLines(text) {
  return text.trim().split(/[\s,+]+/).filter(Boolean).map((token) => {
    const [codePart, unitPart] = token.toUpperCase().split("X");
    const [code, ...modifiers] = codePart.split("-");
    return { code, modifiers, units: Number(unitPart) || 1 };
  });
}

export async function settings(view, ctx) {
  const me = await api("/me");
  ctx.me = me;
  const [tables, localities] = await Promise.all([api("/benchmarks").catch(() => []), api("/localities").catch(() => [])]);
  const specialties = [...new Set(tables.map((t) => t.specialty))].sort();

  const inputs = {
    display_name: h("input", { value: me.display_name, maxlength: 100, required: true }),
    specialty: h("select", {}, h("option", { value: "" }, "Not set"), ...specialties.map((s) => h("option", { value: s }, s))),
    clinical_fte: h("input", { type: "number", step: "0.05", min: "0.05", max: "1.5", value: me.clinical_fte }),
    time_zone: h("select", {}, ...[...new Set([me.time_zone, ...(Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : [])])].sort().map((z) => h("option", { value: z }, z.replaceAll("_", " ")))),
    locality: h("select", {}, h("option", { value: "" }, "National (no locality)")),
    fiscal_year_start_month: h("select", {}, ...MONTHS.map((m, i) => h("option", { value: i + 1 }, m))),
    default_setting: h("select", {}, h("option", { value: "facility" }, "Facility"), h("option", { value: "non_facility" }, "Non-facility (office)")),
    monthly_wrvu_goal: h("input", { type: "number", step: "0.01", min: "0", value: me.monthly_wrvu_goal ?? "" }),
    annual_wrvu_goal: h("input", { type: "number", step: "0.01", min: "0", value: me.annual_wrvu_goal ?? "" }),
    credit_profile: h("select", {},
      h("option", { value: "productivity_standard" }, "Productivity standard (most employers)"),
      h("option", { value: "cms_payment_mirror" }, "Mirror of CMS payment rules")),
    conversion_factor_choice: h("select", {},
      h("option", { value: "non_apm" }, "Non-qualifying APM (33.4009 for 2026)"),
      h("option", { value: "qualifying_apm" }, "Qualifying APM participant (33.5675 for 2026)")),
  };
  inputs.specialty.value = me.specialty || "";
  if (me.specialty && !specialties.includes(me.specialty)) inputs.specialty.append(h("option", { value: me.specialty }, me.specialty));
  inputs.specialty.value = me.specialty || "";
  inputs.fiscal_year_start_month.value = String(me.fiscal_year_start_month);
  inputs.default_setting.value = me.default_setting;
  inputs.credit_profile.value = me.credit_settings.profile;
  inputs.conversion_factor_choice.value = me.conversion_factor_choice || "non_apm";
  inputs.time_zone.value = me.time_zone;
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zones = browserZone && browserZone !== me.time_zone ? h("p", { class: "small" }, `This device is in ${browserZone}. `,
    h("button", { type: "button", class: "link", onclick: () => { inputs.time_zone.value = browserZone; } }, "Use it")) : null;
  // Medicare locality: from a ZIP code, or chosen from the list (the newest GPCI year's).
  const seen = new Set();
  for (const l of localities) {
    if (seen.has(l.key)) continue;
    seen.add(l.key);
    inputs.locality.append(h("option", { value: l.key }, `${l.state} · ${l.name} (${l.key})`));
  }
  if (me.locality && !seen.has(me.locality)) inputs.locality.append(h("option", { value: me.locality }, me.locality));
  inputs.locality.value = me.locality || "";
  const zip = h("input", { inputmode: "numeric", pattern: "[0-9]{5}", maxlength: 5, autocomplete: "postal-code", placeholder: "e.g. 60601" });
  const zipMessage = h("div", { "aria-live": "polite" });
  const findLocality = async () => {
    zipMessage.replaceChildren();
    if (!/^\d{5}$/.test(zip.value.trim())) { zipMessage.append(notice("bad", "ZIP code: type five digits.")); return; }
    try {
      const found = await api(`/localities/by-zip/${zip.value.trim()}`);
      if (![...inputs.locality.options].some((o) => o.value === found.key)) inputs.locality.append(h("option", { value: found.key }, `${found.state} · ${found.name} (${found.key})`));
      inputs.locality.value = found.key;
      zipMessage.append(notice("ok", `Locality ${found.key}: ${found.name}, ${found.state}. Save the profile to keep it.`));
    } catch (error) {
      zipMessage.append(notice("bad", problemText(error)));
    }
  };
  zip.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); findLocality(); } });
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
            time_zone: inputs.time_zone.value,
            locality: inputs.locality.value || null,
            fiscal_year_start_month: Number(inputs.fiscal_year_start_month.value),
            default_setting: inputs.default_setting.value,
            monthly_wrvu_goal: numberOrNull(inputs.monthly_wrvu_goal.value),
            annual_wrvu_goal: numberOrNull(inputs.annual_wrvu_goal.value),
            credit_settings: { ...me.credit_settings, profile: inputs.credit_profile.value },
            conversion_factor_choice: inputs.conversion_factor_choice.value,
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
  h("div", { class: "row" }, field("ZIP code of your practice", zip), h("div", { class: "grow-0" }, h("button", { type: "button", onclick: findLocality }, "Find locality"))),
  zipMessage,
  field("Medicare locality", inputs.locality, "Prices estimated payments with the locality's GPCIs."),
  field("Conversion factor (dollars from 2026)", inputs.conversion_factor_choice, "Every dollar figure uses it; changing it revalues your 2026 cases."),
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
    favoritesBox.replaceChildren(...(favorites.length ? favorites.map((f) => {
      const row = h("div", { class: "list-item" },
        h("span", {}, h("strong", {}, f.code + (f.modifiers.length ? `-${f.modifiers.join("-")}` : "")), f.label ? ` · ${f.label}` : ""),
        h("span", { class: "tools" },
          h("button", { type: "button", "aria-label": `Edit favorite ${f.code}`, onclick: () => row.replaceWith(editFavorite(f)) }, "Edit"),
          h("button", { type: "button", class: "danger", "aria-label": `Remove favorite ${f.code}`, onclick: async () => {
            await api(`/me/favorites/${f.id}`, { method: "DELETE" });
            loadFavorites();
          } }, "Remove")));
      return row;
    }) : [h("p", { class: "muted" }, "No favorites yet.")]));
  }
  function editFavorite(f) {
    const mods = h("input", { value: f.modifiers.join(" "), maxlength: 20, autocomplete: "off" });
    const label = h("input", { value: f.label || "", maxlength: 100 });
    const message = h("div");
    return h("form", { class: "card", onsubmit: async (event) => {
      event.preventDefault();
      try {
        await api(`/me/favorites/${f.id}`, { method: "PATCH", body: {
          modifiers: mods.value.split(/[\s,-]+/).filter(Boolean).map((m) => m.toUpperCase()),
          label: label.value.trim() || null,
        } });
        await loadFavorites();
      } catch (error) { message.replaceChildren(notice("bad", problemText(error))); }
    } }, h("strong", {}, `Favorite ${f.code}`),
    h("div", { class: "row" }, field(`Modifiers for ${f.code}`, mods), field(`Label for ${f.code}`, label)), message,
    h("div", { class: "chips" }, h("button", { type: "submit" }, "Save favorite"), h("button", { type: "button", onclick: loadFavorites }, "Cancel")));
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
    templatesBox.replaceChildren(...(templates.length ? templates.map((t) => {
      const row = h("div", { class: "list-item" },
        h("span", {}, h("strong", {}, t.name), ` · ${t.lines.map(lineText).join(", ")}`),
        h("span", { class: "tools" },
          h("button", { type: "button", "aria-label": `Edit template ${t.name}`, onclick: () => row.replaceWith(editTemplate(t)) }, "Edit"),
          h("button", { type: "button", class: "danger", "aria-label": `Remove template ${t.name}`, onclick: async () => {
            await api(`/me/templates/${t.id}`, { method: "DELETE" });
            loadTemplates();
          } }, "Remove")));
      return row;
    }) : [h("p", { class: "muted" }, "No templates yet.")]));
  }
  function editTemplate(t) {
    const name = h("input", { value: t.name, maxlength: 100, required: true });
    const codes = h("input", { value: t.lines.map(lineText).join(" "), maxlength: 200, required: true, autocomplete: "off" });
    const message = h("div");
    return h("form", { class: "card", onsubmit: async (event) => {
      event.preventDefault();
      try {
        await api(`/me/templates/${t.id}`, { method: "PATCH", body: { name: name.value.trim(), lines: readLines(codes.value) } });
        await loadTemplates();
      } catch (error) { message.replaceChildren(notice("bad", problemText(error))); }
    } }, field("Template name", name), field("Codes with modifiers", codes, "e.g. 47563 74300-26; x2 for two units"), message,
    h("div", { class: "chips" }, h("button", { type: "submit" }, "Save template"), h("button", { type: "button", onclick: loadTemplates }, "Cancel")));
  }
  const tplName = h("input", { placeholder: "e.g. Lap chole + cholangiogram", maxlength: 100 });
  const tplCodes = h("input", { placeholder: "47563 74300-26", maxlength: 200 });
  const tplMessage = h("div");
  const templateForm = h("form", {
    onsubmit: async (event) => {
      event.preventDefault();
      tplMessage.replaceChildren();
      try {
        const lines = readLines(tplCodes.value);
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
  const contractSection = await contractYearSection(ctx, me).catch(() => null);

  const signOut = h("button", { type: "button", class: "danger", onclick: async () => {
    try { await api("/auth/logout", { method: "POST" }); } catch { /* signed out locally regardless */ }
    tokens.clear();
    ctx.me = null;
    toast("Signed out");
    location.hash = "#/signin";
  } }, "Sign out");

  const account = accountSection(ctx);
  mount(view, h("h2", {}, "Settings"), h("p", { class: "muted small" }, me.email), profileForm,
    h("h3", {}, "Favorites"), favoritesBox, favoriteForm,
    h("h3", {}, "Templates"), templatesBox, templateForm,
    contractSection, sitesSection, paySection,
    h("h3", {}, "Sharing"), h("p", {}, h("a", { href: "#/groups" }, "Groups and sharing"),
      h("span", { class: "muted small" }, ": share totals or cases with a practice manager or program director, and take it back.")),
    await accessLogSection().catch(() => null),
    h("h3", {}, "Account"), h("p", {}, signOut), account,
    h("p", { class: "muted small" }, "API documentation: ", h("a", { href: "/docs" }, "/docs")));
  await Promise.all([loadFavorites(), loadTemplates()]);
}

// Change password, sign out on every device, delete the account (each needs the password).
function accountSection(ctx) {
  const current = h("input", { type: "password", autocomplete: "current-password", required: true });
  const next = h("input", { type: "password", autocomplete: "new-password", required: true, minlength: 10 });
  const passwordMessage = h("div");
  const passwordForm = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    passwordMessage.replaceChildren();
    try {
      await api("/auth/password", { method: "POST", body: { current_password: current.value, new_password: next.value } });
      current.value = ""; next.value = "";
      passwordMessage.append(notice("ok", "Password changed. Other devices are signed out."));
    } catch (error) { passwordMessage.append(notice("bad", problemText(error))); }
  } }, field("Current password", current), field("New password", next, "At least 10 characters; not a common password."),
  passwordMessage, h("button", { type: "submit" }, "Change password"));

  const everywhere = h("button", { type: "button", class: "danger", onclick: async () => {
    if (!confirm("Sign out on every device, this one included?")) return;
    try { await api("/auth/logout-all", { method: "POST" }); } catch { /* signed out here regardless */ }
    tokens.clear();
    ctx.me = null;
    toast("Signed out on every device");
    location.hash = "#/signin";
  } }, "Sign out everywhere");

  const confirmPassword = h("input", { type: "password", autocomplete: "current-password", required: true });
  const deleteMessage = h("div");
  const deleteForm = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    deleteMessage.replaceChildren();
    if (!confirm("Delete your account and every case in it? This cannot be undone.")) return;
    try {
      await api("/me", { method: "DELETE", body: { password: confirmPassword.value } });
      tokens.clear();
      localStorage.removeItem("rvuedge.me");
      ctx.me = null;
      toast("Your account is deleted");
      location.hash = "#/signup";
    } catch (error) { deleteMessage.append(notice("bad", problemText(error))); }
  } }, field("Password to delete the account", confirmPassword), deleteMessage,
  h("button", { type: "submit", class: "danger" }, "Delete account"));

  return h("div", {}, h("p", {}, everywhere),
    h("details", {}, h("summary", {}, "Change password"), passwordForm),
    h("details", {}, h("summary", {}, "Delete account"), h("p", { class: "small" }, "Erases the account and every case, import and setting in it."), deleteForm));
}
