// End-to-end: Raft membership changes by clicking (issue 13, item 8; Ongaro's dissertation
// §4.1–4.2). Five servers exist but only S1–S3 vote: the test adds S4 and S5 from their menus
// (the ring grows to five), sees a second change refused while the first is uncommitted,
// removes the leader (it steps down once that is committed), and checks a share link keeps
// it all. Screenshots at a laptop's and a phone's width, light and dark, go to e2e/out/.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { LAPTOP, PHONE, axeViolations, linkFor, openPage, outDir, scenarioFile, seek, servedLab } from "../lib.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

const scenario = scenarioFile("raft-grow-the-cluster");

/** The servers drawn outside the ring, in order. */
const outside = (page) => page.$$eval("svg [data-node].is-outside", (els) => els.map((e) => e.dataset.node));

/** The inspector's "configuration" line for the selected server. */
const configuration = (page) =>
  page.evaluate(() => [...document.querySelectorAll(".inspector dt")].find((dt) => dt.textContent === "configuration")?.nextElementSibling.textContent);

async function select(page, node) {
  await page.locator(`svg [data-node="${node}"]`).click();
  await page.locator(`[data-inspect="node"][data-node-id="${node}"]`).waitFor();
}

/** Select `node` and press `button` ("Add server" or "Remove server") in its menu. */
async function change(page, node, button) {
  await select(page, node);
  await page.getByRole("button", { name: button, exact: true }).click();
}

const latestReply = (page) => page.locator("[data-client-reply]").first();

test("a cluster grows from 3 to 5 servers and loses its leader, all by clicking", async () => {
  for (const colorScheme of ["light", "dark"]) {
    for (const [name, viewport] of [["laptop", LAPTOP], ["phone", PHONE]]) {
      const { page, context, problems } = await openPage(browser, base + linkFor(scenario), viewport, { colorScheme, bypassCSP: true });
      try {
        await seek(page, 1000);
        assert.deepEqual(await outside(page), ["4", "5"], "S4 and S5 wait outside the ring");
        assert.equal(await page.locator('svg [data-node="1"]').getAttribute("data-role"), "leader");
        assert.match(await page.locator('svg [data-node="4"]').textContent(), /not a voter/);
        await select(page, 4);
        assert.equal(await configuration(page), "voters S1 S2 S3");
        assert.equal(await page.getByRole("button", { name: "Remove server", exact: true }).count(), 0);

        // Add S4, and S5 in the same millisecond: the second must wait (§4.1).
        await change(page, 4, "Add server");
        await change(page, 5, "Add server");
        await seek(page, 1001);
        await select(page, 1);
        assert.equal(await configuration(page), "voters S1 S2 S3; S4 being added (uncommitted)");
        assert.equal(await latestReply(page).getAttribute("data-client-reply"), "refused");
        assert.match(await latestReply(page).innerText(), /add_server S5[\s\S]*still uncommitted/);
        assert.deepEqual(await outside(page), ["5"], "S4 counts as soon as the leader appends it");
        const entry = page.locator('[data-log-node="1"] .log-cell.is-config');
        assert.equal(await entry.count(), 1);
        assert.match(await entry.innerText(), /\+S4/);
        assert.match(await entry.getAttribute("title"), /configuration entry: adds S4/);
        if (name === "laptop") await page.screenshot({ path: join(outDir, `membership-adding-${name}-${colorScheme}.png`) });

        // S4's entry is committed by now: S5 may join.
        await seek(page, 2000);
        await change(page, 5, "Add server");
        await seek(page, 2500);
        assert.deepEqual(await outside(page), [], "five voters on the ring");
        await select(page, 3);
        assert.equal(await configuration(page), "voters S1 S2 S3 S4 S5");
        assert.equal(await page.locator('[data-log-node="3"] .log-cell.is-config.is-committed').count(), 2);

        // Remove the leader: it steps down once the configuration without it is committed.
        await change(page, 1, "Remove server");
        await seek(page, 4000);
        const s1 = page.locator('svg [data-node="1"]');
        assert.notEqual(await s1.getAttribute("data-role"), "leader");
        assert.deepEqual(await outside(page), ["1"]);
        assert.equal(await page.locator("svg [data-role=leader]").count(), 1, "a voter leads");
        await select(page, 1);
        assert.equal(await configuration(page), "voters S2 S3 S4 S5");
        assert.equal(await page.getByRole("button", { name: "Add server", exact: true }).count(), 1);
        assert.deepEqual(await axeViolations(page, ".stage"), []);
        assert.deepEqual(await axeViolations(page, ".inspector"), []);
        assert.deepEqual(await axeViolations(page, ".logs-panel"), []);
        await page.screenshot({ path: join(outDir, `membership-${name}-${colorScheme}.png`) });
        await page.locator(".logs-panel").screenshot({ path: join(outDir, `membership-logs-${name}-${colorScheme}.png`) });
        if (name === "phone") await page.screenshot({ path: join(outDir, `membership-${name}-${colorScheme}-full.png`), fullPage: true });
        // On a phone each button is a tap target of at least 44 px.
        for (const label of name === "phone" ? ["Add server", "Crash"] : []) {
          const box = await page.getByRole("button", { name: label, exact: true }).boundingBox();
          assert.ok(box.height >= 44 && box.width >= 44, `${label}: ${box.width}×${box.height}`);
        }
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    }
  }
});

test("the membership changes travel in a share link", async () => {
  const { page, context } = await openPage(browser, base + linkFor(scenario), LAPTOP);
  let url;
  try {
    await seek(page, 1000);
    await change(page, 4, "Add server");
    await seek(page, 2000);
    await change(page, 1, "Remove server");
    await seek(page, 4000);
    await page.getByRole("button", { name: "Share" }).click();
    await page.waitForFunction(() => document.querySelector(".share-url")?.value.includes("#"));
    url = await page.locator(".share-url").inputValue();
  } finally {
    await context.close();
  }
  const fresh = await openPage(browser, base + url.slice(url.indexOf("#")), LAPTOP);
  try {
    await fresh.page.waitForFunction(() => document.querySelector("[data-time-ms]").dataset.timeMs === "4000");
    assert.deepEqual(await outside(fresh.page), ["1", "5"]);
    assert.deepEqual(fresh.problems, []);
  } finally {
    await fresh.context.close();
  }
});

test("a learner is drawn apart and named while it catches up; a joint configuration names C_old and C_new", async () => {
  const { page, context, problems } = await openPage(browser, base + linkFor(scenarioFile("raft-learner-catches-up")), LAPTOP);
  try {
    await seek(page, 2100);
    const s4 = page.locator('svg [data-node="4"]');
    assert.ok(await s4.evaluate((g) => g.classList.contains("is-learner") && g.classList.contains("is-outside")));
    assert.match(await s4.textContent(), /learner: catching up/);
    await select(page, 4);
    assert.match(await page.locator(".inspector").innerText(), /a learner: it gets the log but no vote/);
    assert.match(await page.locator(".explanations .config-learner").innerText(), /^S4 catches up as a learner/);
    await seek(page, 4000);
    assert.deepEqual(await outside(page), [], "S4 became a voter");
    assert.ok(!(await s4.evaluate((g) => g.classList.contains("is-learner"))));

    await page.goto(base + linkFor(scenarioFile("raft-membership-joint")));
    await page.locator("[data-node]").first().waitFor();
    await seek(page, 1001);
    assert.deepEqual(await outside(page), [], "while joint, C_old and C_new are all on the ring");
    assert.match(await page.locator('svg [data-node="5"]').textContent(), /C_new only/);
    assert.match(await page.locator(".explanations .config-joint").innerText(), /^Joint consensus \(§6\): C_old S1 S2 S3 and C_new S4 S5 S6/);
    await select(page, 1);
    assert.equal(await configuration(page), "joint: C_old S1 S2 S3, C_new S4 S5 S6 (uncommitted)");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
