// Saved scenarios (issue 14 item 6): a run's share link kept under a name in this browser's
// localStorage, one key per scenario. Two custom elements carry the whole feature, so the wasm
// only writes their tags: <conlab-save link name> (the Share dialog's "Save in this browser")
// and <conlab-saved> (the Scenarios dialog's "My scenarios": open, rename, delete). Names and
// links are user text: they only ever reach the page as text nodes and attribute values.

const PREFIX = "conlab.saved.";
const FULL = "This browser's storage for the lab is full: delete a saved scenario and try again.";
const BLOCKED = "This browser does not let the lab save anything (private mode or blocked storage).";

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Every saved scenario, newest first: `{name, link, saved}` or `{name, broken: true}`. */
export function savedScenarios() {
  const store = storage();
  if (!store) return [];
  const all = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    const name = key.slice(PREFIX.length);
    try {
      const entry = JSON.parse(store.getItem(key));
      if (typeof entry?.link !== "string" || typeof entry.saved !== "number") throw 0;
      all.push({ name, link: entry.link, saved: entry.saved });
    } catch {
      all.push({ name, broken: true, saved: Infinity });
    }
  }
  return all.sort((a, b) => b.saved - a.saved || a.name.localeCompare(b.name));
}

/** Keep `link` (its fragment) as `name`; "" when done, else a sentence saying why not. */
export function saveScenario(name, link) {
  const store = storage();
  if (!store) return BLOCKED;
  try {
    store.setItem(PREFIX + name, JSON.stringify({ link: link.slice(link.indexOf("#") + 1), saved: Date.now() }));
    return "";
  } catch {
    return FULL;
  }
}

function renameScenario(from, to) {
  const store = storage();
  const text = store?.getItem(PREFIX + from);
  if (text == null) return `“${from}” is no longer saved.`;
  if (store.getItem(PREFIX + to) != null) return `A saved scenario is already called “${to}”.`;
  try {
    store.setItem(PREFIX + to, text);
  } catch {
    return FULL;
  }
  store.removeItem(PREFIX + from);
  return "";
}

function el(tag, attrs = {}, text = "") {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
}

function button(text, onclick, label) {
  const b = el("button", { type: "button", class: "btn" }, text);
  if (label) b.setAttribute("aria-label", label);
  b.onclick = onclick;
  return b;
}

function validName(name) {
  const trimmed = name.trim();
  if (!trimmed) return [null, "Give the scenario a name."];
  if (trimmed.length > 80) return [null, "A name is at most 80 characters."];
  return [trimmed, ""];
}

/** <conlab-save link="…" name="…">: a name field and a Save button for the run's link. */
class Save extends HTMLElement {
  connectedCallback() {
    if (this.firstChild) return;
    const field = el("input", { type: "text", class: "saved-name", "aria-label": "Name to save this run under", maxlength: "80" });
    field.value = this.getAttribute("name") || "My scenario";
    const status = el("p", { class: "dialog-hint", role: "status", "data-save-status": "" });
    const save = button("Save", () => {
      const [name, problem] = validName(field.value);
      const link = this.getAttribute("link");
      const replaced = name && savedScenarios().some((s) => s.name === name);
      const error = problem || (link ? saveScenario(name, link) : "The link is still being packed; try again in a moment.");
      status.textContent = error || `Saved as “${name}”${replaced ? " (replacing the one saved before)" : ""}. Find it under Scenarios → My scenarios.`;
      status.dataset.error = error ? "true" : "false";
    });
    save.dataset.saveScenario = "";
    field.onkeydown = (e) => {
      if (e.key === "Enter") save.click();
    };
    const row = el("div", { class: "actions" });
    row.append(field, save);
    this.append(el("h3", {}, "Save in this browser"), row, status);
  }
}

/** <conlab-saved>: "My scenarios", each with Open, Rename and Delete. */
class Saved extends HTMLElement {
  connectedCallback() {
    this.render("");
  }

  render(message) {
    const all = savedScenarios();
    const status = el("p", { class: "dialog-hint", role: "status", "data-saved-status": "" }, message);
    const broken = all.filter((s) => s.broken).map((s) => `“${s.name}”`);
    if (broken.length && !message) {
      status.textContent = `${broken.join(", ")} could not be read (damaged in this browser's storage); it is kept until you delete it.`;
      status.dataset.error = "true";
    }
    const list = el("ul", { class: "saved-list" });
    for (const s of all) list.append(this.entry(s));
    const heading = el("h3", {}, "My scenarios");
    const empty = el("p", { class: "dialog-hint" }, "None yet: Share → “Save in this browser” keeps the run you are watching here.");
    this.replaceChildren(heading, all.length ? list : empty, status);
  }

  entry(s) {
    const item = el("li", { "data-saved": s.name });
    const name = el("span", { class: "saved-title" }, s.name);
    const when = el("span", { class: "saved-when" }, s.broken ? "damaged" : new Date(s.saved).toLocaleString());
    const open = button("Open", () => {
      history.pushState(null, "", `#${s.link}`);
      location.reload();
    }, `Open ${s.name}`);
    open.disabled = !!s.broken;
    const rename = button("Rename", () => this.renaming(item, s), `Rename ${s.name}`);
    const remove = button("Delete", () => {
      storage()?.removeItem(PREFIX + s.name);
      this.render(`Deleted “${s.name}”.`);
    }, `Delete ${s.name}`);
    item.append(name, when, open, rename, remove);
    return item;
  }

  renaming(item, s) {
    const field = el("input", { type: "text", class: "saved-name", "aria-label": `New name for ${s.name}`, maxlength: "80" });
    field.value = s.name;
    const done = button("Save name", () => {
      const [to, problem] = validName(field.value);
      const error = problem || (to === s.name ? "" : renameScenario(s.name, to));
      this.render(error || `Renamed to “${to}”.`);
    });
    const cancel = button("Cancel", () => this.render(""));
    // Escape closes the whole dialog (dialog.rs), which cancels the rename too.
    field.onkeydown = (e) => {
      if (e.key === "Enter") done.click();
    };
    item.replaceChildren(field, done, cancel);
    field.focus();
    field.select();
  }
}

/** Define the two elements (once, at start). */
export function defineSaved() {
  if (!customElements.get("conlab-saved")) {
    customElements.define("conlab-save", Save);
    customElements.define("conlab-saved", Saved);
  }
}
