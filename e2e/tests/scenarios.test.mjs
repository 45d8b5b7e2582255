// End-to-end: every documented scenario (docs/scenarios/) opens in the page as a share link,
// read by the browser's own DecompressionStream and JSON (web/js/codec.js): no notice, the
// right protocol and cluster size. Catches a file the native parser reads but the page would
// refuse (or the reverse).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { linkFor, openPage, scenarioFile, servedLab } from "../lib.mjs";

const docs = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "scenarios");
let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

test("every documented scenario opens in the page as a link", async () => {
  const names = readdirSync(docs).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5));
  assert.ok(names.length >= 8);
  const { page, context, problems } = await openPage(browser, base);
  try {
    for (const name of names) {
      const scenario = scenarioFile(name);
      // A fresh document each time (a hash-only goto would stay in the same one).
      await page.goto("about:blank");
      await page.goto(base + linkFor(scenario));
      await page.locator("[data-node]").first().waitFor();
      await page.waitForFunction(() => !document.querySelector("[data-opening]"));
      const notice = await page.locator("[data-notice]").allInnerTexts();
      assert.deepEqual(notice, [], name);
      assert.equal(await page.locator(".shell").getAttribute("data-protocol"), scenario.protocol, name);
      // Stages may draw servers twice (compare mode is not a scenario file): one per node here.
      assert.equal(await page.locator("svg [data-node]").count(), scenario.nodes, name);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
