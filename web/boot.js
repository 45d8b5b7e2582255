// Starts the wasm app. It is a file of its own, not an inline <script>, so that the page's
// Content-Security-Policy can forbid inline scripts (script-src 'self' 'wasm-unsafe-eval').
// Trunk.toml's `pattern_script` loads it as `boot.js?js=<glue.js>&wasm=<app.wasm>`; both names
// are resolved against this file's own URL, so the site works from any sub-path.
const here = new URL(import.meta.url);
const js = new URL(here.searchParams.get("js"), here);
const wasm = new URL(here.searchParams.get("wasm"), here);

try {
  const { default: init } = await import(js.href);
  await init({ module_or_path: wasm.href });
} catch (error) {
  console.error("Consensus Lab failed to start:", error);
  // A Rust panic has already explained itself in #panic-banner; otherwise say what happened.
  if (!document.getElementById("panic-banner")) {
    const banner = document.createElement("div");
    banner.id = "panic-banner";
    banner.className = "panic-banner";
    banner.setAttribute("role", "alert");
    const title = document.createElement("strong");
    title.className = "panic-title";
    title.textContent = "Consensus Lab could not start.";
    const detail = document.createElement("p");
    detail.className = "panic-message";
    detail.textContent = String(error);
    const hint = document.createElement("p");
    hint.className = "panic-hint";
    hint.textContent = "It needs a current browser with WebAssembly enabled. Reload the page to try again.";
    banner.append(title, detail, hint);
    document.body.prepend(banner);
    document.body.setAttribute("data-crashed", "true");
  }
}
