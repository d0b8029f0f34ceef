// An address the app does not know: say so and offer the way home.

import { h, mount } from "../ui.js";

export function notFound(view) {
  mount(view, h("h2", {}, "Not found"),
    h("p", {}, "This address is not a screen of rvuedge."),
    h("p", {}, h("a", { href: "#/" }, "Go to Home")));
}
