// End-to-end: saved scenarios (issue 14 item 6). Share → "Save in this browser" keeps the run
// under a name; Scenarios → "My scenarios" lists it after a reload and opens, renames and
// deletes it; a damaged entry and a full storage each get a clear sentence, and nothing is
// dropped silently.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { LAPTOP, PHONE, axeViolations, openPage, outDir, servedLab } from "../lib.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

async function saveAs(page, name) {
  await page.getByRole("button", { name: "Share", exact: true }).click();
  await page.locator(".share-url[aria-busy=false]").waitFor();
  const field = page.getByRole("textbox", { name: "Name to save this run under" });
  await field.fill(name);
  await page.locator("[data-save-scenario]").click();
  const status = page.locator("[data-save-status]");
  await status.filter({ hasText: /\S/ }).waitFor();
  return status.textContent();
}

async function openMine(page) {
  await page.getByRole("button", { name: "Scenarios", exact: true }).click();
  await page.locator("[data-saved-list] h3").waitFor();
  return page.locator("[data-saved-list]");
}

describe("saved scenarios", () => {
  test("a saved run survives a reload and opens, renames and deletes from My scenarios", async () => {
    const { page, context, problems } = await openPage(browser, `${base}#guide/3/1`, LAPTOP, { bypassCSP: true });
    try {
      await page.locator("[data-tour-step]").waitFor();
      assert.match(await saveAs(page, "Leader crash <b>demo</b>"), /Saved as “Leader crash <b>demo<\/b>”/);
      await page.keyboard.press("Escape");

      // A fresh start of the lab in the same browser: the entry is there.
      await page.goto(base);
      await page.locator("[data-node]").first().waitFor();
      const mine = await openMine(page);
      const entry = mine.locator("li[data-saved]");
      assert.equal(await entry.count(), 1);
      assert.equal(await entry.locator(".saved-title").textContent(), "Leader crash <b>demo</b>", "a name is text, never markup");
      assert.equal(await mine.locator("b").count(), 0);
      assert.deepEqual(await axeViolations(page, "[data-saved-list]"), []);
      await page.screenshot({ path: `${outDir}/saved-laptop.png` });

      // Rename it, by keyboard.
      await entry.getByRole("button", { name: /^Rename/ }).click();
      await page.keyboard.press("ControlOrMeta+a");
      await page.keyboard.type("Leader crash");
      await page.keyboard.press("Enter");
      await mine.locator('li[data-saved="Leader crash"]').waitFor();
      assert.match(await mine.locator("[data-saved-status]").textContent(), /Renamed to “Leader crash”/);

      // Open it: the saved run comes back, tour and all.
      await mine.getByRole("button", { name: "Open Leader crash" }).click();
      await page.locator("[data-tour-step]").waitFor();
      assert.equal(await page.locator("[data-node]").count(), 5);

      // Delete it.
      const again = await openMine(page);
      await again.getByRole("button", { name: "Delete Leader crash" }).click();
      assert.equal(await again.locator("li[data-saved]").count(), 0);
      assert.match(await again.locator("[data-saved-status]").textContent(), /Deleted “Leader crash”/);
      await page.reload();
      await page.locator("[data-node]").first().waitFor();
      assert.equal(await (await openMine(page)).locator("li[data-saved]").count(), 0, "deleted for good");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a damaged entry is named and kept until deleted; a full storage says so", async () => {
    const { page, context } = await openPage(browser, base, PHONE);
    try {
      await page.locator("[data-node]").first().waitFor();
      await page.evaluate(() => localStorage.setItem("conlab.saved.Broken one", "{not json"));
      const mine = await openMine(page);
      const status = mine.locator("[data-saved-status]");
      assert.match(await status.textContent(), /“Broken one” could not be read/);
      assert.ok(await mine.getByRole("button", { name: "Open Broken one" }).isDisabled());
      await page.screenshot({ path: `${outDir}/saved-phone.png` });
      await mine.getByRole("button", { name: "Delete Broken one" }).click();
      assert.equal(await page.evaluate(() => localStorage.getItem("conlab.saved.Broken one")), null);
      await page.keyboard.press("Escape");

      // Storage full: the save is refused with a sentence, and nothing else changes.
      await page.evaluate(() => {
        Storage.prototype.setItem = () => {
          throw new DOMException("full", "QuotaExceededError");
        };
      });
      assert.match(await saveAs(page, "Will not fit"), /storage for the lab is full/);
      assert.equal(await page.locator("[data-save-status]").getAttribute("data-error"), "true");
    } finally {
      await context.close();
    }
  });
});
