// End-to-end: the lab explains itself (issue 11, items 1 and 2). The narration line under the
// stage says what the step at the cursor did and why, the event log seeks to a recent step,
// and a command sent to a follower is answered with the leader's name and one-click resend.
// Screenshots at 1280x800 and 375x740 (light and dark) go to e2e/out/.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { LAPTOP, PHONE, axeViolations, openPage, outDir, seek, servedLab } from "../lib.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

const narration = (page) => page.locator("[data-narration]").innerText();

async function stepForward(page) {
  const before = await page.locator(".playback [data-step]").getAttribute("data-step");
  await page.getByRole("button", { name: "Step forward" }).click();
  await page.waitForFunction((b) => document.querySelector(".playback [data-step]").dataset.step !== b, before);
}

async function leader(page) {
  const el = page.locator("svg [data-role=leader]");
  await el.waitFor();
  return el.getAttribute("data-node");
}

describe("narration", () => {
  test("stepping the default Raft lab narrates each step, and the state agrees", async () => {
    const { page, context, problems } = await openPage(browser, base, LAPTOP);
    try {
      assert.match(await narration(page), /Nothing has happened yet/);
      let text = "";
      for (let i = 0; i < 40 && !/starts an election/.test(text); i++) {
        await stepForward(page);
        text = await narration(page);
      }
      const m = text.match(/^S(\d+) times out and starts an election for term (\d+).*\(§5\.2\)$/);
      assert.ok(m, text);
      const candidate = page.locator(`svg [data-node="${m[1]}"]`);
      assert.equal(await candidate.getAttribute("data-role"), "candidate");
      assert.equal(await candidate.getAttribute("data-term"), m[2]);
      await stepForward(page);
      const vote = await narration(page);
      assert.match(vote, new RegExp(`grants its vote to S${m[1]} for term ${m[2]}|S${m[1]}`), vote);
      await page.locator(".narration").scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(outDir, "narration-1280x800.png") });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("clicking an event-log entry seeks to its instant", async () => {
    const { page, context, problems } = await openPage(browser, base, LAPTOP);
    try {
      await seek(page, 1500);
      const entries = page.locator("[data-event-log] li");
      assert.equal(await entries.count(), 8);
      const first = entries.first().locator("button");
      const [at, step, text] = [await first.getAttribute("data-event-at"), await first.getAttribute("data-event-step"), await entries.first().locator(".event-text").innerText()];
      await first.click();
      await page.waitForFunction((s) => document.querySelector(".playback [data-step]").dataset.step === s, step);
      assert.equal(await page.locator("[data-time-ms]").getAttribute("data-time-ms"), at);
      assert.equal(await narration(page), text);
      assert.equal(await page.locator("[data-event-log] li[aria-current=step] button").getAttribute("data-event-step"), step);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a command to a follower is answered with the leader, and one click resends it", async () => {
    const { page, context, problems } = await openPage(browser, base, LAPTOP);
    try {
      await seek(page, 1500);
      const l = await leader(page);
      const f = l === "1" ? "2" : "1";
      await page.locator(`svg [data-node="${f}"]`).click();
      await page.locator("#client-command").fill("set x 5");
      await page.getByRole("button", { name: "Send" }).click();
      const reply = page.locator("[data-client-reply]").first();
      await page.locator("[data-client-reply=redirect]").waitFor();
      assert.match(await reply.innerText(), new RegExp(`S${f} is not the leader; it points to S${l}`));
      // The reply shows under the command box, where the command was typed.
      assert.equal(await page.locator(".inspector [data-client-reply]").count(), 1, "the reply is in the inspector");
      const [form, shown] = [await page.locator(".inspector .command-form").boundingBox(), await reply.boundingBox()];
      assert.ok(shown.y >= form.y + form.height && shown.y <= form.y + form.height + 40, `the reply is at ${shown.y}, the command box ends at ${form.y + form.height}`);
      assert.ok(shown.y + shown.height <= 800, "and on screen");
      assert.match(await narration(page), new RegExp(`to S${f}: not the leader, it points to S${l} \\(§8\\)`));
      assert.match(await page.locator("[data-event-log]").innerText(), new RegExp(`not the leader, it points to S${l}`), "the event log keeps the answer");
      await page.getByRole("button", { name: `Retry at S${l}` }).click();
      await page.locator("[data-client-reply=pending]").waitFor();
      assert.match(await page.locator("[data-event-log]").innerText(), new RegExp(`to S${l}, the leader: it appends it at index \\d+`));
      await seek(page, 2500);
      await page.locator("[data-client-reply=done]").waitFor();
      assert.match(await page.locator("[data-client-reply=done]").innerText(), /committed at index \d+: done/);
      await page.screenshot({ path: join(outDir, "narration-client-reply-1280x800.png") });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("in compare mode each side's answer shows under the command box", async () => {
    const { page, context, problems } = await openPage(browser, base, LAPTOP);
    try {
      await page.getByRole("button", { name: "Compare" }).click();
      await page.locator("[data-protocol=compare]").waitFor();
      await seek(page, 1500);
      await page.locator("#compare-command").fill("set x 5");
      await page.getByRole("button", { name: "Send" }).click();
      await seek(page, 2500);
      const replies = page.locator(".compare-toolbar [data-client-reply=done]");
      await replies.nth(1).waitFor();
      const texts = await replies.allInnerTexts();
      assert.ok(texts.some((t) => /Raft: .*committed/.test(t)) && texts.some((t) => /Multi-Paxos: /.test(t)), texts.join(" | "));
      const [toolbar, first] = [await page.locator(".compare-toolbar").boundingBox(), await replies.first().boundingBox()];
      assert.ok(first.y + first.height <= toolbar.y + toolbar.height, "inside the toolbar, under the command box");
      await page.screenshot({ path: join(outDir, "compare-client-reply-1280x800.png") });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a disabled Send button says why", async () => {
    const { page, context } = await openPage(browser, base, LAPTOP);
    try {
      await page.locator('svg [data-node="3"]').click();
      await page.getByRole("button", { name: "Crash" }).click();
      const send = page.getByRole("button", { name: "Send" });
      assert.ok(await send.isDisabled());
      assert.equal(await send.getAttribute("title"), "S3 is crashed: restart it first");
    } finally {
      await context.close();
    }
  });

  for (const [name, viewport, colorScheme] of [["375x740", PHONE, "light"], ["375x740-dark", PHONE, "dark"], ["1280x800-dark", LAPTOP, "dark"]]) {
    test(`the narration fits at ${name}`, async () => {
      const context = await browser.newContext({ viewport, colorScheme, reducedMotion: "reduce" });
      const page = await context.newPage();
      try {
        await page.goto(base);
        await page.locator("[data-node]").first().waitFor();
        await seek(page, 1500);
        const box = await page.locator("[data-narration]").boundingBox();
        assert.ok(box.width <= viewport.width, `${box.width}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
        await page.locator(".narration").scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(outDir, `narration-${name}.png`) });
      } finally {
        await context.close();
      }
    });
  }

  test("axe-core finds no serious or critical violations in the narration", async () => {
    for (const colorScheme of ["light", "dark"]) {
      // The page's CSP forbids injected scripts; this context lets axe-core in.
      const context = await browser.newContext({ viewport: LAPTOP, colorScheme, reducedMotion: "reduce", bypassCSP: true });
      const page = await context.newPage();
      try {
        await page.goto(base);
        await page.locator("[data-node]").first().waitFor();
        await seek(page, 1500);
        await page.locator('svg [data-node="1"]').click();
        await page.locator("#client-command").fill("get x");
        await page.getByRole("button", { name: "Send" }).click();
        await page.locator("[data-client-reply]").first().waitFor();
        const violations = await axeViolations(page, ".narration");
        assert.deepEqual(await axeViolations(page, ".inspector"), [], `${colorScheme}: the inspector with its reply`);
        assert.deepEqual(violations, [], colorScheme);
      } finally {
        await context.close();
      }
    }
  });
});
