// End-to-end: drive the built page (dist/) in headless Chromium through playwright-core.
//
// Run by `cargo xtask test` (which builds dist/ first). Environment:
//   CONLAB_DIST      directory to serve (default: ../../dist relative to this file)
//   CHROMIUM_PATH    browser binary (default: /usr/bin/chromium)
//   CONLAB_E2E_OUT   where screenshots go (default: e2e/out)

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const distDir = resolve(process.env.CONLAB_DIST ?? join(here, "..", "..", "dist"));
const outDir = resolve(process.env.CONLAB_E2E_OUT ?? join(here, "..", "out"));
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let browser;
let profileDir;
const servers = [];

async function serve(prefix) {
  const { server, url } = await startServer({ dir: distDir, prefix });
  servers.push(server);
  return url;
}

/** A fresh page that records console errors and uncaught page errors. */
async function openPage(url) {
  // Reduced motion: the lab then opens paused instead of autoplaying.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: "reduce" });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  await page.goto(url);
  return { page, context, problems };
}

before(async () => {
  mkdirSync(outDir, { recursive: true });
  profileDir = mkdtempSync(join(tmpdir(), "conlab-e2e-"));
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
  for (const server of servers) server.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

describe("shell", () => {
  test("mounts, shows the lab and toggles play/pause", async () => {
    const { page, context, problems } = await openPage(await serve("/"));
    try {
      await page.getByRole("heading", { name: "Consensus Lab" }).waitFor();
      assert.equal(await page.locator("svg.stage-svg .node").count(), 5);
      assert.match(await page.locator("footer").innerText(), /Consensus Lab v\d+\.\d+\.\d+/);

      const play = page.getByRole("button", { name: "Play", exact: true });
      await play.click();
      const pause = page.getByRole("button", { name: "Pause", exact: true });
      await pause.waitFor();
      // While playing, the simulated clock moves.
      await page.waitForFunction(
        () => document.querySelector(".clock-value")?.textContent !== "0.000 s",
        null,
        { timeout: 10_000 },
      );
      await page.screenshot({ path: join(outDir, "shell-playing.png") });
      await pause.click();
      await page.getByRole("button", { name: "Play", exact: true }).waitFor();

      // Keyboard: focus the toggle and press Space.
      await page.getByRole("button", { name: "Play", exact: true }).focus();
      await page.keyboard.press("Space");
      await page.getByRole("button", { name: "Pause", exact: true }).waitFor();

      assert.equal(await page.locator("#panic-banner").count(), 0, "no panic banner");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("dist works when served from a sub-path", async () => {
    const url = await serve("/sub/");
    assert.ok(url.endsWith("/sub/"));
    const { page, context, problems } = await openPage(url);
    try {
      await page.getByRole("heading", { name: "Consensus Lab" }).waitFor();
      await page.getByRole("button", { name: "Play", exact: true }).click();
      await page.getByRole("button", { name: "Pause", exact: true }).waitFor();
      await page.screenshot({ path: join(outDir, "shell-subpath.png") });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  // The page's wasm aborts on panic (a WebAssembly trap, no message): boot.js shows the banner.
  test("a Rust panic shows a visible banner instead of a blank page", async () => {
    const base = await serve("/panic/");
    for (const suffix of ["#panic-test", "?panic=1"]) {
      const { page, context } = await openPage(base + suffix);
      try {
        const banner = page.locator("#panic-banner[role=alert]");
        await banner.waitFor();
        const text = await banner.innerText();
        assert.match(text, /stopped because of an internal error/);
        assert.match(text, /RuntimeError/);
        assert.match(text, /Reload the page/);
        assert.equal(await page.locator("body[data-crashed]").count(), 1, "the dead app is dimmed");
        // The shell that rendered before the panic is still there.
        await page.getByRole("heading", { name: "Consensus Lab" }).waitFor();
        await page.screenshot({ path: join(outDir, `panic-banner${suffix.startsWith("#") ? "-hash" : "-query"}.png`) });
      } finally {
        await context.close();
      }
    }
  });
});
