// Case log (residents): the residency profile, progress toward the ACGME minimums as bars, what is
// still missing for graduation, the cases not yet entered in the ACGME system, the programme's
// category mapping upload, and the two documents. Also the resident fields of the Log screen.

import { ApiError, OfflineError, api, download } from "../api.js";
import { longDate } from "../dates.js";
import { field, h, mount, notice, problemText, toast } from "../ui.js";

const PROFILE = (ctx) => `rvuedge.caselog.profile.${ctx.me.id}`;
const PENDING = (ctx) => `rvuedge.caselog.pending.${ctx.me.id}`;

export function isResident(ctx) { return Boolean(ctx.me && ctx.me.career_stage === "resident"); }

function readJson(key, fallback) {
  try { return JSON.parse(localStorage.getItem(key)) ?? fallback; } catch { return fallback; }
}

// The residency profile: from the server when online, from this device's copy when not.
async function loadProfile(ctx) {
  try {
    const profile = await api("/case-log/profile");
    localStorage.setItem(PROFILE(ctx), JSON.stringify(profile));
    return profile;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    if (error instanceof OfflineError) return readJson(PROFILE(ctx), null);
    throw error;
  }
}

// Case-log fields of cases saved while offline: sent once the case itself has reached the server.
// Returns what the server refused, in words ("" when nothing was), for the caller to show.
async function sendPending(ctx) {
  const pending = readJson(PENDING(ctx), {});
  const refused = [];
  for (const [id, fields] of Object.entries(pending)) {
    try {
      await api(`/case-log/cases/${id}`, { method: "PUT", body: fields });
      delete pending[id];
    } catch (error) {
      if (error instanceof OfflineError) break;
      if (error instanceof ApiError && error.status === 404) continue; // the case is not sent yet
      delete pending[id];
      refused.push(`Case log role not saved: ${problemText(error)}`);
    }
  }
  localStorage.setItem(PENDING(ctx), JSON.stringify(pending));
  return refused.join(" ");
}

// The Log screen's resident fields: role, attending, primary line, robotic. `after(id)` records
// them for a saved case (or keeps them on this device until the case reaches the server), and
// returns what the server refused ("" when nothing was) for the Log screen's saved message.
export function residentFields(ctx) {
  if (!isResident(ctx)) return { element: null, after: async () => "" };
  const profile = readJson(PROFILE(ctx), null);
  const roles = profile ? profile.roles : [];
  const roleSelect = h("select", { name: "resident_role" },
    h("option", { value: "" }, "Not in the case log"),
    ...roles.map((r) => h("option", { value: r.code }, `${r.code} · ${r.name}`)));
  const attending = h("input", { name: "attending", maxlength: 100, autocomplete: "off", placeholder: "Attending's name" });
  const primary = h("input", { name: "primary_line", type: "number", min: 1, max: 30, value: 1 });
  const robotic = h("input", { name: "robotic", type: "checkbox" });
  const element = h("fieldset", { class: "caselog-fields" },
    h("legend", {}, "Case log (ACGME)"),
    profile ? null : h("p", { class: "muted small" }, "Set up your residency on the ", h("a", { href: "#/caselog" }, "Case log"), " screen to pick a role."),
    field("Your role", roleSelect),
    field("Attending", attending, "A name from your programme's list, never patient details."),
    h("div", { class: "row" }, field("Primary line", primary), h("label", { class: "check" }, robotic, " Robotic")));
  async function after(caseId) {
    if (!roleSelect.value) return "";
    const fields = { role: roleSelect.value, primary_line: Number(primary.value) || 1, robotic: robotic.checked };
    if (attending.value.trim()) fields.attending = attending.value.trim();
    const pending = readJson(PENDING(ctx), {});
    pending[caseId] = fields;
    localStorage.setItem(PENDING(ctx), JSON.stringify(pending));
    return sendPending(ctx);
  }
  return { element, after };
}

function bar(label, count, minimum) {
  const percent = minimum ? Math.min(100, (100 * count) / minimum) : 0;
  const fill = h("span");
  fill.style.width = `${percent}%`;
  return h("div", { class: "caselog-bar" },
    h("div", { class: "line-head" }, h("span", {}, label),
      h("span", { class: "line-credit" }, minimum ? `${count} / ${minimum}` : String(count))),
    h("div", { class: "progress", role: "progressbar", "aria-label": label, "aria-valuenow": count, "aria-valuemin": 0, "aria-valuemax": minimum || count || 1 }, fill));
}

function profileForm(ctx, specialties, current, onSaved) {
  const specialty = h("select", { name: "program_specialty" }, ...specialties.map((s) => h("option", { value: s.key }, s.name)));
  if (current) specialty.value = current.program_specialty;
  const start = h("input", { type: "date", name: "residency_start", value: current ? current.residency_start : "" });
  const pgy = h("input", { type: "number", name: "pgy", min: 1, max: 12, value: current && current.pgy_overridden ? current.pgy : "" });
  const chiefStart = h("input", { type: "date", name: "chief_year_start", value: current?.chief_year_start || "" });
  const chiefEnd = h("input", { type: "date", name: "chief_year_end", value: current?.chief_year_end || "" });
  const message = h("div");
  async function submit(event) {
    event.preventDefault();
    message.replaceChildren();
    const body = { program_specialty: specialty.value, residency_start: start.value,
      pgy: pgy.value ? Number(pgy.value) : null,
      chief_year_start: chiefStart.value || null, chief_year_end: chiefEnd.value || null };
    try {
      const saved = await api("/case-log/profile", { method: "PUT", body });
      localStorage.setItem(PROFILE(ctx), JSON.stringify(saved));
      ctx.me.career_stage = "resident";
      toast("Residency saved");
      onSaved();
    } catch (error) {
      message.append(notice("bad", problemText(error)));
    }
  }
  return h("form", { onsubmit: submit, "aria-label": "Residency" },
    field("Programme specialty", specialty),
    h("div", { class: "row" }, field("Residency start", start), field("PGY (if not by date)", pgy)),
    h("div", { class: "row" }, field("Chief year from", chiefStart), field("Chief year to", chiefEnd)),
    message,
    h("button", { type: "submit", class: "primary" }, current ? "Save residency" : "Start my case log"));
}

function mappingUpload(onDone) {
  const file = h("input", { type: "file", name: "mapping", accept: ".csv,text/csv" });
  const year = h("input", { type: "number", name: "academic_year", min: 2000, max: 2100, placeholder: "e.g. 2026" });
  const message = h("div");
  async function submit(event) {
    event.preventDefault();
    message.replaceChildren();
    if (!file.files.length) { message.append(notice("bad", "Choose the programme's CSV (code,category).")); return; }
    const form = new FormData();
    form.append("file", file.files[0]);
    if (year.value) form.append("academic_year", year.value);
    try {
      const result = await api("/case-log/categories", { method: "POST", files: form });
      toast(`${result.rows} code-category rows imported for ${result.academic_year}`);
      onDone();
    } catch (error) {
      message.append(notice("bad", problemText(error)));
    }
  }
  return h("form", { onsubmit: submit, "aria-label": "Category mapping" },
    field("Category mapping (CSV: code,category)", file, "Your programme's ACGME mapping; a code may map to several categories."),
    field("Academic year it is for (July to June)", year), message,
    h("button", { type: "submit" }, "Import mapping"));
}

export async function caselog(view, ctx) {
  mount(view, h("h2", {}, "Case log"), h("p", { class: "muted" }, "Loading…"));
  const refused = await sendPending(ctx);
  if (refused) toast(refused, 10000);
  const [profile, specialties] = await Promise.all([loadProfile(ctx), api("/case-log/specialties")]);
  const reload = () => caselog(view, ctx);
  if (!profile) {
    mount(view, h("h2", {}, "Case log"),
      h("p", {}, "Log your role on each case for the ACGME, see how far you are from the minimums, and export the log in the order of the ACGME entry form."),
      profileForm(ctx, specialties, null, reload));
    return;
  }
  const [progress, todo] = await Promise.all([api("/case-log/progress"), api("/case-log/cases?entered=false")]);
  const message = h("div");
  const missing = progress.categories.filter((c) => c.remaining);
  const totals = h("section", { "aria-label": "Minimums" },
    bar("Total major", progress.total_major.count, progress.total_major.minimum),
    progress.chief_year.minimum ? bar("Chief year", progress.chief_year.count, progress.chief_year.minimum) : null,
    progress.teaching_assistant.minimum ? bar("Teaching assistant", progress.teaching_assistant.count, progress.teaching_assistant.minimum) : null);
  const roles = h("p", { class: "muted small", "data-testid": "caselog-roles" },
    Object.entries(progress.by_role).map(([r, n]) => `${r} ${n}`).join(" · "),
    progress.cases_without_role ? ` · ${progress.cases_without_role} case(s) without a role` : "");
  const categories = h("section", { "aria-label": "Defined categories" },
    h("h3", {}, "Defined categories"),
    progress.mapping_years.length ? null : notice("warn", "Import your programme's code-to-category mapping below to count categories."),
    ...progress.categories.filter((c) => !c.parent).map((c) => bar(c.category, c.counted, c.minimum)));
  const stillNeeded = h("section", { "aria-label": "Missing for graduation" },
    h("h3", {}, "Missing for graduation"),
    [progress.total_major, progress.chief_year, progress.teaching_assistant].some((t) => t.remaining) || missing.length
      ? h("ul", {},
        progress.total_major.remaining ? h("li", {}, `${progress.total_major.remaining} major cases`) : null,
        progress.chief_year.remaining ? h("li", {}, `${progress.chief_year.remaining} chief-year cases`) : null,
        progress.teaching_assistant.remaining ? h("li", {}, `${progress.teaching_assistant.remaining} teaching-assistant cases`) : null,
        ...missing.filter((c) => !c.parent).map((c) => h("li", {}, `${c.remaining} ${c.category}`)),
        missing.some((c) => c.parent) ? h("li", { class: "muted" }, `and ${missing.filter((c) => c.parent).length} sub-minimums (see the PDF)`) : null)
      : h("p", {}, "Nothing: every minimum is met."));
  const entered = async (ids) => {
    try {
      await api("/case-log/entered", { method: "POST", body: { case_ids: ids } });
      toast(`${ids.length} marked entered`);
      reload();
    } catch (error) {
      message.replaceChildren(notice("bad", problemText(error)));
    }
  };
  const notEntered = h("section", { "aria-label": "Not yet entered" },
    h("h3", {}, `Not yet entered in the ACGME (${todo.length})`),
    todo.length ? h("ul", { class: "plain" }, ...todo.slice(0, 50).map((c) => h("li", { class: "list-item" },
      h("span", {}, h("strong", {}, longDate(c.date_of_service)), " ", c.role, h("br"),
        h("span", { class: "muted small" }, c.codes.join(" ") + (c.attending ? ` · ${c.attending}` : "") + (c.robotic ? " · robotic" : ""))),
      h("button", { type: "button", onclick: () => entered([c.case_id]) }, "Entered"))))
      : h("p", { class: "muted" }, "All caught up."),
    todo.length > 1 ? h("button", { type: "button", onclick: () => entered(todo.map((c) => c.case_id)) }, "Mark all entered") : null);
  const today = ctx.today();
  const documents = h("section", { "aria-label": "Documents" }, h("h3", {}, "Documents"),
    h("div", { class: "chips" },
      h("button", { type: "button", onclick: () => download("/case-log/export?format=csv", `case-log-${today}.csv`).catch((e) => message.replaceChildren(notice("bad", problemText(e)))) }, "CSV for the ACGME form"),
      h("button", { type: "button", onclick: () => download("/case-log/export?format=pdf", `case-log-${today}.pdf`).catch((e) => message.replaceChildren(notice("bad", problemText(e)))) }, "PDF for the programme director")));
  mount(view,
    h("h2", {}, "Case log"),
    h("p", { class: "muted small" }, `${progress.specialty_name} · PGY ${progress.pgy} · ${progress.cases} case(s) logged`),
    totals, roles, message, notEntered, stillNeeded, categories, documents,
    h("details", {}, h("summary", {}, "How cases are counted"), h("ul", {}, ...progress.rules.map((r) => h("li", { class: "small" }, r)))),
    h("details", {}, h("summary", {}, "Category mapping"), mappingUpload(reload)),
    h("details", {}, h("summary", {}, "Residency"), profileForm(ctx, specialties, profile, reload)));
}
