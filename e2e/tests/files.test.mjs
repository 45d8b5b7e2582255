// End-to-end: export and import (issue 14 item 5). The Share dialog downloads the scenario as
// JSON, the stage as SVG and PNG and the run's trace as JSON; a scenario file opens by the file picker and by a drop on
// the page (export → import → the same run); a bad file gets a one-sentence notice.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LAPTOP, linkFor, openPage, outDir, scenarioFile, seek, servedLab } from "../lib.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

async function downloadFrom(page, name) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name }).click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

/** Drop a file with this name and text on the page, as a user dragging it from a folder would. */
function drop(page, name, text) {
  return page.evaluate(([name, text]) => {
    const data = new DataTransfer();
    data.items.add(new File([text], name, { type: "application/json" }));
    document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
  }, [name, text]);
}

describe("files", () => {
  test("the scenario exports as JSON and comes back by the file picker and by a drop", async () => {
    const { page, context, problems } = await openPage(browser, `${base}#guide/4/5`, LAPTOP, { acceptDownloads: true });
    try {
      await page.locator("[data-tour-step]").waitFor();
      await page.getByRole("button", { name: "Share", exact: true }).click();
      const json = await downloadFrom(page, "Scenario (.json)");
      assert.equal(json.name, "guide-4-5-adding-and-removing-servers.json");
      const scenario = JSON.parse(json.bytes.toString("utf8"));
      assert.equal(scenario.protocol, "raft");
      assert.deepEqual(scenario.raft.voters, [1, 2, 3]);
      assert.ok(scenario.tour.length >= 2, "the tour travels in the file");
      await page.keyboard.press("Escape");

      // Back through the picker, renamed so we can tell it arrived.
      const dir = mkdtempSync(join(tmpdir(), "conlab-files-"));
      const file = join(dir, "mine.json");
      writeFileSync(file, JSON.stringify({ ...scenario, name: "Mine, from a file" }));
      await page.getByRole("button", { name: "Share", exact: true }).click();
      const [chooser] = await Promise.all([
        page.waitForEvent("filechooser"),
        page.getByRole("button", { name: "Open a scenario file…" }).click(),
      ]);
      await chooser.setFiles(file);
      await page.locator('[data-scenario-name="Mine, from a file"]').waitFor();
      assert.equal(await page.locator("[data-tour-step]").count(), 1, "it plays as a tour again");

      // And by a drop anywhere on the page.
      await drop(page, "dropped.json", JSON.stringify({ ...scenario, name: "Dropped here" }));
      await page.locator('[data-scenario-name="Dropped here"]').waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("the run up to the cursor exports as a trace file, the format conlab run --trace --json writes", async () => {
    const scenario = scenarioFile("raft-leader-crash");
    const { page, context, problems } = await openPage(browser, base + linkFor(scenario), LAPTOP, { acceptDownloads: true });
    try {
      const play = page.locator(".play-toggle");
      if ((await play.getAttribute("aria-label")) === "Pause") await play.click();
      await seek(page, 1000);
      const step = Number(await page.locator("[data-step]").getAttribute("data-step"));
      await page.getByRole("button", { name: "Share", exact: true }).click();
      const file = await downloadFrom(page, "Trace (.json)");
      assert.equal(file.name, "raft-the-leader-crashes-trace.json");
      const trace = JSON.parse(file.bytes.toString("utf8"));
      assert.equal(trace.format, "consensus-lab-trace");
      assert.equal(trace.version, 1);
      assert.equal(trace.scenario.name, scenario.name);
      assert.equal(trace.runs.length, 1);
      const steps = trace.runs[0].steps;
      assert.equal(steps.length, step, "every step up to the cursor");
      assert.deepEqual(steps.map((s) => s.step), steps.map((_, i) => i + 1));
      assert.ok(steps.every((s) => s.at <= 1000));
      assert.ok(steps.some((s) => s.do === "deliver" && s.message === "RequestVote" && s.sent_at <= s.at));
      assert.deepEqual(trace.runs[0].violations, []);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a bad file gets one sentence and the run stays", async () => {
    const { page, context } = await openPage(browser, base, LAPTOP);
    try {
      await drop(page, "notes.txt", "these are my notes");
      const notice = page.locator(".notice");
      await notice.waitFor();
      assert.match(await notice.textContent(), /notes\.txt is not a Consensus Lab scenario \(.+\)\./);
      assert.equal(await page.locator("[data-node]").count(), 5);
      await drop(page, "huge.json", "");
      await page.waitForFunction(() => /empty or larger than 1 MB/.test(document.querySelector(".notice")?.textContent));
    } finally {
      await context.close();
    }
  });

  test("the stage exports as a standalone SVG with every node, and as a PNG", async () => {
    const { page, context } = await openPage(browser, base, LAPTOP, { acceptDownloads: true });
    try {
      await page.getByRole("button", { name: "Share", exact: true }).click();
      const svg = await downloadFrom(page, "Stage (.svg)");
      assert.match(svg.name, /\.svg$/);
      const text = svg.bytes.toString("utf8");
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, "image/svg+xml");
        return {
          ok: !doc.querySelector("parsererror"),
          nodes: doc.querySelectorAll("[data-node]").length,
          styled: doc.querySelector("[data-node] circle")?.getAttribute("style")?.includes("stroke:") ?? false,
        };
      }, text);
      assert.deepEqual(parsed, { ok: true, nodes: 5, styled: true });
      writeFileSync(join(outDir, "export-stage.svg"), text);
      const png = await downloadFrom(page, "Stage (.png)");
      assert.match(png.name, /\.png$/);
      assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      writeFileSync(join(outDir, "export-stage.png"), png.bytes);
    } finally {
      await context.close();
    }
  });
});
