// Shared by the e2e tests and the browser benchmark: launching the system Chromium, serving
// dist/, opening pages and driving the timeline.

import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateRawSync } from "node:zlib";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const distDir = resolve(process.env.CONLAB_DIST ?? join(here, "..", "dist"));
export const outDir = resolve(process.env.CONLAB_E2E_OUT ?? join(here, "out"));
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Headless Chromium with the flags that work as root on this kind of machine. */
export function launch() {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * A fresh page at `url`, opened paused (reduced motion), recording console errors and
 * uncaught page errors in `problems`.
 */
export async function openPage(browser, url, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, reducedMotion: "reduce" });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(url);
  await page.locator("[data-node]").first().waitFor();
  return { page, context, problems };
}

/** Drag the scrubber to `ms` (one `input` event, as a drag makes) and wait for the redraw. */
export async function seek(page, ms) {
  await page.locator(".scrubber-input").evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, ms);
  await page.waitForFunction((v) => document.querySelector("[data-time-ms]").dataset.timeMs === String(v), ms);
}

/** A scenario as a share-link fragment, encoded as the page does (raw DEFLATE, base64url). */
export function linkFor(scenario) {
  return "#1." + deflateRawSync(Buffer.from(JSON.stringify(scenario)), { level: 9 }).toString("base64url");
}

/** A documented scenario file (docs/scenarios/NAME.json), parsed. */
export function scenarioFile(name) {
  return JSON.parse(readFileSync(join(here, "..", "docs", "scenarios", `${name}.json`), "utf8"));
}
