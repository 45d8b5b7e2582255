// Starts the wasm app (a file, not an inline script, for the CSP; see Trunk.toml).
const here = new URL(import.meta.url);
const js = new URL(here.searchParams.get("js"), here);
const wasm = new URL(here.searchParams.get("wasm"), here);

try {
  const { default: init } = await import(js.href);
  await init({ module_or_path: wasm.href });
} catch (error) {
  console.error("Consensus Lab failed to start:", error);
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
