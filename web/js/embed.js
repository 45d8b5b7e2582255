// Embed mode's contact with the host page (web/src/embed.rs; docs/embed.md): the forced theme,
// starting only when scrolled into view, and the postMessage API. Plain DOM work, cheaper
// here than in the wasm.

let target = "*";

/**
 * Start embed mode: mark the body, force `theme` ("light" or "dark"; "auto" follows the
 * system), report visibility changes to `onVisible(bool)`, and pass every valid command from
 * the host to `onCommand(kind, ms, link)`. Messages from an origin other than `allowed` (the
 * lab's own origin unless the embed's `origin=` says otherwise) are ignored, and so is anything
 * malformed; the lab's own messages go to `allowed` only.
 */
export function startEmbed(theme, allowed, onVisible, onCommand) {
  document.body.dataset.embed = "";
  target = allowed;
  if (theme === "light" || theme === "dark") forceTheme(theme);
  new IntersectionObserver((entries) => {
    for (const entry of entries) onVisible(entry.isIntersecting);
  }).observe(document.body);
  addEventListener("message", (event) => {
    if ((allowed !== "*" && event.origin !== allowed) || event.source !== parent) return;
    const data = event.data;
    if (typeof data !== "object" || data === null || typeof data.conlab !== "string") return;
    const ms = data.ms;
    const link = data.link;
    switch (data.conlab) {
      case "play":
      case "pause":
      case "step":
        return onCommand(data.conlab, 0, "");
      case "seek":
        if (Number.isSafeInteger(ms) && ms >= 0) onCommand("seek", ms, "");
        return;
      case "load":
        if (typeof link === "string" && link.length <= 100000) onCommand("load", 0, link);
        return;
    }
  });
}

/** Send one of the lab's events (JSON text of an object with a `conlab` key) to the host. */
export function post(json) {
  if (parent !== window) parent.postMessage(JSON.parse(json), target);
}

/** Make the stylesheet's `prefers-color-scheme: dark` rules apply always, or never. */
function forceTheme(theme) {
  document.documentElement.style.colorScheme = theme;
  for (const sheet of document.styleSheets) {
    let rules;
    try {
      rules = sheet.cssRules;
    } catch {
      continue;
    }
    for (const rule of rules) {
      if (rule instanceof CSSMediaRule && rule.media.mediaText.includes("prefers-color-scheme: dark")) {
        rule.media.mediaText = theme === "dark" ? "all" : "not all";
      }
    }
  }
}
