// End-to-end: dialogs behave as modal dialogs should (pause, focus, Tab trap, Escape, focus
// restored), and axe-core finds no serious or critical violation in any mode or dialog
// (issue 11, items 8 and 10). Screenshots go to e2e/out/.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { axeViolations, openPage, outDir, servedLab } from "../lib.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

const playLabel = (page) => page.locator(".play-toggle").getAttribute("aria-label");
const focusInDialog = (page) => page.evaluate(() => !!document.activeElement?.closest("[role=dialog]"));

describe("dialogs", () => {
  test("a dialog pauses the run, holds focus and Tab, and Escape closes it, resumes and restores focus", async () => {
    const { page, context, problems } = await openPage(browser, base, { width: 1280, height: 800 });
    try {
      await page.locator(".play-toggle").click();
      assert.equal(await playLabel(page), "Pause", "playing");
      const settings = page.getByRole("button", { name: "Settings" });
      await settings.click();
      await page.locator("[role=dialog]").waitFor();
      assert.equal(await playLabel(page), "Play", "the dialog paused the run");
      assert.ok(await focusInDialog(page), "focus moved into the dialog");
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press("Tab");
        assert.ok(await focusInDialog(page), `Tab ${i + 1} stayed inside the dialog`);
      }
      for (let i = 0; i < 5; i++) {
        await page.keyboard.press("Shift+Tab");
        assert.ok(await focusInDialog(page), `Shift+Tab ${i + 1} stayed inside the dialog`);
      }
      await page.screenshot({ path: join(outDir, "a11y-settings-dialog.png") });
      await page.keyboard.press("Escape");
      await page.locator("[role=dialog]").waitFor({ state: "detached" });
      assert.equal(await playLabel(page), "Pause", "closing resumed the run it paused");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Settings", "focus is back on the opener");

      await page.locator(".play-toggle").click();
      await page.getByRole("button", { name: "Share" }).click();
      await page.locator("[role=dialog]").waitFor();
      await page.getByRole("button", { name: "Close" }).click();
      assert.equal(await playLabel(page), "Play", "a paused run stays paused");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

describe("axe-core", () => {
  const modes = [
    ["raft", async () => {}],
    ["paxos", async (page) => page.locator("header select").selectOption("paxos")],
    ["multipaxos", async (page) => page.locator("header select").selectOption("multipaxos")],
    ["compare", async (page) => page.getByRole("button", { name: "Compare" }).click()],
  ];
  for (const [mode, enter] of modes) {
    test(`no serious or critical violations in ${mode} mode, nor with any dialog open`, async () => {
      for (const theme of ["light", "dark"]) {
        const { page, context } = await openPage(browser, base, { width: 1280, height: 800 }, { bypassCSP: true, colorScheme: theme });
        try {
          await enter(page);
          await page.locator(`.shell[data-protocol=${mode}]`).waitFor();
          // Let a few messages fly and a leader emerge, so that every kind of mark is drawn.
          await page.locator(".scrubber-input").evaluate((el) => {
            el.value = "1500";
            el.dispatchEvent(new Event("input", { bubbles: true }));
          });
          await page.waitForFunction(() => document.querySelector("[data-time-ms]").dataset.timeMs === "1500");
          assert.deepEqual(await axeViolations(page), [], `${mode}, ${theme}`);
          for (const name of ["Settings", "Share", "Help"]) {
            await page.getByRole("button", { name }).click();
            await page.locator("[role=dialog]").waitFor();
            assert.deepEqual(await axeViolations(page), [], `${mode}, ${theme}, ${name} open`);
            await page.keyboard.press("Escape");
            await page.locator("[role=dialog]").waitFor({ state: "detached" });
          }
          if (mode !== "compare") {
            await page.locator("svg [data-node='1']").click();
            await page.getByRole("button", { name: "Partition…" }).click();
            await page.locator("[role=dialog]").waitFor();
            assert.deepEqual(await axeViolations(page), [], `${mode}, ${theme}, Partition open`);
          }
        } finally {
          await context.close();
        }
      }
    });
  }
});
