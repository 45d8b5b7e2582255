// End-to-end: Settings that never trap (issue 11, item 6) — scheduled interventions are listed
// and removable one by one, resizing drops what no longer fits with a notice, the caption
// follows the cluster — at laptop and phone sizes, with axe-core on the open dialog.
// Screenshots go to e2e/out/.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { LAPTOP, PHONE, axeViolations, openPage, outDir, servedLab } from "../lib.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

/** The scheduled interventions Settings lists, as their visible text. */
async function listed(page) {
  return page.locator("[data-intervention]").allInnerTexts();
}

async function openSettings(page) {
  await page.getByRole("button", { name: "Settings" }).click();
  await page.locator("form.settings").waitFor();
}

describe("Settings never trap", () => {
  for (const [label, viewport] of [["laptop", LAPTOP], ["phone", PHONE]]) {
    test(`${label}: resize the default Paxos cluster to 3, then remove the last intervention`, async () => {
      const { page, context, problems } = await openPage(browser, base, viewport);
      try {
        await page.selectOption("#protocol", "paxos");
        await page.locator('[data-scenario-name="Paxos: two proposers"]').waitFor();
        await openSettings(page);
        const before = await listed(page);
        assert.equal(before.length, 2, before.join(" | "));
        assert.match(before[1], /40 ms: client `green` at S5/);

        await page.fill("#set-nodes", "3");
        await page.locator("[data-intervention='1'] em").waitFor();
        assert.match(await page.locator("[data-intervention='1']").innerText(), /dropped at this size/);
        assert.equal(await page.locator(".form-error").count(), 0, "nothing blocks Apply");
        await page.locator("[data-intervention='1']").scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(outDir, `settings-resize-${label}.png`) });

        await page.getByRole("button", { name: "Apply and restart" }).click();
        await page.locator("form.settings").waitFor({ state: "detached" });
        const notice = page.locator("[data-notice]");
        await notice.waitFor();
        assert.match(await notice.innerText(), /3 servers: dropped what no longer fits — client `green` at S5 at 40 ms/);
        await page.locator('[data-scenario-name="Paxos: 3 servers"]').waitFor();
        assert.equal(await page.locator("svg [data-node]").count(), 3);
        await page.screenshot({ path: join(outDir, `settings-resized-${label}.png`) });

        await openSettings(page);
        const left = await listed(page);
        assert.equal(left.length, 1, left.join(" | "));
        assert.match(left[0], /10 ms: client `blue` at S1/);
        await page.getByRole("button", { name: "Remove 10 ms: client `blue` at S1" }).click();
        assert.equal(await page.locator("[data-intervention]").count(), 0);
        await page.getByText("None: the run plays by itself.").waitFor();
        await page.getByRole("button", { name: "Apply and restart" }).click();
        await openSettings(page);
        assert.equal(await page.locator("[data-intervention]").count(), 0, "removed for good");
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }

  test("axe-core finds no serious or critical violations in Settings", async () => {
    // The page's CSP forbids injected scripts; this context lets axe-core in.
    const context = await browser.newContext({ viewport: LAPTOP, reducedMotion: "reduce", bypassCSP: true });
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    try {
      await page.goto(base);
      await page.locator("[data-node]").first().waitFor();
      await page.selectOption("#protocol", "paxos");
      await page.locator('[data-scenario-name="Paxos: two proposers"]').waitFor();
      await openSettings(page);
      await page.fill("#set-nodes", "3");
      await page.locator("[data-intervention='1'] em").waitFor();
      const violations = await axeViolations(page, ".dialog");
      assert.deepEqual(violations, []);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
