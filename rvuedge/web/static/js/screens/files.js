// Files: bring in a past log (a dry run first, then add the cases), and check the log against the
// employer's productivity report (what the employer dropped or credited differently, and what it
// is worth). Reached from Reports; each part appears only when the server offers it.

import { api, download, hasOperation } from "../api.js";
import { longDate } from "../dates.js";
import { field, h, mount, notice, num, problemText, toast } from "../ui.js";

function upload(file, fields) {
  const data = new FormData();
  data.append("file", file);
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
}

function previousMonth(today) {
  const [y, m] = today.split("-").map(Number);
  const year = m === 1 ? y - 1 : y;
  const month = m === 1 ? 12 : m - 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, "0");
  return { start: `${year}-${mm}-01`, end: `${year}-${mm}-${last}` };
}

// What a past log's column can hold (the import's fields), in words.
const LOG_FIELDS = {
  date_of_service: "Date of service", code: "Code", modifiers: "Modifiers (all)",
  modifier_1: "Modifier 1", modifier_2: "Modifier 2", modifier_3: "Modifier 3", modifier_4: "Modifier 4",
  units: "Units", site: "Site", setting: "Setting", role: "Role", encounter_ref: "Encounter number", note: "Note",
};

function codesOf(planned) {
  return planned.lines.map((l) => l.code + (l.modifiers && l.modifiers.length ? `-${l.modifiers.join("-")}` : "")).join(", ");
}

function importPart(ctx) {
  const fileInput = h("input", { type: "file", accept: ".csv,.xlsx,text/csv" });
  const skipBox = h("input", { type: "checkbox" });
  const result = h("div", { "aria-live": "polite" });
  const pastBox = h("div");

  async function loadPast() {
    let past;
    try { past = await api("/imports"); } catch (error) { pastBox.replaceChildren(notice("bad", problemText(error))); return; }
    const done = past.filter((p) => p.status !== "preview");
    pastBox.replaceChildren(h("h3", {}, "Past imports"), ...(done.length ? done.map((p) => h("div", { class: "list-item" },
      h("span", {}, h("strong", {}, p.filename), h("br"),
        h("span", { class: "muted small" }, `${p.created_cases} case${p.created_cases === 1 ? "" : "s"}, ${num(p.wrvu_to_add)} wRVU · added ${new Date(p.committed_at || p.created_at).toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric" })}`)),
      h("button", { type: "button", class: "danger", "aria-label": `Undo the import of ${p.filename}`, onclick: async () => {
        if (!confirm(`Remove the ${p.created_cases} case${p.created_cases === 1 ? "" : "s"} this import added?`)) return;
        try {
          await api(`/imports/${p.id}`, { method: "DELETE" });
          toast("Import undone");
          loadPast();
        } catch (error) { pastBox.append(notice("bad", problemText(error))); }
      } }, "Undo")))
      : [h("p", { class: "muted" }, "No past log brought in yet.")]));
  }

  async function commit(preview, button) {
    // One request adds them all (in batches on the server); say so meanwhile, and a second tap
    // does not send it again.
    button.disabled = true;
    button.after(h("p", { class: "muted", role: "status" }, `Adding ${preview.cases_to_create} case${preview.cases_to_create === 1 ? "" : "s"}… they appear all at once when done.`));
    try {
      const done = await api(`/imports/${preview.id}/commit`, { method: "POST" });
      result.replaceChildren(notice("ok", `${done.created_cases} case${done.created_cases === 1 ? "" : "s"} added (${num(done.wrvu_to_add)} wRVU). Undo it below if it was not right.`));
      toast("Past log added");
      loadPast();
    } catch (error) {
      result.replaceChildren(notice("bad", problemText(error)));
    }
  }

  // Each column of the file with a choice of what it holds; "Preview again" sends the mapping.
  function mappingEditor(preview) {
    const headers = [...preview.columns.map((c) => ({ header: c.column, field: c.field })), ...preview.unused_columns.map((u) => ({ header: u, field: "" }))];
    const selects = headers.map(({ header, field: chosen }) => {
      const select = h("select", {}, h("option", { value: "" }, "Not used"),
        ...Object.entries(LOG_FIELDS).map(([value, words]) => h("option", { value }, words)));
      select.value = chosen in LOG_FIELDS ? chosen : "";
      return { header, before: chosen, select };
    });
    const again = async () => {
      const mapping = {};
      for (const { before, select } of selects) if (before && before !== select.value) mapping[before] = null;
      for (const { header, select } of selects) if (select.value) mapping[select.value] = header;
      await run(JSON.stringify(mapping));
    };
    return h("details", {}, h("summary", {}, "Column mapping"),
      h("p", { class: "muted small" }, "What each column of the file holds. Change one, then preview again."),
      ...selects.map(({ header, select }) => field(`Column “${header}”`, select)),
      h("button", { type: "button", onclick: again }, "Preview again"));
  }

  function plannedList(preview) {
    return h("ol", { class: "planned", "aria-label": "Planned cases" }, ...preview.cases.map((c) => h("li", { class: "list-item" },
      h("span", {}, h("strong", {}, longDate(c.date_of_service)), c.site ? ` · ${c.site}` : "", h("br"),
        h("span", { class: "small" }, codesOf(c)),
        c.already_logged ? h("span", { class: "muted small" }, " · already in your log, not added") : null),
      h("span", { class: "line-credit" }, `${num(c.total_wrvu)} wRVU`))));
  }

  async function run(mapping) {
    if (!fileInput.files.length) return;
    result.replaceChildren(h("p", { class: "muted" }, "Reading…"));
    try {
      const fields = { ...(mapping ? { mapping } : {}), ...(skipBox.checked ? { skip_invalid_rows: "true" } : {}) };
      const preview = await api("/imports", { method: "POST", files: upload(fileInput.files[0], fields) });
      const skipped = preview.skipped_rows || [];
      result.replaceChildren(
        h("p", {}, `${preview.data_lines} line${preview.data_lines === 1 ? "" : "s"} below the header: ${preview.rows_in_cases} in cases`
          + (preview.blank_rows ? `, ${preview.blank_rows} blank` : "")
          + (preview.invalid_rows ? `, ${preview.invalid_rows} left out` : "") + "; "
          + `${preview.cases_to_create} new case${preview.cases_to_create === 1 ? "" : "s"} (${num(preview.wrvu_to_add)} wRVU)`
          + (preview.already_logged ? `, ${preview.already_logged} already in your log` : "") + "."),
        // Above the list: a year's log is hundreds of cases to scroll past on a phone.
        preview.cases_to_create
          ? h("button", { type: "button", class: "primary", onclick: (event) => commit(preview, event.currentTarget) }, `Add ${preview.cases_to_create} case${preview.cases_to_create === 1 ? "" : "s"}`)
          : h("p", { class: "muted" }, "Nothing new to add."),
        skipped.length ? h("details", {}, h("summary", {}, `Rows left out (${skipped.length} problem${skipped.length === 1 ? "" : "s"})`),
          h("ul", { "aria-label": "Rows left out" }, ...skipped.map((p) => h("li", { class: "small" }, `Row ${p.row}${p.column ? `, ${p.column}` : ""}: ${p.msg}`)))) : null,
        h("p", { class: "muted small" }, "Columns: ", preview.columns.map((c) => `${c.column} → ${(LOG_FIELDS[c.field] || c.field).toLowerCase()}`).join(", ")),
        mappingEditor(preview),
        plannedList(preview));
    } catch (error) {
      const rows = error && error.problem && (error.problem.errors || []).some((e) => "row" in e);
      result.replaceChildren(notice("bad", problemText(error).replace(/,? ?or send skip.invalid.rows=true to import the other rows\./, ".")),
        rows && !skipBox.checked ? h("p", { class: "muted small" }, "To add the other rows, tick “Leave out the rows with problems” and preview again.") : null);
    }
  }

  const form = h("form", {
    onsubmit: (event) => { event.preventDefault(); run(null); },
  }, field("Past log (CSV or Excel)", fileInput),
  h("label", { class: "check" }, skipBox, " Leave out the rows with problems (listed in the preview)"),
  h("button", { type: "submit" }, "Preview"));
  loadPast();
  return [h("h3", {}, "Bring in a past log"),
    h("p", { class: "muted small" }, "A CSV or Excel file with a date and a CPT column at least. Nothing is added until you confirm."),
    form, result, pastBox];
}

function codeText(line) {
  return `${line.code}${line.modifiers.length ? "-" + line.modifiers.join("-") : ""}`;
}

function documentLink(report, format, label, message) {
  return h("a", { href: "#", onclick: (event) => {
    event.preventDefault();
    download(`/reconciliations/${report.id}/export?format=${format}`, `rvuedge-reconciliation-${report.start}-to-${report.end}.${format}`)
      .catch((error) => message.append(notice("bad", problemText(error))));
  } }, label);
}

function documents(report, message) {
  return h("p", {}, documentLink(report, "csv", "Findings (CSV)", message), " · ",
    documentLink(report, "xlsx", "Workbook (Excel)", message), " · ",
    documentLink(report, "pdf", "Dispute list to print (PDF)", message));
}

// Every line of each finding, none left out.
function findingList(title, items, text) {
  if (!items.length) return null;
  return h("section", { "aria-label": title }, h("h4", {}, `${title} (${items.length})`),
    h("ul", { class: "findings" }, ...items.map((item) => h("li", {}, text(item)))));
}

export function reconciliationView(report, message) {
  const c = report.counts;
  const t = report.totals;
  return [
    h("table", { "aria-label": "Your log against the employer's report" }, h("tbody", {},
      h("tr", {}, h("th", { scope: "row" }, "Matched"), h("td", { class: "num" }, c.matched)),
      h("tr", {}, h("th", { scope: "row" }, "Credited differently"), h("td", { class: "num" }, c.credit_differs)),
      h("tr", {}, h("th", { scope: "row" }, "Missing from the employer's report"), h("td", { class: "num" }, c.missing_from_employer)),
      h("tr", {}, h("th", { scope: "row" }, "On the report, not in your log"), h("td", { class: "num" }, c.not_in_log)),
      h("tr", {}, h("th", { scope: "row" }, "Your wRVU"), h("td", { class: "num" }, num(t.logged_wrvu))),
      t.employer_wrvu === null ? null : h("tr", {}, h("th", { scope: "row" }, "Employer's wRVU"), h("td", { class: "num" }, num(t.employer_wrvu))),
      h("tr", {}, h("th", { scope: "row" }, "wRVU missing"), h("td", { class: "num" }, num(t.missing_wrvu))),
      t.missing_value === null ? null : h("tr", {}, h("th", { scope: "row" }, "Their value"), h("td", { class: "num" }, `$${num(t.missing_value)}`)))),
    findingList("Missing from the employer's report", report.missing_from_employer, (m) =>
      `${m.date_of_service} · ${codeText(m)} · ${num(m.credited_wrvu)} wRVU`
      + (m.estimated_value === null ? "" : ` · about $${num(m.estimated_value)}`)
      + (m.encounter_ref ? ` · ${m.encounter_ref}` : "")),
    findingList("Credited differently", report.credit_differs, (p) =>
      `${p.logged.date_of_service} · ${codeText(p.logged)} · yours ${num(p.logged.credited_wrvu)}, employer's `
      + `${num(p.employer.wrvu)} (${p.difference > 0 ? "+" : ""}${num(p.difference)}): ${p.reason}`
      + ` · row${p.employer.rows.length > 1 ? "s" : ""} ${p.employer.rows.join(", ")}`),
    findingList("On the report, not in your log", report.not_in_log, (e) =>
      `${e.date_of_service} · ${codeText(e)} · ${e.wrvu === null ? "no wRVU" : `${num(e.wrvu)} wRVU`}`
      + ` · row${e.rows.length > 1 ? "s" : ""} ${e.rows.join(", ")}`),
    report.value_method && report.missing_from_employer.length
      ? h("details", {}, h("summary", {}, "How the missing lines are valued"),
        h("p", { class: "small" }, report.value_method),
        ...report.missing_from_employer.map((m) => h("p", { class: "small" }, `${m.date_of_service} ${codeText(m)}: ${m.value_note}`)))
      : null,
    report.tolerance_note ? h("p", { class: "muted small" }, report.tolerance_note) : null,
    documents(report, message),
  ].filter(Boolean);
}

// Past reconciliations, newest first, each with its findings and its documents.
async function pastPart() {
  const box = h("div", { "aria-live": "polite" });
  const load = async () => {
    let list = [];
    try {
      list = await api("/reconciliations");
    } catch (error) {
      box.replaceChildren(notice("bad", problemText(error)));
      return;
    }
    if (!list.length) {
      box.replaceChildren(h("p", { class: "muted" }, "None yet."));
      return;
    }
    box.replaceChildren(h("ul", { class: "past", "aria-label": "Past reconciliations" }, ...list.map((item) => {
      const message = h("div");
      const body = h("div");
      const opened = h("details", { ontoggle: async () => {
        if (!opened.open || body.childElementCount) return;
        try {
          body.replaceChildren(...reconciliationView(await api(`/reconciliations/${item.id}`), message));
        } catch (error) {
          body.replaceChildren(notice("bad", problemText(error)));
        }
      } }, h("summary", {}, `${item.start} to ${item.end} · ${item.filename} · `
        + `${item.counts.missing_from_employer} missing, ${item.counts.credit_differs} differ, ${item.counts.not_in_log} not in log`),
      body);
      return h("li", {}, opened, documents(item, message), message);
    })));
  };
  await load();
  return { box, load };
}

function reconcilePart(today, past) {
  const period = previousMonth(today);
  const fileInput = h("input", { type: "file", accept: ".csv,.xlsx,text/csv" });
  const start = h("input", { type: "date", value: period.start, required: true });
  const end = h("input", { type: "date", value: period.end, required: true });
  const result = h("div", { "aria-live": "polite" });

  function show(report) {
    result.replaceChildren(...reconciliationView(report, result));
  }

  const form = h("form", {
    onsubmit: async (event) => {
      event.preventDefault();
      if (!fileInput.files.length) return;
      result.replaceChildren(h("p", { class: "muted" }, "Comparing…"));
      try {
        show(await api("/reconciliations", { method: "POST", files: upload(fileInput.files[0], { start: start.value, end: end.value }) }));
        if (past) await past.load();
      } catch (error) {
        result.replaceChildren(notice("bad", problemText(error)));
      }
    },
  }, field("Employer's report (CSV or Excel)", fileInput),
  h("div", { class: "row" }, field("From", start), field("To", end)),
  h("button", { type: "submit" }, "Compare with my log"));
  return [h("h3", {}, "Check your employer's report"),
    h("p", { class: "muted small" }, "The productivity report from your employer (Epic, Cerner or a spreadsheet). The file itself is not kept."),
    form, result];
}

export async function files(view, ctx) {
  const [canImport, canReconcile] = await Promise.all([hasOperation("/imports"), hasOperation("/reconciliations")]);
  const past = canReconcile ? await pastPart() : null;
  mount(view, h("h2", {}, "Files"),
    canImport ? importPart(ctx) : null,
    canReconcile ? reconcilePart(ctx.today(), past) : null,
    past ? [h("h3", {}, "Past checks"), past.box] : null,
    !canImport && !canReconcile ? h("p", { class: "muted" }, "This server does not take files.") : null);
}
