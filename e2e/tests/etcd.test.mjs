// End-to-end: what production Raft adds, by clicking (issue 16 items 1–3, issue 13 item 4).
// PreVote keeps a rejoining server from deposing the leader, and Settings turns it off to show
// the disruption; a CheckQuorum step-down is marked on the timeline; "Transfer leadership here" hands leadership to a follower; a follower that
// slept through compacted entries catches up by InstallSnapshot, visible in the narration, the
// inspector and the log grid.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { LAPTOP, linkFor, openPage, outDir, scenarioFile, seek, servedLab } from "../lib.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

const terms = (page) => page.$$eval("svg [data-node]", (els) => els.map((e) => Number(e.dataset.term)));
const role = (page, node) => page.locator(`svg [data-node="${node}"]`).getAttribute("data-role");

async function select(page, node) {
  await page.locator(`svg [data-node="${node}"]`).click();
  await page.locator(`[data-inspect="node"][data-node-id="${node}"]`).waitFor();
}

/** The inspector's value for the field called `name`, for the selected server. */
const field = (page, name) =>
  page.evaluate((name) => [...document.querySelectorAll(".inspector dt")].find((dt) => dt.textContent === name)?.nextElementSibling.textContent, name);

describe("production Raft in the lab", () => {
  test("with PreVote a rejoining server keeps its term; turned off in Settings, it forces an election", async () => {
    const { page, context, problems } = await openPage(browser, base + linkFor(scenarioFile("raft-prevote-rejoin")), LAPTOP);
    try {
      await seek(page, 3900);
      assert.equal(await role(page, 1), "leader");
      assert.deepEqual(await terms(page), [1, 1, 1, 1, 1], "nobody left term 1");
      await page.screenshot({ path: join(outDir, "prevote-on-laptop.png") });

      await page.getByRole("button", { name: "Settings", exact: true }).click();
      const box = page.locator('[data-option="pre_vote"]');
      assert.ok(await box.isChecked());
      await box.uncheck();
      await page.getByRole("button", { name: "Apply and restart" }).click();
      await seek(page, 3900);
      assert.ok(Math.max(...(await terms(page))) >= 2, "the rejoining S3 forced a new term");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("CheckQuorum: the cut-off leader steps down, and the scrubber and the space-time diagram mark it", async () => {
    const { page, context, problems } = await openPage(browser, base + linkFor(scenarioFile("raft-check-quorum")), LAPTOP);
    try {
      await seek(page, 900);
      assert.equal(await role(page, 1), "leader");
      await seek(page, 2400);
      assert.notEqual(await role(page, 1), "leader", "no majority within two election timeouts");
      assert.equal(await page.locator(".scrubber-marks .mark-step-down").count(), 1);
      await page.getByRole("button", { name: "Space-time diagram" }).click();
      const mark = page.locator('[data-diagram="spacetime"] .mark-step-down');
      await mark.first().waitFor();
      assert.match(await mark.first().locator("title").textContent(), /stepped down as leader/);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("Transfer leadership here makes the chosen follower the leader of the next term", async () => {
    const { page, context, problems } = await openPage(browser, base, LAPTOP);
    try {
      await seek(page, 2000);
      const leader = await page.$eval('svg [data-node][data-role="leader"]', (e) => Number(e.dataset.node));
      const term = Number(await page.locator(`svg [data-node="${leader}"]`).getAttribute("data-term"));
      const target = leader === 2 ? 3 : 2;
      await select(page, target);
      await page.getByRole("button", { name: "Transfer leadership here", exact: true }).click();
      await seek(page, 2600);
      assert.equal(await role(page, target), "leader");
      assert.equal(Number(await page.locator(`svg [data-node="${target}"]`).getAttribute("data-term")), term + 1);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a follower that slept through compacted entries catches up by InstallSnapshot", async () => {
    const { page, context, problems } = await openPage(browser, base + linkFor(scenarioFile("raft-log-compaction")), LAPTOP);
    try {
      await seek(page, 1260);
      assert.match(await page.locator("[data-narration]").textContent(), /S3 installs S1's snapshot ≤ 10/);
      await seek(page, 1400);
      await select(page, 3);
      assert.equal(await field(page, "snapshot"), "≤ 10 (term 1)");
      assert.ok((await page.locator('[data-log-node="3"] .log-cell.is-snapshot').count()) >= 1, "S3's compacted prefix is one band");
      await page.screenshot({ path: join(outDir, "compaction-laptop.png") });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
