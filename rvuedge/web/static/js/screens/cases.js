// Case history: every case, newest first, a page at a time (More, or on scrolling to the end);
// a search over code, name, site and note; a date range and a site. Tap a case to edit or delete it.
// Home's list and Reports' months and codes lead here with the filter in the address
// (#/cases?q=47562, #/cases?start=2026-11-01&end=2026-11-30).

import { api } from "../api.js";
import { field, h, mount, notice, problemText } from "../ui.js";
import { caseRow } from "./home.js";

const PAGE = 25;

export function casesLink(filters) {
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  return `#/cases${query ? `?${query}` : ""}`;
}

export async function cases(view, ctx, query = "") {
  const given = new URLSearchParams(query || "");
  const search = h("input", { type: "search", name: "q", value: given.get("q") || "", placeholder: "Code, name, site or note", autocomplete: "off" });
  const start = h("input", { type: "date", name: "start", value: given.get("start") || "", max: ctx.today() });
  const end = h("input", { type: "date", name: "end", value: given.get("end") || "", max: ctx.today() });
  const site = h("input", { name: "site", value: given.get("site") || "", list: "history-sites", maxlength: 100, autocomplete: "off" });
  const siteList = h("datalist", { id: "history-sites" });
  const count = h("p", { class: "muted small", role: "status" });
  const list = h("div", { "data-testid": "history" });
  const message = h("div");
  const more = h("button", { type: "button", hidden: true, onclick: () => load(false) }, "More");
  let offset = 0;
  let run = 0;
  let busy = false;

  function filters() {
    return { q: search.value.trim(), start: start.value, end: end.value, site: site.value.trim() };
  }

  async function load(reset) {
    if (busy && !reset) return;
    const mine = reset ? ++run : run;
    if (reset) offset = 0;
    busy = true;
    const f = filters();
    const params = new URLSearchParams(Object.entries(f).filter(([, v]) => v));
    params.set("limit", PAGE);
    params.set("offset", offset);
    try {
      const page = await api(`/cases?${params}`);
      // A search typed just before opening a case answers after the screen is gone: it must not
      // put the history's address back over the case being edited.
      if (mine !== run || !view.isConnected) return;
      if (reset) {
        list.replaceChildren();
        history.replaceState(null, "", casesLink(f));
        sessionStorage.setItem("rvuedge.back", casesLink(f));
      }
      list.append(...page.items.map(caseRow));
      offset += page.items.length;
      const filtered = Object.values(f).some(Boolean);
      count.textContent = `${page.total} case${page.total === 1 ? "" : "s"}${filtered ? " match" : ""}; showing ${offset}.`;
      more.hidden = offset >= page.total;
      message.replaceChildren(page.total ? "" : h("p", { class: "muted" }, filtered ? "No case matches these filters." : "No cases yet. ", filtered ? null : h("a", { href: "#/log" }, "Log your first case")));
    } catch (error) {
      if (mine === run) message.replaceChildren(notice("bad", problemText(error)));
    } finally {
      busy = false;
    }
  }

  let timer = null;
  const soon = () => { clearTimeout(timer); timer = setTimeout(() => load(true), 250); };
  search.addEventListener("input", soon);
  for (const input of [start, end, site]) input.addEventListener("change", () => load(true));
  const clear = h("button", { type: "button", onclick: () => {
    search.value = ""; start.value = ""; end.value = ""; site.value = ""; load(true);
  } }, "Clear filters");

  mount(view, h("h2", {}, "Cases"),
    field("Search cases", search),
    h("div", { class: "row" }, field("From", start), field("To", end)),
    field("Site", site), siteList,
    h("p", {}, clear),
    count, message, list, more);
  // Endless scroll: the More button coming into view loads the next page.
  if ("IntersectionObserver" in window) {
    const watcher = new IntersectionObserver((entries) => {
      if (!view.isConnected) { watcher.disconnect(); return; }
      if (entries.some((e) => e.isIntersecting) && !more.hidden) load(false);
    });
    watcher.observe(more);
  }
  await load(true);
  const sites = await api("/me/sites").catch(() => []);
  siteList.replaceChildren(...(Array.isArray(sites) ? sites : []).map((s) => h("option", { value: s.name })));
}
