// End-to-end: the space-time diagram (issue 14 item 4). Its finished arrows are the messages
// delivered or lost so far and its arrows in flight are the stage's messages; clicking it seeks;
// clicking an arrow selects that message on the stage too; it exports as an SVG with every lane;
// it draws all three protocols; axe-core finds nothing serious in it; screenshots at 1280x800 and
// 375x740, light and dark, in e2e/out/.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LAPTOP, PHONE, axeViolations, linkFor, openPage, outDir, scenarioFile, seek, servedLab } from "../lib.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

const DIAGRAM = '[data-diagram="spacetime"]';

/** Open the diagram and wait until it has drawn `lanes` lanes. */
async function openDiagram(page, lanes) {
  await page.getByRole("button", { name: "Space-time diagram" }).click();
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(`${sel} [data-lane]`).length === n, [DIAGRAM, lanes]);
}

/** Wait two animation frames: the diagram draws at the next one. */
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** Finished arrows, arrows in flight, the page's count of messages ended so far, the stage's
 * messages in flight. */
function counts(page) {
  return page.evaluate((sel) => {
    const d = document.querySelector(sel);
    return {
      done: d.querySelectorAll("[data-arrow]:not(.is-flying)").length,
      flying: d.querySelectorAll("[data-arrow].is-flying").length,
      delivered: Number(d.dataset.delivered),
      onStage: document.querySelectorAll(".stage .msg").length,
    };
  }, DIAGRAM);
}

describe("space-time diagram", () => {
  test("its arrows are the messages so far, a click seeks, an arrow selects its message, it exports", async () => {
    const { page, context, problems } = await openPage(browser, base, LAPTOP, { acceptDownloads: true });
    try {
      await seek(page, 1500);
      await openDiagram(page, 5);
      await page.getByRole("button", { name: "Whole run" }).click();
      await frames(page);
      for (const ms of [1500, 2600]) {
        await seek(page, ms);
        await frames(page);
        const c = await counts(page);
        assert.ok(c.delivered > 20, `messages by ${ms} ms: ${JSON.stringify(c)}`);
        // "Whole run" fits time zero to the cursor as it was; look at everything again.
        await page.getByRole("button", { name: "Whole run" }).click();
        await frames(page);
        const all = await counts(page);
        assert.equal(all.done, all.delivered, `every message ended by ${ms} ms is an arrow`);
        assert.equal(all.flying, all.onStage, `the arrows in flight are the stage's messages at ${ms} ms`);
      }

      // A click above the lanes (on the time axis) goes to that time.
      const box = await page.locator(`${DIAGRAM} svg.spacetime-svg`).boundingBox();
      const plot = box.width - 34;
      await page.mouse.click(box.x + 34 + plot * 0.4, box.y + 8);
      await page.waitForFunction(() => Math.abs(Number(document.querySelector("[data-time-ms]").dataset.timeMs) - 1040) < 30);

      // A click on a finished arrow goes to its flight and selects it, on the stage too.
      await frames(page);
      const target = await page.evaluate((sel) => {
        const arrows = [...document.querySelectorAll(`${sel} [data-arrow]:not(.is-flying)`)];
        const g = arrows[Math.floor(arrows.length / 2)];
        const r = g.querySelector("line").getBoundingClientRect();
        return { id: g.dataset.arrow, x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }, DIAGRAM);
      await page.mouse.click(target.x, target.y);
      await page.waitForFunction((sel) => document.querySelector(`${sel} [data-arrow].is-selected`), DIAGRAM);
      const selected = await page.evaluate((sel) => ({
        diagram: document.querySelector(`${sel} [data-arrow].is-selected`).dataset.arrow,
        stage: document.querySelector(".stage .msg.is-selected")?.dataset.msg,
      }), DIAGRAM);
      assert.deepEqual(selected, { diagram: selected.stage, stage: selected.stage });
      assert.ok(selected.stage, "the picked message is selected on the stage");

      // Export: a standalone SVG with every lane and the arrows, styles inlined.
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download SVG" }).click()]);
      assert.match(download.suggestedFilename(), /-diagram\.svg$/);
      const text = readFileSync(await download.path(), "utf8");
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, "image/svg+xml");
        return {
          ok: !doc.querySelector("parsererror"),
          lanes: [...doc.querySelectorAll("[data-lane]")].map((g) => g.textContent),
          arrows: doc.querySelectorAll("[data-arrow]").length > 0,
          styled: doc.querySelector("[data-arrow] line")?.getAttribute("style")?.includes("stroke:") ?? false,
        };
      }, text);
      assert.deepEqual(parsed, { ok: true, lanes: ["S1", "S2", "S3", "S4", "S5"], arrows: true, styled: true });
      writeFileSync(join(outDir, "export-spacetime.svg"), text);
      // files.js styles the export's detached copy, which the page's CSP reports (not applies).
      assert.deepEqual(problems.filter((p) => !p.includes("Applying inline style")), []);
    } finally {
      await context.close();
    }
  });

  test("zoom, pan and follow move the window, not the run", async () => {
    const { page, context } = await openPage(browser, base, LAPTOP);
    try {
      await seek(page, 3000);
      await openDiagram(page, 5);
      const first = () => page.evaluate((sel) => document.querySelector(`${sel} .spacetime-time`)?.textContent, DIAGRAM);
      const arrows = () => page.locator(`${DIAGRAM} [data-arrow]`).count();
      await frames(page);
      const before = await arrows();
      await page.getByRole("button", { name: "Zoom in" }).click();
      await frames(page);
      assert.ok((await arrows()) < before, "zoomed in, fewer arrows are drawn");
      const tick = await first();
      await page.getByRole("button", { name: "Earlier" }).click();
      await frames(page);
      assert.notEqual(await first(), tick, "the axis moved");
      assert.equal(await page.getByRole("button", { name: "Follow", exact: true }).getAttribute("aria-pressed"), "false");
      assert.equal(await page.locator("[data-time-ms]").getAttribute("data-time-ms"), "3000", "the cursor stayed");
    } finally {
      await context.close();
    }
  });

  test("it draws Paxos and Multi-Paxos runs with the stage's message colours", async () => {
    for (const [name, cls] of [["paxos-basic", "kind-px-"], ["multipaxos-leader-crash", "kind-px-"]]) {
      const scenario = scenarioFile(name);
      const { page, context, problems } = await openPage(browser, `${base}${linkFor(scenario)}`, LAPTOP);
      try {
        await seek(page, 800);
        await openDiagram(page, scenario.nodes);
        await page.getByRole("button", { name: "Whole run" }).click();
        await frames(page);
        const c = await counts(page);
        assert.ok(c.done > 0 && c.done === c.delivered, `${name}: ${JSON.stringify(c)}`);
        const classes = await page.evaluate((sel) => [...document.querySelectorAll(`${sel} [data-arrow]`)].map((g) => g.getAttribute("class")), DIAGRAM);
        assert.ok(classes.every((c) => c.includes(cls)), `${name}: ${classes.slice(0, 3)}`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    }
  });

  for (const [screen, viewport] of [["laptop", LAPTOP], ["phone", PHONE]]) {
    for (const theme of ["light", "dark"]) {
      test(`${screen}, ${theme}: legible, inside its box, no axe violations`, async () => {
        const { page, context } = await openPage(browser, base, viewport, { colorScheme: theme, bypassCSP: true });
        try {
          await seek(page, 2400);
          await openDiagram(page, 5);
          await page.locator(DIAGRAM).evaluate((d) => d.scrollIntoView({ block: "center" }));
          await frames(page);
          const fits = await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
          assert.ok(fits, "the page never scrolls sideways");
          assert.deepEqual(await axeViolations(page, DIAGRAM), []);
          await page.screenshot({ path: join(outDir, `spacetime-${screen}-${theme}.png`) });
        } finally {
          await context.close();
        }
      });
    }
  }
});
