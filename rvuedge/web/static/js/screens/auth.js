// Sign in and sign up. A session that ended keeps the unsaved case (the log draft is in
// localStorage) and returns to where the physician was.

import { api, tokens } from "../api.js";
import { field, h, mount, notice, problemText } from "../ui.js";

async function signInWith(ctx, email, password, { newAccount = false } = {}) {
  const pair = await api("/auth/token", { method: "POST", form: { username: email, password }, auth: false });
  tokens.set(pair);
  ctx.me = null;
  // A new account takes this browser's time zone (Settings can change it).
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (newAccount && zone) await api("/me", { method: "PATCH", body: { time_zone: zone } }).catch(() => null);
  const back = sessionStorage.getItem("rvuedge.return") || "#/";
  sessionStorage.removeItem("rvuedge.return");
  location.hash = back;
}

export async function signIn(view, ctx) {
  const email = h("input", { type: "email", autocomplete: "username", required: true, name: "email" });
  const password = h("input", { type: "password", autocomplete: "current-password", required: true, name: "password" });
  const message = h("div");
  const form = h("form", {
    onsubmit: async (event) => {
      event.preventDefault();
      message.replaceChildren();
      try {
        await signInWith(ctx, email.value.trim(), password.value);
      } catch (error) {
        message.append(notice("bad", problemText(error)));
      }
    },
  },
  field("Email", email),
  field("Password", password),
  message,
  h("p", {}, h("button", { type: "submit", class: "primary" }, "Sign in")));
  mount(view, h("h2", {}, "Sign in"), form,
    h("p", {}, "New here? ", h("a", { href: "#/signup" }, "Create an account")));
  email.focus();
}

export async function signUp(view, ctx) {
  const name = h("input", { autocomplete: "name", required: true, maxlength: 100, name: "display_name" });
  const email = h("input", { type: "email", autocomplete: "username", required: true, name: "email" });
  const password = h("input", { type: "password", autocomplete: "new-password", required: true, minlength: 10, name: "password" });
  const message = h("div");
  const form = h("form", {
    onsubmit: async (event) => {
      event.preventDefault();
      message.replaceChildren();
      try {
        await api("/auth/register", {
          method: "POST",
          auth: false,
          body: { email: email.value.trim(), password: password.value, display_name: name.value.trim() },
        });
        sessionStorage.setItem("rvuedge.return", "#/settings");
        await signInWith(ctx, email.value.trim(), password.value, { newAccount: true });
      } catch (error) {
        message.append(notice("bad", problemText(error)));
      }
    },
  },
  field("Your name as it should appear on reports", name),
  field("Email", email),
  field("Password", password, "At least 10 characters; not a common password."),
  message,
  h("p", {}, h("button", { type: "submit", class: "primary" }, "Create account")));
  mount(view, h("h2", {}, "Create your account"),
    h("p", { class: "muted" }, "No patient information is ever asked for or stored."),
    form, h("p", {}, "Have an account? ", h("a", { href: "#/signin" }, "Sign in")));
  name.focus();
}
