// Groups and sharing: the groups you are in, create one, join with a code, and in a group choose
// what you share (none, totals, cases; case-log progress), invite with a one-time code, leave;
// admins and viewers see the dashboard of members who share. "Who looked" lists every read.

import { api, download } from "../api.js";
import { longDate } from "../dates.js";
import { field, h, mount, notice, num, problemText, toast } from "../ui.js";

const SCOPES = [
  ["none", "Nothing (the default)"],
  ["totals", "Totals: period totals, benchmark position, pace"],
  ["cases", "Cases: totals and the case list (never notes)"],
];
const ROLES = [["member", "Member (a physician who may share)"], ["viewer", "Viewer (reads what members share)"], ["admin", "Admin"]];

const WHAT = { totals: "totals", summary: "goals and pace", benchmark: "benchmark position", cases: "case list", case_log: "case-log progress", dashboard: "figures on the group dashboard" };

function when(at) { return new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }); }

// Who looked at your data: used here and in Settings.
export async function accessLogSection() {
  const log = await api("/me/access-log?limit=50");
  if (!log.records.length) return h("section", {}, h("h3", {}, "Who looked"), h("p", { class: "muted" }, "Nobody has read your data through a group."));
  return h("section", {}, h("h3", {}, "Who looked"),
    h("p", { class: "muted small" }, `${log.count} read${log.count === 1 ? "" : "s"} of your data by someone else, newest first.`),
    h("ul", { class: "plain", "aria-label": "Who looked" }, ...log.records.map((r) => h("li", {},
      h("strong", {}, r.viewer_name), ` read your ${WHAT[r.what] || r.what} in ${r.group_name}`,
      r.detail ? h("span", { class: "muted small" }, ` (${r.detail})`) : null,
      h("br"), h("span", { class: "muted small" }, when(r.at))))));
}

export async function groups(view, ctx, code) {
  const list = await api("/groups");
  const name = h("input", { maxlength: 100, required: true, placeholder: "e.g. Hernia partners" });
  const createMessage = h("div");
  const createForm = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    createMessage.replaceChildren();
    try {
      const group = await api("/groups", { method: "POST", body: { name: name.value } });
      location.hash = `#/groups/${group.id}`;
    } catch (error) { createMessage.append(notice("bad", problemText(error))); }
  } }, field("Group name", name, "You become its admin. Nobody shares anything until they choose to."), createMessage,
  h("button", { type: "submit" }, "Create group"));

  const codeInput = h("input", { value: code || "", maxlength: 40, required: true, autocomplete: "off", autocapitalize: "characters", placeholder: "XXXX-XXXX-XXXX" });
  const joinMessage = h("div");
  const joinForm = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    joinMessage.replaceChildren();
    try {
      const group = await api("/groups/join", { method: "POST", body: { code: codeInput.value } });
      toast(`Joined ${group.name}`);
      location.hash = `#/groups/${group.id}`;
    } catch (error) { joinMessage.append(notice("bad", problemText(error))); }
  } }, field("Invitation code", codeInput, "From the group's admin; it works once."), joinMessage,
  h("button", { type: "submit" }, "Join group"));

  mount(view, h("h2", {}, "Groups"),
    list.length ? h("ul", { class: "plain", "aria-label": "Your groups" }, ...list.map((g) => h("li", { class: "card" },
      h("a", { href: `#/groups/${g.id}` }, g.name), h("br"),
      h("span", { class: "muted small" }, `${g.my_role} · ${g.members.length} people · you share: ${g.my_scope}${g.my_case_log ? " + case log" : ""}`))))
      : h("p", { class: "muted" }, "You are in no group yet."),
    h("h3", {}, "Join with a code"), joinForm,
    h("h3", {}, "Create a group"), createForm,
    await accessLogSection());
}

function dashboardTable(board) {
  if (!board.members.length) return h("p", { class: "muted" }, "No member shares their totals with this group yet.");
  return h("table", { "aria-label": "Group dashboard" },
    h("thead", {}, h("tr", {}, h("th", {}, "Member"), h("th", { class: "num" }, "Range wRVU"),
      h("th", { class: "num" }, "Year to date (goal)"), h("th", { class: "num" }, "Pace"), h("th", {}, "Benchmark"))),
    h("tbody", {}, ...board.members.map((m) => h("tr", {},
      h("th", { scope: "row" }, m.display_name),
      h("td", { class: "num" }, num(m.total_credited_wrvu)),
      h("td", { class: "num" }, m.annual_goal ? `${num(m.annual_goal.achieved)} (${num(m.annual_goal.percent, 1)}%)` : num(m.pace.year_to_date)),
      h("td", { class: "num" }, num(m.pace.projected_year_end)),
      h("td", {}, m.benchmark_text || "–")))));
}

export async function group(view, ctx, id) {
  const g = await api(`/groups/${id}`);
  const reader = g.my_role === "admin" || g.my_role === "viewer";
  const sharer = g.my_role === "admin" || g.my_role === "member";
  const parts = [h("h2", {}, g.name), h("p", { class: "muted small" }, `You are ${g.my_role === "admin" ? "an" : "a"} ${g.my_role}. `, h("a", { href: "#/groups" }, "All groups"))];

  if (reader) {
    const board = await api(`/groups/${id}/dashboard`);
    parts.push(h("h3", {}, `Dashboard, ${board.start} to ${board.end}`), dashboardTable(board),
      h("p", {},
        h("button", { type: "button", onclick: () => download(`/groups/${id}/dashboard?format=csv`, `group-${board.start}-to-${board.end}.csv`) }, "CSV"), " ",
        h("button", { type: "button", onclick: () => download(`/groups/${id}/dashboard?format=xlsx`, `group-${board.start}-to-${board.end}.xlsx`) }, "Excel")),
      h("p", { class: "muted small" }, "Each member's figures are their own, and each look is in their access log."));
  }

  if (sharer) {
    const scope = h("select", {}, ...SCOPES.map(([v, label]) => h("option", { value: v }, label)));
    scope.value = g.my_scope;
    const caseLog = h("input", { type: "checkbox" });
    caseLog.checked = g.my_case_log;
    const message = h("div", { "aria-live": "polite" });
    parts.push(h("h3", {}, "What you share"), h("form", { onsubmit: async (event) => {
      event.preventDefault();
      message.replaceChildren();
      try {
        await api(`/groups/${id}/sharing`, { method: "PUT", body: { scope: scope.value, case_log: caseLog.checked } });
        message.append(notice("ok", scope.value === "none" && !caseLog.checked ? "Sharing stopped: nobody in the group can read your data from now on." : "Saved: it applies to the very next read."));
      } catch (error) { message.append(notice("bad", problemText(error))); }
    } }, field("Share with this group's admins and viewers", scope),
    h("label", { class: "check" }, caseLog, " My case-log progress (residents)"), message,
    h("button", { type: "submit" }, "Save sharing")));
  }

  parts.push(h("h3", {}, "People"), h("ul", { class: "plain", "aria-label": "People in the group" }, ...g.members.map((m) => h("li", {},
    h("strong", {}, m.display_name), ` · ${m.role}`, m.scope !== null ? h("span", { class: "muted small" }, ` · shares ${m.scope}${m.case_log ? " + case log" : ""}`) : null))));

  if (g.my_role === "admin") {
    const role = h("select", {}, ...ROLES.map(([v, label]) => h("option", { value: v }, label)));
    const made = h("div", { "aria-live": "polite" });
    parts.push(h("h3", {}, "Invite"), h("form", { onsubmit: async (event) => {
      event.preventDefault();
      made.replaceChildren();
      try {
        const invitation = await api(`/groups/${id}/invitations`, { method: "POST", body: { role: role.value } });
        const link = `${location.origin}${invitation.join_path}`;
        made.append(h("p", {}, "Code (works once, until ", longDate(invitation.expires_at.slice(0, 10)), "): ",
          h("strong", { "data-testid": "invitation-code" }, invitation.code)), h("p", { class: "small" }, "Link: ", h("a", { href: link }, link)));
      } catch (error) { made.append(notice("bad", problemText(error))); }
    } }, field("Role", role), made, h("button", { type: "submit" }, "Make a code")));
  }

  const leaveMessage = h("div");
  parts.push(h("h3", {}, "Leave"), leaveMessage, h("button", { type: "button", class: "danger", onclick: async () => {
    leaveMessage.replaceChildren();
    try {
      await api(`/groups/${id}/members/me`, { method: "DELETE" });
      toast(`You left ${g.name}`);
      location.hash = "#/groups";
    } catch (error) { leaveMessage.append(notice("bad", problemText(error))); }
  } }, "Leave this group"));
  mount(view, ...parts);
}
