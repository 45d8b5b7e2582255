// End-to-end: the scenario gallery, a bug toggle's "Show me" with the header's bug badge, and
// a share link pasted into an open tab (hashchange), in headless Chromium at laptop and phone
// sizes. Screenshots go to e2e/out/.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { LAPTOP, PHONE, axeViolations, linkFor, openPage, outDir, pause, scenarioFile, seek, servedLab } from "../lib.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

/** The page fits its width: nothing scrolls sideways. */
async function assertNoHorizontalOverflow(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${what}: the page is ${overflow}px wider than the screen`);
}

async function openGallery(page) {
  await page.getByRole("button", { name: "Scenarios" }).click();
  const gallery = page.locator("[data-scenario-gallery]");
  await gallery.waitFor();
  return gallery;
}

describe("scenario gallery, Show me and pasted links", () => {
  for (const [label, viewport] of [["laptop", LAPTOP], ["phone", PHONE]]) {
    test(`${label}: pick Figure 8 from the gallery, Show me the bug, see the violation`, async () => {
      const { page, context, problems } = await openPage(browser, base, viewport);
      try {
        const gallery = await openGallery(page);
        const topics = await gallery.locator("h3").allInnerTexts();
        assert.deepEqual(topics, ["Raft election", "Raft replication & safety", "Paxos", "Multi-Paxos"]);
        for (const stem of ["raft", "paxos", "multipaxos", "raft-figure-8", "paxos-dueling", "multipaxos-leader-crash"]) {
          assert.equal(await gallery.locator(`[data-scenario="${stem}"]`).count(), 1, stem);
        }
        const figure8 = gallery.locator('[data-scenario="raft-figure-8"]');
        assert.match(await figure8.innerText(), /Figure 8/);
        assert.match(await figure8.innerText(), /Figure 8 \(c\)/, "with its description");
        await assertNoHorizontalOverflow(page, `${label} gallery`);
        await page.screenshot({ path: join(outDir, `gallery-${label}.png`) });

        await figure8.click();
        await page.locator("[data-scenario-gallery]").waitFor({ state: "detached" });
        await page.locator('[data-scenario-name^="Raft Figure 8"]').waitFor();
        assert.equal(await page.locator("[data-bug-badge]").count(), 0, "no bug is on yet");

        await page.getByRole("button", { name: "Settings" }).click();
        await page.locator('[data-show-me="commit_old_term_by_counting"]').click();
        const badge = page.locator("[data-bug-badge]");
        await badge.waitFor();
        assert.equal(await badge.innerText(), "Bug on: commit old term by counting");
        assert.ok(await badge.isVisible());
        await page.screenshot({ path: join(outDir, `show-me-badge-${label}.png`) });

        await pause(page);
        await seek(page, 1200);
        const broken = page.locator('.safety-panel [data-status="violated"]');
        await broken.first().waitFor();
        assert.match(await broken.first().innerText(), /never committed|not stored on a majority|applied/i);
        await broken.first().scrollIntoViewIfNeeded();
        await assertNoHorizontalOverflow(page, `${label} lab`);
        await page.screenshot({ path: join(outDir, `show-me-figure-8-${label}.png`) });
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }

  test("every bug toggle has a Show me that turns it on", async () => {
    const { page, context, problems } = await openPage(browser, base, LAPTOP);
    try {
      for (const protocol of ["raft", "paxos", "multipaxos"]) {
        await page.selectOption("#protocol", protocol);
        await page.locator(`[data-protocol=${protocol}]`).waitFor();
        await page.getByRole("button", { name: "Settings" }).click();
        const bugs = await page.locator("[data-bug]").evaluateAll((els) => els.map((el) => el.dataset.bug));
        assert.ok(bugs.length > 0, protocol);
        const shown = await page.locator("[data-show-me]").evaluateAll((els) => els.map((el) => el.dataset.showMe));
        assert.deepEqual(shown, bugs, `${protocol}: one Show me per toggle`);
        await page.locator(`[data-show-me="${bugs.at(-1)}"]`).click();
        await page.locator("[data-bug-badge]").waitFor();
        assert.equal(await page.locator("[data-bug-badge]").innerText(), `Bug on: ${bugs.at(-1).replaceAll("_", " ")}`);
        await pause(page);
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a share link pasted into an open tab loads", async () => {
    const { page, context, problems } = await openPage(browser, base, LAPTOP);
    try {
      await page.locator('[data-scenario-name="Five Raft servers"]').waitFor();
      const link = linkFor({ ...scenarioFile("raft-leader-crash"), cursor_ms: 1500 });
      await page.evaluate((hash) => { window.location.hash = hash; }, link);
      await page.locator('[data-scenario-name="Raft: the leader crashes"]').waitFor();
      await page.waitForFunction(() => document.querySelector("[data-time-ms]").dataset.timeMs === "1500");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("axe-core finds no serious or critical violations in the gallery", async () => {
    // The page's CSP forbids injected scripts; this context lets axe-core in.
    const context = await browser.newContext({ viewport: LAPTOP, reducedMotion: "reduce", bypassCSP: true });
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    try {
      await page.goto(base);
      await openGallery(page);
      const violations = await axeViolations(page, ".dialog");
      assert.deepEqual(violations, []);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
