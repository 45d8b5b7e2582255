// End-to-end: Paxos, Multi-Paxos and the Raft-vs-Multi-Paxos compare view in headless
// Chromium (playwright-core). Scenario files from docs/scenarios/ are opened as share links.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { linkFor, openPage, outDir, scenarioFile, seek, servedLab } from "../lib.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

const open = (suffix = "") => openPage(browser, base + suffix, { width: 1366, height: 900 });
const linkTo = (name) => linkFor(scenarioFile(name));

const maxBallot = (page) => page.evaluate(() =>
  Math.max(0, ...[...document.querySelectorAll("svg [data-node]")].map((n) => Number(n.dataset.term) || 0)));

describe("Paxos, Multi-Paxos and compare", () => {
  test("the switcher offers exactly Raft, Paxos and Multi-Paxos", async () => {
    const { page, context, problems } = await open();
    try {
      const options = await page.locator("#protocol option").allInnerTexts();
      assert.deepEqual(options, ["Raft", "Paxos", "Multi-Paxos"]);
      await page.selectOption("#protocol", { label: "Paxos" });
      await page.locator("[data-protocol=paxos]").waitFor();
      await page.selectOption("#protocol", { label: "Multi-Paxos" });
      await page.locator("[data-protocol=multipaxos]").waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a Paxos value gets chosen and highlighted", async () => {
    const { page, context, problems } = await open(linkTo("paxos-basic"));
    try {
      await seek(page, 10);
      assert.equal(await page.locator("[data-chosen]").count(), 0, "nothing chosen before the round");
      await seek(page, 400);
      const chosen = page.locator("[data-chosen]").first();
      await chosen.waitFor();
      assert.match(await page.locator("[data-chosen]").first().evaluate((el) => el.dataset.chosen || el.textContent), /blue/);
      await page.screenshot({ path: join(outDir, "paxos-chosen.png") });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("dueling proposers climb ballots without a choice until backoff resolves it", async () => {
    const { page, context, problems } = await open(linkTo("paxos-dueling"));
    try {
      await seek(page, 500);
      const early = await maxBallot(page);
      await seek(page, 2500);
      const late = await maxBallot(page);
      assert.ok(late > early && late >= 5, `ballots climb: ${early} -> ${late}`);
      assert.equal(await page.locator("[data-chosen]").count(), 0, "livelock: nothing chosen");
      await page.screenshot({ path: join(outDir, "paxos-dueling.png") });

      await page.getByRole("button", { name: "Settings" }).click();
      await page.locator("[data-option=backoff]").check();
      await page.getByRole("button", { name: "Apply and restart" }).click();
      await seek(page, 2500);
      await page.locator("[data-chosen]").first().waitFor();
      await page.screenshot({ path: join(outDir, "paxos-backoff-resolves.png") });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a Paxos bug toggle produces a visible safety violation", async () => {
    const { page, context } = await open(linkTo("paxos-chosen-value-survives"));
    try {
      await seek(page, 1400);
      assert.equal(await page.locator("[data-status=violated]").count(), 0, "safe as written");
      await page.getByRole("button", { name: "Settings" }).click();
      await page.locator("[data-bug=proposer_ignores_promised_values]").check();
      await page.getByRole("button", { name: "Apply and restart" }).click();
      await seek(page, 1400);
      await page.locator("[data-status=violated]").first().waitFor();
      await page.screenshot({ path: join(outDir, "paxos-violation.png") });
    } finally {
      await context.close();
    }
  });

  test("Multi-Paxos: the leader crashes, a new leader fills the gap with a no-op, replicas execute in order", async () => {
    const { page, context, problems } = await open(linkTo("multipaxos-leader-crash"));
    try {
      await seek(page, 2500);
      const leaders = await page.locator("svg [data-role=leader]").evaluateAll((ns) => ns.map((n) => n.dataset.node));
      assert.equal(leaders.length, 1);
      assert.notEqual(leaders[0], "1", "a new leader took over");
      const noop = page.locator('[data-slot="2"][data-state=noop]');
      assert.ok((await noop.count()) >= 1, "slot 2 was filled with a no-op");
      // Every replica executed slots 1..4 (no gaps).
      for (const slot of ["1", "3", "4"]) {
        assert.ok((await page.locator(`[data-slot="${slot}"][data-state=executed]`).count()) >= 4, `slot ${slot} executed`);
      }
      await page.screenshot({ path: join(outDir, "multipaxos-gap-filled.png") });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("compare mode shows its legend and its counters beside the stages, each with its reason", async () => {
    const { page, context, problems } = await openPage(browser, base, { width: 1280, height: 800 });
    try {
      await page.getByRole("button", { name: "Compare" }).click();
      await page.locator("[data-protocol=compare]").waitFor();
      await seek(page, 1500);
      const box = (sel) => page.locator(sel).first().boundingBox();
      const [multi, counters] = [await box("[data-side=multipaxos] svg"), await box(".counters")];
      assert.ok(counters.x >= multi.x + multi.width, "the counters are beside the stages");
      assert.ok(counters.y < 800 && counters.y + 60 < 800, "and start on screen");
      for (const key of ["messages", "latency", "leader_changes", "leaderless"]) {
        const text = await page.locator(`[data-why=${key}]`).innerText();
        assert.ok(text.length > 30, `${key} says why the two differ: ${text}`);
      }
      assert.match(await page.locator("[data-why=messages]").innerText(), /every 50 ms/);
      const legend = await page.locator(".compare-legend").innerText();
      assert.match(legend, /AppendEntries/);
      assert.match(legend, /Accept/);
      await page.screenshot({ path: join(outDir, "compare-laptop.png") });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a compare link reloads both sides identically", async () => {
    const { page, context } = await open();
    let url;
    let expected;
    const sides = () => page.evaluate(() => [...document.querySelectorAll("[data-side] svg [data-node]")]
      .map((n) => `${n.closest("[data-side]").dataset.side}:${n.dataset.node}:${n.dataset.role}:${n.dataset.term}`));
    try {
      await page.getByRole("button", { name: "Compare" }).click();
      await page.locator("[data-protocol=compare]").waitFor();
      await seek(page, 1200);
      await page.locator('[data-side=raft] svg [data-node="2"]').click();
      await page.getByRole("button", { name: "Crash" }).click();
      await page.locator("#compare-command").fill("set x 5");
      await page.getByRole("button", { name: "Send" }).click();
      await seek(page, 2600);
      expected = { nodes: await sides(), counters: await page.locator(".counters").innerText() };
      assert.equal(expected.nodes.filter((n) => n.includes(":crashed:")).length, 2, "S2 crashed on both sides");
      await page.screenshot({ path: join(outDir, "compare.png") });
      await page.getByRole("button", { name: "Share" }).click();
      // The link is packed asynchronously (the browser's CompressionStream).
      await page.waitForFunction(() => document.querySelector(".share-url")?.value.includes("#"));
      url = await page.locator(".share-url").inputValue();
      assert.match(url, /#compare\/1\..+\/1\./);
    } finally {
      await context.close();
    }
    const fresh = await open(url.slice(url.indexOf("#")));
    try {
      await fresh.page.locator("[data-protocol=compare]").waitFor();
      const page2 = fresh.page;
      const nodes = await page2.evaluate(() => [...document.querySelectorAll("[data-side] svg [data-node]")]
        .map((n) => `${n.closest("[data-side]").dataset.side}:${n.dataset.node}:${n.dataset.role}:${n.dataset.term}`));
      assert.deepEqual(nodes, expected.nodes);
      assert.equal(await page2.locator(".counters").innerText(), expected.counters);
      assert.equal(await page2.locator("[data-time-ms]").getAttribute("data-time-ms"), "2600");
      assert.deepEqual(fresh.problems, []);
    } finally {
      await fresh.context.close();
    }
  });
});
