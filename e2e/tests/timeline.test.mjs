// End-to-end: timeline honesty (issue 11, item 5). Acting in the past asks before it discards
// later interventions, Cancel changes nothing, Undo brings them back, and an intervention made
// in the page gets its scrubber mark. Screenshots go to e2e/out/.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { linkFor, openPage, outDir, seek, servedLab } from "../lib.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

async function act(page, node, button) {
  await page.locator(`svg [data-node="${node}"]`).click();
  await page.getByRole("button", { name: button, exact: true }).click();
}

const faultMarks = (page) => page.locator(".scrubber-marks .mark-fault").count();
const upNodes = (page) => page.locator("svg [data-node]:not([data-role=crashed])").count();

describe("timeline honesty", () => {
  test("as the run grows, the scrubber's marks stay where they are and keep their elements", async () => {
    // Marks are drawn in milliseconds in slices that change only when the horizon doubles, and
    // keyed: a growing run adds marks without moving the others (issue 15: rewriting every
    // mark's position was half of the attribute writes per frame at 15 servers).
    // Faults every 150 ms, each a mark: the run computed ahead of the cursor brings new ones.
    const interventions = [];
    for (let at = 500; at < 20_000; at += 300) interventions.push({ at, do: "crash", node: 3 }, { at: at + 150, do: "restart", node: 3 });
    const link = linkFor({ version: 1, protocol: "raft", nodes: 3, seed: 2, interventions });
    const { page, context, problems } = await openPage(browser, base + link, { width: 1280, height: 800 });
    try {
      // The scrubber reaches a little past what was computed: walk there in strides.
      for (let t = 9_000; t <= 12_000; t += 1_000) await seek(page, t);
      const before = await page.evaluate(() => {
        const lines = [...document.querySelectorAll(".scrubber-marks line")];
        for (const l of lines) l.shown = l.getAttribute("x1");
        return { count: lines.length, width: document.querySelector(".scrubber-marks").viewBox.baseVal.width };
      });
      await seek(page, 12_600);
      const after = await page.evaluate(() => {
        const lines = [...document.querySelectorAll(".scrubber-marks line")];
        return { moved: lines.filter((l) => l.shown !== undefined && l.shown !== l.getAttribute("x1")).length, kept: lines.filter((l) => l.shown !== undefined).length, count: lines.length, width: document.querySelector(".scrubber-marks").viewBox.baseVal.width };
      });
      assert.ok(after.width > before.width, `the horizon grew: ${before.width} -> ${after.width}`);
      assert.ok(after.count > before.count, "new marks came");
      assert.equal(after.kept, before.count, "every mark kept its element");
      assert.equal(after.moved, 0, "no mark moved");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("the scrubber spans the recorded run: two marks 1 s apart in a short run are far apart", async () => {
    const { page, context, problems } = await openPage(browser, base, { width: 1280, height: 800 });
    try {
      await seek(page, 1000);
      await act(page, 2, "Crash");
      await seek(page, 2000);
      await act(page, 3, "Crash");
      await seek(page, 3000);
      const xs = await page.evaluate(() => {
        const svg = document.querySelector(".scrubber-marks");
        const box = svg.getBoundingClientRect();
        const style = getComputedStyle(svg);
        const width = box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return [...svg.querySelectorAll(".mark-fault")].map((m) => box.x + parseFloat(style.paddingLeft) + (+m.getAttribute("x1") / svg.viewBox.baseVal.width) * width);
      });
      assert.equal(xs.length, 2, "one mark per crash");
      assert.ok(xs[1] - xs[0] >= 8, `the marks are ${xs[1] - xs[0]} px apart`);
      // The thumb uses the same scale: the slider's range is the marks' span.
      assert.equal(await page.locator(".scrubber-input").getAttribute("max"), "10000");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("acting in the past asks first; Cancel keeps the future, Discard forks, Undo restores it", async () => {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 740 }]) {
      const { page, context, problems } = await openPage(browser, base, viewport);
      try {
        await seek(page, 1000);
        assert.equal(await faultMarks(page), 0);
        await act(page, 2, "Crash");
        await seek(page, 2000);
        assert.equal(await faultMarks(page), 1, "a crash made in the page is marked on the scrubber");
        await act(page, 2, "Restart");
        await seek(page, 3000);
        assert.equal(await faultMarks(page), 2);

        await seek(page, 500);
        await act(page, 3, "Crash");
        const ask = page.locator("[data-fork=ask]");
        await ask.waitFor();
        assert.match(await ask.innerText(), /2 later interventions will be discarded/);
        assert.match(await ask.innerText(), /crash S2 at 1\.000 s/);
        const tag = viewport.width > 400 ? "laptop" : "phone";
        await page.screenshot({ path: join(outDir, `timeline-fork-ask-${tag}.png`) });
        await page.getByRole("button", { name: "Cancel" }).click();
        await ask.waitFor({ state: "detached" });
        assert.equal(await faultMarks(page), 2, "Cancel changed nothing");

        await act(page, 3, "Crash");
        await page.getByRole("button", { name: "Discard and act" }).click();
        await page.locator("[data-fork=undo]").waitFor();
        await seek(page, 3000);
        assert.equal(await faultMarks(page), 1, "only the new crash is left");
        await page.getByRole("button", { name: "Undo" }).click();
        await page.locator("[data-fork=undo]").waitFor({ state: "detached" });
        await seek(page, 3000);
        assert.equal(await faultMarks(page), 2, "Undo brought both back");
        assert.equal(await upNodes(page), 5, "S2 crashed and restarted again; S3 never crashed");
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    }
  });
});
