// End-to-end: the Raft lab page, driven like a user would (mouse, keyboard), in headless
// Chromium through playwright-core. Screenshots of key states go to e2e/out/.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { linkFor, openPage, outDir, scenarioFile, seek, servedLab } from "../lib.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

const open = (suffix = "") => openPage(browser, base + suffix);

/** Everything a user sees of the cluster, as comparable data. */
async function snapshot(page) {
  return page.evaluate(() => ({
    time: document.querySelector("[data-time-ms]").dataset.timeMs,
    step: document.querySelector("[data-step]").dataset.step,
    nodes: [...document.querySelectorAll("svg [data-node]")].map((n) => `${n.dataset.node}:${n.dataset.role}:${n.dataset.term}`),
    logs: document.querySelector(".logs").innerText,
  }));
}

async function leader(page) {
  const el = page.locator("svg [data-role=leader]");
  if ((await el.count()) !== 1) return null;
  return { id: await el.getAttribute("data-node"), term: Number(await el.getAttribute("data-term")) };
}

async function sendCommand(page, node, command) {
  await page.locator(`svg [data-node="${node}"]`).click();
  await page.locator("#client-command").fill(command);
  await page.getByRole("button", { name: "Send" }).click();
}

const kv = (page, node) => page.locator(`[data-log-node="${node}"] .log-kv`).innerText();
const commitIndex = (page, node) => page.locator(`[data-log-node="${node}"] [data-commit-index]`).getAttribute("data-commit-index");

describe("Raft lab", () => {
  test("a leader emerges when the lab plays", async () => {
    const { page, context, problems } = await open();
    try {
      await page.getByRole("button", { name: "Play", exact: true }).click();
      for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Faster" }).click();
      await page.locator("svg [data-role=leader]").waitFor({ timeout: 20_000 });
      await page.screenshot({ path: join(outDir, "lab-leader-elected.png") });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("pause, step forward, step back restores the exact previous state", async () => {
    const { page, context } = await open();
    try {
      await seek(page, 1200);
      const before = await snapshot(page);
      await page.getByRole("button", { name: "Step forward" }).click();
      const stepped = await snapshot(page);
      assert.equal(Number(stepped.step), Number(before.step) + 1);
      await page.getByRole("button", { name: "Step back" }).click();
      assert.deepEqual(await snapshot(page), before);
    } finally {
      await context.close();
    }
  });

  test("crashing the leader yields a new leader in a higher term", async () => {
    const { page, context, problems } = await open();
    try {
      await seek(page, 1500);
      const old = await leader(page);
      assert.ok(old, "a leader by 1.5 s");
      await page.locator(`svg [data-node="${old.id}"]`).click();
      await page.getByRole("button", { name: "Crash" }).click();
      await page.locator(`svg [data-node="${old.id}"][data-role=crashed]`).waitFor();
      await page.screenshot({ path: join(outDir, "lab-leader-crashed.png") });
      await seek(page, 3000);
      const next = await leader(page);
      assert.ok(next, "a new leader by 3 s");
      assert.notEqual(next.id, old.id);
      assert.ok(next.term > old.term, `term ${next.term} > ${old.term}`);
      await page.screenshot({ path: join(outDir, "lab-new-leader.png") });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a leader in a minority partition cannot commit while the majority can", async () => {
    const { page, context, problems } = await open();
    try {
      await seek(page, 1500);
      const old = await leader(page);
      const buddy = old.id === "1" ? "2" : "1";
      // Partition {old leader, buddy} away from the other three.
      await page.locator(`svg [data-node="${old.id}"]`).click();
      await page.getByRole("button", { name: "Partition…" }).click();
      await page.getByRole("button", { name: `S${old.id} · group A` }).click();
      await page.getByRole("button", { name: `S${buddy} · group A` }).click();
      await page.getByRole("button", { name: "Apply partition" }).click();
      const commitBefore = await commitIndex(page, old.id);
      await sendCommand(page, old.id, "set x stale");

      await seek(page, 2500);
      const majority = await page.evaluate((minority) =>
        [...document.querySelectorAll("svg [data-role=leader]")].map((n) => n.dataset.node).filter((n) => !minority.includes(n)),
      [old.id, buddy]);
      assert.equal(majority.length, 1, "the majority elected its own leader");
      await sendCommand(page, majority[0], "set x fresh");
      await seek(page, 3500);
      await page.screenshot({ path: join(outDir, "lab-minority-partition.png") });

      assert.equal(await commitIndex(page, old.id), commitBefore, "the minority leader commits nothing");
      assert.doesNotMatch(await kv(page, old.id), /x=/);
      for (const n of ["1", "2", "3", "4", "5"].filter((n) => n !== old.id && n !== buddy)) {
        assert.match(await kv(page, n), /x=fresh/, `S${n} applied the majority's command`);
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a copied link opened in a fresh page reproduces the same run at the same instant", async () => {
    const { page, context } = await open();
    let url;
    let expected;
    try {
      await seek(page, 1400);
      const l = await leader(page);
      await sendCommand(page, l.id, "set y 7");
      await page.getByRole("button", { name: "Crash" }).click();
      await seek(page, 2345);
      expected = await snapshot(page);
      await page.getByRole("button", { name: "Share" }).click();
      // The link is packed asynchronously (the browser's CompressionStream).
      await page.waitForFunction(() => document.querySelector(".share-url")?.value.includes("#"));
      url = await page.locator(".share-url").inputValue();
      assert.match(url, /#1\./);
    } finally {
      await context.close();
    }
    const fresh = await open(url.slice(url.indexOf("#")));
    try {
      await fresh.page.waitForFunction(() => document.querySelector("[data-time-ms]").dataset.timeMs === "2345");
      assert.deepEqual(await snapshot(fresh.page), expected);
      assert.equal(await fresh.page.locator("[data-notice]").count(), 0);
      await fresh.page.screenshot({ path: join(outDir, "lab-shared-link.png") });
      assert.deepEqual(fresh.problems, []);
    } finally {
      await fresh.context.close();
    }
  });

  test("scenario text from a link is shown as text, never as markup", async () => {
    const scenario = { version: 1, protocol: "raft", nodes: 3, name: "<img src=x onerror=alert(1)>", description: "<b>bold?</b>" };
    const { page, context, problems } = await open(linkFor(scenario));
    try {
      const caption = page.locator(".scenario-caption");
      await caption.waitFor();
      assert.match(await caption.innerText(), /<img src=x onerror=alert\(1\)>/);
      assert.equal(await caption.locator("img, b").count(), 0);
      assert.equal(await page.locator("svg [data-node]").count(), 3);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a malformed link shows a clear message and the default cluster", async () => {
    const { page, context, problems } = await open("#1.this-is-not-a-scenario");
    try {
      const notice = page.locator("[data-notice]");
      await notice.waitFor();
      assert.match(await notice.innerText(), /could not be opened/);
      assert.equal(await page.locator("svg [data-node]").count(), 5);
      await page.screenshot({ path: join(outDir, "lab-bad-link.png") });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("keyboard shortcuts drive playback", async () => {
    const { page, context } = await open();
    try {
      const speed = () => page.locator(".speed-value").innerText();
      const slow = await speed();
      await page.keyboard.press("+");
      assert.notEqual(await speed(), slow);
      await page.keyboard.press("-");
      assert.equal(await speed(), slow);

      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("ArrowRight");
      assert.equal((await snapshot(page)).step, "2");
      await page.keyboard.press("ArrowLeft");
      assert.equal((await snapshot(page)).step, "1");

      await page.keyboard.press("Space");
      await page.getByRole("button", { name: "Pause", exact: true }).waitFor();
      await page.keyboard.press("Space");
      await page.getByRole("button", { name: "Play", exact: true }).waitFor();

      await page.keyboard.press("?");
      await page.getByRole("dialog", { name: "How to use the lab" }).waitFor();
      await page.screenshot({ path: join(outDir, "lab-help.png") });
      await page.keyboard.press("Escape");
      assert.equal(await page.getByRole("dialog").count(), 0);
    } finally {
      await context.close();
    }
  });

  test("a bug toggle produces a visible safety violation with a jump to its step", async () => {
    // Raft's Figure 8, written as a scenario file and opened as a share link.
    const { page, context, problems } = await open(linkFor(scenarioFile("raft-figure-8")));
    try {
      await seek(page, 1200);
      assert.equal(await page.locator("[data-status=violated]").count(), 0, "safe with the real commit rule");

      await page.getByRole("button", { name: "Settings" }).click();
      await page.locator("[data-bug=commit_old_term_by_counting]").check();
      await page.getByRole("button", { name: "Apply and restart" }).click();
      await seek(page, 1200);
      const broken = page.locator("[data-invariant=state_machine_safety][data-status=violated]");
      await broken.waitFor();
      assert.match(await broken.innerText(), /S5 applied `set x 3` at index 2/);
      await page.screenshot({ path: join(outDir, "lab-violation.png") });
      await page.getByRole("button", { name: /Jump to step/ }).first().click();
      const at = Number(await page.locator("[data-time-ms]").getAttribute("data-time-ms"));
      assert.ok(at < 1200, `jumped back to the violation (${at} ms)`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a link far into a run shows progress and can be cancelled while it simulates", async () => {
    // Nine servers, half an hour (within the link budget of one hour): far more than one
    // slice of simulation.
    const far = { ...scenarioFile("raft-leader-crash"), nodes: 9, cursor_ms: 1_800_000 };
    const { page, context, problems } = await open(linkFor(far));
    try {
      const banner = page.locator(".progress-banner[role=status]");
      await banner.waitFor();
      assert.equal(await banner.getAttribute("data-loading"), "1800000");
      // The tab is not blocked: it answers a click while the run is being simulated.
      // dispatchEvent, not click(): the banner redraws every slice, so a click that first
      // waits for a stable element can miss it (flaky under load).
      await page.getByRole("button", { name: "Cancel" }).dispatchEvent("click");
      await banner.waitFor({ state: "detached" });
      const at = Number(await page.locator("[data-time-ms]").getAttribute("data-time-ms"));
      assert.ok(at > 0 && at < 1_800_000, `stopped where it got to: ${at} ms`);
      assert.equal(await page.locator("svg [data-node]").count(), 9);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("moving the cursor patches the stage and the event log instead of re-creating them", async () => {
    // Yew diffs an unkeyed child list by position: servers and messages spliced among other
    // children, or an event log without keys, were re-created on every frame in which a
    // message came or went (issue 15: frame time with 15 servers).
    const { page, context } = await open();
    try {
      await seek(page, 1500);
      const before = await page.evaluate(() => {
        for (const el of document.querySelectorAll(".stage [data-node], .stage [data-msg], .event-log li")) el.kept = true;
        return {
          messages: [...document.querySelectorAll(".stage [data-msg]")].map((m) => m.dataset.msg),
          events: [...document.querySelectorAll(".event-log [data-event-step]")].map((b) => b.dataset.eventStep),
        };
      });
      for (const t of [1504, 1508]) await seek(page, t);
      const after = await page.evaluate(() => ({
        nodes: [...document.querySelectorAll(".stage [data-node]")].map((n) => n.kept === true),
        messages: [...document.querySelectorAll(".stage [data-msg]")].map((m) => [m.dataset.msg, m.kept === true]),
        events: [...document.querySelectorAll(".event-log li")].map((li) => [li.querySelector("[data-event-step]").dataset.eventStep, li.kept === true]),
      }));
      assert.deepEqual(after.nodes, [true, true, true, true, true], "every server is the same element");
      for (const [name, was, now] of [["messages", before.messages, after.messages], ["events", before.events, after.events]]) {
        const stayed = now.filter(([id]) => was.includes(id));
        assert.ok(now.some(([id]) => !was.includes(id)), `new ${name} came`);
        assert.ok(stayed.length > 0 && stayed.length < was.length, `some ${name} stayed, some went`);
        assert.deepEqual(stayed.filter(([, kept]) => !kept), [], `${name} still shown are the same elements`);
      }
    } finally {
      await context.close();
    }
  });

  test("a link's next message takes over the element of the one it follows, and a new entry scrolls the log by one cell", async () => {
    // Messages are keyed by (link, rank on the link), cells by log index (issue 15: at 15
    // servers dozens of message groups were created and removed per frame, and every log
    // cell rewritten whenever the columns scrolled).
    const interventions = [{ at: 5, do: "timeout", node: 1 }];
    for (let at = 300, i = 0; at < 3000; at += 50, i++) interventions.push({ at, do: "client", node: 1, command: `set k${i % 4} ${i}` });
    const { page, context, problems } = await open(linkFor({ version: 1, protocol: "raft", nodes: 3, seed: 4, interventions }));
    try {
      await seek(page, 2000);
      const mark = () => page.evaluate(() => {
        for (const el of document.querySelectorAll(".stage [data-msg]")) el.kept = true;
        // A cell remembers the index it showed: rewritten in place, it would show another.
        for (const el of document.querySelectorAll(".logs [data-index], .logs th.log-index")) el.shown = el.dataset.index ?? el.textContent;
        const links = {};
        for (const m of document.querySelectorAll(".stage [data-msg]")) {
          const link = `${m.dataset.from}>${m.dataset.to}`;
          links[link] = (links[link] ?? 0) + 1;
        }
        return { links, ids: [...document.querySelectorAll(".stage [data-msg]")].map((m) => m.dataset.msg), indices: [...document.querySelectorAll('[data-log-node="1"] [data-index]')].map((c) => c.dataset.index) };
      });
      const before = await mark();
      await seek(page, 2120);
      const after = await page.evaluate((links) => {
        const seen = {};
        const messages = [...document.querySelectorAll(".stage [data-msg]")].map((m) => {
          const link = `${m.dataset.from}>${m.dataset.to}`;
          const rank = seen[link] = (seen[link] ?? 0) + 1;
          return { id: m.dataset.msg, kept: m.kept === true, hadRank: rank <= (links[link] ?? 0) };
        });
        const cells = [...document.querySelectorAll('[data-log-node="1"] [data-index]')].map((c) => [c.dataset.index, c.shown === c.dataset.index]);
        const heads = [...document.querySelectorAll(".logs thead th.log-index")].map((h) => [h.textContent, h.shown === h.textContent]);
        return { messages, cells, heads, columns: Number(document.querySelector(".log-grid").dataset.columns) };
      }, before.links);
      // Messages: every element at a rank its link already had is the same element, and at least
      // one of them now shows a message that was not in flight before.
      assert.ok(after.messages.length > 0);
      assert.deepEqual(after.messages.filter((m) => m.hadRank && !m.kept), [], "a link's elements are kept");
      assert.ok(after.messages.some((m) => m.kept && !before.ids.includes(m.id)), "a kept element shows a new message");
      // The log: the columns scrolled, and a cell (and heading) of an index shown before and after is the same element.
      const indices = after.cells.map(([i]) => i);
      assert.ok(after.columns >= 3 && indices.length === after.columns, `the columns that fit: ${indices.length}`);
      assert.ok(Number(indices[0]) > Number(before.indices[0]), `the columns scrolled: ${before.indices[0]} -> ${indices[0]}`);
      for (const [name, list] of [["cells", after.cells], ["headings", after.heads]]) {
        const stayed = list.filter(([i]) => before.indices.includes(i));
        assert.ok(stayed.length > 0 && stayed.length < list.length, `some ${name} stayed, some came`);
        assert.deepEqual(stayed.filter(([, kept]) => !kept), [], `${name} of indices still shown are the same elements`);
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
