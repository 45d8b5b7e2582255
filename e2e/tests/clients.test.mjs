// End-to-end: a scenario with a client workload gets a Linearizability row in the safety panel
// (issue 16, item 6) and a clients panel with the history diagram (item 9). Clean, the clients' history holds; with no_client_sessions's Show me,
// a retried write applied twice makes it violated, with the message and a jump; with
// read_without_quorum's, a leader cut off from the majority answers a stale read. Headless
// Chromium at laptop and phone sizes, light and dark; screenshots go to e2e/out/.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { LAPTOP, PHONE, axeViolations, linkFor, openPage, outDir, pause, scenarioFile, seek, servedLab } from "../lib.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

const row = '.safety-panel [data-invariant="linearizability"]';

describe("the clients' history in the safety panel", () => {
  test("a workload without the bug: linearizability holds; without a workload there is no row", async () => {
    const scenario = scenarioFile("raft-clients");
    const { page, context, problems } = await openPage(browser, base + linkFor(scenario), LAPTOP);
    try {
      await pause(page);
      await seek(page, 3000);
      assert.equal(await page.locator(row).getAttribute("data-status"), "holds");
      assert.match(await page.locator(row).innerText(), /Linearizability/);
      await page.goto(base);
      await page.locator("[data-node]").first().waitFor();
      assert.equal(await page.locator(row).count(), 0, "the default Raft lab has no clients");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("compare mode shows what the clients waited on each side", async () => {
    const { page, context, problems } = await openPage(browser, base + linkFor(scenarioFile("raft-clients")), LAPTOP);
    try {
      await page.getByRole("button", { name: "Compare" }).click();
      await page.locator("[data-protocol=compare]").waitFor();
      await pause(page);
      await seek(page, 4000);
      const latency = page.locator('[data-counter="client_latency"]');
      for (const side of ["raft", "multipaxos"]) {
        assert.match(await latency.locator(`td[data-side="${side}"]`).innerText(), /^\d+ ms avg, \d+ ms p99 \(\d+ answered, \d+ retries\)$/);
      }
      assert.match(await page.locator('[data-why="client_latency"]').innerText(), /round trip to a majority/);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("Settings choose how a leader reads: ReadIndex keeps the cut-off leader from a stale answer; the boxes map to raft.reads", async () => {
    const { page, context, problems } = await openPage(browser, base + linkFor(scenarioFile("raft-bug-read-without-quorum")), LAPTOP);
    const boxes = async () => {
      await page.getByRole("button", { name: "Settings", exact: true }).click();
      const state = [await page.locator('[data-option="read_index"]').isChecked(), await page.locator('[data-option="lease"]').isChecked()];
      return state;
    };
    try {
      await pause(page);
      await seek(page, 4500);
      assert.equal(await page.locator(row).getAttribute("data-status"), "holds", "read_index, no bug: no stale read");
      assert.deepEqual(await boxes(), [true, false]);
      await page.locator('[data-option="read_index"]').uncheck();
      await page.getByRole("button", { name: "Apply and restart" }).click();
      assert.deepEqual(await boxes(), [false, false], "reads go through the log");
      await page.locator('[data-option="lease"]').check();
      assert.ok(await page.locator('[data-option="read_index"]').isChecked(), "a lease read falls back to ReadIndex");
      await page.getByRole("button", { name: "Apply and restart" }).click();
      assert.deepEqual(await boxes(), [true, true]);
      await page.keyboard.press("Escape");
      await pause(page);
      await seek(page, 4500);
      assert.equal(await page.locator(row).getAttribute("data-status"), "holds", "lease, no bug: no stale read");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("Show me read_without_quorum: a leader cut off alone answers a stale read, linearizability breaks, and the clients panel shows it", async () => {
    const { page, context, problems } = await openPage(browser, base, LAPTOP, { bypassCSP: true });
    try {
      await page.getByRole("button", { name: "Settings" }).click();
      await page.locator('[data-show-me="read_without_quorum"]').click();
      await page.locator("[data-bug-badge]").waitFor();
      await pause(page);
      await seek(page, 1400);
      assert.equal(await page.locator(row).getAttribute("data-status"), "holds", "before the partition");
      // The clients panel: the latest operations, one bar and one table row each, none red.
      const panel = page.locator(".clients-panel");
      assert.equal(await panel.locator("[data-op-bar]").count(), 12);
      assert.equal(await panel.locator("tr[data-op]").count(), 12);
      assert.equal(await panel.locator(".is-impossible").count(), 0);
      assert.match(await panel.locator(".panel-hint").innerText(), /latest operations/);
      await seek(page, 4500);
      const broken = page.locator(`${row}[data-status="violated"]`);
      await broken.waitFor();
      const message = await broken.innerText();
      assert.match(message, /no order of the \d+ operations on \S+ explains it/);
      await broken.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(outDir, "reads-stale-read-laptop.png") });
      // The panel turns into the violation's history diagram: only the broken key, the stale
      // read red in the diagram and in the table, named as the safety panel names it.
      const key = message.match(/operations on (\S+) explains/)[1];
      assert.match(await panel.locator(".panel-hint").innerText(), new RegExp(`^${key}: no order explains`));
      assert.ok(await panel.evaluate((p) => p.classList.contains("has-violation")));
      const commands = await panel.locator("tr[data-op] .op-command").allInnerTexts();
      assert.ok(commands.every((c) => c.split(" ")[1] === key), commands.join(", "));
      const red = panel.locator("tr[data-op].is-impossible");
      assert.ok((await red.count()) >= 1);
      const stale = await red.first().locator(".op-command").innerText();
      assert.ok(message.includes(stale), `${message} names ${stale}`);
      const n = await red.first().getAttribute("data-op");
      assert.ok(await panel.locator(`[data-op-bar="${n}"]`).evaluate((g) => g.classList.contains("is-impossible")));
      await panel.scrollIntoViewIfNeeded();
      await panel.screenshot({ path: join(outDir, "clients-history-laptop.png") });
      assert.deepEqual(await axeViolations(page, ".clients-panel"), []);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  for (const [label, viewport, theme] of [["laptop", LAPTOP, "light"], ["phone", PHONE, "dark"]]) {
    test(`${label}: Show me no_client_sessions, the history is violated, the jump lands before the cursor`, async () => {
      const { page, context, problems } = await openPage(browser, base, viewport, { bypassCSP: true, colorScheme: theme });
      try {
        await page.getByRole("button", { name: "Settings" }).click();
        await page.locator('[data-show-me="no_client_sessions"]').click();
        await page.locator("[data-bug-badge]").waitFor();
        await pause(page);
        await seek(page, 4500);
        const broken = page.locator(`${row}[data-status="violated"]`);
        await broken.waitFor();
        assert.match(await broken.innerText(), /no order of the \d+ operations on \S+ explains it/);
        await broken.scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(outDir, `clients-linearizability-${label}-${theme}.png`) });
        assert.deepEqual(await axeViolations(page, ".safety-panel"), []);

        await broken.getByRole("button", { name: /Jump to step/ }).click();
        await page.waitForFunction(() => Number(document.querySelector("[data-time-ms]").dataset.timeMs) < 4500);
        await page.locator(`${row}[data-status="violated"]`).waitFor();
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
