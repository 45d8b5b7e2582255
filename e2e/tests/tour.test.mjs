// End-to-end: tours (issue 12). The whole 3/1 tour forward and back, each step's caption and
// the timeline's time; an instructor's caption travels in a share link and replays as a tour
// in a fresh page; axe-core with a tour open; screenshots in e2e/out/.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { axeViolations, distDir, LAPTOP, linkFor, openPage, outDir, PHONE, seek, servedLab } from "../lib.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

const tour31 = JSON.parse(readFileSync(join(distDir, "guide", "tours", "3-1.json"), "utf8")).tour;
const time = (page) => page.locator("[data-time-ms]").getAttribute("data-time-ms").then(Number);
const step = (page) => page.locator("[data-tour-step]").getAttribute("data-tour-step").then(Number);

async function waitStep(page, k) {
  await page.waitForFunction((k) => document.querySelector("[data-tour-step]")?.dataset.tourStep === String(k), k);
}

describe("tours", () => {
  test("the 3/1 tour walks forward and back; each step seeks the timeline and pauses", async () => {
    const { page, context, problems } = await openPage(browser, `${base}#guide/3/1`, LAPTOP);
    try {
      await waitStep(page, 1);
      assert.equal(await page.locator(".tour-count").textContent(), `Step 1 of ${tour31.length}`);
      assert.equal(await page.locator(".play-toggle").getAttribute("aria-label"), "Play", "paused");
      const seen = [];
      for (let k = 1; k <= tour31.length; k++) {
        if (k > 1) {
          await page.getByRole("button", { name: "Next step" }).click();
          await waitStep(page, k);
        }
        const caption = await page.locator("[data-tour-step]").textContent();
        assert.equal(caption, tour31[k - 1].caption);
        if (tour31[k - 1].at !== undefined) assert.equal(await time(page), tour31[k - 1].at);
        seen.push(await time(page));
      }
      assert.ok(await page.getByRole("button", { name: "Next step" }).isDisabled(), "the last step");
      for (let k = tour31.length - 1; k >= 1; k--) {
        await page.getByRole("button", { name: "Previous step" }).click();
        await waitStep(page, k);
        assert.equal(await time(page), seen[k - 1], `step ${k} comes back to its instant`);
      }
      assert.ok(await page.getByRole("button", { name: "Previous step" }).isDisabled());
      assert.equal(await page.locator(".tour-back").getAttribute("href"), "#guide/3");
      // Highlighted nodes get a ring.
      await page.getByRole("button", { name: "Next step" }).click();
      await waitStep(page, 2);
      assert.equal(await page.locator(".stage-column").getAttribute("data-tour-ring"), tour31[1].highlight.nodes.join(" "));
      // Play in between, then come back.
      await page.locator(".play-toggle").click();
      await page.waitForFunction((t) => Number(document.querySelector("[data-time-ms]").dataset.timeMs) > t, seen[1]);
      await page.getByRole("button", { name: "Next step" }).click();
      await waitStep(page, 3);
      assert.equal(await time(page), seen[2]);
      await page.screenshot({ path: join(outDir, "tour-3-1-laptop.png") });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("the 6/3 tour opens Raft and Multi-Paxos side by side, and its steps seek both", async () => {
    const [raft] = JSON.parse(readFileSync(join(distDir, "guide", "tours", "6-3.json"), "utf8"));
    const { page, context, problems } = await openPage(browser, `${base}#guide/6/3`, LAPTOP);
    try {
      await waitStep(page, 1);
      await page.locator(".compare-side[data-side=raft] [data-node]").first().waitFor();
      await page.locator(".compare-side[data-side=multipaxos] [data-node]").first().waitFor();
      for (let k = 2; k <= raft.tour.length; k++) {
        await page.getByRole("button", { name: "Next step" }).click();
        await waitStep(page, k);
        assert.equal(await page.locator("[data-tour-step]").textContent(), raft.tour[k - 1].caption);
        assert.equal(await time(page), raft.tour[k - 1].at);
      }
      // Both sides were served two commands by then: the counters say so on each side.
      for (const side of ["raft", "multipaxos"]) {
        assert.match(await page.locator(`[data-counter] td[data-side=${side}]`).first().textContent(), /\d/);
      }
      await page.screenshot({ path: join(outDir, "tour-6-3-compare.png") });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a step points at a message, a log cell or a panel", async () => {
    const { page, context } = await openPage(browser, `${base}#guide/5/1`, LAPTOP);
    try {
      await waitStep(page, 1);
      await page.getByRole("button", { name: "Next step" }).click();
      await waitStep(page, 2);
      assert.ok(await page.locator('.msg.is-selected[data-from="1"][data-to="2"]').count() >= 1, "S1's Prepare to S2");
      await page.goto(`${base}#guide/4/4`);
      await waitStep(page, 1);
      for (let k = 2; k <= 8; k++) {
        await page.getByRole("button", { name: "Next step" }).click();
        await waitStep(page, k);
        if (k === 7) assert.equal(await page.locator(".shell").getAttribute("data-tour-panel"), "safety");
      }
      const cell = page.locator('[data-log-node="2"] td.is-tour');
      assert.equal(await cell.count(), 1, "S2's entry 2");
      await page.screenshot({ path: join(outDir, "tour-4-4-highlights.png") });
    } finally {
      await context.close();
    }
  });

  test("a tour on a phone, and no serious accessibility violation with a tour open", async () => {
    const { page, context } = await openPage(browser, `${base}#guide/3/3`, PHONE, { bypassCSP: true });
    try {
      await waitStep(page, 1);
      await page.screenshot({ path: join(outDir, "tour-3-3-phone.png"), fullPage: true });
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await context.close();
    }
  });

  test("an instructor's caption travels in the share link and replays as a tour in a fresh page", async () => {
    const scenario = { version: 1, protocol: "raft", nodes: 3, seed: 2, until_ms: 2000 };
    const { page, context } = await openPage(browser, `${base}${linkFor(scenario)}`, LAPTOP);
    let link;
    try {
      await seek(page, 700);
      const words = "<b>Not bold</b>: S1 is leader by now";
      await page.getByRole("button", { name: "Write a tour" }).click();
      await page.locator("#tour-caption-text").fill(words);
      await page.getByRole("button", { name: "Add caption here" }).click();
      await waitStep(page, 1);
      assert.equal(await page.locator("[data-tour-step]").textContent(), words, "text, not markup");
      await page.getByRole("button", { name: "Share" }).click();
      await page.locator("[role=dialog]").waitFor();
      await page.waitForFunction(() => /#1\./.test(location.hash));
      link = await page.evaluate(() => location.hash);
    } finally {
      await context.close();
    }
    const fresh = await openPage(browser, `${base}${link}`, LAPTOP);
    try {
      await waitStep(fresh.page, 1);
      assert.equal(await fresh.page.locator("[data-tour-step]").textContent(), "<b>Not bold</b>: S1 is leader by now");
      assert.equal(await fresh.page.locator("[data-tour-step] b").count(), 0);
      assert.equal(await time(fresh.page), 700);
    } finally {
      await fresh.context.close();
    }
  });
});
