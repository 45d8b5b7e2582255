// End-to-end: embed mode (issue 14). The example host page (docs/embed-example.html, served as
// dist/embed-example.html) drives two embeds by postMessage and hears their events; the second
// starts only once scrolled into view; malformed messages and messages from another origin are
// ignored (unless `origin=` allows it); `controls=0&autoplay=1` plays with no chrome; screenshots
// at 320x180 and 1280x720, and axe-core, in e2e/out/.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { axeViolations, linkFor, outDir, scenarioFile, servedLab } from "../lib.mjs";
import { startServer } from "../server.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

/** The events embed `id` sent so far, as the host page recorded them. */
const events = (page, id) => page.evaluate((id) => window.conlabEvents[id], id);

/** Wait until embed `id` has sent an event that `match` (a function body over `e`) accepts. */
function waitEvent(page, id, match) {
  return page.waitForFunction(
    ([id, match]) => window.conlabEvents[id].some(new Function("e", `return ${match}`)),
    [id, match],
  );
}

async function openExample(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, reducedMotion: "reduce" });
  const page = await context.newPage();
  const problems = [];
  // Nothing the host or its embeds load may come from anywhere but the lab's own server.
  page.on("request", (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith("data:")) problems.push(`request: ${r.url()}`);
  });
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${base}embed-example.html`);
  await waitEvent(page, "raft", 'e.conlab === "ready"');
  await waitEvent(page, "multi", 'e.conlab === "ready"');
  return { page, context, problems };
}

describe("embed", () => {
  test("the example page drives an embed by postMessage and hears its time, leader and load", async () => {
    const { page, context, problems } = await openExample();
    try {
      // Loading took neither the host's focus nor its scroll position.
      assert.equal(await page.evaluate(() => document.activeElement === document.body), true);
      assert.equal(await page.evaluate(() => scrollY), 0);
      const raft = page.frameLocator("#raft");
      await raft.locator("body[data-embed] .is-embed [data-node]").first().waitFor();
      assert.equal(await raft.locator(".site-header, .playback, .inspector, .safety-panel").count(), 0, "no chrome");

      await page.getByRole("button", { name: "Play", exact: true }).first().click();
      await waitEvent(page, "raft", 'e.conlab === "leader" && e.node !== null && e.term >= 1');
      await page.getByRole("button", { name: "Pause", exact: true }).first().click();
      await page.getByRole("button", { name: "Seek to 1 s" }).click();
      await waitEvent(page, "raft", 'e.conlab === "time" && e.ms === 1000');
      const before = (await events(page, "raft")).length;
      await page.getByRole("button", { name: "Step", exact: true }).click();
      await page.waitForFunction((n) => window.conlabEvents.raft.length > n, before);
      const stepped = (await events(page, "raft")).slice(before).find((e) => e.conlab === "time");
      assert.ok(stepped.ms > 1000, "a step moves the run forward");

      // Figure 8 starts with terms up to 3 in the servers' logs.
      await page.getByRole("button", { name: "Load Figure 8" }).click();
      await waitEvent(page, "raft", 'e.conlab === "leader" && e.term >= 3');
      await page.screenshot({ path: join(outDir, "embed-example.png") });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("an autoplay embed starts only once scrolled into view", async () => {
    const { page, context } = await openExample();
    try {
      assert.deepEqual((await events(page, "multi")).map((e) => e.conlab), ["ready"], "idle below the fold");
      await page.locator("#multi").scrollIntoViewIfNeeded();
      await waitEvent(page, "multi", 'e.conlab === "time" && e.ms > 0');
      await page.frameLocator("#multi").locator(".is-embed .playback").waitFor();
      await page.screenshot({ path: join(outDir, "embed-example-dark.png") });
    } finally {
      await context.close();
    }
  });

  test("the second embed obeys its own buttons and reports a safety violation after a load", async () => {
    const { page, context, problems } = await openExample();
    try {
      await page.locator("#multi").scrollIntoViewIfNeeded();
      await waitEvent(page, "multi", 'e.conlab === "time" && e.ms > 0');
      const multi = page.locator("section", { has: page.locator("#multi") });
      await multi.getByRole("button", { name: "Pause", exact: true }).click();
      // Paused: its own playback bar offers Play again, while the Raft embed above never started.
      await page.frameLocator("#multi").locator(".play-toggle[aria-label=Play]").waitFor();
      assert.ok(!(await events(page, "raft")).some((e) => e.conlab === "time" && e.ms > 0), "the first embed still idle");

      // Multi-Paxos with accept_below_promise breaks Safe Accept at 2,495 ms (docs/scenarios.md).
      const scenario = scenarioFile("multipaxos-bug-accept-below-promise");
      scenario.multipaxos.bugs = { accept_below_promise: true };
      const before = (await events(page, "multi")).length;
      const post = (message) => page.evaluate((message) => {
        document.getElementById("multi").contentWindow.postMessage(message, location.origin);
      }, message);
      await post({ conlab: "load", link: linkFor(scenario) });
      // A loaded run starts at 0 ms (opening a link takes a moment: it is decompressed first).
      await page.waitForFunction((n) => window.conlabEvents.multi.slice(n).some((e) => e.conlab === "time" && e.ms === 0), before);
      await post({ conlab: "seek", ms: 2600 });
      await waitEvent(page, "multi", 'e.conlab === "violation" && e.invariant === "safe_accept"');
      assert.ok(!(await events(page, "raft")).some((e) => e.conlab === "violation"), "events go to their own host frame");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("malformed messages are ignored and the embed keeps obeying", async () => {
    const { page, context, problems } = await openExample();
    try {
      await page.evaluate(() => {
        const target = document.getElementById("raft").contentWindow;
        for (const junk of ["hello", null, 42, [], { conlab: 7 }, { conlab: "seek", ms: "x" }, { conlab: "seek", ms: -5 },
          { conlab: "seek", ms: 1.5 }, { conlab: "load", link: 5 }, { conlab: "load", link: "#1.garbage" }, { conlab: "explode" }]) {
          target.postMessage(junk, location.origin);
        }
        target.postMessage({ conlab: "seek", ms: 777 }, location.origin);
      });
      await waitEvent(page, "raft", 'e.conlab === "time" && e.ms === 777');
      assert.equal(await page.frameLocator("#raft").locator("#panic-banner").count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a host on another origin is obeyed only when origin= names it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conlab-host-"));
    const host = await startServer({ dir, prefix: "/" });
    const hostOrigin = new URL(host.url).origin;
    const page = `<!doctype html><title>host</title>
      <iframe id="deaf" title="lab" src="${base}?embed=1&controls=0"></iframe>
      <iframe id="told" title="lab" src="${base}?embed=1&controls=0&origin=${encodeURIComponent(hostOrigin)}"></iframe>
      <script>
        window.heard = { deaf: [], told: [] };
        addEventListener("message", (e) => {
          const id = [...document.querySelectorAll("iframe")].find((f) => f.contentWindow === e.source)?.id;
          if (id) window.heard[id].push(e.data);
        });
      </script>`;
    writeFileSync(join(dir, "index.html"), page);
    const context = await browser.newContext({ reducedMotion: "reduce" });
    try {
      const tab = await context.newPage();
      await tab.goto(host.url);
      await tab.waitForFunction(() => window.heard.told.some((e) => e.conlab === "ready"));
      await tab.evaluate((lab) => {
        for (const id of ["deaf", "told"]) document.getElementById(id).contentWindow.postMessage({ conlab: "seek", ms: 1234 }, lab);
      }, new URL(base).origin);
      await tab.waitForFunction(() => window.heard.told.some((e) => e.conlab === "time" && e.ms === 1234));
      // The other embed posts only to its own origin, so the host hears nothing from it; and
      // it did not move: its stage clock still reads zero.
      assert.deepEqual(await tab.evaluate(() => window.heard.deaf), []);
      const clock = await tab.frameLocator("#deaf").locator(".stage-clock").textContent();
      assert.match(clock, /^0\.000/);
    } finally {
      await context.close();
      host.server.close();
    }
  });

  test("Share gives an iframe snippet that opens this run as an embed, with the options ticked", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: "reduce" });
    try {
      const page = await context.newPage();
      await page.goto(base);
      await page.locator("[data-node]").first().waitFor();
      await page.getByRole("button", { name: "Share", exact: true }).click();
      const code = page.getByRole("textbox", { name: "Embed code" });
      await page.waitForFunction(() => document.querySelector(".embed-snippet")?.value.includes("#1."));
      await page.getByLabel("Playback bar").uncheck();
      await page.getByLabel("Theme").selectOption("dark");
      const snippet = await code.inputValue();
      assert.match(snippet, /^<iframe src="[^"]+" width="640" height="360" .*title="Consensus Lab".*><\/iframe>$/);
      await page.screenshot({ path: join(outDir, "embed-share-dialog.png") });
      const src = snippet.match(/src="([^"]+)"/)[1].replaceAll("&amp;", "&");
      assert.match(src, /\?embed=1&controls=0&theme=dark#1\./);
      const embedded = await context.newPage();
      await embedded.goto(src);
      await embedded.locator("body[data-embed] [data-node]").first().waitFor();
      assert.equal(await embedded.locator(".playback").count(), 0);
    } finally {
      await context.close();
    }
  });

  test("controls=0&autoplay=1 plays with no chrome, from 320x180 to a full screen", async () => {
    for (const [w, h] of [[320, 180], [1280, 720]]) {
      const context = await browser.newContext({ viewport: { width: w, height: h }, reducedMotion: "reduce", bypassCSP: true });
      try {
        const page = await context.newPage();
        await page.goto(`${base}?embed=1&controls=0&autoplay=1`);
        await page.locator("body[data-embed] [data-node]").first().waitFor();
        assert.equal(await page.locator(".site-header, .playback, .site-footer").count(), 0);
        await page.waitForFunction(() => !/^0\.000/.test(document.querySelector(".stage-clock")?.textContent ?? "0.000"));
        const stage = await page.locator(".stage").boundingBox();
        assert.ok(stage.width <= w && stage.height <= h, `the stage fits ${w}x${h}`);
        assert.equal(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight), true, "no scrolling");
        await page.screenshot({ path: join(outDir, `embed-${w}x${h}.png`) });
        if (w > 320) assert.deepEqual(await axeViolations(page), []);
      } finally {
        await context.close();
      }
    }
  });
});
