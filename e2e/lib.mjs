// Shared by the e2e tests and the browser benchmark: launching the system Chromium, serving
// dist/, opening pages and driving the timeline.

import { mkdirSync, readFileSync } from "node:fs";
import { after, before } from "node:test";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateRawSync } from "node:zlib";
import { chromium } from "playwright-core";
import { startServer } from "./server.mjs";

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

/** The two screens every UI test checks. */
export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

/**
 * A fresh page at `url`, opened paused (reduced motion), recording console errors and
 * uncaught page errors in `problems`.
 */
export async function openPage(browser, url, viewport = { width: 1280, height: 900 }, options = {}) {
  const context = await browser.newContext({ viewport, reducedMotion: "reduce", ...options });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(url);
  await page.locator("[data-node]").first().waitFor();
  // A link in the address bar is unpacked asynchronously (DecompressionStream).
  await page.waitForFunction(() => !document.querySelector("[data-opening]"));
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

/** Pause playback if it is running (opening a scenario starts it). */
export async function pause(page) {
  const toggle = page.locator(".play-toggle");
  if ((await toggle.getAttribute("aria-label")) === "Pause") await toggle.click();
  await page.locator(".play-toggle[aria-label=Play]").waitFor();
}

/** A scenario as a share-link fragment, encoded as the page does (raw DEFLATE, base64url). */
export function linkFor(scenario) {
  return "#1." + deflateRawSync(Buffer.from(JSON.stringify(scenario)), { level: 9 }).toString("base64url");
}

/** A documented scenario file (docs/scenarios/NAME.json), parsed. */
export function scenarioFile(name) {
  return JSON.parse(readFileSync(join(here, "..", "docs", "scenarios", `${name}.json`), "utf8"));
}

/** axe-core's browser build (e2e/package.json installs it). */
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/**
 * The serious and critical axe-core violations under `selector` (the whole page by default),
 * as `rule: help (n nodes: targets)` lines. The page's CSP forbids injected scripts, so the
 * page must come from a context made with `bypassCSP: true`.
 */
export async function axeViolations(page, selector = "body") {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async (selector) => {
    const result = await window.axe.run(document.querySelector(selector));
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")})`);
  }, selector);
}

/**
 * For a test file: before its tests, launch Chromium and serve dist/ at "/", handing both to
 * `ready(browser, base)`; after them, close both.
 */
export function servedLab(ready) {
  let browser;
  let server;
  before(async () => {
    mkdirSync(outDir, { recursive: true });
    browser = await launch();
    const served = await startServer({ dir: distDir, prefix: "/" });
    server = served.server;
    ready(browser, served.url);
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });
}
