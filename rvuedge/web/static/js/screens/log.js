// Log (and edit) a case: search as you type, favorites and templates as one-tap chips, typed
// entry, modifiers and units per line, a live preview that explains each line, then save.
// New cases go through the outbox so that a case saved without signal is sent later, once.

import { ApiError, OfflineError, api } from "../api.js";
import { daysBefore, longDate } from "../dates.js";
import * as outbox from "../outbox.js";
import { field, h, mount, notice, num, problemText, toast, uuid } from "../ui.js";
import { residentFields } from "./caselog.js";

// Modifiers that tie a case to an earlier one whose global period covers its date.
const TIES = ["58", "78", "79"];
export const MODIFIERS = ["22", "50", "51", "52", "59", "62", "76", "78", "79", "80", "82", "AS", "RT", "LT", "25", "57", "58", "26"];
const names = new Map(); // code -> seed name, filled from search hits and code cards

function draftKey(ctx) { return `rvuedge.draft.${ctx.me.id}`; }

function emptyCase(ctx) {
  return { date_of_service: ctx.today(), started: ctx.today(), setting: "", site: "", role: "surgeon", note: "", lines: [], related_case_id: null };
}

// The server's rule, checked before sending: a date of service from 2000 up to tomorrow in the
// physician's time zone (rvuedge/cases/valuation.py check_date says the same words).
export function dateProblem(dateOfService, today) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dateOfService || "")) return "Date of service: choose a date.";
  const tomorrow = daysBefore(today, -1);
  if (dateOfService > tomorrow) return `Date of service ${dateOfService} is more than one day in the future (today is ${today}).`;
  if (dateOfService < "2000-01-01") return `Date of service ${dateOfService} is before 2000-01-01.`;
  return null;
}

function backTo() { return sessionStorage.getItem("rvuedge.back") || "#/"; }

function loadDraft(ctx) {
  try { return JSON.parse(localStorage.getItem(draftKey(ctx))) || emptyCase(ctx); } catch { return emptyCase(ctx); }
}

function cached(key, value) {
  if (value !== undefined) localStorage.setItem(key, JSON.stringify(value));
  try { return JSON.parse(localStorage.getItem(key)) || []; } catch { return []; }
}

export async function logScreen(view, ctx, caseId) {
  const editing = Boolean(caseId);
  let state;
  let version = null;
  if (editing) {
    const stored = await api(`/cases/${caseId}`);
    version = stored.version;
    state = {
      date_of_service: stored.date_of_service, setting: stored.setting, site: stored.site || "",
      role: stored.role, note: stored.note || "", related_case_id: stored.related_case_id || null,
      lines: stored.lines.map((l) => ({ code: l.code, modifiers: l.modifiers, units: l.units })),
    };
  } else {
    state = loadDraft(ctx);
    if (!state.lines.length) state = emptyCase(ctx);
  }
  // A half-built case from an earlier day: ask before new lines join it.
  const earlier = !editing && state.lines.length && (state.started || state.date_of_service) < ctx.today()
    ? (state.started || state.date_of_service) : null;
  const save = () => { if (!editing) localStorage.setItem(draftKey(ctx), JSON.stringify(state)); };

  // --- case fields
  const dateInput = h("input", { type: "date", value: state.date_of_service, max: daysBefore(ctx.today(), -1), min: "2000-01-01", name: "date_of_service", required: true });
  const settingSelect = h("select", { name: "setting" },
    h("option", { value: "" }, `Site or profile default (${ctx.me.default_setting.replace("_", "-")})`),
    h("option", { value: "facility" }, "Facility (hospital, ASC)"),
    h("option", { value: "non_facility" }, "Non-facility (office)"));
  settingSelect.value = state.setting || "";
  const siteInput = h("input", { name: "site", maxlength: 100, list: "site-list", value: state.site, autocomplete: "off" });
  const siteList = h("datalist", { id: "site-list" });
  const roleSelect = h("select", { name: "role" },
    ...["surgeon", "assistant", "co_surgeon", "teaching"].map((r) => h("option", { value: r }, r.replace("_", "-"))));
  roleSelect.value = state.role;
  const resident = editing ? { element: null, after: async () => {} } : residentFields(ctx);
  const noteInput = h("input", { name: "note", maxlength: 280, value: state.note, placeholder: "No patient details" });
  for (const [input, key] of [[dateInput, "date_of_service"], [settingSelect, "setting"], [siteInput, "site"], [roleSelect, "role"], [noteInput, "note"]]) {
    input.addEventListener("change", () => { state[key] = input.value; save(); schedulePreview(); });
    if (input === siteInput) input.addEventListener("input", () => { state.site = input.value; save(); schedulePreview(); });
  }

  // --- shortcuts, search and typed entry
  const favoriteChips = h("span", { class: "chip-set" });
  const templateChips = h("span", { class: "chip-set" });
  const searchInput = h("input", { type: "search", name: "search", placeholder: "Code or words, e.g. lap chole", autocomplete: "off", "aria-controls": "hits", enterkeyhint: "search" });
  const hits = h("ul", { class: "hits", id: "hits", "aria-label": "Search results" });
  const typedInput = h("input", { name: "typed", placeholder: "e.g. 47562 49505-RT", autocomplete: "off" });
  const typedMessage = h("div");
  const linesList = h("ol", { class: "lines", "aria-label": "Lines of this case" });
  const totalRow = h("div", { class: "total", "aria-live": "polite" });
  const previewMessages = h("div");
  const saveMessage = h("div");
  const saveLabel = editing ? "Save changes" : "Save case";
  const saveButton = h("button", { type: "button", class: "primary", onclick: () => submit() }, saveLabel);
  const dateMessage = h("div");
  const relatedBox = h("div", { hidden: true });
  let duplicateSeen = null; // the duplicate warning the physician has already been shown
  // The lines' total and Save stay in view at the foot of the screen once there is a line.
  const saveBar = h("div", { class: "save-bar", hidden: true, "aria-label": "Total and save", role: "region" }, totalRow, saveMessage, saveButton);

  function addLine(code, modifiers = [], units = 1, name) {
    if (name) names.set(code, name);
    if (!state.lines.length) state.started = ctx.today();
    state.lines.push({ code, modifiers: [...modifiers], units });
    save();
    renderLines();
    schedulePreview();
  }

  let searchTimer = null;
  searchInput.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 200);
  });
  async function runSearch() {
    const q = searchInput.value.trim();
    hits.replaceChildren();
    if (!q) return;
    try {
      const result = await api(`/codes?q=${encodeURIComponent(q)}&limit=8`);
      if (searchInput.value.trim() !== q) return;
      if (!result.items.length) hits.append(h("li", { class: "muted" }, "No code matches; try other words or the code."));
      for (const hit of result.items) {
        names.set(hit.code, hit.name);
        hits.append(h("li", {}, h("button", {
          type: "button",
          onclick: () => { addLine(hit.code, [], 1, hit.name); searchInput.value = ""; hits.replaceChildren(); },
        }, h("span", {}, h("span", { class: "code" }, hit.code), hit.name),
        h("span", { class: "rvu" }, `${num(hit.work_rvu)} wRVU · ${hit.global_days ? `${hit.global_days} global` : "no global"}`))));
      }
    } catch (error) {
      if (error instanceof OfflineError && /^[A-Za-z0-9]{5}$/.test(q)) {
        hits.append(h("li", {}, h("button", { type: "button", onclick: () => { addLine(q.toUpperCase()); searchInput.value = ""; hits.replaceChildren(); } },
          h("span", {}, h("span", { class: "code" }, q.toUpperCase()), "add this code (offline: checked when sent)"))));
      } else {
        hits.append(h("li", { class: "muted" }, error instanceof OfflineError ? "Search needs a connection; type a 5-character code or use a favorite." : problemText(error)));
      }
    }
  }

  async function readTyped() {
    typedMessage.replaceChildren();
    const text = typedInput.value.trim();
    if (!text) return;
    try {
      const parsed = await api("/cases/parse", { method: "POST", body: { text, date_of_service: state.date_of_service, setting: state.setting || null, site: state.site || null } });
      for (const line of parsed.lines) addLine(line.code, line.modifiers, line.units);
      typedInput.value = "";
    } catch (error) {
      typedMessage.append(notice("bad", problemText(error)));
      const problems = (error.problem && error.problem.errors) || [];
      const near = problems.flatMap((e) => e.suggestions || e.near_codes || e.candidates || []);
      // An unknown code: its code card's 404 names the near codes.
      for (const e of problems) {
        if (!e.suggestions && /^[A-Za-z0-9]{5}$/.test(e.fragment || "")) {
          try { await api(`/codes/${e.fragment}`); } catch (card) { near.push(...((card.problem && (card.problem.suggestions || card.problem.near_codes)) || [])); }
        }
      }
      if (near.length) typedMessage.append(nearChips(near));
    }
  }

  // "Did you mean" chips: each a code with its name and work RVU when the answer gives them
  // (suggestions), else the bare code (near_codes); one chip per code.
  function nearChips(items, replaceIndex) {
    const seen = new Set();
    const unique = items.map((c) => (typeof c === "string" ? { code: c } : c)).filter((c) => !seen.has(c.code) && seen.add(c.code));
    return h("div", { class: "chips", "aria-label": "Near codes" }, h("span", { class: "muted small" }, "Did you mean:"),
      ...unique.slice(0, 5).map((c) => h("button", { type: "button", class: "chip", "data-code": c.code, onclick: () => {
        if (replaceIndex === undefined) addLine(c.code, [], 1, c.name);
        else { state.lines[replaceIndex].code = c.code; save(); renderLines(); schedulePreview(); }
      } }, h("span", { class: "code" }, c.code),
      c.name && c.name !== c.code ? ` ${c.name}` : "", // a code without a name shows once
      c.work_rvu !== undefined && c.work_rvu !== null ? h("span", { class: "rvu" }, ` ${num(c.work_rvu)} wRVU`) : "")));
  }

  // --- lines and preview
  let preview = null;
  const openModifiers = new Set(); // lines whose modifier list is open: it survives re-renders
  function renderLines() {
    linesList.replaceChildren();
    state.lines.forEach((line, index) => {
      const credit = preview && preview.lines[index];
      const units = h("input", { type: "number", min: 1, max: 99, value: line.units, "aria-label": `Units for ${line.code}` });
      units.addEventListener("change", () => { line.units = Math.max(1, Math.min(99, Number(units.value) || 1)); save(); schedulePreview(); });
      const mods = h("div", { class: "chips", role: "group", hidden: !openModifiers.has(index), "aria-label": `Modifiers for ${line.code}` },
        ...MODIFIERS.map((m) => h("button", {
          type: "button", class: "chip", "aria-pressed": line.modifiers.includes(m) ? "true" : "false",
          onclick: () => {
            line.modifiers = line.modifiers.includes(m) ? line.modifiers.filter((x) => x !== m) : [...line.modifiers, m].slice(0, 4);
            save(); renderLines(); schedulePreview();
          },
        }, m)));
      const label = line.code + (line.modifiers.length ? `-${line.modifiers.join("-")}` : "");
      linesList.append(h("li", { class: "line" },
        h("div", { class: "line-head" },
          h("span", {}, h("span", { class: "line-code" }, label), " ", h("span", { class: "muted" }, names.get(line.code) || "")),
          h("span", { class: "line-credit" }, credit ? `${num(credit.credited_wrvu)} wRVU` : "")),
        credit && (credit.adjustments.length || credit.flags.length)
          ? h("ul", { class: "why" }, ...credit.adjustments.map((a) => h("li", {}, `${a.reason} (×${a.factor})`)),
            ...credit.flags.map((f) => h("li", {}, f.replaceAll("_", " "))),
            // Lines are credited in hundredths, and every total adds them: say so when it rounds.
            Number(credit.credited_wrvu_exact) !== Number(credit.credited_wrvu)
              ? h("li", {}, `Exactly ${credit.credited_wrvu_exact}, credited ${num(credit.credited_wrvu)} (to the hundredth, half up)`)
              : null)
          : null,
        credit && !credit.adjustments.length ? h("p", { class: "why" }, `Full work RVU ${num(credit.base_wrvu)} (release ${credit.release || "–"})`) : null,
        h("div", { class: "line-tools" },
          h("label", { class: "sr-only", for: `u${index}` }, "Units"), units,
          h("button", { type: "button", "aria-expanded": String(openModifiers.has(index)), onclick: (e) => {
            mods.hidden = !mods.hidden; e.currentTarget.setAttribute("aria-expanded", String(!mods.hidden));
            if (mods.hidden) openModifiers.delete(index); else openModifiers.add(index);
          } }, "Modifiers"),
          h("button", { type: "button", class: "danger", "aria-label": `Remove ${label}`, onclick: () => {
            state.lines.splice(index, 1); openModifiers.clear(); save(); renderLines(); schedulePreview();
          } }, "Remove")),
        mods));
      units.id = `u${index}`;
      if (!names.has(line.code)) lookUpName(line.code);
    });
    saveButton.disabled = !state.lines.length;
    saveBar.hidden = !state.lines.length;
    renderRelated();
  }

  // -58/-78/-79: which earlier case is this one tied to? The cases whose global period covers the
  // date of service (GET /cases/global-periods?on=...), one choice per case.
  let relatedFor = null;
  async function renderRelated() {
    const tied = state.lines.some((l) => l.modifiers.some((m) => TIES.includes(m)));
    relatedBox.hidden = !tied;
    if (!tied) { relatedFor = null; return; }
    const key = state.date_of_service;
    if (relatedFor === key) return;
    relatedFor = key;
    relatedBox.replaceChildren(h("p", { class: "muted small" }, "Looking for the original case…"));
    let periods;
    try {
      periods = await api(`/cases/global-periods?on=${key}`);
    } catch (error) {
      relatedBox.replaceChildren(notice("warn", error instanceof OfflineError ? "Offline: the original case can be chosen when editing later." : problemText(error)));
      return;
    }
    if (relatedFor !== key) return;
    const byCase = new Map();
    for (const g of periods) {
      if (caseId && g.case_id === caseId) continue;
      const entry = byCase.get(g.case_id) || { date: g.date_of_service, codes: [], end: g.window_end };
      entry.codes.push(g.code + (g.modifiers.length ? `-${g.modifiers.join("-")}` : ""));
      if (g.window_end > entry.end) entry.end = g.window_end;
      byCase.set(g.case_id, entry);
    }
    const choice = (value, text) => {
      const radio = h("input", { type: "radio", name: "related", value, class: "radio" });
      radio.checked = (state.related_case_id || "") === value;
      radio.addEventListener("change", () => { state.related_case_id = value || null; save(); });
      return h("label", { class: "choice" }, radio, h("span", {}, text));
    };
    relatedBox.replaceChildren(h("fieldset", {},
      h("legend", {}, "Original case (for -58, -78, -79)"),
      byCase.size ? null : h("p", { class: "muted small" }, `No global period of yours covers ${longDate(key)}.`),
      ...[...byCase].map(([id, e]) => choice(id, `${longDate(e.date)} · ${e.codes.join(", ")} · global to ${longDate(e.end)}`)),
      choice("", "None of these")));
  }

  async function lookUpName(code) {
    names.set(code, "");
    try {
      const card = await api(`/codes/${code}`);
      names.set(code, card.name || card.names?.[0] || "");
      renderLines();
    } catch { /* offline or unknown: the preview says which */ }
  }

  let previewTimer = null;
  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(runPreview, 250);
  }
  async function runPreview() {
    previewMessages.replaceChildren();
    if (!state.lines.length) { preview = null; totalRow.replaceChildren(); renderLines(); return; }
    try {
      preview = await api(`/cases/preview${editing ? `?case_id=${caseId}` : ""}`, { method: "POST", body: body(false) });
      totalRow.replaceChildren(h("span", {}, "Total"), h("span", { "data-testid": "preview-total" }, `${num(preview.total_wrvu)} wRVU`));
      for (const text of [...(preview.notes || []), ...(preview.warnings || [])]) previewMessages.append(notice("warn", text));
      if (preview.release_note) previewMessages.append(notice("warn", preview.release_note));
    } catch (error) {
      preview = null;
      totalRow.replaceChildren();
      if (error instanceof OfflineError) {
        previewMessages.append(notice("warn", "Offline: the credit will be computed when the case is sent."));
      } else {
        previewMessages.append(notice("bad", problemText(error)));
        for (const item of error.problem?.errors || []) {
          const near = item.suggestions || item.near_codes || [];
          if (near.length) previewMessages.append(nearChips(near, item.loc?.[2]));
        }
      }
    }
    renderLines();
  }

  // The preview and the save send the same case: the site (a saved site sets the setting and
  // the locality) and a setting only when one was chosen, so the server decides as it will on
  // save and the preview shows what will be stored.
  function body(forSave) {
    const out = {
      date_of_service: state.date_of_service,
      lines: state.lines.map((l) => ({ code: l.code, modifiers: l.modifiers, units: Number(l.units) || 1 })),
    };
    if (state.setting) out.setting = state.setting;
    if (state.site) out.site = state.site;
    if (forSave) {
      if (state.related_case_id && state.lines.some((l) => l.modifiers.some((m) => TIES.includes(m)))) out.related_case_id = state.related_case_id;
      out.role = state.role || "surgeon";
      if (state.note) out.note = state.note;
    }
    return out;
  }

  async function submit() {
    saveMessage.replaceChildren();
    if (!state.lines.length) return;
    const wrongDate = dateProblem(state.date_of_service, ctx.today());
    if (wrongDate) { saveMessage.append(notice("bad", wrongDate)); dateInput.focus(); return; }
    // A likely duplicate (the preview's warning, from the server): say so once before saving.
    const duplicate = (preview?.warnings || []).find((w) => w.startsWith("Likely duplicate"));
    if (duplicate && duplicateSeen !== duplicate) {
      duplicateSeen = duplicate;
      saveMessage.append(notice("warn", duplicate));
      saveButton.textContent = "Save anyway";
      return;
    }
    saveButton.disabled = true;
    try {
      if (editing) {
        const payload = { ...body(true), version, site: state.site || null, note: state.note || null };
        await api(`/cases/${caseId}`, { method: "PATCH", body: payload });
        toast("Case updated");
        location.hash = backTo();
        return;
      }
      const payload = { id: uuid(), ...body(true) };
      await outbox.enqueue(ctx.me.id, payload);
      const result = await outbox.flush(ctx.me.id);
      const stored = result.sent.find((c) => c.id === payload.id);
      const left = (await outbox.items(ctx.me.id)).find((i) => i.id === payload.id);
      if (left && left.state === "failed") {
        await outbox.remove(payload.id); // not accepted: keep the draft so it can be fixed
        saveMessage.append(notice("bad", left.error));
        return;
      }
      localStorage.removeItem(draftKey(ctx));
      // A role the case log refuses (SC outside the chief year...) is said with the save, not
      // in a toast the "Saved" one would replace at once.
      const refused = await resident.after(payload.id);
      if (stored && refused) toast(`Saved: ${num(stored.total_wrvu)} wRVU, without its case log role. ${refused}`, 12000);
      else if (stored) toast(`Saved: ${num(stored.total_wrvu)} wRVU`);
      else {
        toast("Saved on this device; it will be sent when the connection returns.");
        ctx.sendWaiting();
      }
      location.hash = "#/";
    } catch (error) {
      saveMessage.append(notice("bad", problemText(error)));
    } finally {
      saveButton.disabled = !state.lines.length;
    }
  }

  async function remove() {
    if (!confirm("Delete this case? It leaves your totals.")) return;
    try {
      await api(`/cases/${caseId}`, { method: "DELETE" });
      outbox.forgetSent(ctx.me.id, caseId);
      toast("Case deleted");
      location.hash = backTo();
    } catch (error) {
      saveMessage.append(notice("bad", problemText(error)));
    }
  }

  const draftPrompt = earlier ? h("div", { class: "notice warn", role: "group", "aria-label": "Unsaved case" },
    h("p", {}, `An unsaved case from ${longDate(earlier)} is open: ${state.lines.map((l) => l.code + (l.modifiers.length ? `-${l.modifiers.join("-")}` : "")).join(", ")}.`),
    h("div", { class: "chips" },
      h("button", { type: "button", onclick: () => { state.started = ctx.today(); save(); draftPrompt.remove(); } },
        `Continue the case from ${new Date(`${earlier}T12:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" })}`),
      h("button", { type: "button", onclick: () => {
        state = emptyCase(ctx); save(); localStorage.removeItem(draftKey(ctx));
        dateInput.value = state.date_of_service; siteInput.value = ""; noteInput.value = ""; settingSelect.value = ""; roleSelect.value = "surgeon";
        draftPrompt.remove(); openModifiers.clear(); renderLines(); schedulePreview(); searchInput.focus();
      } }, "Start new"))) : null;
  dateInput.addEventListener("change", () => {
    dateMessage.replaceChildren();
    const wrong = dateProblem(dateInput.value, ctx.today());
    if (wrong) dateMessage.append(notice("bad", wrong));
    relatedFor = null; renderRelated();
  });

  mount(view,
    h("h2", {}, editing ? "Edit case" : "Log a case"),
    draftPrompt,
    field("Search", searchInput), hits,
    h("div", { class: "chips", role: "group", "aria-label": "Favorites" }, h("span", { class: "muted small chips-label" }, "Favorites"), favoriteChips),
    h("div", { class: "templates chips", role: "group", "aria-label": "Templates" }, h("span", { class: "muted small chips-label" }, "Templates"), templateChips),
    h("h3", {}, "This case"), linesList, previewMessages, relatedBox,
    h("div", { class: "row" }, field("Date of service", dateInput), field("Setting", settingSelect)), dateMessage,
    field("Site", siteInput), siteList,
    h("details", {}, h("summary", {}, "Role and note"), field("Your role", roleSelect), field("Note (no patient details)", noteInput)),
    h("form", { onsubmit: (e) => { e.preventDefault(); readTyped(); } },
      field("Typed entry", typedInput, "Codes with modifiers and words: 47562 49505-RT, or lap chole + rt inguinal hernia"),
      h("button", { type: "submit" }, "Add typed lines")),
    typedMessage,
    resident.element,
    editing ? h("p", {}, h("button", { type: "button", class: "danger", onclick: remove }, "Delete case")) : null,
    saveBar);
  renderLines();
  schedulePreview();

  // Shortcuts: from the server when online, from this device's copy when not.
  const userKey = ctx.me.id;
  const renderShortcuts = (favorites, templates) => {
    favoriteChips.replaceChildren(...(favorites.length ? favorites.map((f) => h("button", {
      type: "button", class: "chip", onclick: () => addLine(f.code, f.modifiers, 1, f.label),
    }, f.label || `${f.code}${f.modifiers.length ? "-" + f.modifiers.join("-") : ""}`))
      : [h("span", { class: "muted small" }, "Star codes in Settings to get one-tap chips here.")]));
    templateChips.replaceChildren(...(templates.length ? templates.map((t) => h("button", {
      type: "button", class: "chip", onclick: () => { for (const l of t.lines) addLine(l.code, l.modifiers, l.units); },
    }, t.name)) : [h("span", { class: "muted small" }, "No templates yet.")]));
  };
  renderShortcuts(cached(`rvuedge.favorites.${userKey}`), cached(`rvuedge.templates.${userKey}`));
  try {
    const [favorites, templates] = await Promise.all([api("/me/favorites"), api("/me/templates")]);
    renderShortcuts(cached(`rvuedge.favorites.${userKey}`, favorites), cached(`rvuedge.templates.${userKey}`, templates));
    const sites = await api("/me/sites").catch(() => []);
    siteList.replaceChildren(...(Array.isArray(sites) ? sites : []).map((s) => h("option", { value: s.name })));
  } catch (error) {
    if (!(error instanceof OfflineError) && !(error instanceof ApiError)) throw error;
  }
}
