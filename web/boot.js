// Starts the wasm app (a file, not an inline script, for the CSP; see Trunk.toml), and makes
// sure a failure never leaves a blank page.
//
// The page's wasm is built with panic=immediate-abort (xtask/src/tools.rs): a Rust panic is a
// WebAssembly trap, a `WebAssembly.RuntimeError` thrown to whichever JS called into the app —
// `init` below, an event listener, a timer or a promise job. Each of those paths ends here and
// shows the banner. It is built with createElement + textContent only, never innerHTML.
const here = new URL(import.meta.url);
const js = new URL(here.searchParams.get("js"), here);
const wasm = new URL(here.searchParams.get("wasm"), here);

function showBanner(title, detail, hint) {
  if (document.getElementById("panic-banner")) return;
  const banner = document.createElement("div");
  banner.id = "panic-banner";
  banner.className = "panic-banner";
  banner.setAttribute("role", "alert");
  const parts = [
    ["strong", "panic-title", title],
    ["p", "panic-message", detail],
    ["p", "panic-hint", hint],
  ];
  for (const [tag, className, text] of parts) {
    const el = document.createElement(tag);
    el.className = className;
    el.textContent = text;
    banner.append(el);
  }
  document.body.prepend(banner);
  // The app behind the banner no longer responds: say so visually (see css/lab.css).
  document.body.setAttribute("data-crashed", "true");
}

function crashed(error) {
  if (!(error instanceof WebAssembly.RuntimeError)) return false;
  console.error("Consensus Lab stopped:", error);
  showBanner(
    "Consensus Lab stopped because of an internal error.",
    `${error}`,
    "Reload the page to start again. If it keeps happening, please report it with the page's link and the steps that led here.",
  );
  return true;
}

addEventListener("error", (event) => crashed(event.error));
addEventListener("unhandledrejection", (event) => crashed(event.reason));

try {
  const { default: init } = await import(js.href);
  await init({ module_or_path: wasm.href });
} catch (error) {
  if (!crashed(error)) {
    console.error("Consensus Lab failed to start:", error);
    showBanner(
      "Consensus Lab could not start.",
      `${error}`,
      "It needs a current browser with WebAssembly enabled. Reload the page to try again.",
    );
  }
}
